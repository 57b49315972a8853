package dev.tau4j.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tau4j.cases.CaseRecord;
import dev.tau4j.cases.CaseStoreException;
import dev.tau4j.cases.CaseStoreUnavailableException;
import dev.tau4j.cases.CaseType;
import dev.tau4j.cases.IdempotencyKey;
import dev.tau4j.cases.NewCase;
import dev.tau4j.cases.NewDecision;
import dev.tau4j.cases.postgres.PostgresCaseRepository;
import dev.tau4j.postgres.PostgresTimeouts;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link PostgresCaseRepository} built from the live database's URL: its own pool, its waits, its failures. */
@ExtendWith(LiveDatabaseExtension.class)
@DisplayName("PostgresCaseRepository built from a URL on the live database")
class PostgresCaseRepositoryIT {

    @Test
    @DisplayName("a pool of one builds (migrations on their own connection) and serves keyed writes and replays")
    void poolOfOne(LiveRun live) {
        try (PostgresCaseRepository repo = PostgresCaseRepository.builder().url(live.database().url())
                .schema(live.newSchemaName()).poolSize(1).timeouts(PostgresTimeouts.DEFAULTS).build()) {
            NewCase request = NewCase.of(CaseType.RFQ, "pool of one");
            IdempotencyKey key = IdempotencyKey.of("pool-of-one-create");
            CaseRecord created = repo.create(request, key);
            assertThat(repo.create(request, key)).isEqualTo(created);
            NewDecision decision = new NewDecision("ACME", "cheapest", "order", null);
            IdempotencyKey decideKey = IdempotencyKey.of("pool-of-one-decide");
            CaseRecord decided = repo.decide(created.id(), decision, decideKey);
            assertThat(repo.decide(created.id(), decision, decideKey)).isEqualTo(decided);
            assertThat(repo.get(created.id())).isEqualTo(decided);
        }
    }

    @Test
    @DisplayName("an unknown database is a permanent failure with its SQLState and the server's reason")
    void unknownDatabase(LiveRun live) {
        assertThatThrownBy(() -> PostgresCaseRepository.builder()
                .url(live.database().url().withDatabase("tau4j_no_such_database"))
                .timeouts(PostgresTimeouts.FAIL_FAST).build())
                .isInstanceOf(CaseStoreException.class)
                .isNotInstanceOf(CaseStoreUnavailableException.class)
                .hasMessageContaining("tau4j_no_such_database")
                .satisfies(e -> assertThat(((CaseStoreException) e).sqlState()).contains("3D000"));
    }
}
