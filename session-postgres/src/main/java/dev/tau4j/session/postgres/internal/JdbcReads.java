package dev.tau4j.session.postgres.internal;

import dev.tau4j.session.InvalidMessageException;
import dev.tau4j.session.MessageCodec;
import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.StoreFailureException;
import dev.tau4j.session.UsageSummary;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The store's reads over plain JDBC, each one statement prepared once per store (text built from constant
 * fragments and the schema name, every value bound; see {@link NamedSql}), so a read renders nothing and
 * the driver reuses one server-side prepared statement per read and connection.
 *
 * <p>Every read of entries names its session as a scalar subquery,
 * {@code session_id = (SELECT id FROM sessions WHERE path = :path)}: the planner then reads entries through
 * their primary key {@code (session_id, entry_id)} in order and stops at the limit, so each read costs what
 * it returns whatever the session's size. (Joined on the path instead, the planner cannot know the
 * session's size and sorts all of it.)
 */
public final class JdbcReads {

    private static final String COLUMNS = "e.entry_id, e.parent_id, e.message, e.accepted_at";

    private final NamedSql page;
    private final NamedSql entry;
    private final NamedSql range;
    private final NamedSql head;
    private final NamedSql tips;
    private final NamedSql tail;
    private final NamedSql usage;
    private final NamedSql metadata;
    private final NamedSql keyedWrite;

    /** The reads of the tables in {@code schema}, a checked identifier. */
    public JdbcReads(String schema) {
        Objects.requireNonNull(schema, "schema");
        String entries = schema + ".entries";
        String sessions = schema + ".sessions";
        String sessionId = "(SELECT id FROM " + sessions + " WHERE path = :path)";
        String ofSession = "SELECT " + COLUMNS + " FROM " + entries + " e WHERE e.session_id = " + sessionId;
        page = NamedSql.of(ofSession + " AND e.entry_id > :after ORDER BY e.entry_id LIMIT :limit");
        entry = NamedSql.of(ofSession + " AND e.entry_id = :id");
        range = NamedSql.of(ofSession + " AND e.entry_id BETWEEN :first AND :last ORDER BY e.entry_id");
        head = NamedSql.of(ofSession + " ORDER BY e.entry_id DESC LIMIT 1");
        tips = NamedSql.of(tips(entries, sessions, sessionId, ofSession));
        tail = NamedSql.of(tail(entries, sessions));
        usage = NamedSql.of("SELECT input_tokens, output_tokens, total_tokens, estimated_cost_usd FROM " + sessions
                + " WHERE path = :path");
        metadata = NamedSql.of("SELECT metadata FROM " + sessions + " WHERE path = :path");
        keyedWrite = NamedSql.of("SELECT k.fingerprint, k.first_entry_id, k.entry_count, k.input_tokens,"
                + " k.output_tokens, k.total_tokens, k.estimated_cost_usd FROM " + schema + ".write_keys k"
                + " JOIN " + sessions + " s ON s.id = k.session_id WHERE s.path = :path AND k.idempotency_key = :key");
    }

    /**
     * An entry that starts a chain segment: a root, or an entry whose parent is not the entry just before
     * it; written as the partial index {@code entries_chain_start_idx} (V4) states it, so the planner
     * matches the index (the literal 1 must not be a bind value).
     */
    static String chainStart(String alias) {
        return "(" + alias + ".parent_id IS NULL OR " + alias + ".parent_id <> " + alias + ".entry_id - 1)";
    }

