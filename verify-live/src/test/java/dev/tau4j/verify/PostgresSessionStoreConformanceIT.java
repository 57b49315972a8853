package dev.tau4j.verify;

import dev.tau4j.testing.ProvisionedPostgres;
import dev.tau4j.postgres.MigrationMode;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.conformance.SessionStoreConformanceKit;
import dev.tau4j.session.postgres.PostgresSessionStore;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The full conformance kit bound to {@link PostgresSessionStore} on the live database: one random schema
 * for this binding (migrated once, dropped at teardown); {@code reopen} is a new store over the same
 * data source and schema, as a process restart would give. The report goes where the kit puts it: below
 * {@code tau4j.conformance.reportDir} (one directory per execution, set by the build), in the directory
 * named after this class, which is where {@link LiveVerifier} reads it.
 */
@ExtendWith(LiveDatabaseExtension.class)
class PostgresSessionStoreConformanceIT extends SessionStoreConformanceKit {

    private LiveRun live;
    private String schema;

    @BeforeAll
    void migrate(LiveRun live) {
        this.live = live;
        this.schema = live.newSchemaName();
        long start = System.nanoTime();
        open(MigrationMode.MIGRATE).close();
        live.recordMigration(Duration.ofNanos(System.nanoTime() - start));
    }

    @Override
    protected SessionStore newStore() {
        return open(MigrationMode.VALIDATE);
    }

    @Override
    protected SessionStore reopen(SessionStore store) {
        return open(MigrationMode.VALIDATE);
    }

    @Override
    protected String backendName() {
        ProvisionedPostgres database = live.database();
        return "PostgresSessionStore on PostgreSQL " + database.serverVersion() + " (" + database.provider() + ")";
    }

    private PostgresSessionStore open(MigrationMode mode) {
        return PostgresSessionStore.builder().dataSource(live.dataSource()).schema(schema).migration(mode).build();
    }
}
