package dev.tau4j.session.tau;

import dev.tau4j.session.Append;
import dev.tau4j.session.IdempotencyKeyReusedException;
import dev.tau4j.session.Message;
import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.StaleHeadException;
import dev.tau4j.session.internal.StoreArguments;
import dev.tau4j.session.UsageDelta;
import dev.tau4j.session.UsageSummary;
import dev.tau4j.session.tau.TauFormatException.Reason;
import dev.tau4j.session.tau.internal.ImportKeys;
import dev.tau4j.session.tau.internal.JsonlFile;
import dev.tau4j.session.tau.internal.SourceIndex;
import dev.tau4j.session.tau.internal.TauRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.LongConsumer;

/**
 * Imports a Tau session file (JSONL, see {@code docs/tau-jsonl.md}) into a session of any {@link SessionStore}.
 *
 * <pre>{@code
 * TauImportReport report = TauJsonlImport.into(store, SessionPath.of("imports/chat-1"))
 *         .mode(ImportMode.MERGE)               // default; REPLACE makes the target exactly the file
 *         .run(Path.of("chat-1.jsonl"));        // reads chat-1.jsonl.usage.json too when it exists
 * }</pre>
 *
 * <p><b>Ids.</b> tau4j assigns ids itself, so every imported entry gets a new id, in an order that puts each
 * parent before its children (file order otherwise); {@link TauImportReport#ids()} maps each Tau id to its new
 * id, parents are remapped through it, and the imported trees become new roots of the target.
 *
 * <p><b>Validated before anything is written.</b> A first pass reads every line (legacy lines without
 * {@code record_type} included) and decodes every message; then duplicate ids, parents missing from the file
 * and cycles are refused. Any problem is a {@link TauFormatException} naming the line, and the store is
 * untouched. The import keeps about 40 bytes per entry (ids, parents, line positions, the new ids), plus
 * the 16 bytes per entry of the report's id map, never the messages (measured: a file of 1,000,000 entries
 * imports within a 128 MiB heap); the second pass reads the lines again by position and appends them in chunks of at most
 * {@link Builder#chunkSize(int)} messages, one parent-child chain per append, so at most one chunk of
 * messages is in memory.
 *
 * <p><b>All or nothing.</b> Each append is atomic, an import of many chunks is not one transaction. What
 * the import guarantees instead: into a session with no entry (and always in {@code REPLACE} mode, which
 * deletes the target first), a failure while writing deletes the session again, so nothing is left (in
 * {@code REPLACE} mode the old content is then gone too: it was deleted only after the whole file was
 * validated). Into a session that already has entries ({@code MERGE}), appends that succeeded stay and
 * {@link TauImportFailedException} says how many entries were written.
 *
 * <p><b>Retrying.</b> Every append carries a deterministic idempotency key, {@code tau-import/<importId>/<chunk>},
 * where the import id is derived from the file's SHA-256, the sidecar's usage and the mode
 * ({@link TauImportReport#importId()}). On a store with idempotency keys, running the same import again after
 * a failure writes only the chunks that had not been written. On a store without them, retry a rolled-back
 * import as is; a merge that kept entries must be completed by hand. Importing the same file twice on purpose
 * (two copies) needs a distinct {@link Builder#importId(String)}.
 *
 * <p><b>Usage.</b> The sidecar's usage (rounded half-even to 12 decimal places, see {@link TauUsageSidecar})
 * is added in the same atomic write as the first chunk. In {@code REPLACE} mode without a sidecar the
 * target's previous usage is kept, as Tau does.
 *
 * <p>Concurrent writers: merge mode stays correct while others append (each chunk names its parent); the
 * first append to an empty target requires it to be still empty. Do not write to a target while it is
 * being replaced.
 */
public final class TauJsonlImport {

    /** Default number of messages per append. */
    public static final int DEFAULT_CHUNK_SIZE = 1_000;

    private final Builder options;

    private TauJsonlImport(Builder options) {
        this.options = options;
    }

