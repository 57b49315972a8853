package dev.tau4j.session.tau;

import dev.tau4j.session.EntryNotFoundException;
import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.internal.StoreArguments;
import dev.tau4j.session.TauCompatibility;
import dev.tau4j.session.UsageSummary;
import dev.tau4j.session.tau.internal.EntryScan;
import dev.tau4j.session.tau.internal.ParentIndex;
import dev.tau4j.session.tau.internal.TauJsonWriter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.LongConsumer;

/**
 * Exports a session of any {@link SessionStore} as a Tau session file: the meta line first, then one entry
 * line per entry, root first, with tau4j's ids (already unsigned, parents before children), {@code parent_id}
 * always written, Tau's field order, compact JSON as Tau writes it.
 *
 * <pre>{@code
 * TauExportReport report = TauJsonlExport.from(store, SessionPath.of("chats/1"))
 *         .lineageOf(42)                        // default: the whole forest
 *         .toFile(Path.of("chat-1.jsonl"));     // and chat-1.jsonl.usage.json
 * }</pre>
 *
 * <p><b>Streaming.</b> Entries are read page by page ({@link SessionStore#entries(SessionPath, long, int)}),
 * never the whole session at once. A forest export holds one page; a lineage export first pages through the
 * entries up to the head keeping ids and parents only (16 bytes per entry) to find the lineage, then pages
 * again writing it. The export is a snapshot up to the head it saw first: entries appended meanwhile are left
 * out.
 *
 * <p><b>What Tau cannot read.</b> Each message is checked with {@link TauCompatibility}. By default the first
 * such entry stops the export with {@link TauIncompatibleContentException} naming it; with
 * {@link IncompatibleContent#REPORT} it is written in tau4j's storage-safe form and listed in the report.
 *
 * <p>Usage is not part of a Tau session file: {@link Builder#toFile(Path)} writes it to the sidecar
 * {@code <file>.usage.json}; {@link Builder#to(OutputStream)} reports it only.
 */
public final class TauJsonlExport {

    /** The meta line every export starts with. */
    public static final String META_LINE = "{\"record_type\":\"meta\",\"schema_version\":1}";

    private TauJsonlExport() {
    }

    /** Starts an export of {@code path} of {@code store}. */
    public static Builder from(SessionStore store, SessionPath path) {
        return new Builder(Objects.requireNonNull(store, "store"), StoreArguments.requirePath(path));
    }

    /** Options of an export. */
    public static final class Builder {
        private final SessionStore store;
        private final SessionPath path;
        private OptionalLong lineageHead = OptionalLong.empty();
        private boolean headLineage;
        private IncompatibleContent incompatible = IncompatibleContent.FAIL;
        private boolean acceptedAt;
        private int pageSize = SessionStore.ENTRY_PAGE_SIZE;
        private LongConsumer progress = written -> { };

        private Builder(SessionStore store, SessionPath path) {
            this.store = store;
            this.path = path;
        }

        /** Every entry of the session (the default). */
        public Builder forest() {
            this.lineageHead = OptionalLong.empty();
            this.headLineage = false;
            return this;
        }

        /** Only the lineage of {@code headId}, root first. */
        public Builder lineageOf(long headId) {
            this.lineageHead = OptionalLong.of(StoreArguments.requireEntryId(headId));
            this.headLineage = false;
            return this;
        }

        /** Only the lineage of the session's head (the highest id), as Tau exports. */
        public Builder lineageOfHead() {
            this.headLineage = true;
            return this;
        }

        public Builder onIncompatible(IncompatibleContent incompatible) {
            this.incompatible = Objects.requireNonNull(incompatible, "incompatible");
            return this;
        }

        /** Adds {@code "accepted_at"} (ISO-8601) after the message of each entry line; Tau ignores it. */
        public Builder acceptedAt(boolean acceptedAt) {
            this.acceptedAt = acceptedAt;
            return this;
        }

        /** Entries read per page, 1..{@value SessionStore#MAX_ENTRY_PAGE}. */
        public Builder pageSize(int pageSize) {
            this.pageSize = StoreArguments.requirePageLimit(pageSize, SessionStore.MAX_ENTRY_PAGE);
            return this;
        }

