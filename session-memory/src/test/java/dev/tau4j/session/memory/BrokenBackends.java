package dev.tau4j.session.memory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tau4j.session.Append;
import dev.tau4j.session.EntryNotFoundException;
import dev.tau4j.session.IdempotencyKey;
import dev.tau4j.session.InvalidMessageException;
import dev.tau4j.session.Message;
import dev.tau4j.session.MessageCodec;
import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.SessionListing;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.SessionSummary;
import dev.tau4j.session.StaleHeadException;
import dev.tau4j.session.internal.StoreArguments;
import dev.tau4j.session.StoreUnavailableException;
import dev.tau4j.session.UsageDelta;
import dev.tau4j.session.UsageSummary;
import dev.tau4j.session.conformance.Capability;
import dev.tau4j.session.conformance.SessionStoreConformanceKit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Deliberately broken backends: each is a correct {@link InMemorySessionStore} behind a decorator that
 * adds one bug, bound to the kit. The bindings have no {@code Test} suffix, so Surefire does not run them;
 * {@link KitCatchesBrokenBackendsTest} runs them through the JUnit Platform and checks the kit's verdict.
 */
final class BrokenBackends {

    private BrokenBackends() {
    }

    /** Where the kit writes the report of {@code binding} by default, as it does for every binding. */
    static Path reportDirectory(Class<?> binding) {
        return SessionStoreConformanceKit.reportDirectoryOf(Path.of("target", "conformance"), binding.getName());
    }

    /**
     * Binds a decorated store: {@code newStore} wraps a fresh in-memory store, {@code reopen} asks the
     * decorator. The report goes where the kit puts it by default: a directory per binding class.
     */
    abstract static class BrokenBinding extends SessionStoreConformanceKit {
        private final Function<InMemorySessionStore, ForwardingSessionStore> decorator;

        BrokenBinding(Function<InMemorySessionStore, ForwardingSessionStore> decorator) {
            this.decorator = decorator;
        }

        @Override
        protected SessionStore newStore() {
            return decorator.apply(InMemorySessionStore.create());
        }

        @Override
        protected SessionStore reopen(SessionStore store) {
            return ((ForwardingSessionStore) store).reopen();
        }
    }

    // ---- (1) forgets parent ids on reopen ------------------------------------------------------------

    static class ForgetsParentsBinding extends BrokenBinding {
        ForgetsParentsBinding() {
            super(store -> new ForgetsParentsStore(store, false));
        }
    }

    /** Keeps the parents in memory only: a reopened instance reads every entry as a root. */
    static final class ForgetsParentsStore extends ForwardingSessionStore {
        private final boolean forgetful;

        ForgetsParentsStore(InMemorySessionStore delegate, boolean forgetful) {
            super(delegate);
            this.forgetful = forgetful;
        }

        @Override
        SessionStore reopen() {
            return new ForgetsParentsStore(reopenDelegate(), true);
        }

        private SessionEntry read(SessionEntry entry) {
            return forgetful ? new SessionEntry(entry.id(), OptionalLong.empty(), entry.message(), entry.acceptedAt()) : entry;
        }

        @Override
        public List<SessionEntry> entries(SessionPath path, long afterId, int limit) {
            return super.entries(path, afterId, limit).stream().map(this::read).toList();
        }

        @Override
        public Optional<SessionEntry> entry(SessionPath path, long id) {
            return super.entry(path, id).map(this::read);
        }

        @Override
        public Optional<SessionEntry> head(SessionPath path) {
            return super.head(path).map(this::read);
        }
    }

    // ---- (2) shares id counters across paths and (5) reuses ids ---------------------------------------

    static class SharesIdCountersBinding extends BrokenBinding {
        SharesIdCountersBinding() {
            super(store -> new RenumberingStore(store, new RenumberingStore.Numbering(), RenumberingStore.Bug.SHARED_COUNTER));
        }
    }

