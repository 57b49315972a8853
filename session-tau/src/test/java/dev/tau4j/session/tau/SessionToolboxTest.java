package dev.tau4j.session.tau;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tau4j.session.Append;
import dev.tau4j.session.EntryNotFoundException;
import dev.tau4j.session.Message;
import dev.tau4j.session.Role;
import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.SessionListing;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.StaleHeadException;
import dev.tau4j.session.SessionSummary;
import dev.tau4j.session.UsageDelta;
import dev.tau4j.session.UsageSummary;
import dev.tau4j.session.memory.InMemorySessionStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The toolbox over the SPI. The session used by most tests:
 * <pre>
 * 1 system ─ 2 user ─ 3 assistant ─ 4 user "Invoice"
 *                  └─ 5 user "invoice again" ─ 6 assistant
 * 7 user (second root)
 * </pre>
 */
@DisplayName("The session toolbox")
class SessionToolboxTest {

    private final InMemorySessionStore store = InMemorySessionStore.create();
    private final SessionPath path = SessionPath.of("chats/toolbox");

    @BeforeEach
    void seed() {
        store.append(Append.to(path).message(Message.system("be brief")).message(Message.user("hello"))
                .message(Message.assistant("hi there")).message(Message.user("Invoice 42 please"))
                .usage(UsageDelta.of(5, 6, 11, "0.25")).build());
        store.append(Append.to(path).under(2).message(Message.user("invoice again")).message(Message.assistant("sent")).build());
        store.append(Append.to(path).message(Message.user("other root")).build());
    }

    private static List<Long> ids(List<SessionEntry> entries) {
        return entries.stream().map(SessionEntry::id).collect(Collectors.toList());
    }

    @Nested
    @DisplayName("fork")
    class Fork {

        @Test
        @DisplayName("copies the lineage of an entry into a new session as one chain, ids from 1")
        void copiesLineage() {
            SessionPath target = SessionPath.of("chats/forked");
            SessionFork fork = SessionFork.of(store, path, 6, target);
            assertThat(fork.copied()).isEqualTo(4);
            assertThat(fork.newHead()).isEqualTo(4);
            assertThat(store.lineage(target, 4)).extracting(e -> e.message().text())
                    .containsExactly("be brief", "hello", "invoice again", "sent");
            assertThat(store.tips(target)).hasSize(1);
        }

        @Test
        @DisplayName("refuses a target that has entries, and an unknown head, writing nothing")
        void refuses() {
            SessionPath target = SessionPath.of("chats/busy");
            store.append(Append.to(target).message(Message.user("mine")).build());
            assertThatThrownBy(() -> SessionFork.of(store, path, 6, target)).isInstanceOf(StaleHeadException.class);
            assertThat(store.entries(target)).hasSize(1);
            assertThatThrownBy(() -> SessionFork.of(store, path, 99, SessionPath.of("chats/new")))
                    .isInstanceOf(EntryNotFoundException.class);
            assertThat(store.listSessions(SessionListing.under(SessionPath.of("chats/new")))).isEmpty();
        }

        @Test
        @DisplayName("copies a lineage longer than one append")
        void longLineage() {
            SessionPath deep = SessionPath.of("chats/deep");
            List<Message> chain = new ArrayList<>();
            for (int i = 0; i < 2_500; i++) {
                chain.add(Message.user("m" + i));
            }
            store.append(Append.to(deep).messages(chain).build());
            SessionFork fork = SessionFork.of(store, deep, 2_345, SessionPath.of("chats/deep-fork"));
            assertThat(fork.copied()).isEqualTo(2_345);
            assertThat(store.lineage(SessionPath.of("chats/deep-fork"), 2_345)).hasSize(2_345)
                    .last().extracting(e -> e.message().text()).isEqualTo("m2344");
        }
    }

    @Nested
    @DisplayName("search")
    class Search {

