package dev.tau4j.session.tau;

import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.internal.StoreArguments;
import dev.tau4j.session.tau.internal.EntryScan;
import dev.tau4j.session.tau.internal.ParentIndex;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * How two lineages of one session differ: their last common entry and the two tails after it, each root
 * first. Found from ids and parents read page by page (16 bytes per entry); only the tails' entries are held.
 *
 * @param commonAncestor the last entry both lineages share, empty when they start from different roots
 * @param onlyA          the entries of lineage A after the common ancestor
 * @param onlyB          the entries of lineage B after the common ancestor
 */
public record LineageDiff(OptionalLong commonAncestor, List<SessionEntry> onlyA, List<SessionEntry> onlyB) {

    public LineageDiff {
        Objects.requireNonNull(commonAncestor, "commonAncestor");
        onlyA = List.copyOf(onlyA);
        onlyB = List.copyOf(onlyB);
    }

    /**
     * The difference of the lineages of heads {@code a} and {@code b} of {@code path}.
     *
     * @throws dev.tau4j.session.EntryNotFoundException when either head does not exist
     */
    public static LineageDiff of(SessionStore store, SessionPath path, long a, long b) {
        StoreArguments.requirePath(path);
        StoreArguments.requireEntryId(a);
        StoreArguments.requireEntryId(b);
        long upTo = Math.max(a, b);
        ParentIndex shape = ParentIndex.read(store, path, SessionStore.ENTRY_PAGE_SIZE, upTo);
        BitSet lineageA = shape.lineage(a);
        BitSet lineageB = shape.lineage(b);
        BitSet common = (BitSet) lineageA.clone();
        common.and(lineageB);
        int last = common.length() - 1;
        OptionalLong ancestor = last < 0 ? OptionalLong.empty() : OptionalLong.of(shape.id(last));
        List<SessionEntry> onlyA = new ArrayList<>();
        List<SessionEntry> onlyB = new ArrayList<>();
        EntryScan.forEach(store, path, SessionStore.ENTRY_PAGE_SIZE, upTo, entry -> {
            int k = shape.indexOf(entry.id());
            if (k < 0 || common.get(k)) {
                return;
            }
            if (lineageA.get(k)) {
                onlyA.add(entry);
            }
            if (lineageB.get(k)) {
                onlyB.add(entry);
            }
        });
        return new LineageDiff(ancestor, onlyA, onlyB);
    }
}
