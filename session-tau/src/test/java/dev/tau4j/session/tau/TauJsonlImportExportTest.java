package dev.tau4j.session.tau;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tau4j.session.Append;
import dev.tau4j.session.ContentBlock;
import dev.tau4j.session.MediaSource;
import dev.tau4j.session.Message;
import dev.tau4j.session.MessageCodec;
import dev.tau4j.session.Role;
import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.SessionListing;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.StoreOutcomeUnknownException;
import dev.tau4j.session.StoreUnavailableException;
import dev.tau4j.session.UsageDelta;
import dev.tau4j.session.UsageSummary;
import dev.tau4j.session.memory.InMemorySessionStore;
import dev.tau4j.session.tau.TauFormatException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Tau JSONL import and export")
class TauJsonlImportExportTest {

    private static final SessionPath TARGET = SessionPath.of("imports/chat");

    @TempDir
    Path dir;

    private final InMemorySessionStore store = InMemorySessionStore.create();

    private Path fixture(String name) throws IOException {
        Path file = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/tau/" + name)) {
            Files.copy(in, file);
        }
        return file;
    }

    private Path file(String... lines) throws IOException {
        Path file = Files.createTempFile(dir, "source", ".jsonl");
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return file;
    }

    private static String entry(String id, String parent, String text) {
        return "{\"record_type\":\"entry\",\"id\":" + id + ",\"parent_id\":" + parent
                + ",\"message\":" + MessageCodec.encode(Message.user(text)) + "}";
    }

    private String export(SessionPath path) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TauJsonlExport.from(store, path).to(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Nested
    @DisplayName("a file in Tau's format with every content kind")
    class EveryKind {

        @Test
        @DisplayName("imports with its ids and parents, and exports back to the same bytes line by line")
        void importsAndExportsBack() throws IOException {
            Path source = fixture("every-kind.jsonl");
            fixture("every-kind.jsonl.usage.json");
            TauImportReport report = TauJsonlImport.into(store, TARGET).run(source);

            assertThat(report.imported()).isEqualTo(8);
            assertThat(report.ids().remappedCount()).isZero();
            assertThat(report.newHead()).hasValue(8);
            assertThat(store.entries(TARGET)).extracting(e -> e.parentId().orElse(0))
                    .containsExactly(0L, 1L, 2L, 3L, 4L, 2L, 6L, 0L);

            List<String> original = Files.readAllLines(source, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank())
                    .map(l -> l.startsWith("{\"id\"") ? "{\"record_type\":\"entry\"," + l.substring(1) : l)
                    .collect(Collectors.toList());
            assertThat(export(TARGET).split("\n", -1)).containsExactlyElementsOf(withEnd(original));
        }

        @Test
        @DisplayName("keeps negative zero negative and decimals exact in tool arguments")
        void numbers() throws IOException {
            TauJsonlImport.into(store, TARGET).run(fixture("every-kind.jsonl"));
            ContentBlock.ToolCall call = (ContentBlock.ToolCall) store.entry(TARGET, 3).orElseThrow().message().content().get(1);
            assertThat(Double.doubleToRawLongBits(call.arguments().get("z").doubleValue()))
                    .isEqualTo(Double.doubleToRawLongBits(-0.0));
            assertThat(call.arguments().get("one").decimalValue()).isEqualTo(new BigDecimal("1.0"));
            assertThat(call.arguments().get("big").bigIntegerValue().toString()).isEqualTo("12345678901234567890");
        }

        @Test
        @DisplayName("reads the usage sidecar, rounding Tau's binary cost half-even to 12 places, and says so")
        void sidecarRounded() throws IOException {
            Path source = fixture("every-kind.jsonl");
            fixture("every-kind.jsonl.usage.json");
            TauImportReport report = TauJsonlImport.into(store, TARGET).run(source);
            assertThat(report.usage().rounded()).isTrue();
            assertThat(report.usage().costAsWritten()).isEqualTo(new BigDecimal("0.013999999999999999"));
            assertThat(store.usage(TARGET)).isEqualTo(new UsageSummary(120, 45, 165, new BigDecimal("0.014")));
        }
    }

    private static List<String> withEnd(List<String> lines) {
        List<String> all = new ArrayList<>(lines);
        all.add("");
        return all;
    }

    @Nested
    @DisplayName("tau4j to JSONL to tau4j")
    class RoundTrip {

        private final SessionPath source = SessionPath.of("chats/source");

        private void seed() {
            ObjectNode args = JsonNodeFactory.instance.objectNode().put("q", "pg").put("n", -0.0)
                    .put("exact", new BigDecimal("0.10"));
            store.append(Append.to(source)
                    .message(Message.system("sys"))
                    .message(Message.user("émoji 😀 nul \u0000"))
                    .message(Message.builder(Role.ASSISTANT).text("calling")
                            .block(ContentBlock.toolCall("c1", "search", args))
                            .block(ContentBlock.image(MediaSource.url("https://example.test/i.png")))
                            .block(ContentBlock.audio(MediaSource.base64("audio/wav", "UklGRg==")))
                            .build())
                    .message(Message.toolResult("c1", "search", "none", true))
                    .usage(UsageDelta.of(10, 3, 13, "0.000000000007"))
                    .build());
            store.append(Append.to(source).under(2).message(Message.user("branch")).build());
            store.append(Append.to(source).message(Message.user("second root")).build());
            store.append(Append.to(source).under(5).message(Message.assistant("tip")).build());
        }

        @Test
        @DisplayName("gives the same entries, parents, messages and usage")
        void exact() {
            seed();
            Path file = dir.resolve("s.jsonl");
            TauExportReport exported = TauJsonlExport.from(store, source).pageSize(2).toFile(file);
            assertThat(exported.entries()).isEqualTo(7);
            assertThat(exported.tauCompatible()).isTrue();
            assertThat(TauUsageSidecar.pathFor(file)).exists();

            TauJsonlImport.into(store, TARGET).run(file);
            assertThat(store.entries(TARGET)).usingElementComparator((a, b) -> a.id() == b.id()
                    && a.parentId().equals(b.parentId()) && a.message().equals(b.message()) ? 0 : 1)
                    .containsExactlyElementsOf(store.entries(source));
            assertThat(store.usage(TARGET)).isEqualTo(store.usage(source));
        }

        @Test
        @DisplayName("a lineage export holds the lineage of the head only, root first")
        void lineage() {
            seed();
            String text = new String(exportBytes(TauJsonlExport.from(store, source).lineageOf(7)), StandardCharsets.UTF_8);
            assertThat(text.lines().skip(1).map(l -> l.substring(0, l.indexOf(",\"message\""))))
                    .containsExactly("{\"record_type\":\"entry\",\"id\":1,\"parent_id\":null",
                            "{\"record_type\":\"entry\",\"id\":2,\"parent_id\":1",
                            "{\"record_type\":\"entry\",\"id\":5,\"parent_id\":2",
                            "{\"record_type\":\"entry\",\"id\":7,\"parent_id\":5");
            String head = new String(exportBytes(TauJsonlExport.from(store, source).lineageOfHead().pageSize(1)),
                    StandardCharsets.UTF_8);
            assertThat(head).isEqualTo(text);
        }

        @Test
        @DisplayName("an empty session exports as the meta line only; an unknown lineage head is refused")
        void empty() {
            assertThat(export(SessionPath.of("nothing/here"))).isEqualTo(TauJsonlExport.META_LINE + "\n");
            seed();
            assertThatThrownBy(() -> exportBytes(TauJsonlExport.from(store, source).lineageOf(99)))
                    .isInstanceOf(dev.tau4j.session.EntryNotFoundException.class);
        }

        @Test
        @DisplayName("accepted_at is added after the message when asked")
        void acceptedAt() {
            seed();
            String text = new String(exportBytes(TauJsonlExport.from(store, source).acceptedAt(true)), StandardCharsets.UTF_8);
            assertThat(text.lines().skip(1)).allMatch(l -> l.matches(".*\\},\"accepted_at\":\"[0-9T:.Z-]+\"\\}"));
        }
    }

    private static byte[] exportBytes(TauJsonlExport.Builder export) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        export.to(out);
        return out.toByteArray();
    }

    @Nested
    @DisplayName("content Tau cannot read")
    class Incompatible {

        private final SessionPath source = SessionPath.of("chats/odd");

        @Test
        @DisplayName("stops the export naming the entry, and a file export leaves no file")
        void fails() {
            store.append(Append.to(source).message(Message.user("fine")).message(Message.user("lone \ud800")).build());
            Path file = dir.resolve("odd.jsonl");
            assertThatThrownBy(() -> TauJsonlExport.from(store, source).toFile(file))
                    .isInstanceOfSatisfying(TauIncompatibleContentException.class, e -> {
                        assertThat(e.entryId()).isEqualTo(2);
                        assertThat(e.problems()).containsExactly("content[0].text: lone surrogate U+D800 at index 5");
                    });
            assertThat(dir).isEmptyDirectory();
        }

        @Test
        @DisplayName("with REPORT, is listed and written so that tau4j reads it back exactly")
        void reports() {
            ObjectNode huge = (ObjectNode) MessageCodec.parseJson("{\"n\":1e400}");
            store.append(Append.to(source).message(Message.user("lone \udc00"))
                    .message(Message.builder(Role.ASSISTANT).block(ContentBlock.toolCall("c", "n", huge)).build())
                    .message(Message.user("fine")).build());
            Path file = dir.resolve("odd.jsonl");
            TauExportReport report = TauJsonlExport.from(store, source).onIncompatible(IncompatibleContent.REPORT).toFile(file);
            assertThat(report.incompatible()).extracting(TauExportReport.IncompatibleEntry::entryId).containsExactly(1L, 2L);
            TauJsonlImport.into(store, TARGET).run(file);
            assertThat(store.entries(TARGET)).extracting(SessionEntry::message)
                    .containsExactlyElementsOf(store.entries(source).stream().map(SessionEntry::message).toList());
        }
    }

    @Nested
    @DisplayName("merge and replace")
    class Modes {

        @Test
        @DisplayName("merge keeps existing entries and remaps colliding ids, parents first (Tau's duplicate-id bug avoided)")
        void mergeRemaps() throws IOException {
            store.append(Append.to(TARGET).message(Message.user("one")).message(Message.user("two")).build());
            Path source = file(entry("3", "null", "three"), entry("1", "3", "child of three"));
            TauImportReport report = TauJsonlImport.into(store, TARGET).run(source);
            assertThat(report.ids().pairs().map(TauIdMap.IdPair::toString)).containsExactly("1 -> 4", "3 -> 3");
            assertThat(report.newHead()).hasValue(4);
            assertThat(store.entries(TARGET)).extracting(e -> e.message().text() + "@" + e.parentId().orElse(0))
                    .containsExactly("one@0", "two@1", "three@0", "child of three@3");
        }

        @Test
        @DisplayName("a child before its parent, id 0, gaps and the largest u64 id import parents first")
        void oddIds() throws IOException {
            Path source = file(entry("10", "0", "child"), "", entry("0", "null", "root"),
                    entry("18446744073709551615", "10", "grandchild"));
            TauImportReport report = TauJsonlImport.into(store, TARGET).run(source);
            assertThat(report.ids().pairs().map(TauIdMap.IdPair::toString))
                    .containsExactly("0 -> 1", "10 -> 2", "18446744073709551615 -> 3");
            assertThat(report.ids().newId(-1L)).hasValue(3);
            assertThat(report.ids().newId(11)).isEmpty();
            assertThat(report.newHead()).hasValue(3);
            assertThat(store.entries(TARGET)).extracting(e -> e.message().text() + "@" + e.parentId().orElse(0))
                    .containsExactly("root@0", "child@1", "grandchild@2");
        }

        @Test
        @DisplayName("replace makes the target exactly the file and keeps its usage when there is no sidecar")
        void replace() throws IOException {
            store.append(Append.to(TARGET).message(Message.user("old")).usage(UsageDelta.of(1, 2, 3, "0.5")).build());
            TauJsonlImport.into(store, TARGET).mode(ImportMode.REPLACE).run(file(entry("5", "null", "new")));
            assertThat(store.entries(TARGET)).extracting(e -> e.id() + ":" + e.message().text()).containsExactly("1:new");
            assertThat(store.usage(TARGET)).isEqualTo(new UsageSummary(1, 2, 3, new BigDecimal("0.5")));
        }

        @Test
        @DisplayName("chains longer than a chunk are split, and the chunks keep their parents")
        void chunks() throws IOException {
            List<String> lines = new ArrayList<>();
            for (int i = 1; i <= 25; i++) {
                lines.add(entry(Integer.toString(i), i == 1 ? "null" : Integer.toString(i == 20 ? 3 : i - 1), "m" + i));
            }
            TauImportReport report = TauJsonlImport.into(store, TARGET).chunkSize(7).run(file(lines.toArray(String[]::new)));
            assertThat(report.appends()).isEqualTo(4); // the chain 1..19 as 1-7, 8-14, 15-19; the branch 20..25 under 3
            assertThat(store.entries(TARGET)).extracting(e -> e.parentId().orElse(0))
                    .containsExactlyElementsOf(lines.stream().map(l -> {
                        String p = l.substring(l.indexOf("\"parent_id\":") + 12, l.indexOf(",\"message\""));
                        return p.equals("null") ? 0L : Long.parseLong(p);
                    }).toList());
        }
    }

    @Nested
    @DisplayName("a bad source is refused naming the line, with nothing written")
    class Refused {

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
            "MALFORMED_LINE|3|not json",
            "MALFORMED_LINE|3|[1,2]",
            "UNKNOWN_RECORD_TYPE|3|{\"record_type\":\"usage\",\"input_tokens\":1}",
            "UNSUPPORTED_SCHEMA_VERSION|3|{\"record_type\":\"meta\",\"schema_version\":2}",
            "MALFORMED_LINE|3|{\"record_type\":\"entry\",\"id\":-1,\"parent_id\":null,\"message\":{\"role\":\"user\",\"content\":[]}}",
            "INVALID_MESSAGE|3|{\"record_type\":\"entry\",\"id\":9,\"parent_id\":null,\"message\":{\"role\":\"user\",\"content\":[],\"is_error\":null}}",
            "MALFORMED_LINE|3|{\"record_type\":\"entry\",\"id\":9,\"id\":9,\"parent_id\":null,\"message\":{\"role\":\"user\",\"content\":[]}}",
            "DUPLICATE_ID|4|DUP",
            "MISSING_PARENT|3|{\"record_type\":\"entry\",\"id\":9,\"parent_id\":77,\"message\":{\"role\":\"user\",\"content\":[]}}",
            "CYCLE|2|CYCLE",
        })
        void refused(Reason reason, long line, String bad) throws IOException {
            store.append(Append.to(TARGET).message(Message.user("existing")).build());
            List<String> lines = new ArrayList<>(List.of(TauJsonlExport.META_LINE, entry("1", "null", "a")));
            if (bad.equals("DUP")) {
                lines.add(entry("2", "1", "b"));
                lines.add(entry("1", "2", "again"));
            } else if (bad.equals("CYCLE")) {
                lines = new ArrayList<>(List.of(TauJsonlExport.META_LINE, entry("1", "3", "a"), entry("2", "1", "b"),
                        entry("3", "2", "c")));
            } else {
                lines.add(bad);
            }
            lines.add(entry("50", "1", "after"));
            Path source = file(lines.toArray(String[]::new));
            for (ImportMode mode : ImportMode.values()) {
                assertThatThrownBy(() -> TauJsonlImport.into(store, TARGET).mode(mode).run(source))
                        .isInstanceOfSatisfying(TauFormatException.class, e -> {
                            assertThat(e.reason()).isEqualTo(reason);
                            assertThat(e.lineNumber()).isEqualTo(line);
                            assertThat(e.getMessage()).startsWith("line " + line + ": ");
                        });
                assertThat(store.entries(TARGET)).extracting(e -> e.message().text()).containsExactly("existing");
            }
        }

        @Test
        @DisplayName("a usage sidecar with schema_version 2 is refused before anything is written")
        void sidecarSchema() throws IOException {
            Path source = file(entry("1", "null", "a"));
            Path sidecar = dir.resolve("u.json");
            Files.writeString(sidecar, "{\"schema_version\":2,\"input_tokens\":1,\"output_tokens\":1,\"total_tokens\":2,"
                    + "\"estimated_cost_usd\":0.1}");
            assertThatThrownBy(() -> TauJsonlImport.into(store, TARGET).sidecar(sidecar).run(source))
                    .isInstanceOfSatisfying(TauFormatException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_SCHEMA_VERSION));
            assertThat(store.listSessions(SessionListing.all())).isEmpty();
        }
    }

    @Nested
    @DisplayName("a store failing in the middle of an import")
    class Failures {

        /** The in-memory store, failing every append after the first {@code succeed}. */
        private SessionStore failingAfter(int succeed) {
            AtomicInteger appends = new AtomicInteger();
            return (SessionStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {SessionStore.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("append") && appends.incrementAndGet() > succeed) {
                            throw new StoreUnavailableException("connection lost", new IOException("reset"));
                        }
                        try {
                            return method.invoke(store, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        @Test
        @DisplayName("into a new session: the entries written are deleted again and the error is transient")
        void freshRolledBack() throws IOException {
            Path source = file(entry("1", "null", "a"), entry("2", "null", "b"), entry("3", "null", "c"));
            assertThatThrownBy(() -> TauJsonlImport.into(failingAfter(2), TARGET).run(source))
                    .isInstanceOfSatisfying(TauImportFailedException.class, e -> {
                        assertThat(e.entriesWritten()).isEqualTo(2);
                        assertThat(e.rolledBack()).isTrue();
                        assertThat(e.isTransient()).isTrue();
                    });
            assertThat(store.listSessions(SessionListing.all())).isEmpty();
        }

        @Test
        @DisplayName("merge into an existing session: the appends that succeeded stay and are counted")
        void mergeKeeps() throws IOException {
            store.append(Append.to(TARGET).message(Message.user("existing")).build());
            Path source = file(entry("1", "null", "a"), entry("2", "null", "b"));
            // Two calls succeed: the probe for an earlier run into the then-empty session (refused as
            // stale, nothing written) and the first chunk; the second chunk fails.
            assertThatThrownBy(() -> TauJsonlImport.into(failingAfter(2), TARGET).run(source))
                    .isInstanceOfSatisfying(TauImportFailedException.class, e -> {
                        assertThat(e.entriesWritten()).isEqualTo(1);
                        assertThat(e.rolledBack()).isFalse();
                    });
            assertThat(store.entries(TARGET)).extracting(e -> e.message().text()).containsExactly("existing", "a");
        }

        @Test
        @DisplayName("a merge whose reply was lost mid-way, run again, writes every chunk exactly once")
        void mergeRetriedWritesOnce() throws IOException {
            store.append(Append.to(TARGET).message(Message.user("existing")).build());
            AtomicInteger appends = new AtomicInteger();
            SessionStore losesSecondReply = (SessionStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {SessionStore.class}, (proxy, method, args) -> {
                        try {
                            Object result = method.invoke(store, args);
                            if (method.getName().equals("append") && appends.incrementAndGet() == 2) {
                                throw new StoreOutcomeUnknownException("reply lost after commit", "08006", null);
                            }
                            return result;
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            Path source = file(entry("1", "null", "a"), entry("2", "null", "b"), entry("3", "null", "c"));
            assertThatThrownBy(() -> TauJsonlImport.into(losesSecondReply, TARGET).run(source))
                    .isInstanceOfSatisfying(TauImportFailedException.class, e -> assertThat(e.isTransient()).isTrue());
            assertThat(store.entries(TARGET)).extracting(e -> e.message().text()).containsExactly("existing", "a", "b");

            TauImportReport again = TauJsonlImport.into(store, TARGET).run(source);
            assertThat(again.imported()).isEqualTo(3);
            assertThat(store.entries(TARGET)).extracting(e -> e.message().text())
                    .containsExactly("existing", "a", "b", "c");
        }

        @Test
        @DisplayName("an import that completed, run again (its result lost), writes nothing and reports the same ids")
        void completedRunAgain() throws IOException {
            Path source = file(entry("1", "null", "a"), entry("2", "1", "b"), entry("3", "null", "c"));
            TauImportReport first = TauJsonlImport.into(store, TARGET).run(source);
            TauImportReport again = TauJsonlImport.into(store, TARGET).run(source);
            assertThat(again.newHead()).isEqualTo(first.newHead());
            assertThat(store.entries(TARGET)).extracting(e -> e.message().text()).containsExactly("a", "b", "c");
        }

        @Test
        @DisplayName("the import id and so every idempotency key is the same for the same file, sidecar and mode")
        void deterministicKeys() throws IOException {
            Path source = file(entry("1", "null", "a"));
            String first = TauJsonlImport.into(store, SessionPath.of("k/1")).run(source).importId();
            String again = TauJsonlImport.into(store, SessionPath.of("k/2")).run(source).importId();
            String replace = TauJsonlImport.into(store, SessionPath.of("k/3")).mode(ImportMode.REPLACE).run(source).importId();
            assertThat(first).hasSize(32).isEqualTo(again).isNotEqualTo(replace);
        }
    }
}
