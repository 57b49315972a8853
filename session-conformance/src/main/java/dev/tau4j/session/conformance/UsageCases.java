package dev.tau4j.session.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tau4j.session.Append;
import dev.tau4j.session.EntryNotFoundException;
import dev.tau4j.session.InvalidInputException;
import dev.tau4j.session.InvalidUsageException;
import dev.tau4j.session.Message;
import dev.tau4j.session.MessageTooLargeException;
import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.SessionSummary;
import dev.tau4j.session.StaleHeadException;
import dev.tau4j.session.UsageDelta;
import dev.tau4j.session.UsageSummary;
import java.math.BigDecimal;
import java.util.List;
import java.util.OptionalLong;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Cumulative usage: reading, recording, recording with an append, exact costs, bad deltas. */
abstract class UsageCases extends KitCases {

    /** The largest cost a session may hold: just below {@link UsageDelta#COST_LIMIT}. */
    static final String LARGEST_COST = "999999999999999999.999999999999";

    UsageCases(SessionStoreConformanceKit kit) {
        super(kit);
    }

    @Test
    @ConformanceCase(id = "C-20")
    @DisplayName("C-20 usage of a session without any reads as zero")
    void usageOfUnknownSessionIsZero() {
        SessionStore store = newStore();
        assertThat(store.usage(path("never-written"))).isEqualTo(UsageSummary.ZERO);
        SessionPath withEntries = path("entries-only");
        appendChain(store, withEntries, "m", 2, 2);
        assertThat(store.usage(withEntries)).isEqualTo(UsageSummary.ZERO);
        assertThat(listAll(store, withEntries)).singleElement()
                .satisfies(s -> assertThat(s.usage()).isEqualTo(UsageSummary.ZERO));
    }

    @Test
    @ConformanceCase(id = "C-21")
    @DisplayName("C-21 recording usage adds each counter and returns the new totals")
    void recordingUsageReturnsTotals() {
        SessionStore store = newStore();
        SessionPath path = path("record");
        assertThat(store.recordUsage(path, UsageDelta.of(100, 20, 120, "0.0015")))
                .isEqualTo(new UsageSummary(100, 20, 120, new BigDecimal("0.0015")));
        // totalTokens is an independent counter, not input + output.
        assertThat(store.recordUsage(path, UsageDelta.of(1, 2, 1000, "0")))
                .isEqualTo(new UsageSummary(101, 22, 1120, new BigDecimal("0.0015")));
        assertThat(store.recordUsage(path, UsageDelta.of(0, 0, 0, "2.5")))
                .isEqualTo(new UsageSummary(101, 22, 1120, new BigDecimal("2.5015")));
        assertThat(store.usage(path)).isEqualTo(new UsageSummary(101, 22, 1120, new BigDecimal("2.5015")));
        assertThat(store.head(path)).as("usage alone writes no entry").isEmpty();
    }

    @Test
    @ConformanceCase(id = "C-22")
    @DisplayName("C-22 an all-zero delta writes nothing")
    void zeroDeltaWritesNothing() {
        SessionStore store = newStore();
        SessionPath fresh = path("zero/fresh");
        assertThat(store.recordUsage(fresh, UsageDelta.ZERO)).isEqualTo(UsageSummary.ZERO);
        assertThat(store.recordUsage(fresh, UsageDelta.of(0, 0, 0, "0.000"))).isEqualTo(UsageSummary.ZERO);
        assertAbsent(store, fresh);
        assertThat(store.deleteSession(fresh)).as("a zero delta created no session").isFalse();

        SessionPath used = path("zero/used");
        UsageSummary totals = store.recordUsage(used, UsageDelta.of(7, 1, 8, "0.01"));
        SessionSummary before = listAll(store, used).get(0);
        assertThat(store.recordUsage(used, UsageDelta.ZERO)).isEqualTo(totals);
        assertThat(listAll(store, used)).as("summary after a zero delta, updatedAt included").containsExactly(before);
        assertThat(listedPaths(store, root)).containsExactly(used);
    }

