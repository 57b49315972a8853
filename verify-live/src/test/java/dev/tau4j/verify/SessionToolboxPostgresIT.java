package dev.tau4j.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tau4j.postgres.MigrationMode;
import dev.tau4j.session.Append;
import dev.tau4j.session.ContentBlock;
import dev.tau4j.session.MediaSource;
import dev.tau4j.session.Message;
import dev.tau4j.session.Role;
import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.UsageDelta;
import dev.tau4j.session.memory.InMemorySessionStore;
import dev.tau4j.session.postgres.PostgresSessionStore;
import dev.tau4j.session.tau.LineageDiff;
import dev.tau4j.session.tau.SessionFork;
import dev.tau4j.session.tau.SessionGraph;
import dev.tau4j.session.tau.SessionSearch;
import dev.tau4j.session.tau.SessionStats;
import dev.tau4j.session.tau.SessionValidation;
import dev.tau4j.session.tau.TauImportReport;
import dev.tau4j.session.tau.TauJsonlExport;
import dev.tau4j.session.tau.TauJsonlImport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tau JSONL import and export and the session toolbox on PostgreSQL: every operation gives on
 * {@link PostgresSessionStore} exactly what it gives on the in-memory store, for a session with every
 * kind of content, branches and usage, across several pages.
 */
@ExtendWith(LiveDatabaseExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Tau JSONL and the session toolbox on PostgreSQL")
class SessionToolboxPostgresIT {

    private static final SessionPath SOURCE = SessionPath.of("toolbox/source");
    private static final SessionPath IMPORTED = SessionPath.of("toolbox/imported");
    private static final SessionPath FORKED = SessionPath.of("toolbox/forked");
    /** More entries than one page of the SPI's paged reads (1,000). */
    private static final int TRUNK = 2_400;

    private final InMemorySessionStore memory = InMemorySessionStore.create();
    private PostgresSessionStore postgres;
    private long branchTip;

    @BeforeAll
    void open(LiveRun live) throws IOException {
        String schema = live.newSchemaName();
        postgres = PostgresSessionStore.builder().dataSource(live.dataSource()).schema(schema)
                .migration(MigrationMode.MIGRATE).build();
        seed(memory);
    }

    @AfterAll
    void close() {
        if (postgres != null) {
            postgres.close();
        }
    }

    /** A trunk of {@value #TRUNK} entries with every content kind near its root, a branch, usage. */
    private void seed(SessionStore store) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Message> kinds = List.of(
                Message.system("You are terse."),
                Message.user("héllo 👋 \"quoted\""),
                Message.builder(Role.ASSISTANT).text("calling")
                        .block(ContentBlock.toolCall("call-1", "lookup",
                                json.readTree("{\"q\":\"x\",\"n\":-0.0,\"big\":12345678901234567890,\"d\":1.50}")))
                        .build(),
                Message.toolResult("call-1", "lookup", "{\"ok\":true}", false),
                Message.builder(Role.USER).block(ContentBlock.image(MediaSource.url("https://example.org/a.png?x=1")))
                        .block(ContentBlock.audio(MediaSource.base64("audio/wav", "UklGRg==")))
                        .build(),
                Message.toolResult("call-2", "fail", "boom", true));
        store.append(Append.to(SOURCE).messages(kinds).usage(UsageDelta.of(10, 3, 13, "0.007")).build());
        List<Message> rest = new ArrayList<>();
        for (int i = kinds.size(); i < TRUNK; i++) {
            rest.add(i % 7 == 0 ? Message.assistant("answer " + i) : Message.user("question " + i));
        }
        store.append(Append.to(SOURCE).under(kinds.size()).messages(rest).build());
        branchTip = store.append(Append.to(SOURCE).under(1_500).message(Message.user("a branch")).build()).get(0).id();
    }

    private static String export(SessionStore store, SessionPath path) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TauJsonlExport.from(store, path).acceptedAt(false).to(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("a JSONL file imports into PostgreSQL and exports back to the same bytes")
    void importExport(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("session.jsonl");
        String fromMemory = export(memory, SOURCE);
        Files.writeString(file, fromMemory, StandardCharsets.UTF_8);

        TauImportReport report = TauJsonlImport.into(postgres, IMPORTED).run(file);
        assertThat(report.imported()).isEqualTo(TRUNK + 1L);
        assertThat(export(postgres, IMPORTED)).isEqualTo(fromMemory);
        assertThat(postgres.entries(IMPORTED)).extracting(SessionEntry::message)
                .containsExactlyElementsOf(memory.entries(SOURCE).stream().map(SessionEntry::message).toList());

        TauImportReport again = TauJsonlImport.into(postgres, IMPORTED).run(file);
        assertThat(again.imported()).as("the same import again is answered by its idempotency keys")
                .isEqualTo(TRUNK + 1L);
        assertThat(postgres.entries(IMPORTED)).hasSize(TRUNK + 1);
    }

    @Test
    @DisplayName("stats, search, diff, graph, validate and fork give on PostgreSQL what they give in memory")
    void toolbox(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("toolbox.jsonl");
        Files.writeString(file, export(memory, SOURCE), StandardCharsets.UTF_8);
        SessionPath onPostgres = SessionPath.of("toolbox/copy");
        TauJsonlImport.into(postgres, onPostgres).run(file);

        assertThat(SessionStats.of(postgres, onPostgres)).usingRecursiveComparison().ignoringFields("usage")
                .isEqualTo(SessionStats.of(memory, SOURCE));
        assertThat(SessionSearch.in(postgres, onPostgres).text("ANSWER 7").ignoreCase(true).roles(Role.ASSISTANT)
                .limit(50).run().hits()).extracting(SessionEntry::id)
                .isEqualTo(SessionSearch.in(memory, SOURCE).text("ANSWER 7").ignoreCase(true).roles(Role.ASSISTANT)
                        .limit(50).run().hits().stream().map(SessionEntry::id).toList())
                .isNotEmpty();
        LineageDiff diff = LineageDiff.of(postgres, onPostgres, TRUNK, branchTip);
        assertThat(diff.commonAncestor()).hasValue(1_500);
        assertThat(diff.onlyB()).extracting(SessionEntry::id).containsExactly(branchTip);
        for (SessionGraph.Format format : SessionGraph.Format.values()) {
            assertThat(SessionGraph.render(postgres, onPostgres, format))
                    .isEqualTo(SessionGraph.render(memory, SOURCE, format));
        }
        assertThat(SessionValidation.of(postgres, onPostgres, true).isValid()).isTrue();

        SessionFork fork = SessionFork.of(postgres, onPostgres, branchTip, FORKED);
        assertThat(fork.copied()).isEqualTo(1_501);
        assertThat(postgres.lineage(FORKED, fork.newHead())).extracting(SessionEntry::message)
                .containsExactlyElementsOf(memory.lineage(SOURCE, branchTip).stream().map(SessionEntry::message).toList());
    }
}
