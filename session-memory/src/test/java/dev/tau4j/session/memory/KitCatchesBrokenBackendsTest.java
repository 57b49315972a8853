package dev.tau4j.session.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectNestedClass;

import dev.tau4j.session.conformance.ConformanceReport;
import dev.tau4j.session.conformance.ConformanceReport.Status;
import dev.tau4j.session.conformance.SessionStoreConformanceKit;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * The kit must be able to fail: bound to a backend with one bug, it reports that backend as failing on
 * the case that covers the bug; and a run that skips or leaves out a required case fails as a whole.
 */
class KitCatchesBrokenBackendsTest {

    private static EngineExecutionResults run(DiscoverySelector selector) {
        return EngineTestKit.engine("junit-jupiter").selectors(selector).execute();
    }

    private static List<String> failedCases(EngineExecutionResults results) {
        return results.testEvents().failed().stream().map(e -> e.getTestDescriptor().getDisplayName()).toList();
    }

    /** The binding class's own container: the kit fails it when the run is incomplete. */
    static List<Throwable> bindingFailures(EngineExecutionResults results, Class<?> binding) {
        return results.containerEvents().failed().stream()
                .filter(e -> e.getTestDescriptor().getSource().equals(Optional.of(ClassSource.from(binding))))
                .map(e -> e.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow())
                .toList();
    }

    private static ConformanceReport assertFailsOn(Class<? extends SessionStoreConformanceKit> binding, String caseId) {
        EngineExecutionResults results = run(selectClass(binding));
        assertThat(failedCases(results)).as("cases failed by %s", binding.getSimpleName())
                .anySatisfy(name -> assertThat(name).startsWith(caseId + " "));
        ConformanceReport report = ConformanceReport.read(BrokenBackends.reportDirectory(binding));
        assertThat(report.backend()).isEqualTo(binding.getSimpleName());
        assertThat(report.find(caseId)).as("%s in the report", caseId).hasValueSatisfying(c -> {
            assertThat(c.status()).isEqualTo(Status.FAILED);
            assertThat(c.required()).isTrue();
            assertThat(c.reason()).isNotBlank();
        });
        assertThat(report.conforms()).isFalse();
        assertThat(report.requiredNotPassed()).extracting(ConformanceReport.CaseResult::id).contains(caseId);
        return report;
    }

    @Test
    @DisplayName("a store that writes an append's metadata apart from its messages fails C-83")
    void splitsMetadata() {
        ConformanceReport report = assertFailsOn(BrokenBackends.SplitsMetadataBinding.class, "C-83");
        assertThat(report.find("C-82")).hasValueSatisfying(c -> assertThat(c.status()).isEqualTo(Status.PASSED));
    }

    @Test
    @DisplayName("a store whose lineage tail keeps the root-most entries fails C-91")
    void rootSideTail() {
        ConformanceReport report = assertFailsOn(BrokenBackends.RootSideTailBinding.class, "C-91");
        assertThat(report.find("C-76")).hasValueSatisfying(c -> assertThat(c.status()).isEqualTo(Status.PASSED));
    }

    @Test
    @DisplayName("a store that forgets parent ids on reopen fails C-02")
    void forgetsParents() {
        assertFailsOn(BrokenBackends.ForgetsParentsBinding.class, "C-02");
    }

    @Test
    @DisplayName("a store that shares one id counter across paths fails C-04")
    void sharesIdCounters() {
        assertFailsOn(BrokenBackends.SharesIdCountersBinding.class, "C-04");
    }

    @Test
    @DisplayName("a store that loses usage on reopen fails C-03")
    void losesUsage() {
        ConformanceReport report = assertFailsOn(BrokenBackends.LosesUsageBinding.class, "C-03");
        assertThat(report.find("C-02")).hasValueSatisfying(c -> assertThat(c.status()).isEqualTo(Status.PASSED));
    }

    @Test
    @DisplayName("a store whose failing batch leaves half behind fails the atomicity case C-42")
    void halfBatch() {
        ConformanceReport report = assertFailsOn(BrokenBackends.HalfBatchBinding.class, "C-42");
        assertThat(report.find("C-42").orElseThrow().reason()).contains("entries of");
    }

    @Test
    @DisplayName("a store that hands ids out again in a new instance fails the id-uniqueness case C-07")
    void reusesIds() {
        assertFailsOn(BrokenBackends.ReusesIdsBinding.class, "C-07");
    }

