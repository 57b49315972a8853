package dev.tau4j.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tau4j.cases.CaseOutcomeUnknownException;
import dev.tau4j.cases.CaseQuery;
import dev.tau4j.cases.CaseRecord;
import dev.tau4j.cases.CaseStoreUnavailableException;
import dev.tau4j.cases.CaseType;
import dev.tau4j.cases.IdempotencyKey;
import dev.tau4j.cases.NewCase;
import dev.tau4j.cases.NewDecision;
import dev.tau4j.cases.http.CasesHttpServer;
import dev.tau4j.cases.postgres.PostgresCaseRepository;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Retries after lost connections, on the live database. The loss is injected at the JDBC boundary (the
 * repository's connections come through a data source that can fail the next COMMIT or statement the
 * way pgjdbc reports a reset connection, SQLState 08006); the transactions, the rollback and the key
 * rows are PostgreSQL's own.
 */
@ExtendWith(LiveDatabaseExtension.class)
@DisplayName("Cases retried after a lost connection, on the live database")
class CasesRetryIT {

    /** What the next write does at the JDBC boundary. */
    enum Fault { NONE, COMMIT_THEN_LOSE_REPLY, LOSE_BEFORE_COMMIT_REACHES, LOSE_THIRD_STATEMENT }

    private final AtomicReference<Fault> fault = new AtomicReference<>(Fault.NONE);
    private PostgresCaseRepository repo;

    @BeforeEach
    void open() {
        DataSource live = LiveDatabaseExtension.liveRun().dataSource();
        repo = PostgresCaseRepository.builder().dataSource(faulty(live)).schema(
                LiveDatabaseExtension.liveRun().newSchemaName()).build();
    }

    private static SQLException reset() {
        return new SQLException("An I/O error occurred while sending to the backend.", "08006",
                new SocketException("Connection reset"));
    }

    private DataSource faulty(DataSource real) {
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(real, method, args);
                    return method.getName().equals("getConnection") ? faulty((Connection) result) : result;
                });
    }

    private Connection faulty(Connection real) {
        AtomicInteger statements = new AtomicInteger();
        InvocationHandler handler = (proxy, method, args) -> {
            Fault f = fault.get();
            if (method.getName().equals("prepareStatement") && f == Fault.LOSE_THIRD_STATEMENT
                    && statements.incrementAndGet() == 3 && fault.compareAndSet(f, Fault.NONE)) {
                throw reset();
            }
            if (method.getName().equals("commit") && f != Fault.NONE && fault.compareAndSet(f, Fault.NONE)) {
                if (f == Fault.COMMIT_THEN_LOSE_REPLY) {
                    real.commit();
                } else {
                    real.rollback();
                }
                throw reset();
            }
            return invoke(real, method, args);
        };
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                handler);
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private int count() {
        return repo.list(CaseQuery.firstPage().withLimit(CaseQuery.MAX_LIMIT)).cases().size();
    }

    private static final NewDecision DECISION = new NewDecision("ACME", "cheapest", "order", "Awa");

    @Test
    @DisplayName("a create whose COMMIT landed but whose reply was lost: outcome unknown, the keyed retry returns it, one case")
    void createReplyLost() {
        NewCase request = NewCase.of(CaseType.RFQ, "reply lost");
        IdempotencyKey key = IdempotencyKey.of("create-reply-lost");
        fault.set(Fault.COMMIT_THEN_LOSE_REPLY);
        assertThatThrownBy(() -> repo.create(request, key)).isInstanceOf(CaseOutcomeUnknownException.class)
                .satisfies(e -> assertThat(((CaseOutcomeUnknownException) e).sqlState()).contains("08006"));
        CaseRecord retried = repo.create(request, key);
        assertThat(count()).isEqualTo(1);
        assertThat(repo.get(retried.id())).isEqualTo(retried);
    }

    @Test
    @DisplayName("a create whose COMMIT never took effect: outcome unknown, the keyed retry writes it once")
    void createCommitLost() {
        NewCase request = NewCase.of(CaseType.DAO, "commit lost");
        IdempotencyKey key = IdempotencyKey.of("create-commit-lost");
        fault.set(Fault.LOSE_BEFORE_COMMIT_REACHES);
        assertThatThrownBy(() -> repo.create(request, key)).isInstanceOf(CaseOutcomeUnknownException.class);
        assertThat(count()).isZero();
        repo.create(request, key);
        assertThat(count()).isEqualTo(1);
    }

    @Test
    @DisplayName("a decide whose reply was lost: the keyed retry returns the decided case, not 'already decided'")
    void decideReplyLost() {
        CaseRecord open = repo.create(NewCase.of(CaseType.RFQ, "decide reply lost"));
        IdempotencyKey key = IdempotencyKey.of("decide-reply-lost");
        fault.set(Fault.COMMIT_THEN_LOSE_REPLY);
        assertThatThrownBy(() -> repo.decide(open.id(), DECISION, key)).isInstanceOf(CaseOutcomeUnknownException.class);
        CaseRecord retried = repo.decide(open.id(), DECISION, key);
        assertThat(retried.isDecided()).isTrue();
        assertThat(repo.get(open.id())).isEqualTo(retried);
    }

    @Test
    @DisplayName("a connection lost before COMMIT was sent: not applied, nothing written, the case row is not left locked")
    void lostBeforeCommit() {
        IdempotencyKey key = IdempotencyKey.of("lost-before-commit");
        fault.set(Fault.LOSE_THIRD_STATEMENT); // key lookup, case insert, then the key insert fails
        assertThatThrownBy(() -> repo.create(NewCase.of(CaseType.RFQ, "never"), key))
                .isInstanceOf(CaseStoreUnavailableException.class);
        assertThat(count()).isZero();
        CaseRecord open = repo.create(NewCase.of(CaseType.RFQ, "lock"));
        fault.set(Fault.LOSE_THIRD_STATEMENT); // row lock, key lookup, then the decision insert fails
        assertThatThrownBy(() -> repo.decide(open.id(), DECISION, key)).isInstanceOf(CaseStoreUnavailableException.class);
        assertThat(repo.get(open.id()).isDecided()).isFalse();
        assertThat(repo.decide(open.id(), DECISION, key).isDecided()).isTrue();
    }

    @Test
    @DisplayName("over HTTP: 503 outcome_unknown with Retry-After, then the keyed retry answers 201 and one case exists")
    void overHttp() throws Exception {
        try (CasesHttpServer server = CasesHttpServer.builder().repository(repo).host("127.0.0.1").port(0)
                .build().start()) {
            HttpClient client = HttpClient.newHttpClient();
            HttpRequest create = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/cases"))
                    .header("Content-Type", "application/json").header("Idempotency-Key", "http-reply-lost")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"case_type\":\"RFQ\",\"title\":\"over http\"}"))
                    .build();
            fault.set(Fault.COMMIT_THEN_LOSE_REPLY);
            HttpResponse<String> lost = client.send(create, HttpResponse.BodyHandlers.ofString());
            assertThat(lost.statusCode()).isEqualTo(503);
            assertThat(lost.body()).contains("\"error\":\"outcome_unknown\"");
            assertThat(lost.headers().firstValue("Retry-After")).isPresent();
            HttpResponse<String> retried = client.send(create, HttpResponse.BodyHandlers.ofString());
            assertThat(retried.statusCode()).isEqualTo(201);
            HttpResponse<String> again = client.send(create, HttpResponse.BodyHandlers.ofString());
            assertThat(again.statusCode()).isEqualTo(201);
            assertThat(again.body()).isEqualTo(retried.body());
            assertThat(count()).isEqualTo(1);
        }
    }
}
