package dev.tau4j.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tau4j.cases.CaseAlreadyDecidedException;
import dev.tau4j.cases.CaseNotFoundException;
import dev.tau4j.cases.CaseRecord;
import dev.tau4j.cases.CaseType;
import dev.tau4j.cases.InMemoryCaseRepository;
import dev.tau4j.cases.NewCase;
import dev.tau4j.cases.NewDecision;
import dev.tau4j.session.Append;
import dev.tau4j.session.EntryNotFoundException;
import dev.tau4j.session.Message;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.StaleHeadException;
import dev.tau4j.session.memory.InMemorySessionStore;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MeteredStoresTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private long count(String timer, String operation, String outcome) {
        Timer t = registry.find(timer).tags("operation", operation, "outcome", outcome).timer();
        return t == null ? 0 : t.count();
    }

    @Test
    @DisplayName("session store: one timer per operation and outcome, results and exceptions unchanged")
    void sessionStore() {
        MeteredSessionStore store = MeteredSessionStore.wrap(InMemorySessionStore.create(), registry, "memory");
        SessionPath path = SessionPath.of("tenants/acme/chat-1");
        long id = store.append(Append.to(path).message(Message.user("hi")).build()).get(0).id();
        store.append(Append.to(path).message(Message.user("again")).build());
        assertThat(store.head(path)).isPresent();
        assertThat(store.lineageTail(path, id, 10)).hasSize(1);
        assertThatThrownBy(() -> store.append(Append.to(path).under(999).message(Message.user("x")).build()))
                .isInstanceOf(EntryNotFoundException.class);
        assertThatThrownBy(() -> store.append(Append.to(path).expectHead(id).message(Message.user("x")).build()))
                .isInstanceOf(StaleHeadException.class);

        assertThat(count(MeteredSessionStore.TIMER, "append", "success")).isEqualTo(2);
        assertThat(count(MeteredSessionStore.TIMER, "append", "not_found")).isEqualTo(1);
        assertThat(count(MeteredSessionStore.TIMER, "append", "conflict")).isEqualTo(1);
        assertThat(count(MeteredSessionStore.TIMER, "head", "success")).isEqualTo(1);
        assertThat(count(MeteredSessionStore.TIMER, "lineage_tail", "success")).isEqualTo(1);
        assertNoDataInTags();
    }

    @Test
    @DisplayName("case repository: same tags and outcome vocabulary")
    void caseRepository() {
        MeteredCaseRepository repo = MeteredCaseRepository.wrap(new InMemoryCaseRepository(), registry, "memory");
        CaseRecord created = repo.create(new NewCase(CaseType.RFQ, "Laptops", "lot 1"));
        NewDecision decision = new NewDecision("Acme", "cheapest", "order", "ana");
        repo.decide(created.id(), decision);
        assertThatThrownBy(() -> repo.decide(created.id(), decision)).isInstanceOf(CaseAlreadyDecidedException.class);
        assertThatThrownBy(() -> repo.get(UUID.randomUUID())).isInstanceOf(CaseNotFoundException.class);

        assertThat(count(MeteredCaseRepository.TIMER, "create", "success")).isEqualTo(1);
        assertThat(count(MeteredCaseRepository.TIMER, "decide", "success")).isEqualTo(1);
        assertThat(count(MeteredCaseRepository.TIMER, "decide", "conflict")).isEqualTo(1);
        assertThat(count(MeteredCaseRepository.TIMER, "find", "success")).isEqualTo(1); // get() is find() + not found
        assertNoDataInTags();
    }

    @Test
    @DisplayName("a backend tag that could carry data is refused")
    void backendTagIsChecked() {
        assertThatThrownBy(() -> MeteredSessionStore.wrap(InMemorySessionStore.create(), registry, "tenants/acme"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Every tag key is one of the three, and every value comes from a small fixed vocabulary. */
    private void assertNoDataInTags() {
        List<Tag> tags = registry.getMeters().stream().map(Meter::getId).flatMap(m -> m.getTags().stream())
                .collect(Collectors.toList());
        assertThat(tags).isNotEmpty().allSatisfy(tag -> {
            assertThat(tag.getKey()).isIn("backend", "operation", "outcome");
            assertThat(tag.getValue()).matches("[a-z_]{1,20}");
        });
    }
}
