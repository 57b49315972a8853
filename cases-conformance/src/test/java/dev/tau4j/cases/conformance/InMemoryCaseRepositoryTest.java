package dev.tau4j.cases.conformance;

import dev.tau4j.cases.CaseRepository;
import dev.tau4j.cases.InMemoryCaseRepository;
import java.time.Clock;
import org.junit.jupiter.api.DisplayName;

@DisplayName("InMemoryCaseRepository keeps the CaseRepository contract")
class InMemoryCaseRepositoryTest extends CaseRepositoryContract {

    @Override
    protected CaseRepository newRepository(Clock clock) {
        return new InMemoryCaseRepository(clock);
    }
}
