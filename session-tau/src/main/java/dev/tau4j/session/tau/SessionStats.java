package dev.tau4j.session.tau;

import dev.tau4j.session.Role;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.internal.StoreArguments;
import dev.tau4j.session.UsageSummary;
import dev.tau4j.session.tau.internal.ParentIndex;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The shape and size of a session, computed over the SPI in one paged pass that keeps ids and parents only
 * (about 24 bytes per entry), never the messages.
 *
 * @param entries      number of entries
 * @param roots        entries without a parent
 * @param tips         entries without a child
 * @param branchPoints entries with more than one child
 * @param maxDepth     the longest lineage, in entries (0 for an empty session)
 * @param byRole       entries per role (every role present, 0 when none)
 * @param head         the highest id, empty for an empty session
 * @param usage        the session's cumulative usage
 */
public record SessionStats(long entries, long roots, long tips, long branchPoints, int maxDepth, Map<Role, Long> byRole,
        OptionalLong head, UsageSummary usage) {

    public SessionStats {
        byRole = Map.copyOf(byRole);
        Objects.requireNonNull(head, "head");
        Objects.requireNonNull(usage, "usage");
    }

    /** Statistics of {@code path}; an unknown session gives all zeros. */
    public static SessionStats of(SessionStore store, SessionPath path) {
        StoreArguments.requirePath(path);
        Map<Role, Long> byRole = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            byRole.put(role, 0L);
        }
        UsageSummary usage = store.usage(path);
        ParentIndex shape = ParentIndex.read(store, path, SessionStore.ENTRY_PAGE_SIZE, Long.MAX_VALUE,
                entry -> byRole.merge(entry.message().role(), 1L, Long::sum));
        int n = shape.size();
        int[] children = new int[n];
        int[] depth = new int[n];
        long roots = 0;
        int maxDepth = 0;
        for (int k = 0; k < n; k++) {
            int parent = shape.parentIndex(k);
            if (parent < 0) {
                roots++;
                depth[k] = 1;
            } else {
                children[parent]++;
                depth[k] = depth[parent] + 1;
            }
            maxDepth = Math.max(maxDepth, depth[k]);
        }
        long tips = 0;
        long branchPoints = 0;
        for (int k = 0; k < n; k++) {
            tips += children[k] == 0 ? 1 : 0;
            branchPoints += children[k] > 1 ? 1 : 0;
        }
        OptionalLong head = n == 0 ? OptionalLong.empty() : OptionalLong.of(shape.id(n - 1));
        return new SessionStats(n, roots, tips, branchPoints, maxDepth, byRole, head, usage);
    }
}
