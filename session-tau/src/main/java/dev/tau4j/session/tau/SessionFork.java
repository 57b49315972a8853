package dev.tau4j.session.tau;

import dev.tau4j.session.Append;
import dev.tau4j.session.Message;
import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.StaleHeadException;
import dev.tau4j.session.internal.StoreArguments;
import dev.tau4j.session.tau.internal.EntryScan;
import dev.tau4j.session.tau.internal.ParentIndex;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;

/**
 * Copies the lineage of one entry into a new session, to start a new conversation from message N: the
 * target gets the lineage as one chain, root first, ids from 1. Usage is not copied (it belongs to the
 * source session). Works on any store.
 *
 * <p>The target must have no entry (otherwise {@link StaleHeadException} and nothing is written). The lineage
 * is found from ids and parents (16 bytes per entry) and copied in appends of at most
 * {@value #CHUNK} messages; if one fails, the target is deleted again, so a fork is all or nothing.
 *
 * @param target  the new session
 * @param copied  entries copied
 * @param newHead the id in the target of the copied head
 */
public record SessionFork(SessionPath target, long copied, long newHead) {

    /** Messages per append. */
    public static final int CHUNK = 1_000;

    public SessionFork {
        Objects.requireNonNull(target, "target");
    }

    /**
     * Forks the lineage of {@code headId} of {@code source} into {@code target}.
     *
     * @throws dev.tau4j.session.EntryNotFoundException when {@code headId} does not exist
     * @throws StaleHeadException                       when the target already has entries
     */
    public static SessionFork of(SessionStore store, SessionPath source, long headId, SessionPath target) {
        StoreArguments.requirePath(source);
        StoreArguments.requirePath(target);
        StoreArguments.requireEntryId(headId);
        ParentIndex shape = ParentIndex.read(store, source, SessionStore.ENTRY_PAGE_SIZE, headId);
        BitSet lineage = shape.lineage(headId);
        List<Message> chunk = new ArrayList<>();
        long[] last = {0};
        long[] copied = {0};
        try {
            EntryScan.forEach(store, source, SessionStore.ENTRY_PAGE_SIZE, headId, entry -> {
                if (shape.contains(lineage, entry.id())) {
                    chunk.add(entry.message());
                    if (chunk.size() == CHUNK) {
                        flush(store, target, chunk, last, copied);
                    }
                }
            });
            flush(store, target, chunk, last, copied);
        } catch (RuntimeException e) {
            if (copied[0] > 0) {
                store.deleteSession(target);
            }
            throw e;
        }
        return new SessionFork(target, copied[0], last[0]);
    }

    private static void flush(SessionStore store, SessionPath target, List<Message> chunk, long[] last, long[] copied) {
        if (chunk.isEmpty()) {
            return;
        }
        Append.Builder append = Append.to(target).messages(chunk);
        if (last[0] == 0) {
            append.expectEmpty();
        } else {
            append.under(last[0]);
        }
        List<SessionEntry> written = store.append(append.build());
        last[0] = written.get(written.size() - 1).id();
        copied[0] += written.size();
        chunk.clear();
    }
}
