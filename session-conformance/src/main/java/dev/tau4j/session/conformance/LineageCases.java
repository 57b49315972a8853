package dev.tau4j.session.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tau4j.session.EntryNotFoundException;
import dev.tau4j.session.InvalidInputException;
import dev.tau4j.session.Message;
import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Head, tips and lineage over a forest with branches, and over chains and forests thousands of entries large. */
abstract class LineageCases extends KitCases {

    LineageCases(SessionStoreConformanceKit kit) {
        super(kit);
    }

    /**
     * Writes the forest used by these cases and returns its entries by id (index 0 unused):
     * <pre>
     * 1 ─ 2 ─ 3        (the first tree's main line)
     *  └─ 4 ─ 6        (a branch under 1, continued after the second root)
     * 5                (a second root)
     * </pre>
     */
    private static SessionEntry[] forest(SessionStore store, SessionPath path) {
        SessionEntry[] e = new SessionEntry[7];
        e[1] = appendRoot(store, path, Message.user("1"));
        e[2] = appendUnder(store, path, 1, Message.assistant("2"));
        e[3] = appendUnder(store, path, 2, Message.user("3"));
        e[4] = appendUnder(store, path, 1, Message.assistant("4 (branch)"));
        e[5] = appendRoot(store, path, Message.system("5 (second root)"));
        e[6] = appendUnder(store, path, 4, Message.user("6"));
        return e;
    }

    @Test
    @ConformanceCase(id = "C-12")
    @DisplayName("C-12 head is the most recently appended entry")
    void headIsMostRecentEntry() {
        SessionStore store = newStore();
        SessionPath path = path("head");
        assertThat(store.head(path)).as("head of a session with no entry").isEmpty();
        SessionEntry first = appendRoot(store, path, Message.user("1"));
        assertThat(store.head(path)).hasValue(first);
        SessionEntry second = appendUnder(store, path, 1, Message.user("2"));
        assertThat(store.head(path)).hasValue(second);
        // Branching under an older entry moves the head to the new entry, not along the longest line.
        SessionEntry branch = appendUnder(store, path, 1, Message.user("branch"));
        assertThat(store.head(path)).hasValue(branch);
        SessionEntry newRoot = appendRoot(store, path, Message.user("root 2"));
        assertThat(store.head(path)).hasValue(newRoot);
        assertThat(newRoot.id()).isEqualTo(4L);
    }

    @Test
    @ConformanceCase(id = "C-13")
    @DisplayName("C-13 tips are the entries without children, in id order")
    void tipsAreChildlessEntries() {
        SessionStore store = newStore();
        SessionPath path = path("tips");
        assertThat(store.tips(path)).isEmpty();
        SessionEntry only = appendRoot(store, path, Message.user("only"));
        assertThat(store.tips(path)).containsExactly(only);

        SessionPath forestPath = path("forest");
        SessionEntry[] e = forest(store, forestPath);
        assertThat(store.tips(forestPath)).as("tips of the forest").containsExactly(e[3], e[5], e[6]);
    }

    @Test
    @ConformanceCase(id = "C-14")
    @DisplayName("C-14 lineage runs from the root to the head, root first")
    void lineageRunsRootFirst() {
        SessionStore store = newStore();
        SessionPath path = path("lineage");
        SessionEntry[] e = forest(store, path);
        assertThat(store.lineage(path, 3)).containsExactly(e[1], e[2], e[3]);
        assertThat(store.lineage(path, 6)).containsExactly(e[1], e[4], e[6]);
        assertThat(store.lineage(path, 4)).containsExactly(e[1], e[4]);
        assertThat(store.lineage(path, 5)).containsExactly(e[5]);
        assertThat(store.lineage(path, 1)).containsExactly(e[1]);
        for (SessionEntry head : List.of(e[1], e[2], e[3], e[4], e[5], e[6])) {
            List<SessionEntry> lineage = store.lineage(path, head.id());
            assertThat(lineage.get(0).isRoot()).as("lineage of %d starts at a root", head.id()).isTrue();
            assertThat(lineage.get(lineage.size() - 1)).isEqualTo(head);
            for (int i = 1; i < lineage.size(); i++) {
                assertThat(lineage.get(i).parentId()).hasValue(lineage.get(i - 1).id());
            }
        }
    }

    @Test
    @ConformanceCase(id = "C-15")
    @DisplayName("C-15 lineage of an unknown head fails with EntryNotFoundException")
    void lineageOfUnknownHeadFails() {
        SessionStore store = newStore();
        SessionPath path = path("lineage-unknown");
        forest(store, path);
        assertThatThrownBy(() -> store.lineage(path, 7))
                .isInstanceOfSatisfying(EntryNotFoundException.class, ex -> {
                    assertThat(ex.entryId()).isEqualTo(7L);
                    assertThat(ex.path()).isEqualTo(path);
                });
        assertThatThrownBy(() -> store.lineage(path("nowhere"), 1)).isInstanceOf(EntryNotFoundException.class);
        assertThatThrownBy(() -> store.lineage(path, 0)).isInstanceOf(InvalidInputException.class);
        assertThat(listedPaths(store, root)).containsExactly(path);
    }

    /** Depth of the chain of C-76: far past the 100 and 1,000 where recursive reads are often cut short. */
    static final int DEEP_CHAIN = 3_000;

