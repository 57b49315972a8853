package dev.tau4j.session.tau;

import dev.tau4j.session.Append;
import dev.tau4j.session.Message;
import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.SessionListing;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.SessionSummary;
import dev.tau4j.session.UsageDelta;
import dev.tau4j.session.UsageSummary;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A manual measurement, not a unit test: exports and imports a session of N entries (default 1,000,000)
 * through stores that hold nothing (one generates its entries on the fly, the other counts appends), so the
 * heap measured is the export's and the import's own. Run it with a small heap to see that it fits:
 *
 * <pre>
 * mvn -B -q -pl session-tau -am test-compile
 * J=~/.m2/repository/com/fasterxml/jackson/core
 * java -Xmx128m -cp "session-tau/target/test-classes:session-tau/target/classes:session-api/target/classes:\
 * $J/jackson-databind/2.22.4/jackson-databind-2.22.4.jar:$J/jackson-core/2.22.4/jackson-core-2.22.4.jar:\
 * $J/jackson-annotations/2.22/jackson-annotations-2.22.jar" dev.tau4j.session.tau.LargeSessionMeasurement 1000000
 * </pre>
 *
 * <p>Measured on a 2-core build machine: the export of 1,000,000 entries (172 MB) and of 3,000,000 entries
 * runs in a 32 MiB heap (peak 22 MiB both times: flat); the import of 1,000,000 entries needs a 128 MiB heap
 * (about 90 bytes per entry at its peak: ids, parents, line positions, new ids and the report's id map).
 */
public final class LargeSessionMeasurement {

    private static final SessionPath PATH = SessionPath.of("measure/large");

    public static void main(String[] args) throws Exception {
        long n = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        Path file = Files.createTempFile("large", ".jsonl");
        try {
            resetPeak();
            long start = System.nanoTime();
            TauExportReport exported = TauJsonlExport.from(new GeneratedStore(n), PATH).toFile(file);
            System.out.printf("export: %,d entries, %,d bytes, %.1f s, peak heap %,d MiB (max %,d MiB)%n",
                    exported.entries(), Files.size(file), (System.nanoTime() - start) / 1e9, peakMiB(),
                    Runtime.getRuntime().maxMemory() >> 20);
            System.gc();
            resetPeak();
            start = System.nanoTime();
            CountingStore counting = new CountingStore();
            TauImportReport imported = TauJsonlImport.into(counting, PATH).run(file);
            System.out.printf("import: %,d entries in %,d appends, %.1f s, peak heap %,d MiB (max %,d MiB)%n",
                    imported.imported(), imported.appends(), (System.nanoTime() - start) / 1e9, peakMiB(),
                    Runtime.getRuntime().maxMemory() >> 20);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(TauUsageSidecar.pathFor(file));
        }
    }

    private static void resetPeak() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    private static long peakMiB() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak >> 20;
    }

    /** Entries 1..n generated on demand: a chain with a branch every 100 entries. */
    private static final class GeneratedStore extends ReadOnlyStore {
        private final long n;

        GeneratedStore(long n) {
            this.n = n;
        }

        private SessionEntry entry(long id) {
            OptionalLong parent = id == 1 ? OptionalLong.empty() : OptionalLong.of(id % 100 == 0 ? id - 2 : id - 1);
            return new SessionEntry(id, parent, Message.user("message number " + id + " with some text"), Instant.EPOCH);
        }

        @Override
        public List<SessionEntry> entries(SessionPath path, long afterId, int limit) {
            List<SessionEntry> page = new ArrayList<>(limit);
            for (long id = afterId + 1; id <= n && page.size() < limit; id++) {
                page.add(entry(id));
            }
            return page;
        }

        @Override
        public Optional<SessionEntry> head(SessionPath path) {
            return n == 0 ? Optional.empty() : Optional.of(entry(n));
        }
    }

    /** Accepts appends and forgets them, handing out ids like a real store. */
    private static final class CountingStore extends ReadOnlyStore {
        private long next = 1;

        @Override
        public List<SessionEntry> append(Append append) {
            List<SessionEntry> written = new ArrayList<>(append.messages().size());
            OptionalLong parent = append.parentId();
            for (Message message : append.messages()) {
                SessionEntry entry = new SessionEntry(next++, parent, message, Instant.EPOCH);
                parent = OptionalLong.of(entry.id());
                written.add(entry);
            }
            return written;
        }
    }

    private abstract static class ReadOnlyStore implements SessionStore {
        @Override
        public List<SessionEntry> append(Append append) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<SessionEntry> entries(SessionPath path, long afterId, int limit) {
            return List.of();
        }

        @Override
        public Optional<SessionEntry> entry(SessionPath path, long id) {
            return Optional.empty();
        }

        @Override
        public Optional<SessionEntry> head(SessionPath path) {
            return Optional.empty();
        }

        @Override
        public UsageSummary usage(SessionPath path) {
            return UsageSummary.ZERO;
        }

        @Override
        public UsageSummary recordUsage(SessionPath path, UsageDelta delta) {
            return UsageSummary.ZERO;
        }

        @Override
        public List<SessionSummary> listSessions(SessionListing listing) {
            return List.of();
        }

        @Override
        public boolean deleteSession(SessionPath path) {
            return false;
        }
    }
}
