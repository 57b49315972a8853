package dev.tau4j.session.postgres.internal;

import static dev.tau4j.session.postgres.internal.schema.Tables.ENTRIES;
import static dev.tau4j.session.postgres.internal.schema.Tables.SESSIONS;
import static dev.tau4j.session.postgres.internal.schema.Tables.WRITE_KEYS;
import static org.jooq.impl.DSL.cast;
import static org.jooq.impl.DSL.currentOffsetDateTime;
import static org.jooq.impl.DSL.excluded;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.lateral;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.row;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.selectCount;
import static org.jooq.impl.DSL.selectOne;
import static org.jooq.impl.DSL.table;
import static org.jooq.impl.DSL.val;
import static org.jooq.impl.DSL.values;
import static org.jooq.impl.DSL.when;

import dev.tau4j.session.InvalidMessageException;
import dev.tau4j.session.MessageCodec;
import dev.tau4j.session.MetadataUpdate;
import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.SessionListing;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionSummary;
import dev.tau4j.session.StoreFailureException;
import dev.tau4j.session.UsageDelta;
import dev.tau4j.session.UsageSummary;
import dev.tau4j.session.postgres.internal.schema.tables.Entries;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
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
import org.jooq.Record2;
import org.jooq.Record3;
import org.jooq.Record4;
import org.jooq.Record5;
import org.jooq.Row2;
import org.jooq.SelectField;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/**
 * Every statement of the PostgreSQL session store, built with jOOQ: values are always bound, names
 * come from the generated schema classes. Each method is one statement.
 */
public final class SessionSql {

    /** Columns of an entry as read back. */
    private static final List<SelectField<?>> ENTRY_COLUMNS =
            List.of(ENTRIES.ENTRY_ID, ENTRIES.PARENT_ID, ENTRIES.MESSAGE, ENTRIES.ACCEPTED_AT);

    /** Columns of a session's usage. */
    private static final List<SelectField<?>> USAGE_COLUMNS = List.of(SESSIONS.INPUT_TOKENS,
            SESSIONS.OUTPUT_TOKENS, SESSIONS.TOTAL_TOKENS, SESSIONS.ESTIMATED_COST_USD);

    private SessionSql() {
    }

    /** What the append statement saw: the session's id counter after the reservation, and the time. */
    public record Reservation(long counter, long inserted, OffsetDateTime acceptedAt) {
        /** The session's head before this append: the counter minus the reserved ids. */
        public long previousHead(int reserved) {
            return counter - reserved;
        }
    }

