package dev.tau4j.session.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.tau4j.session.conformance.ConformanceReport;
import dev.tau4j.session.conformance.ConformanceReport.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Each binding writes its own report; none can replace another's. */
class ReportPerBindingTest {

    private static void deleteTree(Path directory) throws IOException {
        if (Files.exists(directory)) {
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    private static List<String> bindingFailures(EngineExecutionResults results, Class<?> binding) {
        return KitCatchesBrokenBackendsTest.bindingFailures(results, binding).stream().map(Throwable::getMessage).toList();
    }

    @Test
    @DisplayName("two bindings run in parallel in one module leave two reports, each with its own verdict")
    void twoBindingsLeaveTwoReports() throws IOException {
        Class<?> failing = BrokenBackends.ForgetsParentsBinding.class;
        Class<?> passing = BrokenBackends.RefusesNulBinding.class;
        deleteTree(BrokenBackends.reportDirectory(failing));
        deleteTree(BrokenBackends.reportDirectory(passing));

        EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "same_thread")
                .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                .selectors(selectClass(failing), selectClass(passing))
                .execute();

        ConformanceReport failed = ConformanceReport.read(BrokenBackends.reportDirectory(failing));
        ConformanceReport passed = ConformanceReport.read(BrokenBackends.reportDirectory(passing));
        assertThat(failed.backend()).isEqualTo(failing.getSimpleName());
        assertThat(failed.conforms()).isFalse();
        assertThat(failed.find("C-02")).map(ConformanceReport.CaseResult::status).hasValue(Status.FAILED);
        assertThat(passed.backend()).isEqualTo(passing.getSimpleName());
        assertThat(passed.conforms()).isTrue();
        assertThat(BrokenBackends.reportDirectory(failing))
                .isEqualTo(Path.of("target", "conformance", failing.getName()));
        for (Class<?> binding : List.of(failing, passing)) {
            assertThat(BrokenBackends.reportDirectory(binding).toFile().list()).as("files of %s", binding.getSimpleName())
                    .containsExactlyInAnyOrder(ConformanceReport.JSON_FILE, ConformanceReport.MARKDOWN_FILE);
        }
    }

    @Test
    @DisplayName("a second binding that chooses a directory already holding another binding's report fails and replaces nothing")
    void secondBindingInOneDirectoryFails() throws IOException {
        Class<?> failing = BrokenBackends.SameDirectoryFailingBinding.class;
        Class<?> passing = BrokenBackends.SameDirectoryPassingBinding.class;
        deleteTree(BrokenBackends.SHARED_DIRECTORY);

        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(failing), selectClass(passing)).execute();

        List<String> failingRefused = bindingFailures(results, failing).stream()
                .filter(m -> m.contains("already holds the report of binding")).toList();
        List<String> passingRefused = bindingFailures(results, passing).stream()
                .filter(m -> m.contains("already holds the report of binding")).toList();
        assertThat(failingRefused.size() + passingRefused.size()).as("bindings refused the shared directory").isEqualTo(1);
        Class<?> first = failingRefused.isEmpty() ? failing : passing;
        Class<?> second = first == failing ? passing : failing;
        assertThat(failingRefused.isEmpty() ? passingRefused : failingRefused).singleElement().asString()
                .contains(first.getName()).contains(BrokenBackends.SHARED_DIRECTORY.toAbsolutePath().toString());

        ConformanceReport kept = ConformanceReport.read(BrokenBackends.SHARED_DIRECTORY);
        assertThat(kept.backend()).as("the report in the shared directory").isEqualTo(first.getSimpleName())
                .isNotEqualTo(second.getSimpleName());
        assertThat(kept.conforms()).isEqualTo(first == passing);
    }
}
