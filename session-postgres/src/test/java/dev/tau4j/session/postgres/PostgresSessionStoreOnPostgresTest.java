package dev.tau4j.session.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tau4j.postgres.MigrationMode;
import dev.tau4j.session.Append;
import dev.tau4j.session.Message;
import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.StoreFailureException;
import dev.tau4j.session.UsageDelta;
import dev.tau4j.testing.PostgresTest;
import dev.tau4j.testing.TestPostgres;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The store's own pool and its migrations, on a real PostgreSQL (the kit covers the SPI). */
@PostgresTest
@DisplayName("PostgresSessionStore on PostgreSQL")
class PostgresSessionStoreOnPostgresTest {

    private static final SessionPath CHAT = SessionPath.of("tenants/acme/chat-7");

    @Test
    @DisplayName("with its own pool of one connection, migrates a new schema, writes and reads")
    void poolOfOne(TestPostgres postgres) throws Exception {
        String schema = postgres.newSchema();
        try (PostgresSessionStore store = PostgresSessionStore.builder().url(postgres.url()).schema(schema)
                .poolSize(1).build()) {
            List<SessionEntry> turn = store.append(Append.to(CHAT).message(Message.user("What is 2+2?"))
                    .usage(UsageDelta.of(10, 3, 13, "0.007")).build());
            SessionEntry answer = store.append(Append.to(CHAT).under(turn.get(0).id())
                    .message(Message.assistant("4")).build()).get(0);
            assertThat(store.lineage(CHAT, answer.id())).extracting(SessionEntry::id).containsExactly(1L, 2L);
            assertThat(store.usage(CHAT).totalTokens()).isEqualTo(13);
        }
        try (PostgresSessionStore again = PostgresSessionStore.builder().url(postgres.url()).schema(schema)
                .migration(MigrationMode.VALIDATE).poolSize(1).build()) {
            assertThat(again.head(CHAT)).hasValueSatisfying(head -> assertThat(head.id()).isEqualTo(2L));
        }
    }

    @Test
    @DisplayName("refuses to validate a schema that was never migrated, with a typed error naming it")
    void validateUnmigrated(TestPostgres postgres) throws Exception {
        String schema = postgres.newSchema();
        assertThatThrownBy(() -> PostgresSessionStore.builder().dataSource(postgres.dataSource()).schema(schema)
                .migration(MigrationMode.VALIDATE).build())
                .isInstanceOf(StoreFailureException.class)
                .hasMessageContaining(schema);
    }
}