    /**
     * The append, as ONE statement:
     * <pre>{@code
     * WITH s(id, last_entry_id) AS (
     *     INSERT INTO sessions (path, last_entry_id, usage..., metadata, metadata_names) VALUES (:path, :n, ...)
     *     ON CONFLICT (path) DO UPDATE SET last_entry_id = sessions.last_entry_id + excluded.last_entry_id,
     *                                      [usage = sessions.usage + excluded.usage,]
     *                                      [metadata = (sessions.metadata - :removals) || :puts,
     *                                       metadata_names = <names of that>,]   -- with metadata only
     *                                      updated_at = now()
     *     RETURNING id, last_entry_id),                       -- reserves n ids; row lock until commit
     *   e(entry_id) AS (
     *     INSERT INTO entries (session_id, entry_id, parent_id, message)
     *     SELECT s.id, s.last_entry_id - :n + v.k,
     *            CASE WHEN v.k = 1 THEN :parent ELSE s.last_entry_id - :n + v.k - 1 END, v.message
     *     FROM s CROSS JOIN (VALUES (1, :m1), (2, :m2), ...) v(k, message)
     *     [WHERE s.last_entry_id - :n = :expectedHead]       -- optimistic append only
     *     RETURNING entry_id)
     *  [, k AS (INSERT INTO write_keys (session_id, idempotency_key, fingerprint, first_entry_id, entry_count)
     *           SELECT s.id, :key, :fingerprint, s.last_entry_id - :n + 1, :n FROM s)]  -- keyed append only
     * SELECT s.last_entry_id, now(), (SELECT count(*) FROM e) FROM s
     * }</pre>
     * A keyed append whose key the session already holds fails on {@code write_keys_pkey} (23505), so
     * nothing of it is written; its caller answers with the key's first write.
     * An unknown parent fails the statement on the parent foreign key (or the parent-precedes check);
     * an overflowing usage total fails it with SQLState 22003. An optimistic append whose expected head
     * differs inserts no entry but has reserved ids: its caller must roll the transaction back.
     */
    public static Reservation append(DSLContext sql, SessionPath path, OptionalLong parentId, List<String> messages,
                                     OptionalLong expectedHead, UsageDelta usage, MetadataUpdate metadata,
                                     KeyedAppend key) {
        long n = messages.size();

        List<Field<?>> columns = new ArrayList<>(List.of(SESSIONS.PATH, SESSIONS.LAST_ENTRY_ID, SESSIONS.INPUT_TOKENS,
                SESSIONS.OUTPUT_TOKENS, SESSIONS.TOTAL_TOKENS, SESSIONS.ESTIMATED_COST_USD));
        List<Field<?>> values = new ArrayList<>(List.of(val(path.value(), SESSIONS.PATH), val(n),
                val(usage.inputTokens()), val(usage.outputTokens()), val(usage.totalTokens()),
                val(usage.estimatedCostUsd(), SESSIONS.ESTIMATED_COST_USD)));
        if (!metadata.isEmpty()) {
            // Only an append that changes metadata names the columns: a plain one stays as it was.
            columns.addAll(List.of(SESSIONS.METADATA, SESSIONS.METADATA_NAMES));
            values.addAll(List.of(val(puts(metadata), SESSIONS.METADATA), val(metadata.puts().size())));
        }
        var insert = sql.insertInto(SESSIONS).columns(columns).values(values)
                .onConflict(SESSIONS.PATH)
                .doUpdate()
                .set(SESSIONS.LAST_ENTRY_ID, SESSIONS.LAST_ENTRY_ID.plus(excluded(SESSIONS.LAST_ENTRY_ID)));
        if (!usage.isZero()) {
            insert = addUsage(insert);
        }
        if (!metadata.isEmpty()) {
            insert = addMetadata(insert, metadata);
        }
        CommonTableExpression<Record2<Long, Long>> s = name("s").fields("id", "last_entry_id")
                .as(insert.set(SESSIONS.UPDATED_AT, currentOffsetDateTime())
                        .returningResult(SESSIONS.ID, SESSIONS.LAST_ENTRY_ID));
        Field<Long> sessionId = s.field("id", Long.class);
        Field<Long> counter = s.field("last_entry_id", Long.class);

        List<Row2<Long, String>> rows = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            rows.add(row(val((long) i + 1), val(messages.get(i), ENTRIES.MESSAGE)));
        }
        Table<Record2<Long, String>> v = values(asArray(rows)).as("v", "k", "message");
        Field<Long> k = v.field("k", Long.class);
        Field<String> message = v.field("message", String.class);

        Field<Long> previousHead = counter.minus(val(n));
        Field<Long> entryId = previousHead.plus(k);
        Field<Long> parent = when(k.eq(1L), val(parentId.isPresent() ? parentId.getAsLong() : null, Long.class))
                .otherwise(entryId.minus(1L));
        Condition guard = expectedHead.isPresent() ? previousHead.eq(expectedHead.getAsLong()) : noCondition();

        CommonTableExpression<Record1<Long>> e = name("e").fields("entry_id")
                .as(sql.insertInto(ENTRIES, ENTRIES.SESSION_ID, ENTRIES.ENTRY_ID, ENTRIES.PARENT_ID, ENTRIES.MESSAGE)
                        .select(select(sessionId, entryId, parent, message).from(s).crossJoin(v).where(guard))
                        .returningResult(ENTRIES.ENTRY_ID));

