package dev.tau4j.cases.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tau4j.cases.CaseOutcomeUnknownException;
import dev.tau4j.cases.CasePage;
import dev.tau4j.cases.CaseQuery;
import dev.tau4j.cases.CaseRecord;
import dev.tau4j.cases.CaseRepository;
import dev.tau4j.cases.CaseStoreUnavailableException;
import dev.tau4j.cases.IdempotencyKey;
import dev.tau4j.cases.InMemoryCaseRepository;
import dev.tau4j.cases.NewCase;
import dev.tau4j.cases.NewDecision;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The server under stress: failing stores, slow clients, shutdown with requests in flight. */
class CasesHttpServerResilienceTest {

    private static final String CREATE = "{\"case_type\":\"RFQ\",\"title\":\"Laptops\"}";

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private CasesHttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private CasesHttpServer start(CaseRepository repository, CasesHttpServer.Builder options) {
        server = options.repository(repository).host("127.0.0.1").port(0).build().start();
        return server;
    }

    private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> getCases() throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/cases"))
                .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A repository whose every call fails with {@code failure}. */
    private static CaseRepository failing(RuntimeException failure) {
        return new CaseRepository() {
            @Override
            public CaseRecord create(NewCase newCase, IdempotencyKey key) {
                throw failure;
            }

            @Override
            public Optional<CaseRecord> find(UUID id) {
                throw failure;
            }

            @Override
            public CasePage list(CaseQuery query) {
                throw failure;
            }

            @Override
            public CaseRecord decide(UUID id, NewDecision decision, IdempotencyKey key) {
                throw failure;
            }
        };
    }

    @Test
    @DisplayName("not applied is 503 store_unavailable, outcome unknown is 503 outcome_unknown, both with Retry-After")
    void failureContract() throws Exception {
        start(failing(new CaseStoreUnavailableException("down", "08001", null)), CasesHttpServer.builder());
        HttpResponse<String> unavailable = post("/api/cases", CREATE);
        assertThat(unavailable.statusCode()).isEqualTo(503);
        assertThat(unavailable.body()).contains("\"error\":\"store_unavailable\"");
        assertThat(unavailable.headers().firstValue("Retry-After")).contains("1");
        server.close();

        start(failing(new CaseOutcomeUnknownException("lost", "08006", null)), CasesHttpServer.builder());
        HttpResponse<String> unknown = post("/api/cases", CREATE, "Idempotency-Key", "k-1");
        assertThat(unknown.statusCode()).isEqualTo(503);
        assertThat(unknown.body()).contains("\"error\":\"outcome_unknown\"").contains("same Idempotency-Key");
        assertThat(unknown.headers().firstValue("Retry-After")).contains("1");
    }

    @Test
    @DisplayName("a compressed body is refused with 415 JSON and writes nothing")
    void contentEncoding() throws Exception {
        InMemoryCaseRepository repository = new InMemoryCaseRepository();
        start(repository, CasesHttpServer.builder());
        HttpResponse<String> gzip = post("/api/cases", CREATE, "Content-Encoding", "gzip");
        assertThat(gzip.statusCode()).isEqualTo(415);
        assertThat(gzip.body()).contains("\"error\":\"unsupported_media_type\"").contains("Content-Encoding");
        assertThat(post("/api/cases", CREATE, "Content-Encoding", "identity").statusCode()).isEqualTo(201);
        assertThat(repository.list(CaseQuery.firstPage()).cases()).hasSize(1);
    }

    @Test
    @DisplayName("with 300 connections trickling bodies (10 B/s, or 2.5 KiB/s that never ends), GET /api/cases answers within 1 s")
    void slowClients() throws Exception {
        start(new InMemoryCaseRepository(), CasesHttpServer.builder());
        // below the minimum data rate: each one is cut off with 408 within a fraction of a second
        assertThat(slowestGetWhileTrickling(1)).as("slowest GET while trickling 10 B/s, ms").isLessThan(1000);
        // above it, a body that takes 25 s: at most 32 hold a worker, the others get 503 server_busy
        assertThat(slowestGetWhileTrickling(256)).as("slowest GET while trickling 2.5 KiB/s, ms").isLessThan(1000);
    }

