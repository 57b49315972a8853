package dev.tau4j.verify;

import dev.tau4j.postgres.MigrationMode;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.springai.ChatMemoryRepositoryKit;
import dev.tau4j.session.postgres.PostgresSessionStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Spring AI chat-memory kit bound to {@link PostgresSessionStore} on the live database: one random
 * schema for this binding (migrated once, dropped at teardown); {@code reopen} is a new store over the
 * same data source and schema, as a process restart would give.
 */
@ExtendWith(LiveDatabaseExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresChatMemoryRepositoryIT extends ChatMemoryRepositoryKit {

    private LiveRun live;
    private String schema;

    @BeforeAll
    void migrate(LiveRun live) {
        this.live = live;
        this.schema = live.newSchemaName();
        open(MigrationMode.MIGRATE).close();
    }

    @Override
    protected SessionStore newSessionStore() {
        return open(MigrationMode.VALIDATE);
    }

    @Override
    protected SessionStore reopen(SessionStore store) {
        return open(MigrationMode.VALIDATE);
    }

    private PostgresSessionStore open(MigrationMode mode) {
        return PostgresSessionStore.builder().dataSource(live.dataSource()).schema(schema).migration(mode).build();
    }
}