        var with = sql.with(s).with(e);
        if (key != null) {
            // Not guarded by the expected head: a repeat must hit the primary key even when the head
            // has moved on (by the first write itself).
            CommonTableExpression<Record1<Long>> keyed = name("k").fields("session_id")
                    .as(sql.insertInto(WRITE_KEYS, WRITE_KEYS.SESSION_ID, WRITE_KEYS.IDEMPOTENCY_KEY,
                                    WRITE_KEYS.FINGERPRINT, WRITE_KEYS.FIRST_ENTRY_ID, WRITE_KEYS.ENTRY_COUNT)
                            .select(select(sessionId, val(key.key()), val(key.fingerprint()), previousHead.plus(1L),
                                    val((int) n)).from(s))
                            .returningResult(WRITE_KEYS.SESSION_ID));
            with = with.with(keyed);
        }
        Record3<Long, OffsetDateTime, Integer> result = with
                .select(counter, currentOffsetDateTime(), field(selectCount().from(e)))
                .from(s)
                .fetchSingle();
        return new Reservation(result.value1(), result.value3(), result.value2());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Row2<Long, String>[] asArray(List<Row2<Long, String>> rows) {
        return rows.toArray(new Row2[0]);
    }

    private static <R extends Record> InsertOnDuplicateSetMoreStep<R> addUsage(InsertOnDuplicateSetMoreStep<R> step) {
        return step
                .set(SESSIONS.INPUT_TOKENS, SESSIONS.INPUT_TOKENS.plus(excluded(SESSIONS.INPUT_TOKENS)))
                .set(SESSIONS.OUTPUT_TOKENS, SESSIONS.OUTPUT_TOKENS.plus(excluded(SESSIONS.OUTPUT_TOKENS)))
                .set(SESSIONS.TOTAL_TOKENS, SESSIONS.TOTAL_TOKENS.plus(excluded(SESSIONS.TOTAL_TOKENS)))
                .set(SESSIONS.ESTIMATED_COST_USD,
                        SESSIONS.ESTIMATED_COST_USD.plus(excluded(SESSIONS.ESTIMATED_COST_USD)));
    }

