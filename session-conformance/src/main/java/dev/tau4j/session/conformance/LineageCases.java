package dev.tau4j.session.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tau4j.session.EntryNotFoundException;
import dev.tau4j.session.InvalidInputException;
import dev.tau4j.session.Message;
import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionStore;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Head, tips and lineage over a forest with branches. */
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
}