    static class ReusesIdsBinding extends BrokenBinding {
        ReusesIdsBinding() {
            super(store -> new RenumberingStore(store, new RenumberingStore.Numbering(),
                    RenumberingStore.Bug.COUNTER_PER_INSTANCE));
        }
    }

    /**
     * Shows ids from its own counter instead of the stored ones. With {@link Bug#SHARED_COUNTER} one
     * counter serves every path; with {@link Bug#COUNTER_PER_INSTANCE} the counters live in the store
     * instance and start again at 1 in a new one, so ids are handed out twice.
     */
    static final class RenumberingStore extends ForwardingSessionStore {

        enum Bug { SHARED_COUNTER, COUNTER_PER_INSTANCE }

        /** Shared by every instance over one storage: the visible id of each stored entry. */
        static final class Numbering {
            final Map<SessionPath, Map<Long, Long>> visibleByReal = new HashMap<>();
            /** The other way round; a visible id handed out twice names its first (lowest) real id. */
            final Map<SessionPath, Map<Long, Long>> realByVisible = new HashMap<>();
            final AtomicLong shared = new AtomicLong();
        }

        private final Numbering numbering;
        private final Bug bug;
        private final Map<SessionPath, Long> instanceCounters = new HashMap<>();

        RenumberingStore(InMemorySessionStore delegate, Numbering numbering, Bug bug) {
            super(delegate);
            this.numbering = numbering;
            this.bug = bug;
        }

        @Override
        SessionStore reopen() {
            return new RenumberingStore(reopenDelegate(), numbering, bug);
        }

        private long allocate(SessionPath path) {
            return switch (bug) {
                case SHARED_COUNTER -> numbering.shared.incrementAndGet();
                case COUNTER_PER_INSTANCE -> instanceCounters.merge(path, 1L, Long::sum);
            };
        }

        private SessionEntry visible(SessionPath path, SessionEntry real) {
            Map<Long, Long> ids = numbering.visibleByReal.getOrDefault(path, Map.of());
            OptionalLong parent = real.parentId().isPresent()
                    ? OptionalLong.of(ids.getOrDefault(real.parentId().getAsLong(), real.parentId().getAsLong()))
                    : OptionalLong.empty();
            return new SessionEntry(ids.getOrDefault(real.id(), real.id()), parent, real.message(), real.acceptedAt());
        }

        private List<SessionEntry> all(SessionPath path) {
            List<SessionEntry> all = new ArrayList<>();
            for (SessionEntry real : delegate.entries(path)) {
                all.add(visible(path, real));
            }
            return all;
        }

        private OptionalLong realId(SessionPath path, long visibleId) {
            Long real = numbering.realByVisible.getOrDefault(path, Map.of()).get(visibleId);
            return real == null ? OptionalLong.empty() : OptionalLong.of(real);
        }

        @Override
        public List<SessionEntry> append(Append append) {
            StoreArguments.requireAppend(append);
            synchronized (numbering) {
                SessionPath path = append.path();
                OptionalLong parent = OptionalLong.empty();
                if (append.parentId().isPresent()) {
                    long visibleParent = append.parentId().getAsLong();
                    parent = realId(path, visibleParent);
                    if (parent.isEmpty()) {
                        throw new EntryNotFoundException(path, visibleParent);
                    }
                }
                if (append.expectedHead().isPresent()) {
                    long expected = append.expectedHead().getAsLong();
                    long actual = head(path).map(SessionEntry::id).orElse(0L);
                    if (expected != actual) {
                        throw new StaleHeadException(path, expected, actual);
                    }
                }
                List<SessionEntry> real = delegate.append(
                        new Append(path, parent, append.messages(), OptionalLong.empty(), append.usage()));
                Map<Long, Long> ids = numbering.visibleByReal.computeIfAbsent(path, p -> new HashMap<>());
                Map<Long, Long> reals = numbering.realByVisible.computeIfAbsent(path, p -> new HashMap<>());
                for (SessionEntry entry : real) {
                    long visible = allocate(path);
                    ids.put(entry.id(), visible);
                    reals.putIfAbsent(visible, entry.id());
                }
                return real.stream().map(e -> visible(path, e)).toList();
            }
        }