    @Test
    @ConformanceCase(id = "C-23")
    @DisplayName("C-23 usage given with an append is recorded with it")
    void usageWithAppendIsRecorded() {
        SessionStore store = newStore();
        SessionPath path = path("turns");
        List<SessionEntry> turn = store.append(Append.to(path).message(Message.user("hi"))
                .message(Message.assistant("hello")).usage(UsageDelta.of(10, 3, 13, "0.007")).build());
        assertThat(turn).hasSize(2);
        assertThat(store.usage(path)).isEqualTo(new UsageSummary(10, 3, 13, new BigDecimal("0.007")));
        store.append(Append.to(path).under(2).message(Message.user("more"))
                .usage(UsageDelta.of(5, 0, 5, "0.003")).build());
        assertThat(store.usage(path)).isEqualTo(new UsageSummary(15, 3, 18, new BigDecimal("0.01")));
        assertThat(listAll(store, path)).singleElement().satisfies(s -> {
            assertThat(s.headId()).isEqualTo(OptionalLong.of(3));
            assertThat(s.usage()).isEqualTo(new UsageSummary(15, 3, 18, new BigDecimal("0.01")));
        });
        // A zero delta with an append adds nothing.
        store.append(Append.to(path).under(3).message(Message.assistant("ok")).build());
        assertThat(store.usage(path)).isEqualTo(new UsageSummary(15, 3, 18, new BigDecimal("0.01")));
    }

    @Test
    @ConformanceCase(id = "C-24")
    @DisplayName("C-24 usage of a failed append is not recorded")
    void usageOfFailedAppendIsNotRecorded() {
        SessionStore store = newStore();
        SessionPath path = path("failed-turn");
        List<SessionEntry> before = store.append(Append.to(path).message(Message.user("hi"))
                .usage(UsageDelta.of(1, 1, 2, "0.001")).build());
        UsageSummary usage = store.usage(path);
        UsageDelta delta = UsageDelta.of(1000, 1000, 2000, "1");
        String tooLarge = "x".repeat(store.limits().maxMessageBytes() + 1);

        assertThatThrownBy(() -> store.append(Append.to(path).under(9).message(Message.user("orphan")).usage(delta).build()))
                .isInstanceOf(EntryNotFoundException.class);
        assertThatThrownBy(() -> store.append(Append.to(path).under(1).message(Message.user(tooLarge)).usage(delta).build()))
                .isInstanceOf(MessageTooLargeException.class);
        assertThatThrownBy(() -> store.append(Append.to(path).under(1).expectEmpty().message(Message.user("late"))
                .usage(delta).build())).isInstanceOf(StaleHeadException.class);
        assertUnchanged(store, path, before, usage);

        SessionPath fresh = path("failed-first-turn");
        assertThatThrownBy(() -> store.append(Append.to(fresh).under(1).message(Message.user("orphan")).usage(delta).build()))
                .isInstanceOf(EntryNotFoundException.class);
        assertAbsent(store, fresh);
    }

    @Test
    @ConformanceCase(id = "C-25")
    @DisplayName("C-25 costs are exact decimals that sum without drift")
    void costsSumWithoutDrift() {
        SessionStore store = newStore();
        SessionPath tenths = path("cost/tenths");
        for (int i = 0; i < 10; i++) {
            store.recordUsage(tenths, UsageDelta.of(0, 0, 0, 0.1));
        }
        assertThat(store.usage(tenths).estimatedCostUsd()).as("ten times 0.1").isEqualTo(BigDecimal.ONE);

        SessionPath picos = path("cost/smallest");
        for (int i = 0; i < 1_000; i++) {
            store.recordUsage(picos, UsageDelta.of(1, 0, 1, "0.000000000001"));
        }
        assertThat(store.usage(picos)).isEqualTo(new UsageSummary(1_000, 0, 1_000, new BigDecimal("0.000000001")));

        SessionPath large = path("cost/largest");
        store.recordUsage(large, UsageDelta.of(0, 0, 0, "123456789012345678.123456789011"));
        store.recordUsage(large, UsageDelta.of(0, 0, 0, "0.000000000001"));
        assertThat(store.usage(large).estimatedCostUsd()).isEqualTo(new BigDecimal("123456789012345678.123456789012"));
        SessionPath largest = path("cost/largest-possible");
        store.recordUsage(largest, UsageDelta.of(0, 0, 0, LARGEST_COST));
        assertThat(reopen(store).usage(largest).estimatedCostUsd()).isEqualTo(new BigDecimal(LARGEST_COST));
    }

