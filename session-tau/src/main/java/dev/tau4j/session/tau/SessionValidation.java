package dev.tau4j.session.tau;

import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.internal.StoreArguments;
import dev.tau4j.session.TauCompatibility;
import dev.tau4j.session.tau.internal.LongList;
import dev.tau4j.session.tau.internal.EntryScan;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks what a store should guarantee but a damaged or foreign backend might not: ids strictly increasing
 * (no duplicate), every parent present and older than its child (so no cycle), and, when asked, every
 * message loadable by Tau. Streams over pages keeping the ids only (8 bytes per entry).
 *
 * @param entries  entries read
 * @param problems the first {@value #MAX_PROBLEMS} problems, each naming the entry
 * @param total    how many problems were found in all
 */
public record SessionValidation(long entries, List<String> problems, long total) {

    /** At most this many problems are listed; {@link #total()} counts them all. */
    public static final int MAX_PROBLEMS = 100;

    public SessionValidation {
        problems = List.copyOf(problems);
    }

    /** True when no problem was found. */
    public boolean isValid() {
        return total == 0;
    }

    /** Validates the structure of {@code path}. */
    public static SessionValidation of(SessionStore store, SessionPath path) {
        return of(store, path, false);
    }

    /** Validates the structure of {@code path} and, with {@code tauCompatible}, that Tau can load every message. */
    public static SessionValidation of(SessionStore store, SessionPath path, boolean tauCompatible) {
        StoreArguments.requirePath(path);
        LongList ids = new LongList();
        List<String> problems = new ArrayList<>();
        long[] total = {0};
        EntryScan.forEach(store, path, SessionStore.ENTRY_PAGE_SIZE, Long.MAX_VALUE, entry -> {
            List<String> found = new ArrayList<>();
            long previous = ids.size() == 0 ? 0 : ids.get(ids.size() - 1);
            if (entry.id() <= previous) {
                found.add("entry " + entry.id() + " comes after entry " + previous + " (duplicate or out of order)");
            } else {
                ids.add(entry.id());
            }
            if (entry.parentId().isPresent()) {
                long parent = entry.parentId().getAsLong();
                if (parent >= entry.id()) {
                    found.add("entry " + entry.id() + " has parent " + parent + ", which is not older (a cycle is possible)");
                } else if (ids.binarySearch(parent) < 0) {
                    found.add("entry " + entry.id() + " has parent " + parent + ", which does not exist");
                }
            }
            if (tauCompatible) {
                for (String problem : TauCompatibility.check(entry.message())) {
                    found.add("entry " + entry.id() + " cannot be read by Tau: " + problem);
                }
            }
            total[0] += found.size();
            for (String problem : found) {
                if (problems.size() < MAX_PROBLEMS) {
                    problems.add(problem);
                }
            }
        });
        return new SessionValidation(ids.size(), problems, total[0]);
    }
}
