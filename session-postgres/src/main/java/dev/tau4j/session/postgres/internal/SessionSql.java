package dev.tau4j.session.postgres.internal;

import static dev.tau4j.session.postgres.internal.schema.Tables.ENTRIES;
import static dev.tau4j.session.postgres.internal.schema.Tables.SESSIONS;
import static dev.tau4j.session.postgres.internal.schema.Tables.WRITE_KEYS;
import static org.jooq.impl.DSL.all;
import static org.jooq.impl.DSL.any;
import static org.jooq.impl.DSL.array;
import static org.jooq.impl.DSL.cast;
import static org.jooq.impl.DSL.currentOffsetDateTime;
import static org.jooq.impl.DSL.excluded;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.lateral;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.selectOne;
import static org.jooq.impl.DSL.table;
import static org.jooq.impl.DSL.val;

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

    /**
     * Entries that no entry names as its parent, in id order, found from the chain starts (the partial index
     * {@code entries_chain_start_idx}), so the cost follows the session's branches, not its size. Ids are
     * contiguous (every reserved id is written, a failed append reserves none), so an entry {@code x} has
     * the child {@code x + 1} unless {@code x + 1} starts a chain or {@code x} is the head; a tip is the head
     * or an entry just before a chain start, unless a chain start names it as its parent. The chain starts
     * are walked from the head down, one index probe each (a recursive {@code ORDER BY ... DESC LIMIT 1}),
     * which also keeps the planner's estimate as small as the work (a plain scan of the partial index is
     * estimated at a large part of the session, enough to trigger JIT compilation):
     * <pre>{@code
     * WITH RECURSIVE starts(entry_id, parent_id) AS (
     *     (SELECT entry_id, parent_id FROM entries b WHERE b.session_id = :sid AND <chain start>
     *      ORDER BY entry_id DESC LIMIT 1)
     *   UNION ALL
     *     SELECT x.* FROM starts CROSS JOIN LATERAL (SELECT entry_id, parent_id FROM entries b
     *         WHERE b.session_id = :sid AND b.entry_id < starts.entry_id AND <chain start>
     *         ORDER BY entry_id DESC LIMIT 1) x)
     * SELECT ... FROM entries e WHERE e.session_id = :sid
     *   AND e.entry_id = ANY (ARRAY(SELECT entry_id - 1 FROM starts WHERE entry_id > 1
     *                               UNION SELECT last_entry_id FROM sessions WHERE path = :path))
     *   AND e.entry_id <> ALL (ARRAY(SELECT parent_id FROM starts WHERE parent_id IS NOT NULL))
     * ORDER BY e.entry_id
     * }</pre>
     * ({@code :sid} is the scalar subquery on the path.)
     */
    public static List<SessionEntry> tips(DSLContext sql, SessionPath path) {
        Entries b = ENTRIES.as("b");
        Table<Record> startsRef = table(name("starts"));
        Field<Long> startId = field(name("starts", "entry_id"), Long.class);
        Field<Long> startParent = field(name("starts", "parent_id"), Long.class);
        Table<?> previous = lateral(select(b.ENTRY_ID, b.PARENT_ID).from(b)
                .where(b.SESSION_ID.eq(sessionId(path))).and(b.ENTRY_ID.lt(startId)).and(chainStart(b))
                .orderBy(b.ENTRY_ID.desc()).limit(inline(1))).as("x");
        CommonTableExpression<Record2<Long, Long>> starts = name("starts").fields("entry_id", "parent_id")
                .as(select(b.ENTRY_ID, b.PARENT_ID).from(b)
                        .where(b.SESSION_ID.eq(sessionId(path))).and(chainStart(b))
                        .orderBy(b.ENTRY_ID.desc()).limit(inline(1))
                        .unionAll(select(previous.field(b.ENTRY_ID), previous.field(b.PARENT_ID))
                                .from(startsRef.crossJoin(previous))));
        Field<Long[]> ends = array(select(startId.minus(inline(1L))).from(starts).where(startId.gt(inline(1L)))
                .union(select(SESSIONS.LAST_ENTRY_ID).from(SESSIONS).where(SESSIONS.PATH.eq(path.value()))));
        Field<Long[]> branched = array(select(startParent).from(starts).where(startParent.isNotNull()));
        return sql.withRecursive(starts)
                .select(ENTRY_COLUMNS)
                .from(ENTRIES)
                .where(ENTRIES.SESSION_ID.eq(sessionId(path)))
                .and(ENTRIES.ENTRY_ID.eq(any(ends)))
                .and(ENTRIES.ENTRY_ID.ne(all(branched)))
                .orderBy(ENTRIES.ENTRY_ID)
                .fetch(SessionSql::entry);
    }

    /**
     * An entry that starts a chain segment: a root, or an entry whose parent is not the entry just before
     * it. The literal 1 (not a bind value) lets the planner match the partial index's predicate.
     */
    private static Condition chainStart(Entries b) {
        return b.PARENT_ID.isNull().or(b.PARENT_ID.ne(b.ENTRY_ID.minus(inline(1L))));
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
        Condition chainStart = chainStart(b);

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