        /** Told the number of entry lines written so far, after each line (keep it cheap). */
        public Builder progress(LongConsumer progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        /**
         * Writes the session file to {@code out} (UTF-8), flushing but not closing it. On
         * {@link TauIncompatibleContentException} the lines before the entry have been written.
         */
        public TauExportReport to(OutputStream out) {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            try {
                TauExportReport report = write(writer);
                writer.flush();
                return report;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * Writes {@code file} and its usage sidecar, each through a temporary file moved into place, so a
         * failed export leaves neither behind.
         */
        public TauExportReport toFile(Path file) {
            Path absolute = file.toAbsolutePath();
            Path temp = null;
            Path sidecarTemp = null;
            try {
                temp = Files.createTempFile(absolute.getParent(), absolute.getFileName().toString(), ".part");
                TauExportReport report;
                try (OutputStream out = Files.newOutputStream(temp)) {
                    report = to(out);
                }
                Path sidecar = TauUsageSidecar.pathFor(absolute);
                sidecarTemp = Files.createTempFile(absolute.getParent(), sidecar.getFileName().toString(), ".part");
                TauUsageSidecar.write(report.usage(), sidecarTemp);
                Files.move(sidecarTemp, sidecar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return report;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            } finally {
                deleteQuietly(temp);
                deleteQuietly(sidecarTemp);
            }
        }

        private TauExportReport write(Writer out) throws IOException {
            UsageSummary usage = store.usage(path);
            OptionalLong head = store.head(path).map(e -> OptionalLong.of(e.id())).orElse(OptionalLong.empty());
            OptionalLong lineage = headLineage ? head : lineageHead;
            out.write(META_LINE);
            out.write('\n');
            if (head.isEmpty()) {
                if (lineage.isPresent()) {
                    throw new EntryNotFoundException(path, lineage.getAsLong());
                }
                return new TauExportReport(0, OptionalLong.empty(), usage, List.of());
            }
            long last = lineage.isPresent() ? lineage.getAsLong() : head.getAsLong();
            ParentIndex shape = lineage.isPresent() ? ParentIndex.read(store, path, pageSize, last) : null;
            BitSet keep = shape == null ? null : shape.lineage(last);
            List<TauExportReport.IncompatibleEntry> incompatibleEntries = new ArrayList<>();
            long[] written = {0, 0};
            try {
                EntryScan.forEach(store, path, pageSize, last, entry -> {
                    if (keep != null && !shape.contains(keep, entry.id())) {
                        return;
                    }
                    List<String> problems = TauCompatibility.check(entry.message());
                    if (!problems.isEmpty()) {
                        if (incompatible == IncompatibleContent.FAIL) {
                            throw new TauIncompatibleContentException(entry.id(), problems);
                        }
                        incompatibleEntries.add(new TauExportReport.IncompatibleEntry(entry.id(), problems));
                    }
                    writeEntry(out, entry, problems.isEmpty());
                    written[0]++;
                    written[1] = entry.id();
                    progress.accept(written[0]);
                });
            } finally {
                out.flush();
            }
            long lastId = written[1];
            return new TauExportReport(written[0], written[0] == 0 ? OptionalLong.empty() : OptionalLong.of(lastId), usage,
                    incompatibleEntries);
        }

        private void writeEntry(Writer out, SessionEntry entry, boolean tauCompatible) {
            try {
                writeLine(out, entry, tauCompatible);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void writeLine(Writer out, SessionEntry entry, boolean tauCompatible) throws IOException {
            out.write("{\"record_type\":\"entry\",\"id\":");
            out.write(Long.toString(entry.id()));
            out.write(",\"parent_id\":");
            out.write(entry.parentId().isPresent() ? Long.toString(entry.parentId().getAsLong()) : "null");
            out.write(",\"message\":");
            out.write(TauJsonWriter.message(entry.message(), tauCompatible));
            if (acceptedAt) {
                out.write(",\"accepted_at\":");
                out.write(TauJsonWriter.string(entry.acceptedAt().toString()));
            }
            out.write("}\n");
        }
    }

    private static void deleteQuietly(Path temp) {
        if (temp != null) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // best effort: the temporary file is named *.part next to the target
            }
        }
    }
}
