package dev.tau4j.session.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tau4j.session.Append;
import dev.tau4j.session.Message;
import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.StaleHeadException;
import dev.tau4j.session.UsageDelta;
import dev.tau4j.session.UsageSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Appends guarded by the head the caller last saw. */
abstract class OptimisticCases extends KitCases {

    OptimisticCases(SessionStoreConformanceKit kit) {
        super(kit);
    }

    @Test
    @ConformanceCase(id = "C-34")
    @DisplayName("C-34 an append stating the current head succeeds")
    void appendWithCurrentHeadSucceeds() {
        SessionStore store = newStore();
        SessionPath path = path("optimistic");
        SessionEntry first = store.append(Append.to(path).expectEmpty().message(Message.user("1")).build()).get(0);
        assertThat(first.id()).isEqualTo(1L);
        List<SessionEntry> second = store.append(Append.to(path).under(1).expectHead(1)
                .message(Message.assistant("2")).message(Message.user("3")).build());
        assertThat(ids(second)).containsExactly(2L, 3L);
        // The guard is on the head, not the parent: a branch under an older entry passes when the head is current.
        SessionEntry branch = store.append(Append.to(path).under(1).expectHead(3).message(Message.user("4")).build()).get(0);
        assertThat(branch.id()).isEqualTo(4L);
        assertThat(branch.parentId()).isEqualTo(OptionalLong.of(1));
        assertThat(store.head(path)).hasValue(branch);
    }

    @Test
    @ConformanceCase(id = "C-35")
    @DisplayName("C-35 a stale head is refused with StaleHeadException and nothing is written")
    void staleHeadIsRefused() {
        SessionStore store = newStore();
        SessionPath path = path("stale");
        List<SessionEntry> before = appendChain(store, path, "m", 2, 2);
        UsageSummary usage = store.usage(path);
        assertThatThrownBy(() -> store.append(Append.to(path).under(1).expectHead(1).message(Message.user("late"))
                .message(Message.user("later")).usage(UsageDelta.of(5, 5, 10, "0.1")).build()))
                .isInstanceOfSatisfying(StaleHeadException.class, e -> {
                    assertThat(e.path()).isEqualTo(path);
                    assertThat(e.expectedHead()).isEqualTo(OptionalLong.of(1));
                    assertThat(e.actualHead()).isEqualTo(OptionalLong.of(2));
                });
        assertThatThrownBy(() -> store.append(Append.to(path).expectHead(3).message(Message.user("future")).build()))
                .isInstanceOfSatisfying(StaleHeadException.class,
                        e -> assertThat(e.actualHead()).isEqualTo(OptionalLong.of(2)));
        assertUnchanged(store, path, before, usage);
    }

    @Test
    @ConformanceCase(id = "C-36")
    @DisplayName("C-36 expecting an empty session succeeds only while it has no entry")
    void expectEmpty() {
        SessionStore store = newStore();
        SessionPath path = path("empty");
        SessionPath never = path("never");
        assertThatThrownBy(() -> store.append(Append.to(never).expectHead(1).message(Message.user("x")).build()))
                .isInstanceOfSatisfying(StaleHeadException.class, e -> {
                    assertThat(e.expectedHead()).isEqualTo(OptionalLong.of(1));
                    assertThat(e.actualHead()).isEmpty();
                });
        assertAbsent(store, never);

        // A session with usage but no entry is still empty as far as the head is concerned.
        store.recordUsage(path, UsageDelta.of(1, 0, 1, "0"));
        SessionEntry first = store.append(Append.to(path).expectEmpty().message(Message.user("first")).build()).get(0);
        assertThat(first.id()).isEqualTo(1L);
        assertThatThrownBy(() -> store.append(Append.to(path).expectEmpty().message(Message.user("second first")).build()))
                .isInstanceOfSatisfying(StaleHeadException.class, e -> {
                    assertThat(e.expectedHead()).isEmpty();
                    assertThat(e.actualHead()).isEqualTo(OptionalLong.of(1));
                });
        assertThat(store.entries(path)).containsExactly(first);
    }

    @Test
    @ConformanceCase(id = "C-37")
    @DisplayName("C-37 optimistic appends racing on one head: exactly one wins")
    void racingOptimisticAppendsHaveOneWinner() {
        SessionStore store = newStore();
        SessionPath path = path("race");
        long head = appendRoot(store, path, Message.user("start")).id();
        int rounds = 5;
        for (int round = 0; round < rounds; round++) {
            long expected = head;
            List<Callable<Object>> racers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                String text = "round " + round + " racer " + t;
                racers.add(() -> {
                    try {
                        return store.append(Append.to(path).under(expected).expectHead(expected)
                                .message(Message.user(text)).usage(UsageDelta.of(1, 0, 1, "0")).build()).get(0);
                    } catch (StaleHeadException e) {
                        return e;
                    }
                });
            }
            List<Object> outcomes = concurrently(racers);
            List<SessionEntry> winners = outcomes.stream().filter(SessionEntry.class::isInstance)
                    .map(SessionEntry.class::cast).toList();
            assertThat(winners).as("winners of round %d", round).hasSize(1);
            assertThat(outcomes.stream().filter(StaleHeadException.class::isInstance).count())
                    .as("losers of round %d", round).isEqualTo(THREADS - 1L);
            SessionEntry winner = winners.get(0);
            assertThat(winner.parentId()).isEqualTo(OptionalLong.of(expected));
            assertThat(store.head(path)).hasValue(winner);
            head = winner.id();
        }
        assertThat(store.entries(path)).hasSize(rounds + 1);
        assertThat(store.usage(path).inputTokens()).as("usage of the winners only").isEqualTo(rounds);
    }
}