    /**
     * The bug passes every case below C-76 (the kit before C-76 was fooled by it) and fails each of
     * {@code caseIds}.
     */
    private static ConformanceReport assertOnlyScaleCasesCatch(Class<? extends SessionStoreConformanceKit> binding,
            String... caseIds) {
        ConformanceReport report = assertFailsOn(binding, caseIds[0]);
        for (String id : caseIds) {
            assertThat(report.find(id)).as("%s in the report", id)
                    .hasValueSatisfying(c -> assertThat(c.status()).isEqualTo(Status.FAILED));
        }
        assertThat(report.cases()).filteredOn(c -> c.status() != Status.PASSED)
                .extracting(ConformanceReport.CaseResult::id)
                .as("cases %s did not pass", binding.getSimpleName())
                .allSatisfy(id -> assertThat(Integer.parseInt(id.substring(2))).isGreaterThanOrEqualTo(76));
        return report;
    }

    @Test
    @DisplayName("a store whose lineage past 1,000 entries comes back head first fails C-76")
    void reversesLongLineage() {
        assertOnlyScaleCasesCatch(BrokenBackends.ReversesLongLineageBinding.class, "C-76");
    }

    @Test
    @DisplayName("a store whose lineage stops 100 entries above the head fails C-76")
    void cutsLineageAt100() {
        assertOnlyScaleCasesCatch(BrokenBackends.CutsLineageAt100Binding.class, "C-76");
    }

    @Test
    @DisplayName("a store whose lineage stops 1,000 entries above the head fails C-76")
    void cutsLineageAt1000() {
        ConformanceReport report = assertOnlyScaleCasesCatch(BrokenBackends.CutsLineageAt1000Binding.class, "C-76");
        assertThat(report.find("C-76").orElseThrow().reason()).contains("lineage of entry 3000: position 0 holds entry 2001");
    }

    @Test
    @DisplayName("a store that computes tips over the first 1,000 entries only fails C-77")
    void tipsOfFirstPage() {
        assertOnlyScaleCasesCatch(BrokenBackends.TipsOfFirstPageBinding.class, "C-77");
    }

    @Test
    @DisplayName("a store whose full last page of entries loses its last entry fails C-78")
    void shortLastEntryPage() {
        assertOnlyScaleCasesCatch(BrokenBackends.ShortLastEntryPageBinding.class, "C-78");
    }

    @Test
    @DisplayName("a store whose full last page of sessions loses its last session fails C-79")
    void shortLastListingPage() {
        assertOnlyScaleCasesCatch(BrokenBackends.ShortLastListingPageBinding.class, "C-79");
    }

    @Test
    @DisplayName("a store that validates a batch and then writes it row by row fails C-80 and C-81")
    void rowByRowBatch() {
        ConformanceReport report = assertOnlyScaleCasesCatch(BrokenBackends.RowByRowBatchBinding.class, "C-80", "C-81");
        assertThat(report.find("C-80").orElseThrow().reason()).contains("INTERRUPT_WRITER");
        assertThat(report.find("C-81").orElseThrow().reason()).contains("CLOSE_STORE");
    }

    @Test
    @DisplayName("a store that declares NUL unsupported yet stores it fails the required refusal case C-56")
    void claimsNoNulButStoresIt() {
        assertFailsOn(BrokenBackends.ClaimsNoNulBinding.class, "C-56");
    }

    @Test
    @DisplayName("a store that lacks an optional capability passes, with the optional case skipped and explained")
    void optionalCapabilitySkipped() {
        Class<?> binding = BrokenBackends.RefusesNulBinding.class;
        EngineExecutionResults results = run(selectClass(binding));
        assertThat(failedCases(results)).isEmpty();
        assertThat(bindingFailures(results, binding)).isEmpty();
        assertThat(results.testEvents().skipped().count() + results.testEvents().aborted().count()).isEqualTo(1);

        ConformanceReport report = ConformanceReport.read(BrokenBackends.reportDirectory(binding));
        assertThat(report.conforms()).isTrue();
        assertThat(report.find("C-57")).hasValueSatisfying(c -> {
            assertThat(c.required()).isFalse();
            assertThat(c.status()).isEqualTo(Status.SKIPPED);
            assertThat(c.reason()).contains("NUL_IN_TEXT").contains("unsupported");
        });
        assertThat(report.find("C-56")).hasValueSatisfying(c -> assertThat(c.status()).isEqualTo(Status.PASSED));
        assertThat(report.skipped()).isEqualTo(1);
        assertThat(report.failed()).isZero();
    }