        @Override
        public List<SessionEntry> entries(SessionPath path, long afterId, int limit) {
            StoreArguments.requirePath(path);
            StoreArguments.requireCursor(afterId);
            StoreArguments.requirePageLimit(limit, MAX_ENTRY_PAGE);
            synchronized (numbering) {
                return all(path).stream().filter(e -> e.id() > afterId).limit(limit).toList();
            }
        }

        @Override
        public Optional<SessionEntry> entry(SessionPath path, long id) {
            StoreArguments.requirePath(path);
            StoreArguments.requireEntryId(id);
            synchronized (numbering) {
                return realId(path, id).stream().boxed().findFirst().flatMap(real -> delegate.entry(path, real))
                        .map(e -> visible(path, e));
            }
        }

        @Override
        public Optional<SessionEntry> head(SessionPath path) {
            synchronized (numbering) {
                return delegate.head(path).map(e -> visible(path, e));
            }
        }

        @Override
        public List<SessionSummary> listSessions(SessionListing listing) {
            synchronized (numbering) {
                List<SessionSummary> page = new ArrayList<>();
                for (SessionSummary s : delegate.listSessions(listing)) {
                    OptionalLong head = s.headId().isPresent()
                            ? OptionalLong.of(numbering.visibleByReal.getOrDefault(s.path(), Map.of())
                                    .getOrDefault(s.headId().getAsLong(), s.headId().getAsLong()))
                            : OptionalLong.empty();
                    page.add(new SessionSummary(s.path(), head, s.usage(), s.createdAt(), s.updatedAt()));
                }
                return page;
            }
        }

        @Override
        public boolean deleteSession(SessionPath path) {
            synchronized (numbering) {
                boolean existed = delegate.deleteSession(path);
                numbering.visibleByReal.remove(path);
                numbering.realByVisible.remove(path);
                instanceCounters.remove(path);
                return existed;
            }
        }
    }

    // ---- (3) loses usage on reopen ---------------------------------------------------------------------

    static class LosesUsageBinding extends BrokenBinding {
        LosesUsageBinding() {
            super(store -> new LosesUsageStore(store, false));
        }
    }

    /** Keeps usage in the instance only: a reopened instance reads every session's usage as zero. */
    static final class LosesUsageStore extends ForwardingSessionStore {
        private final boolean lost;

        LosesUsageStore(InMemorySessionStore delegate, boolean lost) {
            super(delegate);
            this.lost = lost;
        }

        @Override
        SessionStore reopen() {
            return new LosesUsageStore(reopenDelegate(), true);
        }

        @Override
        public UsageSummary usage(SessionPath path) {
            UsageSummary usage = super.usage(path);
            return lost ? UsageSummary.ZERO : usage;
        }
    }

    // ---- (4) a failing batch leaves half behind ------------------------------------------------------

    static class HalfBatchBinding extends BrokenBinding {
        HalfBatchBinding() {
            super(HalfBatchStore::new);
        }
    }

    /** Writes a batch one message at a time, so a message that fails leaves the earlier ones written. */
    static final class HalfBatchStore extends ForwardingSessionStore {
        HalfBatchStore(InMemorySessionStore delegate) {
            super(delegate);
        }

        @Override
        SessionStore reopen() {
            return new HalfBatchStore(reopenDelegate());
        }

        @Override
        public List<SessionEntry> append(Append append) {
            StoreArguments.requireAppend(append);
            List<SessionEntry> written = new ArrayList<>();
            OptionalLong parent = append.parentId();
            Iterator<Message> messages = append.messages().iterator();
            boolean first = true;
            while (messages.hasNext()) {
                Append one = new Append(append.path(), parent, List.of(messages.next()),
                        first ? append.expectedHead() : OptionalLong.empty(),
                        first ? append.usage() : null);
                SessionEntry entry = delegate.append(one).get(0);
                written.add(entry);
                parent = OptionalLong.of(entry.id());
                first = false;
            }
            return written;
        }
    }

