package dev.tau4j.session.conformance;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Records the outcome of every conformance case of a binding and, once the binding class has finished,
 * writes the report and fails the run when a required case was skipped or did not run.
 *
 * <p>Outcomes are kept in the store of the binding's top-level class context (the one whose parent is
 * the engine), so several bindings may run in one JVM, even in parallel.
 */
final class ConformanceWatcher implements TestWatcher, AfterAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ConformanceWatcher.class);
    private static final String OUTCOMES = "outcomes";
    static final String DID_NOT_RUN = "did not run (filtered out, or its class failed before running it)";

    private record Outcome(ConformanceReport.Status status, String reason) {
    }

    @Override
    public void testSuccessful(ExtensionContext context) {
        record(context, ConformanceReport.Status.PASSED, null);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        record(context, ConformanceReport.Status.FAILED, describe(cause));
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        record(context, ConformanceReport.Status.SKIPPED, cause == null ? "aborted" : printable(String.valueOf(cause.getMessage())));
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        record(context, ConformanceReport.Status.SKIPPED, printable(reason.orElse("disabled")));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (!isTopLevel(context)) {
            return;
        }
        Class<?> bindingClass = context.getRequiredTestClass();
        List<String> problems = new ArrayList<>();
        List<CaseCatalog.Case> expected;
        try {
            expected = CaseCatalog.of(bindingClass);
        } catch (IllegalStateException e) {
            problems.add(e.getMessage());
            expected = List.of();
        }

        Map<String, Outcome> outcomes = outcomes(context);
        List<ConformanceReport.CaseResult> results = new ArrayList<>();
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        for (CaseCatalog.Case c : expected) {
            Outcome outcome = outcomes.getOrDefault(c.id(), new Outcome(ConformanceReport.Status.SKIPPED, DID_NOT_RUN));
            results.add(new ConformanceReport.CaseResult(c.id(), c.name(), c.required(), outcome.status(),
                    outcome.reason()));
            switch (outcome.status()) {
                case PASSED -> passed++;
                case FAILED -> failed++;
                case SKIPPED -> {
                    skipped++;
                    if (c.required()) {
                        problems.add("required case " + c.id() + " " + c.name() + " was skipped: " + outcome.reason());
                    }
                }
            }
        }
        if (!expected.isEmpty() && passed + failed == 0) {
            problems.add("no conformance case ran");
        }

        SessionStoreConformanceKit kit = context.getTestInstance()
                .filter(SessionStoreConformanceKit.class::isInstance)
                .map(SessionStoreConformanceKit.class::cast)
                .orElse(null);
        String backend = bindingClass.getSimpleName();
        Path directory = SessionStoreConformanceKit.reportDirectoryOf(SessionStoreConformanceKit.baseReportDirectory(),
                bindingClass.getName());
        if (kit != null) {
            backend = kit.backendName();
            directory = kit.reportDirectory();
        }
        ConformanceReport report = new ConformanceReport(KitVersion.get(), backend, results, passed, failed, skipped);
        Path file = directory.resolve(ConformanceReport.JSON_FILE).toAbsolutePath();
        String owner = claim(directory, bindingClass);
        if (owner != null) {
            problems.add("report directory " + directory.toAbsolutePath() + " already holds the report of binding "
                    + owner + "; this report was not written there, so each binding needs a reportDirectory() of its own");
        } else {
            try {
                file = ReportWriter.write(directory, report).toAbsolutePath();
            } catch (IOException e) {
                throw new AssertionError("cannot write the conformance report to " + directory.toAbsolutePath(), e);
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("Conformance run of " + backend + " is incomplete, so it fails:\n  - "
                    + String.join("\n  - ", problems) + "\nReport: " + file);
        }
    }

    /** Report directories written in this JVM, by the binding class that owns each. */
    private static final Map<Path, String> OWNERS = new ConcurrentHashMap<>();

    /**
     * Claims {@code directory} for {@code bindingClass}; returns the name of the other binding class that
     * owns it already, or {@code null} when it is this binding's (a binding may run again and replace its
     * own report).
     */
    private static String claim(Path directory, Class<?> bindingClass) {
        String owner = OWNERS.putIfAbsent(directory.toAbsolutePath().normalize(), bindingClass.getName());
        return owner == null || owner.equals(bindingClass.getName()) ? null : owner;
    }

    private static void record(ExtensionContext context, ConformanceReport.Status status, String reason) {
        Optional<Method> method = context.getTestMethod();
        if (method.isEmpty()) {
            return;
        }
        ConformanceCase annotation = method.get().getAnnotation(ConformanceCase.class);
        if (annotation == null) {
            return;
        }
        ExtensionContext top = context;
        while (!isTopLevel(top)) {
            top = top.getParent().orElseThrow();
        }
        // A case reported twice (re-run by some engine feature) keeps its worst outcome.
        outcomes(top).merge(annotation.id(), new Outcome(status, reason),
                (a, b) -> severity(a.status()) >= severity(b.status()) ? a : b);
    }

    private static int severity(ConformanceReport.Status status) {
        return switch (status) {
            case PASSED -> 0;
            case SKIPPED -> 1;
            case FAILED -> 2;
        };
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Outcome> outcomes(ExtensionContext topLevel) {
        return topLevel.getStore(NAMESPACE).getOrComputeIfAbsent(OUTCOMES, key -> new ConcurrentHashMap<>(),
                Map.class);
    }

    /** The binding class's context: its parent is the engine's root context. */
    private static boolean isTopLevel(ExtensionContext context) {
        return context.getParent().map(parent -> parent.getParent().isEmpty()).orElse(false);
    }

    private static String describe(Throwable cause) {
        if (cause == null) {
            return "failed";
        }
        String message = cause.getMessage();
        String text = cause.getClass().getName() + (message == null ? "" : ": " + message.strip());
        if (text.length() > 2_000) {
            int end = Character.isHighSurrogate(text.charAt(1_999)) ? 1_999 : 2_000;
            text = text.substring(0, end) + "…";
        }
        return printable(text);
    }

    /**
     * The text with what a report file cannot or should not hold written as Java escapes (backslash, u,
     * four hex digits): unpaired
     * surrogates (not encodable in UTF-8) and control characters other than tab and newline. Failure
     * messages quote the very strings the kit uses to break backends.
     */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else if (Character.isSurrogate(c) || (Character.isISOControl(c) && c != '\n' && c != '\t')) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