        @Test
        @DisplayName("finds text case-insensitively, filtered by role, page by page")
        void paged() {
            SessionSearch.Page first = SessionSearch.in(store, path).text("INVOICE").roles(Role.USER).limit(1).run();
            assertThat(ids(first.hits())).containsExactly(4L);
            assertThat(first.next()).hasValue(4);
            SessionSearch.Page second = SessionSearch.in(store, path).text("INVOICE").roles(Role.USER).limit(1)
                    .after(first.next().getAsLong()).run();
            assertThat(ids(second.hits())).containsExactly(5L);
            SessionSearch.Page third = SessionSearch.in(store, path).text("INVOICE").roles(Role.USER).limit(1)
                    .after(second.next().getAsLong()).run();
            assertThat(third.hits()).isEmpty();
            assertThat(third.next()).isEmpty();
        }

        @Test
        @DisplayName("case-sensitive when asked; an empty text matches every entry of the roles")
        void options() {
            assertThat(ids(SessionSearch.in(store, path).text("Invoice").ignoreCase(false).run().hits())).containsExactly(4L);
            assertThat(ids(SessionSearch.in(store, path).roles(Role.ASSISTANT, Role.SYSTEM).run().hits()))
                    .containsExactly(1L, 3L, 6L);
        }
    }

    @Test
    @DisplayName("stats count entries, roots, tips, branch points, depth, roles and usage")
    void stats() {
        SessionStats stats = SessionStats.of(store, path);
        assertThat(stats.entries()).isEqualTo(7);
        assertThat(stats.roots()).isEqualTo(2);
        assertThat(stats.tips()).isEqualTo(3);
        assertThat(stats.branchPoints()).isEqualTo(1);
        assertThat(stats.maxDepth()).isEqualTo(4);
        assertThat(stats.byRole()).containsEntry(Role.USER, 4L).containsEntry(Role.ASSISTANT, 2L)
                .containsEntry(Role.SYSTEM, 1L).containsEntry(Role.TOOL, 0L);
        assertThat(stats.head()).hasValue(7);
        assertThat(stats.usage().totalTokens()).isEqualTo(11);
        SessionStats empty = SessionStats.of(store, SessionPath.of("none"));
        assertThat(empty.entries()).isZero();
        assertThat(empty.maxDepth()).isZero();
        assertThat(empty.head()).isEmpty();
    }

    @Nested
    @DisplayName("diff")
    class Diff {

        @Test
        @DisplayName("gives the common ancestor and the two tails, root first")
        void branches() {
            LineageDiff diff = LineageDiff.of(store, path, 4, 6);
            assertThat(diff.commonAncestor()).hasValue(2);
            assertThat(ids(diff.onlyA())).containsExactly(3L, 4L);
            assertThat(ids(diff.onlyB())).containsExactly(5L, 6L);
        }

        @Test
        @DisplayName("an ancestor of the other has an empty tail; separate roots have no common ancestor")
        void edges() {
            LineageDiff ancestor = LineageDiff.of(store, path, 2, 6);
            assertThat(ancestor.commonAncestor()).hasValue(2);
            assertThat(ancestor.onlyA()).isEmpty();
            assertThat(ids(ancestor.onlyB())).containsExactly(5L, 6L);
            LineageDiff apart = LineageDiff.of(store, path, 7, 3);
            assertThat(apart.commonAncestor()).isEmpty();
            assertThat(ids(apart.onlyA())).containsExactly(7L);
            assertThat(ids(apart.onlyB())).containsExactly(1L, 2L, 3L);
            assertThatThrownBy(() -> LineageDiff.of(store, path, 4, 42)).isInstanceOf(EntryNotFoundException.class);
        }
    }

    @Nested
    @DisplayName("graph")
    class Graph {