    // ---- (5) idempotency keys ignored, or shared across sessions -------------------------------------

    static class IgnoresKeysBinding extends BrokenBinding {
        IgnoresKeysBinding() {
            super(IgnoresKeysStore::new);
        }
    }

    /** Accepts keys and drops them: every repeat is written again. */
    static final class IgnoresKeysStore extends ForwardingSessionStore {
        IgnoresKeysStore(InMemorySessionStore delegate) {
            super(delegate);
        }

        @Override
        SessionStore reopen() {
            return new IgnoresKeysStore(reopenDelegate());
        }

        @Override
        public List<SessionEntry> append(Append append) {
            return delegate.append(new Append(append.path(), append.parentId(), append.messages(),
                    append.expectedHead(), append.usage()));
        }

        @Override
        public UsageSummary recordUsage(SessionPath path, UsageDelta delta, IdempotencyKey key) {
            return delegate.recordUsage(path, delta);
        }
    }

    // ---- (5b) metadata written apart from its append; a lineage tail cut from the wrong end ---------

    static class SplitsMetadataBinding extends BrokenBinding {
        SplitsMetadataBinding() {
            super(SplitsMetadataStore::new);
        }
    }

    /** Writes an append's metadata first, then its messages: a failing append leaves its metadata behind. */
    static final class SplitsMetadataStore extends ForwardingSessionStore {
        SplitsMetadataStore(InMemorySessionStore delegate) {
            super(delegate);
        }

        @Override
        SessionStore reopen() {
            return new SplitsMetadataStore(reopenDelegate());
        }

        @Override
        public List<SessionEntry> append(Append append) {
            if (!append.metadata().isEmpty()) {
                delegate.updateMetadata(append.path(), append.metadata());
            }
            return delegate.append(new Append(append.path(), append.parentId(), append.messages(),
                    append.expectedHead(), append.usage(), append.idempotencyKey()));
        }
    }

    static class RootSideTailBinding extends BrokenBinding {
        RootSideTailBinding() {
            super(RootSideTailStore::new);
        }
    }

    /** Returns the root-most entries of a lineage instead of those nearest the head. */
    static final class RootSideTailStore extends ForwardingSessionStore {
        RootSideTailStore(InMemorySessionStore delegate) {
            super(delegate);
        }

        @Override
        SessionStore reopen() {
            return new RootSideTailStore(reopenDelegate());
        }

        @Override
        public List<SessionEntry> lineageTail(SessionPath path, long headId, int maxEntries) {
            List<SessionEntry> lineage = delegate.lineage(path, headId);
            return lineage.subList(0, Math.min(maxEntries, lineage.size()));
        }
    }

    static class GlobalKeysBinding extends BrokenBinding {
        GlobalKeysBinding() {
            super(store -> new GlobalKeysStore(store, new ConcurrentHashMap<>()));
        }
    }

    /** Keeps one key space for every session: a key used in one path answers for every other path. */
    static final class GlobalKeysStore extends ForwardingSessionStore {
        private final Map<IdempotencyKey, List<SessionEntry>> firstWrites;

        GlobalKeysStore(InMemorySessionStore delegate, Map<IdempotencyKey, List<SessionEntry>> firstWrites) {
            super(delegate);
            this.firstWrites = firstWrites;
        }

        @Override
        SessionStore reopen() {
            return new GlobalKeysStore(reopenDelegate(), firstWrites);
        }

        @Override
        public synchronized List<SessionEntry> append(Append append) {
            if (append.idempotencyKey().isEmpty()) {
                return delegate.append(append);
            }
            return firstWrites.computeIfAbsent(append.idempotencyKey().get(), k -> delegate.append(append));
        }
    }

    // ---- (6) reads that go wrong only at scale ---------------------------------------------------------