    /**
     * Sets the session row's metadata to {@code (metadata - removals) || puts} and its name count to the
     * result's, computed from the row as locked by the statement (so concurrent updates lose nothing); the
     * count's CHECK refuses a 65th name ({@link #METADATA_LIMIT}).
     */
    private static <R extends Record> InsertOnDuplicateSetMoreStep<R> addMetadata(InsertOnDuplicateSetMoreStep<R> step,
                                                                                   MetadataUpdate update) {
        Field<JSONB> merged = merged(update);
        return step.set(SESSIONS.METADATA, merged).set(SESSIONS.METADATA_NAMES, namesOf(merged));
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

    /** The session's metadata; empty when it has none or does not exist. */
    public static Map<String, String> metadata(DSLContext sql, SessionPath path) {
        return sql.select(SESSIONS.METADATA).from(SESSIONS).where(SESSIONS.PATH.eq(path.value()))
                .fetchOptional(Record1::value1).map(SessionSql::metadata).orElse(Map.of());
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

    /** The first write under {@code key} in the session, if any. */
    public static Optional<KeyedWrite> keyedWrite(DSLContext sql, SessionPath path, String key) {
        return sql.select(WRITE_KEYS.FINGERPRINT, WRITE_KEYS.FIRST_ENTRY_ID, WRITE_KEYS.ENTRY_COUNT,
                        WRITE_KEYS.INPUT_TOKENS, WRITE_KEYS.OUTPUT_TOKENS, WRITE_KEYS.TOTAL_TOKENS,
                        WRITE_KEYS.ESTIMATED_COST_USD)
                .from(WRITE_KEYS.join(SESSIONS).on(SESSIONS.ID.eq(WRITE_KEYS.SESSION_ID)))
                .where(SESSIONS.PATH.eq(path.value()))
                .and(WRITE_KEYS.IDEMPOTENCY_KEY.eq(key))
                .fetchOptional(r -> r.value2() != null
                        ? new KeyedWrite(r.value1(), r.value2(), r.value3(), null)
                        : new KeyedWrite(r.value1(), 0, 0,
                                new UsageSummary(r.value4(), r.value5(), r.value6(), r.value7())));
    }

    /** Entries {@code first .. first + count - 1}, in id order. */
    public static List<SessionEntry> entryRange(DSLContext sql, SessionPath path, long first, int count) {
        return entriesOf(sql, path, ENTRIES.ENTRY_ID.between(first, first + count - 1), count);
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

    /** The session's usage, or zero when the session does not exist. */
    public static UsageSummary usage(DSLContext sql, SessionPath path) {
        Record row = sql.select(USAGE_COLUMNS).from(SESSIONS).where(SESSIONS.PATH.eq(path.value())).fetchOne();
        return row == null ? UsageSummary.ZERO : usage(row);
    }

    /**
     * The session's id, as a scalar subquery ({@code (SELECT id FROM sessions WHERE path = :path)}): the
     * planner then reads entries through their primary key {@code (session_id, entry_id)} in order and
     * stops at the limit, so a page, a head or an entry costs what it returns whatever the session's size.
     * (Joined on the path instead, the planner cannot know the session's size and sorts all of it.)
     */
    private static Field<Long> sessionId(SessionPath path) {
        return field(select(SESSIONS.ID).from(SESSIONS).where(SESSIONS.PATH.eq(path.value())));
    }

    /** Entries with an id above {@code afterId}, in id order, at most {@code limit}. */
    public static List<SessionEntry> entries(DSLContext sql, SessionPath path, long afterId, int limit) {
        return entriesOf(sql, path, ENTRIES.ENTRY_ID.gt(afterId), limit);
    }

    /** The entry with this id. */
    public static Optional<SessionEntry> entry(DSLContext sql, SessionPath path, long id) {
        return entriesOf(sql, path, ENTRIES.ENTRY_ID.eq(id), 1).stream().findFirst();
    }

    private static List<SessionEntry> entriesOf(DSLContext sql, SessionPath path, Condition condition, int limit) {
        return sql.select(ENTRY_COLUMNS)
                .from(ENTRIES)
                .where(ENTRIES.SESSION_ID.eq(sessionId(path)))
                .and(condition)
                .orderBy(ENTRIES.ENTRY_ID)
                .limit(limit)
                .fetch(SessionSql::entry);
    }

    /** The entry with the highest id. */
    public static Optional<SessionEntry> head(DSLContext sql, SessionPath path) {
        return sql.select(ENTRY_COLUMNS)
                .from(ENTRIES)
                .where(ENTRIES.SESSION_ID.eq(sessionId(path)))
                .orderBy(ENTRIES.ENTRY_ID.desc())
                .limit(1)
                .fetchOptional(SessionSql::entry);
    }

    /** Entries that no entry names as its parent, in id order. */
    public static List<SessionEntry> tips(DSLContext sql, SessionPath path) {
        Entries child = ENTRIES.as("child");
        return sql.select(ENTRY_COLUMNS)
                .from(ENTRIES)
                .where(ENTRIES.SESSION_ID.eq(sessionId(path)))
                .andNotExists(selectOne().from(child)
                        .where(child.SESSION_ID.eq(ENTRIES.SESSION_ID))
                        .and(child.PARENT_ID.eq(ENTRIES.ENTRY_ID)))
                .orderBy(ENTRIES.ENTRY_ID)
                .fetch(SessionSql::entry);
    }

    /**
     * The chain from a root to {@code headId}, root first, as one recursive query over chain segments;
     * empty when the entry does not exist. A segment {@code [lo, hi]} is a run of ids each the child of
     * the one before; {@code lo} is the last chain start at or below {@code hi} (found with one probe of
     * the partial index {@code entries_chain_start_idx}, which holds roots and branch starts only), and
     * the next segment ends at {@code lo}'s parent. Each segment is then read as one primary-key range.
     * So a lineage costs a probe per segment plus the rows it returns, not a lookup per entry:
     * <pre>{@code
     * WITH RECURSIVE seg(sid, lo, hi) AS (
     *     SELECT s.id, (SELECT max(b.entry_id) FROM entries b WHERE b.session_id = s.id
     *                   AND b.entry_id <= :head AND (b.parent_id IS NULL OR b.parent_id <> b.entry_id - 1)), :head
     *     FROM sessions s WHERE s.path = :path
     *       AND EXISTS (SELECT 1 FROM entries h WHERE h.session_id = s.id AND h.entry_id = :head)
     *   UNION ALL
     *     SELECT seg.sid, (SELECT max(b.entry_id) ... b.entry_id <= p.parent_id ...), p.parent_id
     *     FROM seg JOIN entries p ON p.session_id = seg.sid AND p.entry_id = seg.lo
     *     WHERE p.parent_id IS NOT NULL)
     * SELECT e.* FROM seg CROSS JOIN LATERAL (SELECT ... FROM entries e
     *     WHERE e.session_id = seg.sid AND e.entry_id BETWEEN seg.lo AND seg.hi) e
     * ORDER BY e.entry_id
     * }</pre>
     * Ancestors have smaller ids (a parent precedes its children), so id order is root-first order.
     */
    public static List<SessionEntry> lineage(DSLContext sql, SessionPath path, long headId) {
        Entries b = ENTRIES.as("b");
        Entries h = ENTRIES.as("h");
        Entries p = ENTRIES.as("p");
        Entries e = ENTRIES.as("e");
        Table<Record> segRef = table(name("seg"));
        Field<Long> segSid = field(name("seg", "sid"), Long.class);
        Field<Long> segLo = field(name("seg", "lo"), Long.class);
        Field<Long> segHi = field(name("seg", "hi"), Long.class);
        // The literal 1 (not a bind value) lets the planner match the partial index's predicate.
        Condition chainStart = b.PARENT_ID.isNull().or(b.PARENT_ID.ne(b.ENTRY_ID.minus(inline(1L))));

        CommonTableExpression<Record3<Long, Long, Long>> seg = name("seg").fields("sid", "lo", "hi")
                .as(select(SESSIONS.ID,
                                field(select(max(b.ENTRY_ID)).from(b)
                                        .where(b.SESSION_ID.eq(SESSIONS.ID)).and(b.ENTRY_ID.le(headId)).and(chainStart)),
                                cast(val(headId), SQLDataType.BIGINT))
                        .from(SESSIONS)
                        .where(SESSIONS.PATH.eq(path.value()))
                        .andExists(selectOne().from(h).where(h.SESSION_ID.eq(SESSIONS.ID)).and(h.ENTRY_ID.eq(headId)))
                        .unionAll(select(segSid,
                                        field(select(max(b.ENTRY_ID)).from(b)
                                                .where(b.SESSION_ID.eq(segSid)).and(b.ENTRY_ID.le(p.PARENT_ID))
                                                .and(chainStart)),
                                        p.PARENT_ID)
                                .from(segRef.join(p).on(p.SESSION_ID.eq(segSid)).and(p.ENTRY_ID.eq(segLo)))
                                .where(p.PARENT_ID.isNotNull())));
        Table<?> rows = lateral(select(e.ENTRY_ID, e.PARENT_ID, e.MESSAGE, e.ACCEPTED_AT).from(e)
                .where(e.SESSION_ID.eq(seg.field("sid", Long.class)))
                .and(e.ENTRY_ID.between(seg.field("lo", Long.class), seg.field("hi", Long.class)))).as("r");
        return sql.withRecursive(seg)
                .select(rows.field(e.ENTRY_ID), rows.field(e.PARENT_ID), rows.field(e.MESSAGE), rows.field(e.ACCEPTED_AT))
                .from(seg.crossJoin(rows))
                .orderBy(rows.field(e.ENTRY_ID))
                .fetch(r -> entry(r.value1(), r.value2(), r.value3(), r.value4()));
    }

    /**
     * The last {@code maxEntries} entries of the lineage of {@code headId}, root-most first, as one
     * recursive query whose recursion stops at depth {@code maxEntries}: it reads what it returns, whatever
     * the session's size. Empty when the entry does not exist.
     */
    public static List<SessionEntry> lineageTail(DSLContext sql, SessionPath path, long headId, int maxEntries) {
        return chain(sql, path, headId, field(name("chain", "depth"), Integer.class).lt(maxEntries));
    }

    /** Entries from {@code headId} towards its root while {@code more} holds of the chain so far, root first. */
    private static List<SessionEntry> chain(DSLContext sql, SessionPath path, long headId, Condition more) {
        Table<Record> chainRef = table(name("chain"));
        Field<Long> chainSession = field(name("chain", "session_id"), Long.class);
        Field<Long> chainParent = field(name("chain", "parent_id"), Long.class);
        Field<Integer> chainDepth = field(name("chain", "depth"), Integer.class);
        Entries ancestor = ENTRIES.as("ancestor");

        CommonTableExpression<Record4<Long, Long, Long, Integer>> chain = name("chain")
                .fields("session_id", "entry_id", "parent_id", "depth")
                .as(select(ENTRIES.SESSION_ID, ENTRIES.ENTRY_ID, ENTRIES.PARENT_ID, val(1))
                        .from(ENTRIES)
                        .where(ENTRIES.SESSION_ID.eq(sessionId(path)))
                        .and(ENTRIES.ENTRY_ID.eq(headId))
                        .unionAll(select(ancestor.SESSION_ID, ancestor.ENTRY_ID, ancestor.PARENT_ID, chainDepth.plus(1))
                                .from(ancestor.join(chainRef)
                                        .on(ancestor.SESSION_ID.eq(chainSession))
                                        .and(ancestor.ENTRY_ID.eq(chainParent)))
                                .where(more)));
        return sql.withRecursive(chain)
                .select(ENTRY_COLUMNS)
                .from(ENTRIES.join(chain)
                        .on(ENTRIES.SESSION_ID.eq(chain.field("session_id", Long.class)))
                        .and(ENTRIES.ENTRY_ID.eq(chain.field("entry_id", Long.class))))
                .orderBy(ENTRIES.ENTRY_ID)
                .fetch(SessionSql::entry);
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

    /** Deletes the session row; its entries go with it (ON DELETE CASCADE). Whether it existed. */
    public static boolean deleteSession(DSLContext sql, SessionPath path) {
        return sql.deleteFrom(SESSIONS).where(SESSIONS.PATH.eq(path.value())).execute() > 0;
    }

    private static UsageSummary usage(Record row) {
        return new UsageSummary(row.get(SESSIONS.INPUT_TOKENS), row.get(SESSIONS.OUTPUT_TOKENS),
                row.get(SESSIONS.TOTAL_TOKENS), row.get(SESSIONS.ESTIMATED_COST_USD));
    }

    private static SessionEntry entry(Record row) {
        return entry(row.get(ENTRIES.ENTRY_ID), row.get(ENTRIES.PARENT_ID), row.get(ENTRIES.MESSAGE),
                row.get(ENTRIES.ACCEPTED_AT));
    }

    private static SessionEntry entry(long id, Long parent, String json, OffsetDateTime acceptedAt) {
        try {
            return new SessionEntry(id, parent == null ? OptionalLong.empty() : OptionalLong.of(parent),
                    MessageCodec.decode(json), acceptedAt.toInstant());
        } catch (InvalidMessageException e) {
            throw new StoreFailureException("stored message of entry " + id + " cannot be decoded", e);
        }
    }
}