    @Test
    @ConformanceCase(id = "C-26")
    @DisplayName("C-26 negative, NaN, infinite and too precise deltas are refused")
    void invalidDeltasAreRefused() {
        SessionStore store = newStore();
        SessionPath path = path("bad-delta");
        UsageSummary usage = store.recordUsage(path, UsageDelta.of(1, 1, 2, "0.01"));
        List<ThrowingCallable> invalid = List.of(
                () -> new UsageDelta(-1, 0, 0, BigDecimal.ZERO),
                () -> new UsageDelta(0, -1, 0, BigDecimal.ZERO),
                () -> new UsageDelta(0, 0, Long.MIN_VALUE, BigDecimal.ZERO),
                () -> UsageDelta.of(0, 0, 0, "-0.000000000001"),
                () -> UsageDelta.of(0, 0, 0, Double.NaN),
                () -> UsageDelta.of(0, 0, 0, Double.POSITIVE_INFINITY),
                () -> UsageDelta.of(0, 0, 0, Double.NEGATIVE_INFINITY),
                () -> UsageDelta.of(0, 0, 0, "NaN"),
                () -> UsageDelta.of(0, 0, 0, "0.0000000000001"),
                () -> UsageDelta.of(0, 0, 0, "1E18"),
                () -> UsageDelta.of(0, 0, 0, "a dollar"),
                () -> UsageDelta.of(0, 0, 0, (String) null),
                () -> new UsageDelta(0, 0, 0, null));
        for (int i = 0; i < invalid.size(); i++) {
            assertThatThrownBy(invalid.get(i)).as("invalid delta #%d", i).isInstanceOf(InvalidUsageException.class)
                    .hasMessageFindingMatch("\\S");
        }
        assertThatThrownBy(() -> store.recordUsage(path, null)).isInstanceOf(InvalidInputException.class);
        assertThat(store.usage(path)).isEqualTo(usage);
    }

    @Test
    @ConformanceCase(id = "C-27")
    @DisplayName("C-27 deltas that would overflow the totals are refused and change nothing")
    void overflowingTotalsAreRefused() {
        SessionStore store = newStore();
        SessionPath path = path("overflow");
        UsageSummary full = store.recordUsage(path, new UsageDelta(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE,
                new BigDecimal(LARGEST_COST)));
        assertThat(full).isEqualTo(new UsageSummary(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE,
                new BigDecimal(LARGEST_COST)));
        List<UsageDelta> overflowing = List.of(UsageDelta.of(1, 0, 0, "0"), UsageDelta.of(0, 1, 0, "0"),
                UsageDelta.of(0, 0, 1, "0"), UsageDelta.of(0, 0, 0, "0.000000000001"));
        for (UsageDelta delta : overflowing) {
            assertThatThrownBy(() -> store.recordUsage(path, delta)).as("recording %s", delta)
                    .isInstanceOf(InvalidUsageException.class);
            assertThat(store.usage(path)).isEqualTo(full);
        }
        // An append whose usage overflows writes neither its messages nor its usage.
        for (UsageDelta delta : overflowing) {
            assertThatThrownBy(() -> store.append(Append.to(path).message(Message.user("turn")).usage(delta).build()))
                    .as("appending with %s", delta).isInstanceOf(InvalidUsageException.class);
        }
        assertUnchanged(store, path, List.of(), full);
        assertThat(reopen(store).usage(path)).isEqualTo(full);
    }
}
