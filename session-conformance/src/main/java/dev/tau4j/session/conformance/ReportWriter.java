package dev.tau4j.session.conformance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a {@link ConformanceReport} as JSON and as Markdown, each file replaced atomically where the
 * file system can, through a temporary file no other writer uses.
 */
final class ReportWriter {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportWriter() {
    }

    /** Writes both files into {@code directory}, creating it; returns the JSON file. */
    static Path write(Path directory, ConformanceReport report) throws IOException {
        Files.createDirectories(directory);
        Path json = directory.resolve(ConformanceReport.JSON_FILE);
        replace(json, MAPPER.writeValueAsString(report) + "\n");
        replace(directory.resolve(ConformanceReport.MARKDOWN_FILE), toMarkdown(report));
        return json;
    }

    static String toMarkdown(ConformanceReport report) {
        StringBuilder md = new StringBuilder();
        md.append("# Session store conformance: ").append(cell(report.backend())).append("\n\n");
        md.append("Kit version ").append(cell(report.kitVersion())).append(". ")
                .append(report.passed()).append(" passed, ")
                .append(report.failed()).append(" failed, ")
                .append(report.skipped()).append(" skipped. ")
                .append(report.conforms() ? "Every required case passed." : "NOT CONFORMING.")
                .append("\n\n");
        md.append("| Case | Name | Required | Status | Reason |\n");
        md.append("|---|---|---|---|---|\n");
        for (ConformanceReport.CaseResult c : report.cases()) {
            md.append("| ").append(c.id())
                    .append(" | ").append(cell(c.name()))
                    .append(" | ").append(c.required() ? "required" : "optional")
                    .append(" | ").append(c.status().wireName())
                    .append(" | ").append(c.reason() == null ? "" : cell(c.reason()))
                    .append(" |\n");
        }
        return md.toString();
    }

    private static String cell(String text) {
        String oneLine = text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
        if (oneLine.length() > 500) {
            oneLine = oneLine.substring(0, 500) + "…";
        }
        return oneLine.replace("|", "\\|");
    }

    /**
     * Writes {@code content} to a temporary file of its own next to {@code target} (a unique name, so
     * writers running in parallel never share one), then moves it over {@code target}, atomically where
     * the file system can.
     */
    private static void replace(Path target, String content) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), target.getFileName() + ".", ".tmp");
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
