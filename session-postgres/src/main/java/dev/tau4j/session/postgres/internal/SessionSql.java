package dev.tau4j.session.postgres.internal;

import static dev.tau4j.session.postgres.internal.schema.Tables.SESSIONS;
import static dev.tau4j.session.postgres.internal.schema.Tables.WRITE_KEYS;
import static org.jooq.impl.DSL.currentOffsetDateTime;
import static org.jooq.impl.DSL.excluded;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.val;

import dev.tau4j.session.MetadataUpdate;
import dev.tau4j.session.SessionListing;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionSummary;
import dev.tau4j.session.UsageDelta;
import dev.tau4j.session.UsageSummary;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.jooq.CommonTableExpression;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertOnDuplicateSetMoreStep;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.Record4;
import org.jooq.Record5;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/**
 * The store's statements that are not on a hot path, built with jOOQ: recording usage, updating metadata,
 * listing sessions. Values are always bound, names come from the generated schema classes; each method is
 * one statement. (The append, the deletion and the reads run prepared text over plain JDBC:
 * {@link JdbcStatements}, {@link JdbcReads}.)
 */
public final class SessionSql {

    private SessionSql() {
    }

    private static <R extends Record> InsertOnDuplicateSetMoreStep<R> addUsage(InsertOnDuplicateSetMoreStep<R> step) {
        return step
                .set(SESSIONS.INPUT_TOKENS, SESSIONS.INPUT_TOKENS.plus(excluded(SESSIONS.INPUT_TOKENS)))
                .set(SESSIONS.OUTPUT_TOKENS, SESSIONS.OUTPUT_TOKENS.plus(excluded(SESSIONS.OUTPUT_TOKENS)))
                .set(SESSIONS.TOTAL_TOKENS, SESSIONS.TOTAL_TOKENS.plus(excluded(SESSIONS.TOTAL_TOKENS)))
                .set(SESSIONS.ESTIMATED_COST_USD,
                        SESSIONS.ESTIMATED_COST_USD.plus(excluded(SESSIONS.ESTIMATED_COST_USD)));
    }

    /** Name of the CHECK that bounds a session's metadata names. */
    public static final String METADATA_LIMIT = "sessions_metadata_names_check";

    private static Field<JSONB> merged(MetadataUpdate update) {
        return field("(({0} - cast({1} as text[])) || {2})", SQLDataType.JSONB, SESSIONS.METADATA,
                val(update.removals().toArray(new String[0]), SQLDataType.VARCHAR.array()),
                val(puts(update), SESSIONS.METADATA));
    }

    private static Field<Integer> namesOf(Field<JSONB> metadata) {
        return field("(select cast(count(*) as integer) from jsonb_object_keys({0}))", SQLDataType.INTEGER, metadata);
    }

    private static JSONB puts(MetadataUpdate update) {
        return JSONB.valueOf(MetadataJson.write(update.puts()));
    }

    /**
     * Applies a metadata update and returns the session's metadata after it. With names to set, one
     * {@code INSERT ... ON CONFLICT (path) DO UPDATE SET metadata = ..., metadata_names = ... RETURNING
     * metadata} (creating the session when needed); with removals only, one {@code UPDATE ... RETURNING}
     * (an absent session stays absent and reads as empty).
     */
    public static Map<String, String> updateMetadata(DSLContext sql, SessionPath path, MetadataUpdate update) {
        Field<JSONB> merged = merged(update);
        Optional<JSONB> after;
        if (update.puts().isEmpty()) {
            after = sql.update(SESSIONS)
                    .set(SESSIONS.METADATA, merged)
                    .set(SESSIONS.METADATA_NAMES, namesOf(merged))
                    .set(SESSIONS.UPDATED_AT, currentOffsetDateTime())
                    .where(SESSIONS.PATH.eq(path.value()))
                    .returningResult(SESSIONS.METADATA)
                    .fetchOptional(Record1::value1);
        } else {
            after = Optional.of(sql.insertInto(SESSIONS, SESSIONS.PATH, SESSIONS.LAST_ENTRY_ID, SESSIONS.METADATA,
                            SESSIONS.METADATA_NAMES)
                    .values(val(path.value(), SESSIONS.PATH), val(0L), val(puts(update), SESSIONS.METADATA),
                            val(update.puts().size()))
                    .onConflict(SESSIONS.PATH)
                    .doUpdate()
                    .set(SESSIONS.METADATA, merged)
                    .set(SESSIONS.METADATA_NAMES, namesOf(merged))
                    .set(SESSIONS.UPDATED_AT, currentOffsetDateTime())
                    .returningResult(SESSIONS.METADATA)
                    .fetchSingle(Record1::value1));
        }
        return after.map(SessionSql::metadata).orElse(Map.of());
    }

