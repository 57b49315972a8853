package dev.tau4j.verify;

import dev.tau4j.cases.CaseRepository;
import dev.tau4j.cases.conformance.CaseRepositoryContract;
import dev.tau4j.cases.postgres.PostgresCaseRepository;
import dev.tau4j.postgres.MigrationMode;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The {@link CaseRepositoryContract} bound to {@link PostgresCaseRepository} on the live database. The
 * contract wants an EMPTY repository per test: each one gets a fresh random schema of the run (migrated
 * here, timed as a migration, dropped at teardown with every other schema of the run). A reopened
 * repository is a second instance over the same schema, as after a restart.
 */
@ExtendWith(LiveDatabaseExtension.class)
@DisplayName("PostgresCaseRepository keeps the CaseRepository contract on the live database")
class PostgresCaseRepositoryContractIT extends CaseRepositoryContract {

    @Override
    protected CaseRepository newRepository(Clock clock) {
        LiveRun live = LiveDatabaseExtension.liveRun();
        String schema = live.newSchemaName();
        long start = System.nanoTime();
        PostgresCaseRepository repository = PostgresCaseRepository.builder()
                .dataSource(live.dataSource())
                .schema(schema)
                .clock(clock)
                .build();
        live.recordMigration(Duration.ofNanos(System.nanoTime() - start));
        return repository;
    }

    @Override
    protected CaseRepository reopen(CaseRepository current, Clock clock) {
        return PostgresCaseRepository.builder()
                .dataSource(LiveDatabaseExtension.liveRun().dataSource())
                .schema(((PostgresCaseRepository) current).schema())
                .migration(MigrationMode.VALIDATE)
                .clock(clock)
                .build();
    }
}
