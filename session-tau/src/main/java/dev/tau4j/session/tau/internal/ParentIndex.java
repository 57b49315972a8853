package dev.tau4j.session.tau.internal;

import dev.tau4j.session.EntryNotFoundException;
import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionStore;
import java.util.BitSet;
import java.util.function.Consumer;

/**
 * The shape of a session without its messages: every entry's id and parent, in id order (16 bytes per
 * entry), read page by page. Lets the toolbox walk lineages and count children over a session of any size.
 */
public final class ParentIndex {

    private final SessionPath path;
    private final LongList ids = new LongList();
    private final LongList parents = new LongList();

    private ParentIndex(SessionPath path) {
        this.path = path;
    }

    /** Reads the ids and parents of every entry with an id at most {@code upTo}. */
    public static ParentIndex read(SessionStore store, SessionPath path, int pageSize, long upTo) {
        return read(store, path, pageSize, upTo, entry -> { });
    }

    /** Like {@link #read(SessionStore, SessionPath, int, long)}, showing each entry to {@code each} on the way. */
    public static ParentIndex read(SessionStore store, SessionPath path, int pageSize, long upTo,
            Consumer<SessionEntry> each) {
        ParentIndex index = new ParentIndex(path);
        EntryScan.forEach(store, path, pageSize, upTo, entry -> {
            index.ids.add(entry.id());
            index.parents.add(entry.parentId().orElse(0));
            each.accept(entry);
        });
        return index;
    }

    public int size() {
        return ids.size();
    }

    public long id(int k) {
        return ids.get(k);
    }

    /** The parent id of the {@code k}-th entry, 0 for a root. */
    public long parent(int k) {
        return parents.get(k);
    }

    /** The position of {@code id}, or -1 when the session has no such entry. */
    public int indexOf(long id) {
        int k = ids.binarySearch(id);
        return k < 0 ? -1 : k;
    }

    /** The position of the parent of the {@code k}-th entry, -1 for a root or a parent not in the index. */
    public int parentIndex(int k) {
        long parent = parents.get(k);
        return parent == 0 ? -1 : indexOf(parent);
    }

    /**
     * The positions on the lineage of {@code headId}, root to head.
     *
     * @throws EntryNotFoundException when the session has no entry {@code headId}
     */
    public BitSet lineage(long headId) {
        int at = indexOf(headId);
        if (at < 0) {
            throw new EntryNotFoundException(path, headId);
        }
        BitSet marked = new BitSet(size());
        while (at >= 0) {
            marked.set(at);
            at = parentIndex(at);
        }
        return marked;
    }

    /** Whether {@code id} is marked in {@code positions}. */
    public boolean contains(BitSet positions, long id) {
        int k = indexOf(id);
        return k >= 0 && positions.get(k);
    }
}