    static class ReversesLongLineageBinding extends BrokenBinding {
        ReversesLongLineageBinding() {
            super(store -> new ScaleBugStore(store, ScaleBug.LINEAGE_REVERSED_PAST_1000));
        }
    }

    static class CutsLineageAt100Binding extends BrokenBinding {
        CutsLineageAt100Binding() {
            super(store -> new ScaleBugStore(store, ScaleBug.LINEAGE_CUT_AT_100));
        }
    }

    static class CutsLineageAt1000Binding extends BrokenBinding {
        CutsLineageAt1000Binding() {
            super(store -> new ScaleBugStore(store, ScaleBug.LINEAGE_CUT_AT_1000));
        }
    }

    static class TipsOfFirstPageBinding extends BrokenBinding {
        TipsOfFirstPageBinding() {
            super(store -> new ScaleBugStore(store, ScaleBug.TIPS_OF_FIRST_1000));
        }
    }

    static class ShortLastEntryPageBinding extends BrokenBinding {
        ShortLastEntryPageBinding() {
            super(store -> new ScaleBugStore(store, ScaleBug.ENTRY_PAGE_SHORT_AT_END));
        }
    }

    static class ShortLastListingPageBinding extends BrokenBinding {
        ShortLastListingPageBinding() {
            super(store -> new ScaleBugStore(store, ScaleBug.LISTING_PAGE_SHORT_AT_END));
        }
    }

    /** Bugs that only show on long chains, large forests or pages that end exactly at the last item. */
    enum ScaleBug {
        /** A lineage longer than 1,000 entries comes back head first. */
        LINEAGE_REVERSED_PAST_1000,
        /** A lineage keeps only the 100 entries nearest the head, as a recursive query with a depth cap. */
        LINEAGE_CUT_AT_100,
        /** The same with a cap of 1,000. */
        LINEAGE_CUT_AT_1000,
        /** Tips are computed over the first 1,000 entries only. */
        TIPS_OF_FIRST_1000,
        /** A page of entries that is full and is followed by nothing loses its last entry. */
        ENTRY_PAGE_SHORT_AT_END,
        /** A page of sessions that is full and is followed by nothing loses its last session. */
        LISTING_PAGE_SHORT_AT_END
    }

    /** Correct on small sessions; wrong in the one way its {@link ScaleBug} says. */
    static final class ScaleBugStore extends ForwardingSessionStore {
        private final ScaleBug bug;

        ScaleBugStore(InMemorySessionStore delegate, ScaleBug bug) {
            super(delegate);
            this.bug = bug;
        }

        @Override
        SessionStore reopen() {
            return new ScaleBugStore(reopenDelegate(), bug);
        }

        @Override
        public List<SessionEntry> lineage(SessionPath path, long headId) {
            List<SessionEntry> lineage = new ArrayList<>(super.lineage(path, headId));
            return switch (bug) {
                case LINEAGE_REVERSED_PAST_1000 -> {
                    if (lineage.size() > 1_000) {
                        java.util.Collections.reverse(lineage);
                    }
                    yield lineage;
                }
                case LINEAGE_CUT_AT_100 -> lineage.subList(Math.max(0, lineage.size() - 100), lineage.size());
                case LINEAGE_CUT_AT_1000 -> lineage.subList(Math.max(0, lineage.size() - 1_000), lineage.size());
                default -> lineage;
            };
        }

        @Override
        public List<SessionEntry> tips(SessionPath path) {
            if (bug != ScaleBug.TIPS_OF_FIRST_1000) {
                return super.tips(path);
            }
            List<SessionEntry> first = entries(path, 0, 1_000);
            Set<Long> parents = new java.util.HashSet<>();
            first.forEach(e -> e.parentId().ifPresent(parents::add));
            return first.stream().filter(e -> !parents.contains(e.id())).toList();
        }

        @Override
        public List<SessionEntry> entries(SessionPath path, long afterId, int limit) {
            List<SessionEntry> page = super.entries(path, afterId, limit);
            if (bug == ScaleBug.ENTRY_PAGE_SHORT_AT_END && page.size() == limit
                    && super.entries(path, page.get(limit - 1).id(), 1).isEmpty()) {
                return page.subList(0, limit - 1);
            }
            return page;
        }