    /** Starts an import into {@code path} of {@code store}. */
    public static Builder into(SessionStore store, SessionPath path) {
        return new Builder(Objects.requireNonNull(store, "store"), StoreArguments.requirePath(path));
    }

    /** Options of an import; {@link #run(Path)} runs it. */
    public static final class Builder {
        private final SessionStore store;
        private final SessionPath path;
        private ImportMode mode = ImportMode.MERGE;
        private int chunkSize = DEFAULT_CHUNK_SIZE;
        private Path sidecar;
        private boolean sidecarGiven;
        private String importId;
        private LongConsumer progress = written -> { };

        private Builder(SessionStore store, SessionPath path) {
            this.store = store;
            this.path = path;
        }

        public Builder mode(ImportMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** Messages per append, 1..{@value Append#MAX_MESSAGES} (default {@value #DEFAULT_CHUNK_SIZE}). */
        public Builder chunkSize(int chunkSize) {
            this.chunkSize = StoreArguments.requirePageLimit(chunkSize, Append.MAX_MESSAGES);
            return this;
        }

        /**
         * The usage sidecar to import, or null for none. By default {@code <file>.usage.json} is read when it
         * exists.
         */
        public Builder sidecar(Path sidecar) {
            this.sidecar = sidecar;
            this.sidecarGiven = true;
            return this;
        }

        /** Overrides the derived import id (the base of every idempotency key). */
        public Builder importId(String importId) {
            if (importId == null || importId.isBlank()) {
                throw new IllegalArgumentException("importId must not be blank");
            }
            this.importId = importId;
            return this;
        }

        /** Told the number of entries written so far, after each append. */
        public Builder progress(LongConsumer progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        /**
         * Validates {@code file} whole, then writes it.
         *
         * @throws TauFormatException       for a bad source, naming the line; nothing was written
         * @throws TauImportFailedException when the store failed while writing
         */
        public TauImportReport run(Path file) {
            return new TauJsonlImport(this).run(file);
        }
    }

    private TauImportReport run(Path file) {
        SessionStore store = options.store;
        SessionPath path = options.path;
        SourceIndex index = SourceIndex.read(file, store.limits().maxMessageBytes());
        index.validate();
        Path sidecar = options.sidecarGiven ? options.sidecar : TauUsageSidecar.pathFor(file);
        SidecarUsage usage = sidecar != null && (options.sidecarGiven || Files.exists(sidecar))
                ? TauUsageSidecar.read(sidecar) : SidecarUsage.NONE;
        String importId = options.importId != null ? options.importId
                : ImportKeys.importId(index.digest(), usage.usage().toString(), options.mode.name());

        UsageDelta usageToAdd = usage.usage();
        boolean fresh;
        if (options.mode == ImportMode.REPLACE) {
            UsageSummary previous = store.usage(path);
            store.deleteSession(path);
            if (usage == SidecarUsage.NONE) {
                usageToAdd = new UsageDelta(previous.inputTokens(), previous.outputTokens(), previous.totalTokens(),
                        previous.estimatedCostUsd());
            }
            fresh = true;
        } else {
            fresh = store.head(path).isEmpty() && store.usage(path).equals(UsageSummary.ZERO);
        }
        Writer writer = new Writer(store, path, index, importId, usageToAdd, fresh, options.chunkSize, options.progress);
        if (index.size() == 0) {
            if (!usageToAdd.isZero()) {
                store.recordUsage(path, usageToAdd);
            }
        } else {
            writer.writeAll(file);
        }
        long[] tauIds = new long[index.size()];
        for (int i = 0; i < tauIds.length; i++) {
            tauIds[i] = index.tauId(i);
        }
        OptionalLong newHead = index.size() == 0 ? OptionalLong.empty()
                : OptionalLong.of(writer.newIds[index.size() - 1]);
        return new TauImportReport(path, options.mode, index.size(), new TauIdMap(tauIds, writer.newIds), newHead,
                usage, importId, writer.chunk);
    }

    /** The second pass: chains of entries, parents first, appended chunk by chunk. */
    private static final class Writer {
        private final SessionStore store;
        private final SessionPath path;
        private final SourceIndex index;
        private final String importId;
        private final UsageDelta usage;
        private final boolean fresh;
        private final int chunkSize;
        private final long[] newIds;
        private final LongConsumer progress;
        private final List<Integer> members = new ArrayList<>();
        private final List<Message> messages = new ArrayList<>();
        private int chunk;
        private long written;

        Writer(SessionStore store, SessionPath path, SourceIndex index, String importId, UsageDelta usage,
                boolean fresh, int chunkSize, LongConsumer progress) {
            this.store = store;
            this.path = path;
            this.index = index;
            this.importId = importId;
            this.usage = usage;
            this.fresh = fresh;
            this.chunkSize = chunkSize;
            this.newIds = new long[index.size()];
            this.progress = progress;
        }

        void writeAll(Path file) {
            try (FileChannel channel = JsonlFile.channel(file)) {
                int previous = -1;
                for (int k = 0; k < index.size(); k++) {
                    int i = index.ordered(k);
                    int parent = index.parentIndex(i);
                    if (!members.isEmpty() && (parent != previous || members.size() == chunkSize)) {
                        flush();
                    }
                    members.add(i);
                    messages.add(reread(channel, i));
                    previous = i;
                }
                flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (RuntimeException e) {
                throw failed(e);
            }
        }

        private Message reread(FileChannel channel, int i) {
            long line = index.lineNumber(i);
            TauRecord record = TauRecord.parse(JsonlFile.readAt(channel, index.offset(i), index.length(i), line), line);
            int parent = index.parentIndex(i);
            boolean sameParent = parent < 0 ? !record.hasParent() : record.hasParent() && record.parentId() == index.tauId(parent);
            if (record.meta() || record.id() != index.tauId(i) || !sameParent) {
                throw new TauFormatException(Reason.SOURCE_CHANGED, line, "the file changed during the import");
            }
            return record.message();
        }

        private void flush() {
            int parent = index.parentIndex(members.get(0));
            Append.Builder append = Append.to(path).messages(messages)
                    .under(parent < 0 ? OptionalLong.empty() : OptionalLong.of(newIds[parent]));
            if (chunk == 0) {
                append.usage(usage);
                if (fresh) {
                    append.expectEmpty();
                }
            }
            Append keyed = ImportKeys.withKey(append, ImportKeys.key(importId, chunk)).build();
            List<SessionEntry> entries = chunk == 0 && !fresh ? earlierFreshRun(keyed) : null;
            if (entries == null) {
                entries = store.append(keyed);
            }
            for (int k = 0; k < entries.size(); k++) {
                newIds[members.get(k)] = entries.get(k).id();
            }
            written += entries.size();
            progress.accept(written);
            chunk++;
            members.clear();
            messages.clear();
        }

        /**
         * The entries of this first chunk if the same import already ran into the then-empty session: that
         * run sent it with {@code expectEmpty()}, so asking for exactly that write is answered by its key
         * with its entries; otherwise the store refuses it (stale head, or the key used by a merge run)
         * with nothing written, and the chunk goes as a merge.
         */
        private List<SessionEntry> earlierFreshRun(Append merge) {
            Append asFresh = new Append(merge.path(), merge.parentId(), merge.messages(), OptionalLong.of(0),
                    merge.usage(), merge.idempotencyKey());
            try {
                return store.append(asFresh);
            } catch (StaleHeadException | IdempotencyKeyReusedException notAFreshRun) {
                return null;
            }
        }

        private RuntimeException failed(RuntimeException e) {
            boolean empty = fresh && written == 0;
            if (fresh && written > 0) {
                try {
                    store.deleteSession(path);
                    empty = true;
                } catch (RuntimeException rollback) {
                    e.addSuppressed(rollback);
                }
            }
            return new TauImportFailedException("import into " + path + " failed after " + chunk + " appends",
                    written, empty, e);
        }
    }
}
