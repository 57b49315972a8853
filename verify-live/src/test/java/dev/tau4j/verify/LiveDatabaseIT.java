package dev.tau4j.verify;

import dev.tau4j.testing.ProviderAttempt;
import dev.tau4j.testing.ProvisionedPostgres;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LiveDatabaseExtension.class)
@DisplayName("The live database")
class LiveDatabaseIT {

    @Test
    @DisplayName("answers a real query through the run's pool")
    void answersThroughThePool(LiveRun live) throws Exception {
        try (Connection connection = live.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select version()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).startsWith("PostgreSQL ");
        }
    }

    @Test
    @DisplayName("is the requested PostgreSQL major unless a URL was given")
    void isTheRequestedMajor(LiveRun live) {
        ProvisionedPostgres database = live.database();
        if (!database.givenByUrl()) {
            assertThat(database.serverMajor()).isEqualTo(live.settings().major());
        }
        assertThat(database.serverVersion()).isNotBlank();
    }

    @Test
    @DisplayName("records its provider and server in the execution evidence")
    void recordsItsEvidence(LiveRun live) {
        ExecutionRecord record = live.record();
        assertThat(record.status()).isEqualTo(ExecutionRecord.READY);
        assertThat(record.provider()).isEqualTo(live.database().provider());
        assertThat(record.serverVersion()).isEqualTo(live.database().serverVersion());
        assertThat(record.attempts()).last().extracting(ProviderAttempt::outcome)
                .isEqualTo(ProviderAttempt.Outcome.READY);
    }
}