        @Override
        public List<SessionSummary> listSessions(SessionListing listing) {
            List<SessionSummary> page = super.listSessions(listing);
            if (bug == ScaleBug.LISTING_PAGE_SHORT_AT_END && page.size() == listing.limit()
                    && super.listSessions(listing.after(page.get(page.size() - 1).path()).limit(1)).isEmpty()) {
                return page.subList(0, page.size() - 1);
            }
            return page;
        }
    }

    // ---- (7) validates a batch, then writes it row by row without a transaction -----------------------

    static class RowByRowBatchBinding extends BrokenBinding {
        RowByRowBatchBinding() {
            super(RowByRowBatchStore::new);
        }
    }

    /**
     * Checks every message of a batch first (size, parent, expected head), then writes one row per
     * message, each its own write, as a JDBC loop in auto-commit does: between rows it notices an
     * interrupt or a closed store, as the driver notices a closed connection, and gives up with the rows
     * so far written. Every input error is refused before the first row, so no case without a fault sees it.
     */
    static final class RowByRowBatchStore extends ForwardingSessionStore {
        /**
         * One row's round trip on a LAN (0.2 ms): a 5,000-row batch takes at least a second, so the kit's
         * fault lands in flight even on a loaded machine.
         */
        private static final long ROW_NANOS = 200_000;
        /**
         * Only batches above this size (the kit's fault cases write 5,000) take the round trip per row; the
         * smaller ones of the other cases are written row by row at full speed.
         */
        private static final int SLOW_ABOVE = 1_000;
        private volatile boolean closed;

        RowByRowBatchStore(InMemorySessionStore delegate) {
            super(delegate);
        }

        @Override
        SessionStore reopen() {
            return new RowByRowBatchStore(reopenDelegate());
        }