    @Test
    @DisplayName("a run in which a required case is skipped fails, although no case failed")
    void skippedRequiredCaseFailsTheRun() {
        Class<?> binding = BrokenBackends.SkipsRequiredCaseBinding.class;
        EngineExecutionResults results = run(selectClass(binding));
        assertThat(failedCases(results)).isEmpty();
        assertThat(results.testEvents().skipped().stream().map(Event::getTestDescriptor)
                .map(d -> d.getDisplayName())).singleElement().asString().startsWith("C-05 ");
        assertThat(bindingFailures(results, binding)).singleElement()
                .satisfies(t -> assertThat(t).isInstanceOf(AssertionError.class)
                        .hasMessageContaining("required case C-05")
                        .hasMessageContaining("was skipped")
                        .hasMessageContaining("disabled by the binding's own extension"));

        ConformanceReport report = ConformanceReport.read(BrokenBackends.reportDirectory(binding));
        assertThat(report.conforms()).isFalse();
        assertThat(report.requiredNotPassed()).extracting(ConformanceReport.CaseResult::id).containsExactly("C-05");
    }

    @Test
    @DisplayName("a run that leaves required cases out fails, and the report lists them as not run")
    void partialRunFails() throws ClassNotFoundException {
        Class<?> binding = BrokenBackends.PartialRunBinding.class;
        Class<?> usageGroup = Arrays.stream(SessionStoreConformanceKit.class.getDeclaredClasses())
                .filter(c -> c.getSimpleName().equals("Usage")).findFirst().orElseThrow();
        EngineExecutionResults results = run(selectNestedClass(List.of(binding), usageGroup));
        assertThat(failedCases(results)).isEmpty();
        assertThat(results.testEvents().succeeded().count()).as("the Usage cases ran and passed").isEqualTo(8);
        assertThat(bindingFailures(results, binding)).singleElement()
                .satisfies(t -> assertThat(t).hasMessageContaining("required case C-02")
                        .hasMessageContaining("did not run"));

        ConformanceReport report = ConformanceReport.read(BrokenBackends.reportDirectory(binding));
        assertThat(report.passed()).isEqualTo(8);
        assertThat(report.find("C-02")).hasValueSatisfying(c -> {
            assertThat(c.status()).isEqualTo(Status.SKIPPED);
            assertThat(c.reason()).startsWith("did not run");
        });
        assertThat(report.conforms()).isFalse();
    }

    @Test
    @DisplayName("the kit closes every store it obtains, once")
    void closesEveryStore() {
        EngineExecutionResults results = run(selectClass(BrokenBackends.CountsClosesBinding.class));
        assertThat(failedCases(results)).isEmpty();
        assertThat(BrokenBackends.CountsClosesBinding.OPENED.get()).isGreaterThanOrEqualTo(65);
        assertThat(BrokenBackends.CountsClosesBinding.CLOSED.get()).isEqualTo(BrokenBackends.CountsClosesBinding.OPENED.get());
        assertThat(BrokenBackends.CountsClosesBinding.CLOSED_TWICE.get()).isZero();
    }

    @Test
    @DisplayName("a store that accepts idempotency keys and ignores them fails C-68 (and the race case C-72)")
    void ignoresKeys() {
        Class<? extends SessionStoreConformanceKit> binding = BrokenBackends.IgnoresKeysBinding.class;
        assertThat(failedCases(run(selectClass(binding))))
                .anySatisfy(name -> assertThat(name).startsWith("C-68 "))
                .anySatisfy(name -> assertThat(name).startsWith("C-72 "));
        ConformanceReport report = ConformanceReport.read(BrokenBackends.reportDirectory(binding));
        assertThat(report.find("C-68")).hasValueSatisfying(c -> assertThat(c.status()).isEqualTo(Status.FAILED));
        assertThat(report.conforms()).isFalse();
    }

    @Test
    @DisplayName("a store with one key space for all sessions fails C-71")
    void globalKeys() {
        Class<? extends SessionStoreConformanceKit> binding = BrokenBackends.GlobalKeysBinding.class;
        assertThat(failedCases(run(selectClass(binding)))).anySatisfy(name -> assertThat(name).startsWith("C-71 "));
        assertThat(ConformanceReport.read(BrokenBackends.reportDirectory(binding)).conforms()).isFalse();
    }
}
