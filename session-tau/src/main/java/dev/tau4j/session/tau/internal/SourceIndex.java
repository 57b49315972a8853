package dev.tau4j.session.tau.internal;

import dev.tau4j.session.MessageCodec;
import dev.tau4j.session.tau.TauFormatException;
import dev.tau4j.session.tau.TauFormatException.Reason;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;

/**
 * What an import keeps of a Tau file between its two passes: per entry its Tau id, its parent, where its
 * line is in the file and its line number — never the messages. About 40 bytes per entry (24 while reading, then 16 more to validate). The first pass
 * reads and validates every line (each message decoded, then dropped); {@link #validate()} then refuses
 * duplicate ids, parents missing from the file and cycles, naming a line, and computes an order that puts
 * every parent before its children (file order otherwise).
 */
public final class SourceIndex {

    private final LongList ids = new LongList();
    private final LongList parents = new LongList();
    private final LongList offsets = new LongList();
    /** Line number in the high 32 bits, byte length in the low 32 bits. */
    private final LongList linesAndLengths = new LongList();
    private final BitSet roots = new BitSet();
    private byte[] digest;
    private int[] parentIndex;
    private int[] order;

    private SourceIndex() {
    }

    /**
     * First pass: reads every line of {@code file}, refusing a bad line or a message above
     * {@code maxMessageBytes}.
     */
    public static SourceIndex read(Path file, int maxMessageBytes) {
        SourceIndex index = new SourceIndex();
        try (JsonlFile in = JsonlFile.open(file)) {
            JsonlFile.Line line;
            while ((line = in.next()) != null) {
                if (TauRecord.isBlank(line.text())) {
                    continue;
                }
                TauRecord record = TauRecord.parse(line.text(), line.number());
                if (record.meta()) {
                    continue;
                }
                long size = MessageCodec.encode(record.message()).getBytes(StandardCharsets.UTF_8).length;
                if (size > maxMessageBytes) {
                    throw new TauFormatException(Reason.MESSAGE_TOO_LARGE, line.number(), "the message is " + size
                            + " bytes, above the target store's limit of " + maxMessageBytes);
                }
                index.ids.add(record.id());
                index.parents.add(record.hasParent() ? record.parentId() : -1);
                index.offsets.add(line.offset());
                if (line.number() > Integer.MAX_VALUE) {
                    throw new TauFormatException(Reason.MALFORMED_LINE, line.number(), "the file has too many lines");
                }
                index.linesAndLengths.add(line.number() << 32 | line.length());
                index.roots.set(index.ids.size() - 1, !record.hasParent());
            }
            index.digest = in.sha256Digest();
        }
        return index;
    }

    /** Number of entries in the file. */
    public int size() {
        return ids.size();
    }

    /** SHA-256 of the file's bytes. */
    public byte[] digest() {
        return digest.clone();
    }

    public long tauId(int i) {
        return ids.get(i);
    }

    public long lineNumber(int i) {
        return linesAndLengths.get(i) >>> 32;
    }

    public long offset(int i) {
        return offsets.get(i);
    }

    public int length(int i) {
        return (int) linesAndLengths.get(i);
    }

    /** The index of the entry's parent, or -1 for a root; after {@link #validate()}. */
    public int parentIndex(int i) {
        return parentIndex[i];
    }

    /** The {@code k}-th entry index in an order that puts parents before children (file order otherwise). */
    public int ordered(int k) {
        return order[k];
    }

    /** Refuses duplicate ids, missing parents and cycles, naming the first line at fault. */
    public void validate() {
        int n = size();
        long[] sortedIds = ids.toArray();
        Arrays.sort(sortedIds);
        int[] byId = new int[n];
        Arrays.fill(byId, -1);
        for (int i = 0; i < n; i++) {
            int k = firstWithId(sortedIds, ids.get(i));
            if (byId[k] >= 0) {
                throw new TauFormatException(Reason.DUPLICATE_ID, lineNumber(i), "duplicate entry id "
                        + Long.toUnsignedString(ids.get(i)) + " (first on line " + lineNumber(byId[k]) + ")");
            }
            byId[k] = i;
        }
        parentIndex = new int[n];
        for (int i = 0; i < n; i++) {
            if (roots.get(i)) {
                parentIndex[i] = -1;
                continue;
            }
            int k = Arrays.binarySearch(sortedIds, parents.get(i));
            if (k < 0) {
                throw new TauFormatException(Reason.MISSING_PARENT, lineNumber(i), "entry "
                        + Long.toUnsignedString(ids.get(i)) + " has parent " + Long.toUnsignedString(parents.get(i))
                        + ", which is not in the file");
            }
            parentIndex[i] = byId[k];
        }
        order = parentsFirst(n);
    }

    /** The first position of {@code id} in {@code sortedIds}, which holds it. */
    private static int firstWithId(long[] sortedIds, long id) {
        int k = Arrays.binarySearch(sortedIds, id);
        while (k > 0 && sortedIds[k - 1] == id) {
            k--;
        }
        return k;
    }

    private int[] parentsFirst(int n) {
        byte[] state = new byte[n];
        int[] order = new int[n];
        int placed = 0;
        int[] path = new int[16];
        for (int i = 0; i < n; i++) {
            int depth = 0;
            int at = i;
            while (at >= 0 && state[at] != 2) {
                if (state[at] == 1) {
                    throw new TauFormatException(Reason.CYCLE, lineNumber(at), "entry " + Long.toUnsignedString(ids.get(at))
                            + " is its own ancestor (a cycle of parents)");
                }
                state[at] = 1;
                if (depth == path.length) {
                    path = Arrays.copyOf(path, depth * 2);
                }
                path[depth++] = at;
                at = parentIndex[at];
            }
            for (int d = depth - 1; d >= 0; d--) {
                state[path[d]] = 2;
                order[placed++] = path[d];
            }
        }
        return order;
    }
}