        @Override
        public List<SessionEntry> append(Append append) {
            StoreArguments.requireAppend(append);
            if (append.idempotencyKey().isPresent()) {
                return delegate.append(append); // the planted bug is in the unkeyed batch path
            }
            delegate.limits().encodeChecked(append);
            if (append.usage() != null) {
                delegate.usage(append.path()).plus(append.usage());
            }
            List<SessionEntry> written = new ArrayList<>();
            OptionalLong parent = append.parentId();
            boolean first = true;
            boolean slow = append.messages().size() > SLOW_ABOVE;
            for (Message message : append.messages()) {
                if (closed || Thread.currentThread().isInterrupted()) {
                    throw new StoreUnavailableException("connection closed after " + written.size() + " rows", null);
                }
                if (slow) {
                    LockSupport.parkNanos(ROW_NANOS);
                }
                SessionEntry entry = delegate.append(new Append(append.path(), parent, List.of(message),
                        first ? append.expectedHead() : OptionalLong.empty(), first ? append.usage() : null)).get(0);
                written.add(entry);
                parent = OptionalLong.of(entry.id());
                first = false;
            }
            return written;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    // ---- optional capabilities -----------------------------------------------------------------------

    /** Declares NUL unsupported and refuses it cleanly: conforming, with the optional NUL case skipped. */
    static class RefusesNulBinding extends BrokenBinding {
        RefusesNulBinding() {
            super(RefusesNulStore::new);
        }

        @Override
        protected Set<Capability> unsupportedCapabilities() {
            return EnumSet.of(Capability.NUL_IN_TEXT);
        }
    }

    /** Refuses any message holding U+0000, before writing anything. */
    static final class RefusesNulStore extends ForwardingSessionStore {
        RefusesNulStore(InMemorySessionStore delegate) {
            super(delegate);
        }

        @Override
        SessionStore reopen() {
            return new RefusesNulStore(reopenDelegate());
        }

        @Override
        public List<SessionEntry> append(Append append) {
            StoreArguments.requireAppend(append);
            for (Message message : append.messages()) {
                if (holdsNul(MessageCodec.toJson(message))) {
                    throw new InvalidMessageException("this store cannot keep U+0000 in message text");
                }
            }
            return super.append(append);
        }

        private static boolean holdsNul(JsonNode node) {
            if (node.isTextual()) {
                return node.textValue().indexOf('\u0000') >= 0;
            }
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (field.getKey().indexOf('\u0000') >= 0 || holdsNul(field.getValue())) {
                    return true;
                }
            }
            if (node.isArray()) {
                for (JsonNode element : node) {
                    if (holdsNul(element)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /** Declares NUL unsupported but stores it anyway: the required refusal case must fail. */
    static class ClaimsNoNulBinding extends BrokenBinding {
        ClaimsNoNulBinding() {
            super(ForwardingSessionStore::new);
        }

        @Override
        protected Set<Capability> unsupportedCapabilities() {
            return EnumSet.of(Capability.NUL_IN_TEXT);
        }
    }

    // ---- resource handling ---------------------------------------------------------------------------

    /** A correct store that counts how often the kit obtains and closes a store. */
    static class CountsClosesBinding extends BrokenBinding {
        static final AtomicLong OPENED = new AtomicLong();
        static final AtomicLong CLOSED = new AtomicLong();
        static final AtomicLong CLOSED_TWICE = new AtomicLong();

        CountsClosesBinding() {
            super(CountingStore::new);
        }
    }

    /** Counts opens and closes into {@link CountsClosesBinding}. */
    static final class CountingStore extends ForwardingSessionStore {
        private boolean closed;

        CountingStore(InMemorySessionStore delegate) {
            super(delegate);
            CountsClosesBinding.OPENED.incrementAndGet();
        }

        @Override
        SessionStore reopen() {
            return new CountingStore(reopenDelegate());
        }

        @Override
        public synchronized void close() {
            if (closed) {
                CountsClosesBinding.CLOSED_TWICE.incrementAndGet();
            } else {
                closed = true;
                CountsClosesBinding.CLOSED.incrementAndGet();
            }
        }
    }

    // ---- runs that must not count as a pass ----------------------------------------------------------

    /** A correct store, but something disables required case C-05 for this binding. */
    @ExtendWith(DisableC05.class)
    static class SkipsRequiredCaseBinding extends BrokenBinding {
        SkipsRequiredCaseBinding() {
            super(ForwardingSessionStore::new);
        }
    }

    /** Disables the case whose display name starts with "C-05 ". */
    static final class DisableC05 implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getDisplayName().startsWith("C-05 ")
                    ? ConditionEvaluationResult.disabled("disabled by the binding's own extension")
                    : ConditionEvaluationResult.enabled("not C-05");
        }
    }

    // ---- bindings that choose the same report directory ----------------------------------------------

    /** The report directory both {@link SameDirectoryFailingBinding} and {@link SameDirectoryPassingBinding} choose. */
    static final Path SHARED_DIRECTORY = Path.of("target", "conformance-shared");

    /** Forgets parents on reopen (fails C-02) and writes its report to {@link #SHARED_DIRECTORY}. */
    static class SameDirectoryFailingBinding extends BrokenBinding {
        SameDirectoryFailingBinding() {
            super(store -> new ForgetsParentsStore(store, false));
        }

        @Override
        protected Path reportDirectory() {
            return SHARED_DIRECTORY;
        }
    }

    /** A correct store that writes its report to {@link #SHARED_DIRECTORY} too. */
    static class SameDirectoryPassingBinding extends BrokenBinding {
        SameDirectoryPassingBinding() {
            super(ForwardingSessionStore::new);
        }

        @Override
        protected Path reportDirectory() {
            return SHARED_DIRECTORY;
        }
    }

    /** A correct store, run with only one group selected: the other required cases never run. */
    static class PartialRunBinding extends BrokenBinding {
        PartialRunBinding() {
            super(ForwardingSessionStore::new);
        }
    }
}