    /**
     * Tips, found from the chain starts, so the cost follows the session's branches, not its size. Ids are
     * contiguous (every reserved id is written, a failed append reserves none), so an entry {@code x} has
     * the child {@code x + 1} unless {@code x + 1} starts a chain or {@code x} is the head; a tip is the head
     * or an entry just before a chain start, unless a chain start names it as its parent. The chain starts
     * are walked from the head down, one index probe each (a recursive {@code ORDER BY ... DESC LIMIT 1}),
     * which also keeps the planner's estimate as small as the work (a plain scan of the partial index is
     * estimated at a large part of the session, enough to trigger JIT compilation).
     */
    private static String tips(String entries, String sessions, String sessionId, String ofSession) {
        String probe = "SELECT b.entry_id, b.parent_id FROM " + entries + " b WHERE b.session_id = " + sessionId;
        return "WITH RECURSIVE starts(entry_id, parent_id) AS ("
                + "(" + probe + " AND " + chainStart("b") + " ORDER BY b.entry_id DESC LIMIT 1)"
                + " UNION ALL SELECT x.entry_id, x.parent_id FROM starts CROSS JOIN LATERAL (" + probe
                + " AND b.entry_id < starts.entry_id AND " + chainStart("b") + " ORDER BY b.entry_id DESC LIMIT 1) x) "
                + ofSession
                + " AND e.entry_id = ANY (ARRAY(SELECT entry_id - 1 FROM starts WHERE entry_id > 1"
                + " UNION SELECT last_entry_id FROM " + sessions + " WHERE path = :path))"
                + " AND e.entry_id <> ALL (ARRAY(SELECT parent_id FROM starts WHERE parent_id IS NOT NULL))"
                + " ORDER BY e.entry_id";
    }

    /**
     * The last {@code :max} entries of the lineage of {@code :head}, walked by chain segments. A segment
     * {@code [lo, hi]} is a run of ids each the child of the one before; {@code lo} is the last chain start
     * at or below {@code hi} (one probe of the partial index {@code entries_chain_start_idx}, which holds
     * roots and branch starts only), and the next segment ends at {@code lo}'s parent. {@code wanted} is
     * how many entries are still wanted when a segment is reached; the walk stops at a root or at the
     * segment that completes the tail, of which only the last {@code wanted} ids are read, as one
     * primary-key range. So a tail costs a probe per segment it touches plus the rows it returns.
     * The {@code LIMIT seg.wanted} never cuts a row (a range holds at most {@code wanted} ids) but keeps the
     * range a lateral subquery, read per segment (pulled up into a join, the planner, which cannot know how
     * few rows a segment holds, hash-joins a scan of the whole table), and cuts its estimate tenfold: the
     * estimate of a range with bounds it cannot see grows with the table, and above {@code jit_above_cost}
     * the server would compile the statement.
     */
    private static String tail(String entries, String sessions) {
        String lo = "(SELECT max(b.entry_id) FROM " + entries + " b WHERE b.session_id = %s AND b.entry_id <= %s AND "
                + chainStart("b") + ")";
        return "WITH RECURSIVE seg(sid, lo, hi, wanted) AS ("
                + "SELECT s.id, " + lo.formatted("s.id", ":head") + ", :head, :max FROM " + sessions + " s"
                + " WHERE s.path = :path AND EXISTS (SELECT 1 FROM " + entries + " h WHERE h.session_id = s.id"
                + " AND h.entry_id = :head)"
                + " UNION ALL SELECT seg.sid, " + lo.formatted("seg.sid", "p.parent_id") + ", p.parent_id,"
                + " seg.wanted - (seg.hi - seg.lo + 1)"
                + " FROM seg JOIN " + entries + " p ON p.session_id = seg.sid AND p.entry_id = seg.lo"
                + " WHERE seg.wanted > seg.hi - seg.lo + 1 AND p.parent_id IS NOT NULL)"
                + " SELECT " + COLUMNS + " FROM seg CROSS JOIN LATERAL (SELECT entry_id, parent_id, message,"
                + " accepted_at FROM " + entries + " r WHERE r.session_id = seg.sid"
                + " AND r.entry_id BETWEEN greatest(seg.lo, seg.hi - seg.wanted + 1) AND seg.hi LIMIT seg.wanted) e"
                + " ORDER BY e.entry_id";
    }

    /** Entries with an id above {@code afterId}, in id order, at most {@code limit}. */
    public List<SessionEntry> entries(Connection connection, String path, long afterId, int limit)
            throws SQLException {
        return page.query(connection, Map.<String, Object>of("path", path, "after", afterId, "limit", limit),
                JdbcReads::entries);
    }

    /** The entry with this id. */
    public Optional<SessionEntry> entry(Connection connection, String path, long id) throws SQLException {
        return entry.query(connection, Map.<String, Object>of("path", path, "id", id), JdbcReads::first);
    }

