package example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tau4j.cases.CaseRecord;
import dev.tau4j.cases.CaseStatus;
import dev.tau4j.cases.CaseStoreUnavailableException;
import dev.tau4j.cases.CaseType;
import dev.tau4j.cases.InMemoryCaseRepository;
import dev.tau4j.cases.NewCase;
import dev.tau4j.cases.postgres.PostgresCaseRepository;
import dev.tau4j.postgres.PostgresTimeouts;
import dev.tau4j.session.Append;
import dev.tau4j.session.Message;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.StoreUnavailableException;
import dev.tau4j.session.conformance.SessionStoreConformanceKit;
import dev.tau4j.session.memory.InMemorySessionStorage;
import dev.tau4j.session.memory.InMemorySessionStore;
import dev.tau4j.session.postgres.PostgresSessionStore;
import org.junit.jupiter.api.Test;

/** The kit, the session store and the case repository, from the BOM with no version written. */
class BomConsumerTest extends SessionStoreConformanceKit {

    private final InMemorySessionStorage storage = new InMemorySessionStorage();

    @Override
    protected SessionStore newStore() {
        return InMemorySessionStore.builder().storage(storage).build();
    }

    @Override
    protected SessionStore reopen(SessionStore store) {
        return InMemorySessionStore.builder().storage(storage).build();
    }

    @Test
    void sessionStoreAndCaseRepositoryAreUsable() {
        try (SessionStore store = InMemorySessionStore.create()) {
            assertThat(store.append(Append.to("users/ana/chat-1").message(Message.user("hi")).build())).hasSize(1);
        }
        try (InMemoryCaseRepository cases = new InMemoryCaseRepository()) {
            CaseRecord created = cases.create(new NewCase(CaseType.RFQ, "Laptops", "lot 1"));
            assertThat(created.status()).isEqualTo(CaseStatus.OPEN);
        }
        // The PostgreSQL builders resolve with their drivers; against a closed port they fail as "unavailable".
        assertThatThrownBy(() -> PostgresSessionStore.builder().url("postgres://app@127.0.0.1:1/agents")
                .timeouts(PostgresTimeouts.FAIL_FAST).build()).isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> PostgresCaseRepository.builder().url("postgres://app@127.0.0.1:1/cases")
                .timeouts(PostgresTimeouts.FAIL_FAST).build()).isInstanceOf(CaseStoreUnavailableException.class);
    }
}