    private static Map<String, String> metadata(JSONB json) {
        return json == null ? Map.of() : MetadataJson.read(json.data());
    }

    /** The key of a keyed write and the fingerprint of the write, stored with it. */
    public record KeyedAppend(String key, String fingerprint) {
    }

    /**
     * What the first write under a key stored.
     *
     * @param firstEntryId the first id of a keyed append (0 for a usage record)
     * @param entryCount   the number of entries of a keyed append (0 for a usage record)
     * @param usage        the usage after a keyed usage record ({@code null} for an append)
     */
    public record KeyedWrite(String fingerprint, long firstEntryId, int entryCount, UsageSummary usage) {
    }

    /**
     * Adds a non-zero delta to the session's usage (creating the session row when needed) and returns
     * the new totals: {@code INSERT ... ON CONFLICT (path) DO UPDATE SET x = sessions.x + excluded.x ...
     * RETURNING ...}. With a key, the same statement stores the key and the new totals:
     * {@code WITH s AS (INSERT ... RETURNING ...), k AS (INSERT INTO write_keys SELECT ... FROM s)
     * SELECT ... FROM s}; a repeated key fails it on the key's primary key (23505). Overflow fails the
     * statement with SQLState 22003.
     */
    public static UsageSummary recordUsage(DSLContext sql, SessionPath path, UsageDelta delta, KeyedAppend key) {
        var insert = sql.insertInto(SESSIONS, SESSIONS.PATH, SESSIONS.LAST_ENTRY_ID, SESSIONS.INPUT_TOKENS,
                        SESSIONS.OUTPUT_TOKENS, SESSIONS.TOTAL_TOKENS, SESSIONS.ESTIMATED_COST_USD)
                .values(val(path.value(), SESSIONS.PATH), val(0L), val(delta.inputTokens()),
                        val(delta.outputTokens()), val(delta.totalTokens()),
                        val(delta.estimatedCostUsd(), SESSIONS.ESTIMATED_COST_USD))
                .onConflict(SESSIONS.PATH)
                .doUpdate()
                .set(SESSIONS.UPDATED_AT, currentOffsetDateTime());
        var returning = addUsage(insert).returningResult(SESSIONS.ID, SESSIONS.INPUT_TOKENS, SESSIONS.OUTPUT_TOKENS,
                SESSIONS.TOTAL_TOKENS, SESSIONS.ESTIMATED_COST_USD);
        if (key == null) {
            return usage(returning.fetchSingle());
        }
        CommonTableExpression<Record5<Long, Long, Long, Long, BigDecimal>> s = name("s")
                .fields("id", "input_tokens", "output_tokens", "total_tokens", "estimated_cost_usd").as(returning);
        Field<Long> input = s.field("input_tokens", Long.class);
        Field<Long> output = s.field("output_tokens", Long.class);
        Field<Long> total = s.field("total_tokens", Long.class);
        Field<BigDecimal> cost = s.field("estimated_cost_usd", BigDecimal.class);
        CommonTableExpression<Record1<Long>> k = name("k").fields("session_id")
                .as(sql.insertInto(WRITE_KEYS, WRITE_KEYS.SESSION_ID, WRITE_KEYS.IDEMPOTENCY_KEY, WRITE_KEYS.FINGERPRINT,
                                WRITE_KEYS.INPUT_TOKENS, WRITE_KEYS.OUTPUT_TOKENS, WRITE_KEYS.TOTAL_TOKENS,
                                WRITE_KEYS.ESTIMATED_COST_USD)
                        .select(select(s.field("id", Long.class), val(key.key()), val(key.fingerprint()), input, output,
                                total, cost).from(s))
                        .returningResult(WRITE_KEYS.SESSION_ID));
        Record4<Long, Long, Long, BigDecimal> row = sql.with(s).with(k)
                .select(input, output, total, cost).from(s).fetchSingle();
        return new UsageSummary(row.value1(), row.value2(), row.value3(), row.value4());
    }

