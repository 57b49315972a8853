package dev.tau4j.session.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tau4j.session.Append;
import dev.tau4j.session.Message;
import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.SessionSummary;
import dev.tau4j.session.UsageDelta;
import dev.tau4j.session.UsageSummary;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Everything lives in the storage, not in a store instance. */
abstract class PersistenceCases extends KitCases {

    PersistenceCases(SessionStoreConformanceKit kit) {
        super(kit);
    }

    @Test
    @ConformanceCase(id = "C-60")
    @DisplayName("C-60 a new store instance sees every entry, head, tip, lineage, usage and listing")
    void newInstanceSeesEverything() {
        SessionStore store = newStore();
        SessionPath main = path("persist/main");
        SessionPath side = path("persist/side");
        appendChain(store, main, "main", 4, 2);
        store.append(Append.to(main).under(2).message(Message.user("branch")).usage(UsageDelta.of(3, 4, 7, "0.25")).build());
        store.append(Append.to(main).message(Message.system("second root")).build());
        store.recordUsage(side, UsageDelta.of(1, 0, 1, "0.000000000001"));

        List<SessionEntry> entries = store.entries(main);
        List<SessionEntry> tips = store.tips(main);
        List<SessionEntry> lineage = store.lineage(main, 5);
        List<SessionSummary> listing = listAll(store, path("persist"));

        SessionStore reopened = reopenClosing(store);
        assertThat(reopened.entries(main)).isEqualTo(entries);
        assertThat(reopened.head(main)).hasValue(entries.get(entries.size() - 1));
        assertThat(reopened.tips(main)).isEqualTo(tips);
        assertThat(reopened.lineage(main, 5)).isEqualTo(lineage);
        assertThat(texts(lineage)).containsExactly("main-0", "main-1", "branch");
        assertThat(reopened.usage(main)).isEqualTo(new UsageSummary(3, 4, 7, new BigDecimal("0.25")));
        assertThat(reopened.usage(side)).isEqualTo(new UsageSummary(1, 0, 1, new BigDecimal("0.000000000001")));
        assertThat(listAll(reopened, path("persist"))).as("listing, timestamps included").isEqualTo(listing);

        // Writing through the new instance continues the session.
        SessionEntry next = reopened.append(Append.to(main).under(6).message(Message.user("after restart")).build()).get(0);
        assertThat(next.id()).isGreaterThan(6L);
        assertThat(reopened.lineage(main, next.id())).extracting(SessionEntry::id).containsExactly(6L, next.id());
    }

    @Test
    @ConformanceCase(id = "C-61")
    @DisplayName("C-61 two live instances over the same storage see each other's writes")
    void liveInstancesShareStorage() {
        SessionStore a = newStore();
        SessionStore b = reopen(a);
        SessionPath path = path("two-instances");
        SessionEntry first = appendRoot(a, path, Message.user("from a"));
        assertThat(b.entries(path)).containsExactly(first);
        SessionEntry second = appendUnder(b, path, first.id(), Message.assistant("from b"));
        assertThat(second.id()).isGreaterThan(first.id());
        assertThat(a.head(path)).hasValue(second);
        SessionEntry third = appendUnder(a, path, second.id(), Message.user("from a again"));
        assertThat(third.id()).isGreaterThan(second.id());
        a.recordUsage(path, UsageDelta.of(1, 1, 2, "0.5"));
        b.recordUsage(path, UsageDelta.of(2, 2, 4, "0.25"));
        UsageSummary expected = new UsageSummary(3, 3, 6, new BigDecimal("0.75"));
        assertThat(a.usage(path)).isEqualTo(expected);
        assertThat(b.usage(path)).isEqualTo(expected);
        assertThat(b.entries(path)).containsExactly(first, second, third);
        assertThat(b.deleteSession(path)).isTrue();
        assertAbsent(a, path);
    }

    @Test
    @ConformanceCase(id = "C-62")
    @DisplayName("C-62 accepted instants are kept to the microsecond")
    void acceptedInstantsAreKept() {
        SessionStore store = newStore();
        SessionPath path = path("instants");
        List<SessionEntry> written = appendChain(store, path, "m", 6, 3);
        for (SessionEntry entry : written) {
            assertThat(entry.acceptedAt()).isNotNull();
            assertThat(entry.acceptedAt().getNano() % 1_000).as("sub-microsecond digits of %s", entry.acceptedAt())
                    .isZero();
        }
        SessionStore reopened = reopenClosing(store);
        List<SessionEntry> read = reopened.entries(path);
        assertThat(read).extracting(SessionEntry::acceptedAt)
                .containsExactlyElementsOf(written.stream().map(SessionEntry::acceptedAt).toList());
    }
}
