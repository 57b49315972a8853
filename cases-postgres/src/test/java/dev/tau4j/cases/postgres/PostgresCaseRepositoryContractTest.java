package dev.tau4j.cases.postgres;

import dev.tau4j.cases.CaseRepository;
import dev.tau4j.cases.conformance.CaseRepositoryContract;
import dev.tau4j.postgres.MigrationMode;
import dev.tau4j.testing.PostgresTest;
import dev.tau4j.testing.TestPostgres;
import java.sql.SQLException;
import java.time.Clock;
import org.junit.jupiter.api.DisplayName;

/**
 * The {@link CaseRepositoryContract} bound to {@link PostgresCaseRepository} on a real PostgreSQL: the
 * contract wants an empty repository per test, so each one gets a new schema of this class (all dropped
 * after it); a reopened repository is a second instance over the same schema, as after a restart.
 */
@PostgresTest
@DisplayName("PostgresCaseRepository keeps the CaseRepository contract on PostgreSQL")
class PostgresCaseRepositoryContractTest extends CaseRepositoryContract {

    private final TestPostgres postgres;

    PostgresCaseRepositoryContractTest(TestPostgres postgres) {
        this.postgres = postgres;
    }

    @Override
    protected CaseRepository newRepository(Clock clock) {
        try {
            return PostgresCaseRepository.builder().dataSource(postgres.dataSource()).schema(postgres.newSchema())
                    .clock(clock).build();
        } catch (SQLException e) {
            throw new IllegalStateException("no schema for the test on " + postgres, e);
        }
    }

    @Override
    protected CaseRepository reopen(CaseRepository current, Clock clock) {
        return PostgresCaseRepository.builder().dataSource(postgres.dataSource())
                .schema(((PostgresCaseRepository) current).schema()).migration(MigrationMode.VALIDATE).clock(clock)
                .build();
    }
}
