package dev.tau4j.session.tau;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tau4j.session.Append;
import dev.tau4j.session.Message;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.memory.InMemorySessionStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Tau JSONL snippet, run as written, and checked to be the one the README shows. */
@DisplayName("The README's Tau JSONL snippet does what it says")
class ReadmeTauJsonlTest {

    private static final String SNIPPET = """
            TauJsonlExport.from(store, chat).toFile(dir.resolve("chat-7.jsonl"));   // and chat-7.jsonl.usage.json
            TauImportReport imported = TauJsonlImport.into(store, SessionPath.of("imports/chat-7"))
                    .run(dir.resolve("chat-7.jsonl"));          // validated whole first: a bad line writes nothing
            imported.ids().newId(3);                            // the tau4j id given to Tau's entry 3
            SessionStats.of(store, chat).tips();                // and fork, search, diff, graph, validate
            """;

    @TempDir
    Path dir;

    @Test
    @DisplayName("the README shows this snippet")
    void readmeShowsIt() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        String section = readme.substring(readme.indexOf("## Sessions between Tau and tau4j"));
        String code = section.substring(section.indexOf("```java\n") + 8, section.indexOf("```\n", section.indexOf("```java")));
        assertThat(code).isEqualTo(SNIPPET);
    }

    @Test
    @DisplayName("export, import, id map and stats, run as written")
    void runsAsWritten() {
        SessionStore store = InMemorySessionStore.create();
        SessionPath chat = SessionPath.of("tenants/acme/users/42/chat-7");
        store.append(Append.to(chat).message(Message.system("s")).message(Message.user("u"))
                .message(Message.assistant("a")).build());
        store.append(Append.to(chat).under(2).message(Message.assistant("b")).build());

        TauJsonlExport.from(store, chat).toFile(dir.resolve("chat-7.jsonl"));   // and chat-7.jsonl.usage.json
        TauImportReport imported = TauJsonlImport.into(store, SessionPath.of("imports/chat-7"))
                .run(dir.resolve("chat-7.jsonl"));          // validated whole first: a bad line writes nothing
        imported.ids().newId(3);                            // the tau4j id given to Tau's entry 3
        SessionStats.of(store, chat).tips();                // and fork, search, diff, graph, validate

        assertThat(dir.resolve("chat-7.jsonl.usage.json")).exists();
        assertThat(imported.ids().newId(3)).hasValue(3);
        assertThat(SessionStats.of(store, chat).tips()).isEqualTo(2);
        assertThat(store.entries(SessionPath.of("imports/chat-7"))).hasSize(4);
    }
}