        @Test
        @DisplayName("Mermaid shows every entry and every parent edge, so branches are visible")
        void mermaid() {
            store.append(Append.to(path).under(7).message(Message.user("say \"hi\"\nnow")).build());
            assertThat(SessionGraph.render(store, path, SessionGraph.Format.MERMAID)).isEqualTo("""
                    flowchart TD
                      e1["1 system: be brief"]
                      e2["2 user: hello"]
                      e1 --> e2
                      e3["3 assistant: hi there"]
                      e2 --> e3
                      e4["4 user: Invoice 42 please"]
                      e3 --> e4
                      e5["5 user: invoice again"]
                      e2 --> e5
                      e6["6 assistant: sent"]
                      e5 --> e6
                      e7["7 user: other root"]
                      e8["8 user: say #quot;hi#quot; now"]
                      e7 --> e8
                    """);
        }

        @Test
        @DisplayName("DOT escapes quotes and shortens long text")
        void dot() {
            SessionPath small = SessionPath.of("chats/small");
            store.append(Append.to(small).message(Message.user("a \"quoted\" \\ word")).message(Message.assistant("x".repeat(50))).build());
            assertThat(SessionGraph.render(store, small, SessionGraph.Format.DOT)).isEqualTo("""
                    digraph session {
                      node [shape=box];
                      e1 [label="1 user: a \\"quoted\\" \\\\ word"];
                      e2 [label="2 assistant: %s…"];
                      e1 -> e2;
                    }
                    """.formatted("x".repeat(40)));
        }
    }

    @Nested
    @DisplayName("validate")
    class Validate {

        @Test
        @DisplayName("a store's session is valid; Tau compatibility is checked when asked")
        void valid() {
            assertThat(SessionValidation.of(store, path).isValid()).isTrue();
            store.append(Append.to(path).message(Message.user("lone \ud800")).build());
            assertThat(SessionValidation.of(store, path).isValid()).isTrue();
            SessionValidation tau = SessionValidation.of(store, path, true);
            assertThat(tau.problems()).containsExactly("entry 8 cannot be read by Tau: content[0].text: lone surrogate U+D800 at index 5");
        }

        @Test
        @DisplayName("a damaged backend's duplicate, out-of-order and dangling entries are named")
        void damaged() {
            SessionStore damaged = pagesOf(List.of(
                    new SessionEntry(1, OptionalLong.empty(), Message.user("a"), Instant.EPOCH),
                    new SessionEntry(3, OptionalLong.of(2), Message.user("b"), Instant.EPOCH),
                    new SessionEntry(3, OptionalLong.of(1), Message.user("c"), Instant.EPOCH)));
            SessionValidation report = SessionValidation.of(damaged, path);
            assertThat(report.isValid()).isFalse();
            assertThat(report.problems()).containsExactly("entry 3 has parent 2, which does not exist",
                    "entry 3 comes after entry 3 (duplicate or out of order)");
            assertThat(report.total()).isEqualTo(2);
        }
    }

    /** A read-only store that returns {@code entries} as its only page, whatever is asked. */
    private static SessionStore pagesOf(List<SessionEntry> entries) {
        return new SessionStoreStub(entries);
    }

    private static final class SessionStoreStub implements SessionStore {
        private final List<SessionEntry> entries;

        SessionStoreStub(List<SessionEntry> entries) {
            this.entries = entries;
        }

        @Override
        public List<SessionEntry> entries(SessionPath path, long afterId, int limit) {
            return afterId == 0 ? entries : List.of();
        }

        @Override
        public List<SessionEntry> append(Append append) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<SessionEntry> entry(SessionPath path, long id) {
            return Optional.empty();
        }

        @Override
        public Optional<SessionEntry> head(SessionPath path) {
            return Optional.empty();
        }

        @Override
        public UsageSummary usage(SessionPath path) {
            return UsageSummary.ZERO;
        }

        @Override
        public UsageSummary recordUsage(SessionPath path, UsageDelta delta) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<SessionSummary> listSessions(SessionListing listing) {
            return List.of();
        }

        @Override
        public boolean deleteSession(SessionPath path) {
            return false;
        }
    }
}