    @Test
    @ConformanceCase(id = "C-76")
    @DisplayName("C-76 lineage of a chain 3,000 entries deep is complete, root first")
    void lineageOfDeepChain() {
        SessionStore store = newStore();
        SessionPath path = path("deep");
        List<SessionEntry> chain = appendChain(store, path, "deep", DEEP_CHAIN, 1_000);
        // A branch under entry 2,500: its lineage is the chain's first 2,500 entries, then the branch.
        List<SessionEntry> branch = appendChain(store, path, OptionalLong.of(2_500), "branch", 200, 200);

        assertLineage(store, path, DEEP_CHAIN, chain);
        List<SessionEntry> branchLineage = new ArrayList<>(chain.subList(0, 2_500));
        branchLineage.addAll(branch);
        assertLineage(store, path, branch.get(branch.size() - 1).id(), branchLineage);
        assertLineage(store, path, 1_001, chain.subList(0, 1_001));
        assertLineage(store, path, 101, chain.subList(0, 101));
        assertLineage(reopen(store), path, DEEP_CHAIN, chain);
    }

    /** The lineage of {@code headId} is exactly {@code expected}: root first, each entry the child of the one before. */
    private static void assertLineage(SessionStore store, SessionPath path, long headId, List<SessionEntry> expected) {
        List<SessionEntry> lineage = store.lineage(path, headId);
        assertSameEntries("lineage of entry " + headId, lineage, expected);
        assertThat(lineage.get(0).isRoot()).as("lineage of %d starts at a root", headId).isTrue();
        for (int i = 1; i < lineage.size(); i++) {
            assertThat(lineage.get(i).parentId()).as("parent at position %d of the lineage of %d", i, headId)
                    .hasValue(lineage.get(i - 1).id());
        }
    }

    @Test
    @ConformanceCase(id = "C-77")
    @DisplayName("C-77 tips of a forest of thousands of entries are every childless entry, in id order")
    void tipsOfLargeForest() {
        SessionStore store = newStore();
        SessionPath path = path("large-forest");
        List<SessionEntry> written = new ArrayList<>(appendChain(store, path, "trunk", 2_500, 1_000));
        // Branches spread along the trunk, the last ones under entries beyond the first default page.
        for (int k = 0; k < 60; k++) {
            written.addAll(appendChain(store, path, OptionalLong.of(1 + 42L * k), "branch-" + k, 5, 5));
        }
        // Branches under branches, and more roots, each with a short chain.
        written.addAll(appendChain(store, path, OptionalLong.of(2_503), "twig", 3, 3));
        for (int r = 0; r < 10; r++) {
            written.addAll(appendChain(store, path, OptionalLong.empty(), "root-" + r, 10, 10));
        }
        Set<Long> parents = new HashSet<>();
        for (SessionEntry entry : written) {
            entry.parentId().ifPresent(parents::add);
        }
        List<SessionEntry> expected = written.stream().filter(e -> !parents.contains(e.id())).toList();
        assertThat(expected).as("trunk, branch, twig and root tips").hasSize(1 + 60 + 1 + 10);

        assertSameEntries("tips of the forest", store.tips(path), expected);
        assertSameEntries("tips of the forest, read by a new instance", reopen(store).tips(path), expected);
    }

    @Test
    @ConformanceCase(id = "C-91")
    @DisplayName("C-91 a lineage tail is the suffix of the full lineage, also on long chains")
    void lineageTail() {
        SessionStore store = newStore();
        SessionPath path = path("tail");
        List<SessionEntry> trunk = appendChain(store, path, "trunk", 3_000, 1_000);
        List<SessionEntry> branch = appendChain(store, path, OptionalLong.of(2_500), "branch", 300, 300);
        long branchTip = branch.get(branch.size() - 1).id();
        SessionStore again = reopen(store);
        for (long head : List.of(3_000L, branchTip, 1_001L, 1L)) {
            List<SessionEntry> full = store.lineage(path, head);
            for (int n : List.of(1, 2, 299, 300, 301, 1_000, 2_999, 3_000, 3_001, SessionStore.MAX_ENTRY_PAGE)) {
                List<SessionEntry> expected = full.subList(Math.max(0, full.size() - n), full.size());
                assertSameEntries("last " + n + " of the lineage of " + head, store.lineageTail(path, head, n), expected);
                if (n == 300 || n == 3_001) {
                    assertSameEntries("last " + n + " of the lineage of " + head + " through a new instance",
                            again.lineageTail(path, head, n), expected);
                }
            }
        }
        assertThat(trunk).hasSize(3_000);
        assertThatThrownBy(() -> store.lineageTail(path, 9_999, 5)).isInstanceOf(EntryNotFoundException.class);
        assertThatThrownBy(() -> store.lineageTail(path("tail-none"), 1, 5)).isInstanceOf(EntryNotFoundException.class);
        for (int bad : List.of(0, -1, SessionStore.MAX_ENTRY_PAGE + 1)) {
            assertThatThrownBy(() -> store.lineageTail(path, 3_000, bad)).isInstanceOf(InvalidInputException.class);
        }
        assertThatThrownBy(() -> store.lineageTail(path, 0, 5)).isInstanceOf(InvalidInputException.class);
    }
}