    /**
     * Opens 300 connections that send a POST's headers and then {@code bytesPerTick} body bytes every
     * 100 ms for 2 s, asks for the list four times meanwhile, and returns the slowest answer in ms.
     */
    private long slowestGetWhileTrickling(int bytesPerTick) throws Exception {
        String head = "POST /api/cases HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 64000\r\n\r\n{";
        byte[] tick = " ".repeat(bytesPerTick).getBytes(StandardCharsets.US_ASCII);
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                Socket s = new Socket("127.0.0.1", server.port());
                s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
                sockets.add(s);
            }
            long worst = 0;
            for (int round = 0; round < 20; round++) {
                for (Socket s : sockets) {
                    trickle(s, tick);
                }
                if (round % 5 == 4) {
                    long start = System.nanoTime();
                    HttpResponse<String> list = getCases();
                    assertThat(list.statusCode()).isEqualTo(200);
                    worst = Math.max(worst, (System.nanoTime() - start) / 1_000_000);
                }
                Thread.sleep(100);
            }
            return worst;
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    private static void trickle(Socket s, byte[] bytes) {
        try {
            OutputStream out = s.getOutputStream();
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            // the server already answered (503 busy, 408 too slow) and closed it: expected
        }
    }

    @Test
    @DisplayName("close stops accepting, lets an in-flight create finish, and its client gets the 201")
    void drain() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        InMemoryCaseRepository memory = new InMemoryCaseRepository();
        CaseRepository slow = new DelegatingRepository(memory) {
            @Override
            public CaseRecord create(NewCase newCase, IdempotencyKey key) {
                entered.countDown();
                sleep(1500);
                return super.create(newCase, key);
            }
        };
        start(slow, CasesHttpServer.builder().drainTimeout(Duration.ofSeconds(10)));
        int port = server.port();
        CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture.supplyAsync(() -> {
            try {
                return post("/api/cases", CREATE);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        long start = System.nanoTime();
        CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
        Thread.sleep(300);
        assertThat(refused(port)).as("new connections refused while draining").isTrue();
        assertThat(inFlight.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
        closing.get(15, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(memory.list(CaseQuery.firstPage()).cases()).hasSize(1);
    }

    @Test
    @DisplayName("close returns after the drain timeout even when a request does not finish")
    void boundedDrain() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CaseRepository stuck = new DelegatingRepository(new InMemoryCaseRepository()) {
            @Override
            public CasePage list(CaseQuery query) {
                entered.countDown();
                sleep(8000);
                return super.list(query);
            }
        };
        start(stuck, CasesHttpServer.builder().drainTimeout(Duration.ofMillis(500)));
        CompletableFuture<?> inFlight = CompletableFuture.runAsync(() -> {
            try {
                getCases();
            } catch (Exception expected) {
                // cut off
            }
        });
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        long start = System.nanoTime();
        server.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        inFlight.cancel(true);
    }

    private static boolean refused(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(2000);
            s.getOutputStream().write("GET /api/cases HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            return s.getInputStream().read() < 0;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return true;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A repository passing every call to another one. */
    private static class DelegatingRepository implements CaseRepository {
        private final CaseRepository inner;

        DelegatingRepository(CaseRepository inner) {
            this.inner = inner;
        }

        @Override
        public CaseRecord create(NewCase newCase, IdempotencyKey key) {
            return inner.create(newCase, key);
        }

        @Override
        public Optional<CaseRecord> find(UUID id) {
            return inner.find(id);
        }

        @Override
        public CasePage list(CaseQuery query) {
            return inner.list(query);
        }

        @Override
        public CaseRecord decide(UUID id, NewDecision decision, IdempotencyKey key) {
            return inner.decide(id, decision, key);
        }
    }
}
