package dev.tau4j.session.postgres.internal;

import dev.tau4j.session.MetadataUpdate;
import dev.tau4j.session.UsageDelta;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The writes the store runs over plain JDBC ({@link NamedSql}): the append, its hot path, and the deletion of a
 * session. (The reads: {@link JdbcReads}.)
 *
 * <p>The append is ONE statement: its text is built once per shape
 * (under a parent or not, with usage, metadata, an idempotency key, an expected head, one message or several) from constant
 * fragments and the schema name, and every value is bound, the messages as one {@code text[]}. So an append
 * renders nothing, the driver reuses one server-side prepared statement per shape, and 1,000 messages bind
 * as one parameter. The statement, for an append under a parent:
 * <pre>{@code
 * WITH s AS (
 *     UPDATE sessions t SET last_entry_id = t.last_entry_id + :n, [usage totals += :usage,]
 *                           [metadata = (t.metadata - :removals) || :puts, metadata_names = <its names>,]
 *                           updated_at = now()
 *     WHERE t.path = :path
 *       AND (t.last_entry_id = :parent   -- under the head: the head is always an entry, no probe
 *            OR EXISTS (SELECT 1 FROM entries p WHERE p.session_id = t.id AND p.entry_id = :parent))
 *     RETURNING t.id, t.last_entry_id),                 -- reserves n ids; row lock until commit
 *  [k AS (INSERT INTO write_keys (...) SELECT s.id, :key, :fingerprint, s.last_entry_id - :n + 1, :n FROM s),]
 *   e AS (
 *     INSERT INTO entries (session_id, entry_id, parent_id, message)
 *     SELECT s.id, s.last_entry_id - :n + v.k,
 *            CASE WHEN v.k = 1 THEN :parent ELSE s.last_entry_id - :n + v.k - 1 END, v.message
 *     FROM s CROSS JOIN unnest(:messages::text[]) WITH ORDINALITY AS v(message, k)
 *     [WHERE s.last_entry_id - :n = :expected]         -- optimistic append only
 *     RETURNING 1)
 * SELECT s.last_entry_id, now(), (SELECT count(*) FROM e) FROM s
 * }</pre>
 * Without a parent, {@code s} is {@code INSERT INTO sessions ... ON CONFLICT (path) DO UPDATE SET ...}
 * (the first append creates the session). Under a parent the session must exist and hold the parent: when
 * it does not, the UPDATE matches no row, the statement writes nothing and returns no row ({@link #append}
 * answers empty). The other entries' parents are assigned by the statement (each the entry before it).
 * One message binds as one {@code text} value ({@code SELECT s.id, s.last_entry_id, :parent, :message FROM s}),
 * without an array to unnest; without an expected head to check, that insert is the statement itself
 * ({@code WITH s AS (...) INSERT ... RETURNING entry_id, accepted_at, 1}), with nothing to count.
 */
public final class JdbcStatements {

    /** What the statement saw: the session's id counter after the reservation, the rows inserted, the time. */
    public record Reservation(long counter, long inserted, OffsetDateTime acceptedAt) {
        /** The session's head before this append: the counter minus the reserved ids. */
        public long previousHead(int reserved) {
            return counter - reserved;
        }
    }

    private static final int UNDER_PARENT = 1;
    private static final int USAGE = 2;
    private static final int METADATA = 4;
    private static final int KEYED = 8;
    private static final int EXPECTED = 16;
    private static final int SINGLE = 32;

    private final NamedSql[] shapes = new NamedSql[64];

    private final NamedSql deleteSession;

    /** The statements for tables in {@code schema}, a checked identifier. */
    public JdbcStatements(String schema) {
        Objects.requireNonNull(schema, "schema");
        for (int flags = 0; flags < shapes.length; flags++) {
            shapes[flags] = NamedSql.of(sql(schema, flags));
        }
        deleteSession = NamedSql.of("SELECT " + schema + ".delete_session(:path)");
    }

    /**
     * Deletes a session, its entries and its keys; whether it existed. One statement, the function
     * {@code delete_session} of migration V5: it locks the session's row (waiting for an append in flight),
     * deletes the entries in a statement of its own, whose snapshot sees every append committed before the
     * lock, then the row (its keys go with it, ON DELETE CASCADE). An append that comes later waits for the
     * row and finds it gone: it creates a new session (new id), or, under a parent, writes nothing.
     */
    public boolean deleteSession(Connection connection, String path) throws SQLException {
        return deleteSession.query(connection, Map.<String, Object>of("path", path), rs -> rs.next() && rs.getBoolean(1));
    }

    /** The SQL text of the shape with these features (for tests and docs). */
    String sql(boolean underParent, boolean usage, boolean metadata, boolean keyed, boolean expected, boolean single) {
        return shapes[flags(underParent, usage, metadata, keyed, expected, single)].sql();
    }

    /**
     * Runs the append on {@code connection} (its transaction mode is the caller's). Empty when the append
     * names a parent that its session does not hold (or no such session exists): then nothing was written.
     */
    public Optional<Reservation> append(Connection connection, String path, OptionalLong parent, List<String> messages,
                                     OptionalLong expected, UsageDelta usage, MetadataUpdate metadata,
                                     SessionSql.KeyedAppend key) throws SQLException {
        int flags = flags(parent.isPresent(), !usage.isZero(), !metadata.isEmpty(), key != null, expected.isPresent(),
                messages.size() == 1);
        return shapes[flags].query(connection, name -> switch (name) {
            case "path" -> path;
            case "n" -> (long) messages.size();
            case "count" -> messages.size();
            case "parent" -> parent.isPresent() ? parent.getAsLong() : null;
            case "messages" -> messages.toArray(new String[0]);
            case "message" -> messages.get(0);
            case "expected" -> expected.getAsLong();
            case "input" -> usage.inputTokens();
            case "output" -> usage.outputTokens();
            case "total" -> usage.totalTokens();
            case "cost" -> usage.estimatedCostUsd();
            case "puts" -> MetadataJson.write(metadata.puts());
            case "put_count" -> metadata.puts().size();
            case "removals" -> metadata.removals().toArray(new String[0]);
            case "key" -> key.key();
            case "fingerprint" -> key.fingerprint();
            default -> throw new IllegalStateException("unbound parameter " + name);
        }, rs -> rs.next()
                ? Optional.of(new Reservation(rs.getLong(1), rs.getLong(3), rs.getObject(2, OffsetDateTime.class)))
                : Optional.empty());
    }

    private static int flags(boolean underParent, boolean usage, boolean metadata, boolean keyed, boolean expected,
                             boolean single) {
        return (underParent ? UNDER_PARENT : 0) | (usage ? USAGE : 0) | (metadata ? METADATA : 0)
                | (keyed ? KEYED : 0) | (expected ? EXPECTED : 0) | (single ? SINGLE : 0);
    }

    private static String sql(String schema, int flags) {
        String sessions = schema + ".sessions";
        String entries = schema + ".entries";
        String merged = "((t.metadata - :removals::text[]) || :puts::jsonb)";
        StringBuilder set = new StringBuilder("last_entry_id = t.last_entry_id + ");
        StringBuilder sql = new StringBuilder("WITH s AS (");
        if ((flags & UNDER_PARENT) != 0) {
            set.append(":n");
            if ((flags & USAGE) != 0) {
                set.append(", input_tokens = t.input_tokens + :input, output_tokens = t.output_tokens + :output,"
                        + " total_tokens = t.total_tokens + :total,"
                        + " estimated_cost_usd = t.estimated_cost_usd + :cost");
            }
            sql.append("UPDATE ").append(sessions).append(" AS t SET ").append(set);
        } else {
            set.append("excluded.last_entry_id");
            if ((flags & USAGE) != 0) {
                set.append(", input_tokens = t.input_tokens + excluded.input_tokens,"
                        + " output_tokens = t.output_tokens + excluded.output_tokens,"
                        + " total_tokens = t.total_tokens + excluded.total_tokens,"
                        + " estimated_cost_usd = t.estimated_cost_usd + excluded.estimated_cost_usd");
            }
            boolean metadata = (flags & METADATA) != 0;
            sql.append("INSERT INTO ").append(sessions).append(" AS t (path, last_entry_id")
                    .append((flags & USAGE) != 0 ? ", input_tokens, output_tokens, total_tokens, estimated_cost_usd" : "")
                    .append(metadata ? ", metadata, metadata_names" : "")
                    .append(") VALUES (:path, :n")
                    .append((flags & USAGE) != 0 ? ", :input, :output, :total, :cost" : "")
                    .append(metadata ? ", :puts::jsonb, :put_count" : "")
                    .append(") ON CONFLICT (path) DO UPDATE SET ").append(set);
        }
        if ((flags & METADATA) != 0) {
            sql.append(", metadata = ").append(merged).append(", metadata_names = (SELECT count(*)::integer FROM"
                    + " jsonb_object_keys(").append(merged).append("))");
        }
        sql.append(", updated_at = now()");
        if ((flags & UNDER_PARENT) != 0) {
            // The head is always an entry (every reserved id is written): under the head, no probe is needed.
            sql.append(" WHERE t.path = :path AND (t.last_entry_id = :parent OR EXISTS (SELECT 1 FROM ").append(entries)
                    .append(" AS p WHERE p.session_id = t.id AND p.entry_id = :parent))");
        }
        sql.append(" RETURNING t.id, t.last_entry_id)");
        if ((flags & KEYED) != 0) {
            // Not guarded by the expected head: a repeat must hit the primary key even when the head has
            // moved on (by the first write itself).
            sql.append(", k AS (INSERT INTO ").append(schema).append(".write_keys (session_id, idempotency_key,"
                    + " fingerprint, first_entry_id, entry_count) SELECT s.id, :key, :fingerprint,"
                    + " s.last_entry_id - :n + 1, :count FROM s RETURNING 1)");
        }
        String insert = "INSERT INTO " + entries + " (session_id, entry_id, parent_id, message)"
                + ((flags & SINGLE) != 0
                        ? " SELECT s.id, s.last_entry_id, :parent::bigint, :message FROM s"
                        : " SELECT s.id, s.last_entry_id - :n + v.k,"
                                + " CASE WHEN v.k = 1 THEN :parent ELSE s.last_entry_id - :n + v.k - 1 END, v.message"
                                + " FROM s CROSS JOIN unnest(:messages::text[]) WITH ORDINALITY AS v(message, k)")
                + ((flags & EXPECTED) != 0 ? " WHERE s.last_entry_id - :n = :expected" : "");
        if ((flags & (SINGLE | EXPECTED)) == SINGLE) {
            // One message, no head to check: its row is written whenever s reserved its id.
            return sql.append(" ").append(insert).append(" RETURNING entry_id, accepted_at, 1").toString();
        }
        sql.append(", e AS (").append(insert).append(" RETURNING 1)");
        return sql.append(" SELECT s.last_entry_id, now(), (SELECT count(*) FROM e) FROM s").toString();
    }
}
