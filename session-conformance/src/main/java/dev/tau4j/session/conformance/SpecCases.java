package dev.tau4j.session.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tau4j.session.Append;
import dev.tau4j.session.Message;
import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.UsageDelta;
import dev.tau4j.session.UsageSummary;
import java.math.BigDecimal;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The cases of Tau's spec, C-02 to C-04, made stronger. Their ids and names are contractual. */
abstract class SpecCases extends KitCases {

    SpecCases(SessionStoreConformanceKit kit) {
        super(kit);
    }

    @Test
    @ConformanceCase(id = "C-02")
    @DisplayName("C-02 round trip preserves lineage")
    void roundTripPreservesLineage() {
        SessionStore store = newStore();
        SessionPath path = path("c02/lineage");
        Message rootMessage = Message.user("postgres-root");
        Message replyMessage = Message.assistant("postgres-reply");
        SessionEntry root = appendRoot(store, path, rootMessage);
        SessionEntry reply = appendUnder(store, path, root.id(), replyMessage);

        SessionStore reopened = reopenClosing(store);

        List<SessionEntry> entries = reopened.entries(path);
        assertThat(ids(entries)).as("ids read by a new store instance").containsExactly(1L, 2L);
        assertThat(parents(entries)).as("parents read by a new store instance")
                .containsExactly(OptionalLong.empty(), OptionalLong.of(1));
        assertThat(messages(entries)).as("messages read by a new store instance")
                .containsExactly(rootMessage, replyMessage);
        List<SessionEntry> lineage = reopened.lineage(path, reply.id());
        assertThat(texts(lineage)).as("lineage of the head, root first").containsExactly("postgres-root", "postgres-reply");
        assertThat(ids(lineage)).containsExactly(1L, 2L);
        assertThat(messages(lineage)).containsExactly(rootMessage, replyMessage);
        assertThat(reopened.head(path)).as("head").hasValueSatisfying(head -> {
            assertThat(head.id()).isEqualTo(2L);
            assertThat(head.parentId()).isEqualTo(OptionalLong.of(1));
            assertThat(head.message()).isEqualTo(replyMessage);
        });
        assertThat(reopened.entry(path, 1)).hasValueSatisfying(e -> assertThat(e.isRoot()).isTrue());
    }

    @Test
    @ConformanceCase(id = "C-03")
    @DisplayName("C-03 usage summary persists")
    void usageSummaryPersists() {
        SessionStore store = newStore();
        SessionPath path = path("c03/usage");
        UsageSummary first = store.recordUsage(path, UsageDelta.of(10, 3, 13, "0.007"));
        assertThat(first).isEqualTo(new UsageSummary(10, 3, 13, new BigDecimal("0.007")));
        UsageSummary second = store.recordUsage(path, UsageDelta.of(1_000_000, 250_000, 1_250_001, "1.000000000009"));
        UsageSummary expected = new UsageSummary(1_000_010, 250_003, 1_250_014, new BigDecimal("1.007000000009"));
        assertThat(second).isEqualTo(expected);

        SessionStore reopened = reopenClosing(store);

        UsageSummary read = reopened.usage(path);
        assertThat(read).as("usage read by a new store instance").isEqualTo(expected);
        assertThat(read.estimatedCostUsd()).as("exact cost").isEqualByComparingTo("1.007000000009");
    }

    @Test
    @ConformanceCase(id = "C-04")
    @DisplayName("C-04 session paths are isolated")
    void sessionPathsAreIsolated() {
        SessionStore store = newStore();
        SessionPath one = path("c04/tenant-1/chat");
        SessionPath other = path("c04/tenant-2/chat");
        SessionEntry a = appendRoot(store, one, Message.user("A"));
        SessionEntry b = appendRoot(store, other, Message.user("B"));
        assertThat(a.id()).as("id of the first entry under %s", one).isEqualTo(1L);
        assertThat(b.id()).as("id of the first entry under %s", other).isEqualTo(1L);
        assertThat(store.entries(one)).as("entries of %s", one).singleElement()
                .satisfies(e -> assertThat(e.message().text()).isEqualTo("A"));
        assertThat(store.entries(other)).as("entries of %s", other).singleElement()
                .satisfies(e -> assertThat(e.message().text()).isEqualTo("B"));

        // Prefix-related paths share nothing: not an entry, an id counter, a usage total or a head.
        SessionPath ab = path("c04/a/b");
        SessionPath abc = path("c04/a/bc");
        SessionPath abSlashC = path("c04/a/b/c");
        List<SessionPath> paths = List.of(ab, abc, abSlashC);
        for (int i = 0; i < paths.size(); i++) {
            SessionPath p = paths.get(i);
            appendChain(store, p, p.value(), i + 1, 1);
            store.recordUsage(p, new UsageDelta(i + 1, 0, i + 1, BigDecimal.ZERO));
        }
        for (int i = 0; i < paths.size(); i++) {
            SessionPath p = paths.get(i);
            List<SessionEntry> entries = store.entries(p);
            assertThat(ids(entries)).as("ids of %s", p).isEqualTo(range(1, i + 1));
            assertThat(texts(entries)).as("texts of %s", p).allSatisfy(t -> assertThat(t).startsWith(p.value() + "-"));
            long head = i + 1L;
            assertThat(store.head(p)).as("head of %s", p).hasValueSatisfying(h -> assertThat(h.id()).isEqualTo(head));
            assertThat(store.usage(p)).as("usage of %s", p).isEqualTo(new UsageSummary(i + 1, 0, i + 1, BigDecimal.ZERO));
        }
        // Each id counter moves on its own.
        for (int i = 0; i < paths.size(); i++) {
            SessionPath p = paths.get(i);
            SessionEntry next = single(store.append(Append.to(p).message(Message.user("next")).build()));
            assertThat(next.id()).as("next id under %s", p).isEqualTo(i + 2L);
        }
    }

    private static SessionEntry single(List<SessionEntry> entries) {
        assertThat(entries).hasSize(1);
        return entries.get(0);
    }
}