    /** Entries {@code first .. first + count - 1}, in id order (what a keyed append wrote). */
    public List<SessionEntry> entryRange(Connection connection, String path, long first, int count)
            throws SQLException {
        return range.query(connection,
                Map.<String, Object>of("path", path, "first", first, "last", first + count - 1),
                JdbcReads::entries);
    }

    /** The entry with the highest id. */
    public Optional<SessionEntry> head(Connection connection, String path) throws SQLException {
        return head.query(connection, Map.<String, Object>of("path", path), JdbcReads::first);
    }

    /** Entries that no entry names as its parent, in id order. */
    public List<SessionEntry> tips(Connection connection, String path) throws SQLException {
        return tips.query(connection, Map.<String, Object>of("path", path), JdbcReads::entries);
    }

    /**
     * The chain from a root to {@code headId}, root first; empty when the entry does not exist. The tail
     * of at most {@code headId} entries: a lineage is never longer (ids start at 1 and a parent's is lower).
     */
    public List<SessionEntry> lineage(Connection connection, String path, long headId) throws SQLException {
        return lineageTail(connection, path, headId, headId);
    }

    /**
     * The last {@code maxEntries} entries of the lineage of {@code headId}, root-most first; empty when the
     * entry does not exist. Ancestors have smaller ids (a parent precedes its children), so id order is
     * root-first order.
     */
    public List<SessionEntry> lineageTail(Connection connection, String path, long headId, long maxEntries)
            throws SQLException {
        return tail.query(connection, Map.<String, Object>of("path", path, "head", headId, "max", maxEntries),
                JdbcReads::entries);
    }

    /** The session's usage, or zero when the session does not exist. */
    public UsageSummary usage(Connection connection, String path) throws SQLException {
        return usage.query(connection, Map.<String, Object>of("path", path), rs -> rs.next()
                ? new UsageSummary(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getBigDecimal(4))
                : UsageSummary.ZERO);
    }

    /** The session's metadata; empty when it has none or does not exist. */
    public Map<String, String> metadata(Connection connection, String path) throws SQLException {
        return metadata.query(connection, Map.<String, Object>of("path", path),
                rs -> rs.next() ? MetadataJson.read(rs.getString(1)) : Map.of());
    }

    /** The first write under {@code key} in the session, if any. */
    public Optional<SessionSql.KeyedWrite> keyedWrite(Connection connection, String path, String key)
            throws SQLException {
        return keyedWrite.query(connection, Map.<String, Object>of("path", path, "key", key), rs -> {
            if (!rs.next()) {
                return Optional.empty();
            }
            long first = rs.getLong(2);
            return Optional.of(rs.wasNull()
                    ? new SessionSql.KeyedWrite(rs.getString(1), 0, 0,
                            new UsageSummary(rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getBigDecimal(7)))
                    : new SessionSql.KeyedWrite(rs.getString(1), first, rs.getInt(3), null));
        });
    }

    private static Optional<SessionEntry> first(ResultSet rows) throws SQLException {
        return rows.next() ? Optional.of(entry(rows)) : Optional.empty();
    }

    private static List<SessionEntry> entries(ResultSet rows) throws SQLException {
        List<SessionEntry> entries = new ArrayList<>();
        while (rows.next()) {
            entries.add(entry(rows));
        }
        return entries;
    }

    /** The entry of the current row: {@code entry_id, parent_id, message, accepted_at}. */
    private static SessionEntry entry(ResultSet row) throws SQLException {
        long id = row.getLong(1);
        long parent = row.getLong(2);
        OptionalLong parentId = row.wasNull() ? OptionalLong.empty() : OptionalLong.of(parent);
        String json = row.getString(3);
        OffsetDateTime acceptedAt = row.getObject(4, OffsetDateTime.class);
        try {
            return new SessionEntry(id, parentId, MessageCodec.decode(json), acceptedAt.toInstant());
        } catch (InvalidMessageException e) {
            throw new StoreFailureException("stored message of entry " + id + " cannot be decoded", e);
        }
    }
}
