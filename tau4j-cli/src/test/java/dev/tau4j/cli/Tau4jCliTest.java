package dev.tau4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tau4j.session.Append;
import dev.tau4j.session.Message;
import dev.tau4j.session.SessionListing;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.UsageDelta;
import dev.tau4j.session.memory.InMemorySessionStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every subcommand, against an in-memory store the factory hands out (the session below), plus the exit codes
 * and one-line errors. The README's examples are run as written.
 * <pre>
 * tenants/acme/chat-7: 1 system ─ 2 user "invoice 42" ─ 3 assistant ─ 4 user
 *                                                                  └─ 5 user "invoice again"
 * </pre>
 */
@DisplayName("The tau4j command line")
class Tau4jCliTest {

    private static final String CHAT = "tenants/acme/chat-7";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Each run closes the store it opened; closing the in-memory store does nothing, so runs share it. */
    private final InMemorySessionStore memory = InMemorySessionStore.create();

    /** The result of one run. */
    record Run(int code, String out, String err) {
        JsonNode json() throws IOException {
            return JSON.readTree(out);
        }
    }

    @BeforeEach
    void seed() {
        memory.append(Append.to(CHAT).message(Message.system("be brief")).message(Message.user("invoice 42"))
                .message(Message.assistant("which one?")).message(Message.user("the red one"))
                .usage(UsageDelta.of(3, 4, 7, "0.01")).build());
        memory.append(Append.to(CHAT).under(3).message(Message.user("invoice again")).build());
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new Tau4jCli((options, env) -> memory, Map.of()).run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private String file(String name) {
        return dir.resolve(name).toString();
    }

    @Test
    @DisplayName("list shows sessions under a prefix, with their head")
    void list() throws IOException {
        Run run = run("sessions", "list", "--prefix", "tenants/acme");
        assertThat(run.code()).isZero();
        assertThat(run.out()).contains(CHAT).contains("head 5");
        assertThat(run("sessions", "list", "--json").json().get(0).get("head").asLong()).isEqualTo(5);
    }

    @Test
    @DisplayName("show and lineage print entries; --json gives them in Tau's message format")
    void showAndLineage() throws IOException {
        Run show = run("sessions", "show", CHAT, "--limit", "2");
        assertThat(show.out().lines()).hasSize(3).element(2).asString().contains("user").contains("invoice 42");
        JsonNode lineage = run("sessions", "lineage", CHAT, "5", "--json").json();
        assertThat(lineage).extracting(n -> n.get("id").asLong()).containsExactly(1L, 2L, 3L, 5L);
        assertThat(lineage.get(3).get("message").get("content").get(0).get("text").asText()).isEqualTo("invoice again");
    }

    @Test
    @DisplayName("export then import moves a session, with a progress line on stderr")
    void exportImport() throws IOException {
        Run export = run("sessions", "export", CHAT, file("c.jsonl"), "--progress-every", "2");
        assertThat(export.code()).isZero();
        assertThat(export.out()).isEqualTo("exported 5 entries to " + file("c.jsonl") + "\n");
        assertThat(export.err()).contains("export: 2 entries").contains("export: 4 entries");
        assertThat(Path.of(file("c.jsonl.usage.json"))).exists();
        Run imported = run("sessions", "import", "copies/c", file("c.jsonl"), "--json");
        assertThat(imported.code()).isZero();
        assertThat(imported.json().get("imported").asLong()).isEqualTo(5);
        assertThat(imported.json().get("new_head").asLong()).isEqualTo(5);
        assertThat(memory.entries(SessionPath.of("copies/c"))).hasSize(5);
        assertThat(memory.usage(SessionPath.of("copies/c"))).isEqualTo(memory.usage(SessionPath.of(CHAT)));
    }

    @Test
    @DisplayName("export --head writes only the lineage of the head")
    void exportHead() throws IOException {
        assertThat(run("sessions", "export", CHAT, file("h.jsonl"), "--head").code()).isZero();
        assertThat(Files.readAllLines(Path.of(file("h.jsonl")))).hasSize(5); // meta + 1, 2, 3, 5
    }

    @Test
    @DisplayName("fork, search, stats, diff and graph")
    void toolbox() throws IOException {
        assertThat(run("sessions", "fork", CHAT, "4", "tenants/acme/retry").out()).isEqualTo(
                "forked 4 entries into tenants/acme/retry (head 4)\n");
        JsonNode hits = run("sessions", "search", CHAT, "INVOICE", "--role", "user", "--json").json();
        assertThat(hits.get("hits")).extracting(n -> n.get("id").asLong()).containsExactly(2L, 5L);
        Run stats = run("sessions", "stats", CHAT, "--validate");
        assertThat(stats.out()).contains("entries 5, roots 1, tips 2, branch points 1, deepest lineage 4")
                .contains("usage 3 in, 4 out, 7 total, $0.01").contains("valid");
        JsonNode diff = run("sessions", "diff", CHAT, "4", "5", "--json").json();
        assertThat(diff.get("common_ancestor").asLong()).isEqualTo(3);
        assertThat(run("sessions", "graph", CHAT, "--format", "dot").out()).startsWith("digraph session {")
                .contains("e3 -> e5;");
    }

    @Test
    @DisplayName("delete removes a session; deleting it again is an unknown session")
    void delete() {
        assertThat(run("sessions", "delete", CHAT).out()).isEqualTo("deleted " + CHAT + "\n");
        assertThat(memory.listSessions(SessionListing.all())).isEmpty();
        Run again = run("sessions", "delete", CHAT);
        assertThat(again.code()).isEqualTo(Tau4jCli.NOT_FOUND);
        assertThat(again.err()).isEqualTo("tau4j: no session '" + CHAT + "'\n");
    }

    @Nested
    @DisplayName("errors are one line with a clear exit code")
    class Errors {

        @Test
        @DisplayName("unknown session 3, unknown entry 3, bad path 2, fork into a busy session 5")
        void codes() {
            assertThat(run("sessions", "show", "no/such").code()).isEqualTo(Tau4jCli.NOT_FOUND);
            Run entry = run("sessions", "lineage", CHAT, "99");
            assertThat(entry.code()).isEqualTo(Tau4jCli.NOT_FOUND);
            assertThat(entry.err().lines()).hasSize(1);
            Run path = run("sessions", "show", "/bad");
            assertThat(path.code()).isEqualTo(Tau4jCli.BAD_INPUT);
            assertThat(path.err()).startsWith("tau4j: session path must not start with '/'").doesNotContain("\tat ");
            assertThat(run("sessions", "fork", CHAT, "4", CHAT).code()).isEqualTo(Tau4jCli.CONFLICT);
        }

        @Test
        @DisplayName("a bad import file is refused naming the line, with nothing written")
        void badFile() throws IOException {
            Path bad = dir.resolve("bad.jsonl");
            Files.writeString(bad, "{\"record_type\":\"meta\",\"schema_version\":1}\n{oops\n");
            Run run = run("sessions", "import", "copies/bad", bad.toString());
            assertThat(run.code()).isEqualTo(Tau4jCli.BAD_INPUT);
            assertThat(run.err()).startsWith("tau4j: line 2: ").doesNotContain("\n\t");
            assertThat(memory.listSessions(SessionListing.under(SessionPath.of("copies")))).isEmpty();
        }

        @Test
        @DisplayName("a missing file and an unknown option are bad input")
        void badUsage() {
            assertThat(run("sessions", "import", "copies/x", file("missing.jsonl")).code()).isEqualTo(Tau4jCli.BAD_INPUT);
            assertThat(run("sessions", "list", "--bogus").code()).isEqualTo(Tau4jCli.BAD_INPUT);
        }

        @Test
        @DisplayName("PostgreSQL: a password in --url is refused, an unreachable database exits 4")
        void postgres() {
            StringWriter err = new StringWriter();
            int code = new Tau4jCli(StoreFactory.POSTGRES, Map.of()).run(
                    new String[] {"sessions", "list", "--url", "postgres://app:secret@127.0.0.1:1/none"},
                    new PrintWriter(new StringWriter()), new PrintWriter(err));
            assertThat(code).isEqualTo(Tau4jCli.BAD_INPUT);
            assertThat(err.toString()).contains("TAU4J_PASSWORD").doesNotContain("secret");

            StringWriter err2 = new StringWriter();
            int unreachable = new Tau4jCli(StoreFactory.POSTGRES, Map.of("TAU4J_PASSWORD", "secret")).run(
                    new String[] {"sessions", "list", "--url", "postgres://app@127.0.0.1:1/none"},
                    new PrintWriter(new StringWriter()), new PrintWriter(err2));
            assertThat(unreachable).isEqualTo(Tau4jCli.UNAVAILABLE);
            assertThat(err2.toString().lines()).hasSize(1);
            assertThat(err2.toString()).startsWith("tau4j: ").doesNotContain("secret");
        }
    }

    @Test
    @DisplayName("every example of the README runs as written")
    void readmeExamples() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        List<String> lines = readme.lines().filter(l -> l.startsWith("tau4j sessions ")).toList();
        assertThat(lines).extracting(l -> l.split(" ")[2]).containsExactly("list", "show", "lineage", "export", "import",
                "fork", "search", "stats", "diff", "graph", "delete");
        for (String line : lines) {
            List<String> args = words(line.replaceAll("\\s+#.*$", "").substring("tau4j ".length()));
            args.replaceAll(a -> a.endsWith(".jsonl") ? file(a) : a);
            Run run = run(args.toArray(String[]::new));
            assertThat(run.code()).as(line + "\n" + run.err()).isZero();
            assertThat(run.out()).as(line).isNotBlank();
        }
    }

    /** Splits a shell line into words, honouring double quotes; {@code "$DB"} stays a word. */
    private static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        Matcher m = Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(line);
        while (m.find()) {
            words.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return words;
    }
}
