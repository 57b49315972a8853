package dev.tau4j.session.tau.internal;

import dev.tau4j.session.MessageCodec;
import dev.tau4j.session.tau.TauFormatException;
import dev.tau4j.session.tau.TauFormatException.Reason;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * What an import keeps of a Tau file between its two passes: per entry its Tau id, its parent, where its
 * line is in the file and its line number — never the messages. About 50 bytes per entry. The first pass
 * reads and validates every line (each message decoded, then dropped); {@link #validate()} then refuses
 * duplicate ids, parents missing from the file and cycles, naming a line, and computes an order that puts
 * every parent before its children (file order otherwise).
 */
public final class SourceIndex {

    private final LongList ids = new LongList();
    private final LongList parents = new LongList();
    private final LongList offsets = new LongList();
    private final LongList lines = new LongList();
    private final LongList lengths = new LongList();
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
                index.lengths.add(line.length());
                index.lines.add(line.number());
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
        return lines.get(i);
    }

    public long offset(int i) {
        return offsets.get(i);
    }

    public int length(int i) {
        return (int) lengths.get(i);
    }

    /** The index of the entry's parent, or -1 for a root; after {@link #validate()}. */
    public int parentIndex(int i) {
        return parentIndex[i];
    }

    /** Entry indexes, parents before children, file order otherwise; after {@link #validate()}. */
    public int[] order() {
        return order.clone();
    }

    /** Refuses duplicate ids, missing parents and cycles, naming the first line at fault. */
    public void validate() {
        int n = size();
        Integer[] boxed = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(boxed, Comparator.<Integer>comparingLong(i -> ids.get(i)).thenComparingInt(i -> i));
        int[] byId = new int[n];
        long[] sortedIds = new long[n];
        for (int k = 0; k < n; k++) {
            byId[k] = boxed[k];
            sortedIds[k] = ids.get(boxed[k]);
        }
        boxed = null;
        int duplicate = -1;
        for (int k = 1; k < n; k++) {
            if (sortedIds[k] == sortedIds[k - 1] && (duplicate < 0 || byId[k] < duplicate)) {
                duplicate = byId[k];
            }
        }
        if (duplicate >= 0) {
            long id = ids.get(duplicate);
            int first = byId[firstWithId(sortedIds, id)];
            throw new TauFormatException(Reason.DUPLICATE_ID, lines.get(duplicate), "duplicate entry id "
                    + Long.toUnsignedString(id) + " (first on line " + lines.get(first) + ")");
        }
        parentIndex = new int[n];
        for (int i = 0; i < n; i++) {
            if (roots.get(i)) {
                parentIndex[i] = -1;
                continue;
            }
            int k = Arrays.binarySearch(sortedIds, parents.get(i));
            if (k < 0) {
                throw new TauFormatException(Reason.MISSING_PARENT, lines.get(i), "entry "
                        + Long.toUnsignedString(ids.get(i)) + " has parent " + Long.toUnsignedString(parents.get(i))
                        + ", which is not in the file");
            }
            parentIndex[i] = byId[k];
        }
        order = parentsFirst(n);
    }

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
                    throw new TauFormatException(Reason.CYCLE, lines.get(at), "entry " + Long.toUnsignedString(ids.get(at))
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