    /** Columns of a session summary. */
    private static final List<Field<?>> SUMMARY_COLUMNS = List.of(SESSIONS.PATH, SESSIONS.LAST_ENTRY_ID,
            SESSIONS.INPUT_TOKENS, SESSIONS.OUTPUT_TOKENS, SESSIONS.TOTAL_TOKENS, SESSIONS.ESTIMATED_COST_USD,
            SESSIONS.CREATED_AT, SESSIONS.UPDATED_AT, SESSIONS.METADATA);

    /**
     * A page of sessions ordered by path (C collation: code point order). A prefix {@code p} is two
     * ranges on the path index, never a LIKE: the session {@code p} itself and
     * {@code p || '/' <= path < p || '0'} ('0' is the character after '/'), so {@code a/bc} and
     * {@code a/b-x} are never listed under {@code a/b}:
     * <pre>{@code
     * SELECT * FROM (SELECT ... WHERE path = :p AND path > :after
     *                UNION ALL
     *                (SELECT ... WHERE path >= :p/ AND path < :p0 AND path > :after ORDER BY path LIMIT :n)) page
     * ORDER BY path LIMIT :n
     * }</pre>
     * which PostgreSQL runs as a merge of two index scans that stops after {@code n} rows.
     */
    public static List<SessionSummary> listSessions(DSLContext sql, SessionListing listing) {
        Condition after = listing.after() == null ? noCondition() : SESSIONS.PATH.gt(listing.after().value());
        if (listing.prefix() == null) {
            return sql.select(SUMMARY_COLUMNS).from(SESSIONS).where(after)
                    .orderBy(SESSIONS.PATH).limit(listing.limit())
                    .fetch(r -> summary(r, SESSIONS));
        }
        String p = listing.prefix().value();
        Table<Record> page = select(SUMMARY_COLUMNS).from(SESSIONS).where(SESSIONS.PATH.eq(p)).and(after)
                .unionAll(select(SUMMARY_COLUMNS).from(SESSIONS)
                        .where(SESSIONS.PATH.ge(p + "/")).and(SESSIONS.PATH.lt(p + "0")).and(after)
                        .orderBy(SESSIONS.PATH).limit(listing.limit()))
                .asTable("page");
        return sql.select(page.fields()).from(page)
                .orderBy(page.field(SESSIONS.PATH)).limit(listing.limit())
                .fetch(r -> summary(r, page));
    }

    private static SessionSummary summary(Record r, Table<?> from) {
        long head = r.get(from.field(SESSIONS.LAST_ENTRY_ID));
        return new SessionSummary(
                SessionPath.of(r.get(from.field(SESSIONS.PATH))),
                head == 0 ? OptionalLong.empty() : OptionalLong.of(head),
                new UsageSummary(r.get(from.field(SESSIONS.INPUT_TOKENS)), r.get(from.field(SESSIONS.OUTPUT_TOKENS)),
                        r.get(from.field(SESSIONS.TOTAL_TOKENS)), r.get(from.field(SESSIONS.ESTIMATED_COST_USD))),
                r.get(from.field(SESSIONS.CREATED_AT)).toInstant(),
                r.get(from.field(SESSIONS.UPDATED_AT)).toInstant(),
                metadata(r.get(from.field(SESSIONS.METADATA))));
    }

    private static UsageSummary usage(Record row) {
        return new UsageSummary(row.get(SESSIONS.INPUT_TOKENS), row.get(SESSIONS.OUTPUT_TOKENS),
                row.get(SESSIONS.TOTAL_TOKENS), row.get(SESSIONS.ESTIMATED_COST_USD));
    }
}
