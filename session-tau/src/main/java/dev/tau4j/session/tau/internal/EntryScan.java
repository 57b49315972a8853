package dev.tau4j.session.tau.internal;

import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionStore;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Reads a session page by page, in id order, holding one page at a time. */
public final class EntryScan {

    private EntryScan() {
    }

    /**
     * Shows {@code each} every entry with an id above {@code afterId} and at most {@code upTo}, until it
     * returns false.
     */
    public static void scan(SessionStore store, SessionPath path, int pageSize, long afterId, long upTo,
            Predicate<SessionEntry> each) {
        long after = afterId;
        while (after < upTo) {
            List<SessionEntry> page = store.entries(path, after, pageSize);
            for (SessionEntry entry : page) {
                if (entry.id() > upTo || !each.test(entry)) {
                    return;
                }
            }
            if (page.size() < pageSize) {
                return;
            }
            after = page.get(page.size() - 1).id();
        }
    }

    /** Calls {@code each} for every entry with an id at most {@code upTo}. */
    public static void forEach(SessionStore store, SessionPath path, int pageSize, long upTo, Consumer<SessionEntry> each) {
        scan(store, path, pageSize, 0, upTo, entry -> {
            each.accept(entry);
            return true;
        });
    }
}
