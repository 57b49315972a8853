package dev.tau4j.session.tau;

import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.internal.StoreArguments;
import dev.tau4j.session.tau.internal.EntryScan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * A session drawn as a graph: one node per entry (id, role and the start of its text), one edge from each
 * parent to its child, so every branch is visible. Written as Mermaid ({@code flowchart TD}) or Graphviz DOT,
 * streaming page by page: nothing but the current page is held.
 */
public final class SessionGraph {

    /** The output language. */
    public enum Format {
        MERMAID, DOT
    }

    /** Characters of text shown per node by default. */
    public static final int DEFAULT_LABEL_LENGTH = 40;

    private SessionGraph() {
    }

    /** Writes the graph of {@code path} to {@code out}. */
    public static void write(SessionStore store, SessionPath path, Format format, Appendable out) {
        write(store, path, format, DEFAULT_LABEL_LENGTH, out);
    }

    /** Writes the graph of {@code path} to {@code out}, with at most {@code labelLength} characters of text per node. */
    public static void write(SessionStore store, SessionPath path, Format format, int labelLength, Appendable out) {
        StoreArguments.requirePath(path);
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(out, "out");
        try {
            out.append(format == Format.MERMAID ? "flowchart TD\n" : "digraph session {\n  node [shape=box];\n");
            EntryScan.forEach(store, path, SessionStore.ENTRY_PAGE_SIZE, Long.MAX_VALUE, entry -> {
                try {
                    out.append(format == Format.MERMAID ? mermaid(entry, labelLength) : dot(entry, labelLength));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            if (format == Format.DOT) {
                out.append("}\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The graph as a string. */
    public static String render(SessionStore store, SessionPath path, Format format) {
        StringBuilder out = new StringBuilder();
        write(store, path, format, out);
        return out.toString();
    }

    private static String mermaid(SessionEntry entry, int labelLength) {
        String label = label(entry, labelLength).replace("\"", "#quot;");
        String node = "  e" + entry.id() + "[\"" + label + "\"]\n";
        return entry.parentId().isPresent() ? node + "  e" + entry.parentId().getAsLong() + " --> e" + entry.id() + "\n" : node;
    }

    private static String dot(SessionEntry entry, int labelLength) {
        String label = label(entry, labelLength).replace("\\", "\\\\").replace("\"", "\\\"");
        String node = "  e" + entry.id() + " [label=\"" + label + "\"];\n";
        return entry.parentId().isPresent() ? node + "  e" + entry.parentId().getAsLong() + " -> e" + entry.id() + ";\n" : node;
    }

    private static String label(SessionEntry entry, int labelLength) {
        String text = entry.message().text().replaceAll("\\s+", " ").strip();
        if (text.codePointCount(0, text.length()) > labelLength) {
            text = text.substring(0, text.offsetByCodePoints(0, labelLength)) + "…";
        }
        StringBuilder clean = new StringBuilder();
        text.codePoints().filter(c -> c > 0xFFFF || !Character.isISOControl(c) && !Character.isSurrogate((char) c))
                .forEach(clean::appendCodePoint);
        return entry.id() + " " + entry.message().role().wireName() + (clean.length() == 0 ? "" : ": " + clean);
    }
}
