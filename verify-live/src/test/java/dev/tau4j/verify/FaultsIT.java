package dev.tau4j.verify;

import dev.tau4j.testing.ProvisionedPostgres;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.tau4j.cases.http.CasesHttpServer;
import dev.tau4j.cases.postgres.PostgresCaseRepository;
import dev.tau4j.postgres.MigrationMode;
import dev.tau4j.postgres.PostgresTimeouts;
import dev.tau4j.postgres.PostgresUrl;
import dev.tau4j.postgres.internal.PostgresDataSources;
import dev.tau4j.session.Append;
import dev.tau4j.session.IdempotencyKey;
import dev.tau4j.session.Message;
import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionStoreException;
import dev.tau4j.session.StoreOutcomeUnknownException;
import dev.tau4j.session.StoreUnavailableException;
import dev.tau4j.session.UsageDelta;
import dev.tau4j.session.UsageSummary;
import dev.tau4j.session.postgres.PostgresSessionStore;
import dev.tau4j.verify.internal.CrashablePostgres;
import dev.tau4j.testing.internal.EmbeddedBinaries;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The session store's retry contract under real faults (issue 7, part 5): a lost reply after the commit,
 * a silent network, {@code build()} against a silent or closed port, a pool of one, and {@code kill -9} of
 * a PostgreSQL under keyed writers. Every wait has a deadline and every test a timeout; the results go to
 * the execution's {@code faults.json} (see {@link FaultEvidence}), which the live gate requires.
 */
@ExtendWith(LiveDatabaseExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FaultsIT {

    @RegisterExtension
    final FaultRecorder RECORDER = new FaultRecorder(); // one per execution (the class runs once per major, in one JVM)

    /** Slack on top of a documented bound: scheduling on a loaded 2-core machine. */
    private static final Duration MARGIN = Duration.ofMillis(1500);
    private static final PostgresTimeouts FAST = PostgresTimeouts.FAIL_FAST;
    /** How long the keyed retry after a silence with the default timeouts may take. */
    private static final Duration DEFAULTS_RETRY = Duration.ofSeconds(30);
    /** How long work run alongside a check may take after it (a call with the defaults takes about 12 s). */
    private static final Duration ASIDE_WAIT = PostgresTimeouts.DEFAULTS.callBound().plus(DEFAULTS_RETRY)
            .plusSeconds(10);

    /** Crash check: writers, kills, and the most a write may take to be acknowledged. */
    private static final int WRITERS = 8;
    private static final int KILLS = 5;
    private static final Duration CRASH_DEADLINE = Duration.ofSeconds(75);
    private static final String LOOPBACK = "127.0.0.1";

    private LiveRun live;
    private String schema;
    /** Where the proxy checks run: the run's database, or a server of their own when that was given by URL. */
    private PostgresUrl target;
    private DataSource targetData;
    private CrashablePostgres ownServer;
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    /**
     * Picks where the proxy checks run. A proxy that finds a request by its bytes needs the plaintext
     * protocol, and a database given by URL usually speaks TLS: then the checks run on a PostgreSQL of
     * their own from the embedded binaries (as the crash check does), when there are some.
     */
    @BeforeAll
    void migrate(LiveRun live) throws java.io.IOException {
        this.live = live;
        this.schema = live.newSchemaName();
        ProvisionedPostgres db = live.database();
        String where = "PostgreSQL " + db.serverVersion() + " (" + db.provider() + ") at " + db.url().masked();
        target = db.url();
        targetData = live.dataSource();
        if (db.givenByUrl()) {
            LiveSettings settings = live.settings();
            ownServer = CrashablePostgres.start(settings.postgres().binariesDirectory(), architecture(), settings.major(),
                    Duration.ofSeconds(60)).orElse(null);
            if (ownServer != null) {
                target = ownServer.url();
                targetData = PostgresDataSources.unpooled(target, FAST, Duration.ofSeconds(30));
                where = ownServer.description() + " at " + target.masked() + " (the run's database was given by URL"
                        + " and may speak TLS, which a proxy cannot read)";
            }
        }
        long start = System.nanoTime();
        PostgresSessionStore.builder().url(target).schema(schema).migration(MigrationMode.MIGRATE).build().close();
        PostgresCaseRepository.builder().url(target).schema(schema).migration(MigrationMode.MIGRATE).build().close();
        live.recordMigration(Duration.ofNanos(System.nanoTime() - start));
        RECORDER.start(live, where + ", schema " + schema);
    }

    @AfterAll
    void stopOwnServer() {
        if (ownServer != null) {
            ownServer.close();
        }
    }

    // ---------------------------------------------------------------- pool of one, build() bounds

    @Test
    @Order(1)
    @DisplayName("a store with poolSize(1) builds (migrations on their own connection) and serves concurrent calls")
    void poolOfOne() throws Exception {
        RECORDER.check("pool-of-one", figures -> {
            SessionPath path = SessionPath.of("faults/" + run + "/pool-of-one");
            try (PostgresSessionStore store = PostgresSessionStore.builder().url(target).schema(schema)
                    .migration(MigrationMode.MIGRATE).poolSize(1).build()) {
                ExecutorService pool = Executors.newFixedThreadPool(4);
                try {
                    List<Future<?>> done = new ArrayList<>();
                    for (int t = 0; t < 4; t++) {
                        int thread = t;
                        done.add(pool.submit(() -> {
                            for (int i = 0; i < 10; i++) {
                                store.append(Append.to(path).message(Message.user("pool " + thread + "/" + i))
                                        .idempotencyKey("pool-" + thread + "-" + i).build());
                                store.entries(path, 0, 10);
                            }
                            return null;
                        }));
                    }
                    for (var f : done) {
                        f.get(60, TimeUnit.SECONDS);
                    }
                } finally {
                    pool.shutdownNow();
                }
                List<SessionEntry> all = store.entries(path);
                figures.put("threads", 4);
                figures.put("appends", all.size());
                assertThat(all).extracting(SessionEntry::id).containsExactlyElementsOf(
                        java.util.stream.LongStream.rangeClosed(1, 40).boxed().toList());
            }
            return "poolSize(1) built with MIGRATE and served 4 threads × 10 keyed appends and reads: ids 1..40";
        });
    }

    @Test
    @Order(2)
    @DisplayName("build() against a closed port fails at once with StoreUnavailableException")
    void buildClosedPort() throws Exception {
        RECORDER.check("build-closed-port", figures -> {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            for (PostgresTimeouts timeouts : List.of(FAST, PostgresTimeouts.DEFAULTS)) {
                String name = timeouts == FAST ? "fail_fast" : "defaults";
                PostgresUrl closed = proxied(port);
                long start = System.nanoTime();
                Throwable thrown = catchThrowable(() -> PostgresSessionStore.builder().url(closed).schema(schema)
                        .timeouts(timeouts).build().close());
                long ms = EvidenceRecorder.millis(start);
                figures.put(name + "_ms", ms);
                figures.put(name + "_connect_timeout_ms", timeouts.connect().toMillis());
                assertThat(thrown).as("build() against a closed port").isInstanceOf(StoreUnavailableException.class);
                assertThat(((SessionStoreException) thrown).isTransient()).isTrue();
                assertThat(Duration.ofMillis(ms)).isLessThanOrEqualTo(timeouts.connect().plus(MARGIN));
                figures.put(name + "_exception", thrown.getClass().getSimpleName());
            }
            return "connection refused on 127.0.0.1: StoreUnavailableException (transient) within the connect timeout,"
                    + " with the defaults and with FAIL_FAST";
        });
    }

    @Test
    @Order(3)
    @DisplayName("build() against a silent port fails within the connect timeout with StoreUnavailableException")
    void buildSilentPort() throws Exception {
        RECORDER.check("build-silent-port", figures -> {
            try (FaultProxy proxy = proxy()) {
                proxy.silence();
                long start = System.nanoTime();
                Throwable thrown = catchThrowable(() -> PostgresSessionStore.builder().url(proxied(proxy.port()))
                        .schema(schema).timeouts(FAST).build().close());
                long ms = EvidenceRecorder.millis(start);
                figures.put("ms", ms);
                figures.put("connect_timeout_ms", FAST.connect().toMillis());
                figures.put("exception", thrown == null ? "none" : thrown.getClass().getSimpleName());
                assertThat(thrown).as("build() against a silent port").isInstanceOf(StoreUnavailableException.class);
                assertThat(Duration.ofMillis(ms)).isLessThanOrEqualTo(FAST.connect().plus(MARGIN));
            }
            return "a port that accepts and never answers: StoreUnavailableException (transient) within the connect"
                    + " timeout of FAIL_FAST";
        });
    }

    // ---------------------------------------------------------------- lost replies

    @Test
    @Order(4)
    @DisplayName("an append whose commit landed and whose reply was lost: outcome unknown, the keyed retry returns it")
    void lostReplyAppend() throws Exception {
        RECORDER.check("lost-reply-append", figures -> {
            SessionPath path = SessionPath.of("faults/" + run + "/lost-reply-append");
            String key = "lost-append-" + UUID.randomUUID();
            UsageDelta usage = UsageDelta.of(11, 22, 33, "0.0123");
            Append append = Append.to(path).messages(List.of(Message.user(key + " 1/3"), Message.assistant(key + " 2/3"),
                    Message.user(key + " 3/3"))).usage(usage).idempotencyKey(key).build();
            try (FaultProxy proxy = proxy(); PostgresSessionStore store = proxiedStore(proxy, 2)) {
                FaultProxy.Drop drop = proxy.dropReplyTo(key);
                long start = System.nanoTime();
                Throwable thrown = catchThrowable(() -> store.append(append));
                figures.put("failed_call_ms", EvidenceRecorder.millis(start));
                figures.put("exception", thrown == null ? "none" : thrown.getClass().getSimpleName());
                assertThat(drop.await(Duration.ofSeconds(5))).as("the proxy swallowed the reply").isTrue();
                assertThat(thrown).as("the caller of a write whose reply was lost")
                        .isInstanceOf(StoreOutcomeUnknownException.class);
                List<Row> landed = entryRows(path);
                figures.put("rows_after_lost_reply", landed.size());
                assertThat(landed).as("the write landed although its reply was lost").hasSize(3);

                List<SessionEntry> retried = store.append(append);
                figures.put("retry_ids", retried.stream().map(SessionEntry::id).toList());
                assertThat(retried).extracting(SessionEntry::id).containsExactlyElementsOf(
                        landed.stream().map(Row::id).toList());
                assertThat(retried).extracting(SessionEntry::acceptedAt).containsExactlyElementsOf(
                        landed.stream().map(Row::acceptedAt).toList());
                assertThat(retried).extracting(e -> e.message().text()).containsExactly(key + " 1/3", key + " 2/3",
                        key + " 3/3");
                assertThat(entryRows(path)).as("exactly one copy").isEqualTo(landed);
                assertThat(count("write_keys k join " + schema + ".sessions s on s.id = k.session_id where s.path = ?",
                        path.value())).isEqualTo(1);
                assertThat(store.usage(path)).as("usage counted once").isEqualTo(UsageSummary.ZERO.plus(usage));
                figures.put("copies", 1);
            }
            return "the commit reached the server and its reply was dropped: StoreOutcomeUnknownException; SQL showed"
                    + " the 3 entries stored; the keyed retry returned them (same ids, same accepted_at); one copy,"
                    + " usage counted once";
        });
    }

    @Test
    @Order(5)
    @DisplayName("a keyed recordUsage whose commit landed and whose reply was lost is added once")
    void lostReplyUsage() throws Exception {
        RECORDER.check("lost-reply-usage", figures -> {
            SessionPath path = SessionPath.of("faults/" + run + "/lost-reply-usage");
            String key = "lost-usage-" + UUID.randomUUID();
            UsageDelta before = UsageDelta.of(1, 2, 3, "0.001");
            UsageDelta delta = UsageDelta.of(100, 200, 300, "0.25");
            UsageSummary expected = UsageSummary.ZERO.plus(before).plus(delta);
            try (FaultProxy proxy = proxy(); PostgresSessionStore store = proxiedStore(proxy, 2)) {
                store.recordUsage(path, before, IdempotencyKey.of("before-" + key));
                FaultProxy.Drop drop = proxy.dropReplyTo(key);
                Throwable thrown = catchThrowable(() -> store.recordUsage(path, delta, IdempotencyKey.of(key)));
                figures.put("exception", thrown == null ? "none" : thrown.getClass().getSimpleName());
                assertThat(drop.await(Duration.ofSeconds(5))).as("the proxy swallowed the reply").isTrue();
                assertThat(thrown).isInstanceOf(StoreOutcomeUnknownException.class);
                assertThat(totalTokens(path)).as("the delta landed although its reply was lost")
                        .isEqualTo(expected.totalTokens());
                UsageSummary retried = store.recordUsage(path, delta, IdempotencyKey.of(key));
                assertThat(retried).as("the keyed retry answers with the totals after the first write")
                        .isEqualTo(expected);
                assertThat(store.usage(path)).isEqualTo(expected);
                assertThat(totalTokens(path)).as("added once").isEqualTo(expected.totalTokens());
                figures.put("total_tokens", expected.totalTokens());
            }
            return "the keyed delta reached the server and its reply was dropped: StoreOutcomeUnknownException; SQL"
                    + " showed it added; the keyed retry returned the same totals and added nothing";
        });
    }

    // ---------------------------------------------------------------- silence

    @Test
    @Order(6)
    @DisplayName("a silent network, under the store's calls and under the cases server's HTTP requests at once: every"
            + " call returns within the bound with a transient error; the same store and server recover")
    void silence() throws Exception {
        // Four parts at once, each with a proxy, a store or server, sessions and keys of its own (so none changes
        // what another proves): the checks spend most of their time waiting out socket timeouts.
        together(() -> RECORDER.check("silence", figures -> together(() -> silenceFailFast(figures),
                        () -> silenceWithDefaults(figures))),
                () -> RECORDER.check("silence-cases", figures -> together(() -> silenceCasesFailFast(figures),
                        () -> silenceCasesWithDefaults(figures))));
    }

    /** The silence check with {@code FAIL_FAST}: a proxy goes silent under five threads of calls, then forwards again. */
    private String silenceFailFast(Map<String, Object> figures) throws Exception {
        Duration bound = FAST.callBound();
        Duration silenceFor = bound.plusSeconds(2);
        figures.put("call_bound_ms", bound.toMillis());
        SessionPath path = SessionPath.of("faults/" + run + "/silence");
        Queue<Call> calls = new ConcurrentLinkedQueue<>();
        Map<String, Append> pendingAppends = new java.util.concurrent.ConcurrentHashMap<>();
        Map<String, UsageDelta> pendingUsage = new java.util.concurrent.ConcurrentHashMap<>();
        Map<String, UsageDelta> usageKeys = new java.util.concurrent.ConcurrentHashMap<>();
        Map<String, Integer> appendKeys = new java.util.concurrent.ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong resumed = new AtomicLong();
        try (FaultProxy proxy = proxy(); PostgresSessionStore store = proxiedStore(proxy, 4)) {
            store.append(Append.to(path).message(Message.user("warm-" + run + " 1/1")).idempotencyKey("warm-" + run)
                    .build());
            appendKeys.put("warm-" + run, 1);
            ExecutorService workers = Executors.newFixedThreadPool(6);
            try {
                startSilenceWorkers(workers, List.of("append", "append", "entries", "head", "usage"), stop,
                        "silence-" + run + "-", calls, (kind, key) -> {
                            switch (kind) {
                                case "append" -> {
                                    Append a = Append.to(path).message(Message.user(key + " 1/1"))
                                            .idempotencyKey(key).build();
                                    appendKeys.put(key, 1);
                                    try {
                                        store.append(a);
                                    } catch (SessionStoreException e) {
                                        pendingAppends.put(key, a);
                                        throw e;
                                    }
                                }
                                case "usage" -> {
                                    UsageDelta d = UsageDelta.of(1, 1, 2, "0.01");
                                    usageKeys.put(key, d);
                                    try {
                                        store.recordUsage(path, d, IdempotencyKey.of(key));
                                    } catch (SessionStoreException e) {
                                        pendingUsage.put(key, d);
                                        throw e;
                                    }
                                }
                                case "entries" -> store.entries(path, 0, 50);
                                default -> store.head(path);
                            }
                            return true;
                        });
                pause(500);
                // the trigger: silence falls right after this append reached the server, before its reply
                String trigger = "silence-trigger-" + run;
                Append triggerAppend = Append.to(path).message(Message.user(trigger + " 1/1"))
                        .idempotencyKey(trigger).build();
                appendKeys.put(trigger, 1);
                proxy.silenceAfter(trigger);
                long triggerStart = System.nanoTime();
                Throwable triggerFailure = catchThrowable(() -> store.append(triggerAppend));
                long triggerEnd = System.nanoTime();
                calls.add(new Call("trigger-append", triggerStart, triggerEnd, triggerFailure));
                assertThat(proxy.silent()).as("the proxy went silent after the trigger").isTrue();
                figures.put("in_flight_call_ms", TimeUnit.NANOSECONDS.toMillis(triggerEnd - triggerStart));
                figures.put("in_flight_call_exception", triggerFailure == null ? "none"
                        : triggerFailure.getClass().getSimpleName());
                assertThat(triggerFailure).as("the append in flight when the network went silent")
                        .isInstanceOf(StoreOutcomeUnknownException.class);
                pendingAppends.put(trigger, triggerAppend);
                // the same store instance answers again, without being rebuilt
                resumed.set(holdSilenceThenResume(proxy, silenceFor, calls, figures));
            } finally {
                stopWorkers(stop, workers, bound.plus(MARGIN).multipliedBy(2));
            }
            List<Call> hit = caughtBySilence(proxy, calls, resumed.get(), bound, "hit_exceptions", figures);
            assertThat(hit).as("every call the silence caught failed with a transient exception")
                    .allSatisfy(c -> assertThat(c.failure()).as(c.kind()).isInstanceOf(SessionStoreException.class)
                            .matches(e -> ((SessionStoreException) e).isTransient(), "is transient"));
            assertThat(hit.stream().map(Call::kind).collect(Collectors.toSet()))
                    .as("appends, reads and usage were all caught").contains("append", "entries", "head", "usage");

            // every failed write, retried with its key on the same store, lands exactly once
            for (var e : pendingAppends.entrySet()) {
                retry(() -> store.append(e.getValue()), Duration.ofSeconds(15));
            }
            for (var e : pendingUsage.entrySet()) {
                retry(() -> store.recordUsage(path, e.getValue(), IdempotencyKey.of(e.getKey())), Duration.ofSeconds(15));
            }
            figures.put("retried_keys", pendingAppends.size() + pendingUsage.size());
            Map<String, Long> copies = entryRows(path).stream().collect(Collectors.groupingBy(
                    r -> r.text().substring(0, r.text().lastIndexOf(' ')), Collectors.counting()));
            assertThat(copies.keySet()).as("the keys stored").isEqualTo(appendKeys.keySet());
            assertThat(copies.values()).as("one copy per key").allMatch(n -> n == 1);
            UsageSummary sum = UsageSummary.ZERO;
            for (UsageDelta d : usageKeys.values()) {
                sum = sum.plus(d);
            }
            assertThat(store.usage(path)).as("usage: each keyed delta once").isEqualTo(sum);
        }
        return "the proxy went silent right after an append reached the server (it ended in"
                + " StoreOutcomeUnknownException); with the default timeouts too, an append in flight ended within"
                + " their callBound() and was written once by its keyed retry; every call the silence caught"
                + " (appends, reads, usage) ended within"
                + " callBound() of FAIL_FAST (" + bound.toMillis() + " ms) + " + MARGIN.toMillis() + " ms with a"
                + " transient exception; after forwarding resumed the same store served calls again, and every"
                + " failed write retried with its key was stored exactly once";
    }

    /** Work run alongside other work by {@link #together}. */
    @FunctionalInterface
    private interface Part {
        void run() throws Exception;
    }

    /**
     * Runs {@code aside} on a thread of its own while {@code main} runs on this one, then waits (at most
     * {@link #ASIDE_WAIT}) for {@code aside} and throws what it threw; {@code aside} is interrupted when
     * {@code main} fails. Returns what {@code main} returned.
     */
    private static <T> T together(Callable<T> main, Part aside) throws Exception {
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Future<Void> part = thread.submit(() -> {
                aside.run();
                return null;
            });
            T result = main.call();
            try {
                part.get(ASIDE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw e.getCause() instanceof Exception cause ? cause : e;
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("work alongside did not end within " + ASIDE_WAIT.toSeconds() + " s");
            }
            return result;
        } finally {
            thread.shutdownNow();
        }
    }

    private static void together(Part main, Part aside) throws Exception {
        together(() -> {
            main.run();
            return null;
        }, aside);
    }

    /**
     * With {@link PostgresTimeouts#DEFAULTS}: an append in flight when the network goes silent ends within
     * their {@code callBound()} with a transient exception, and once forwarding resumes the same store writes
     * it exactly once with its key. (The rest of the silence check runs with FAIL_FAST to stay short; this
     * one call, run alongside it, proves the defaults' bound.)
     */
    private void silenceWithDefaults(Map<String, Object> figures) throws Exception {
        PostgresTimeouts defaults = PostgresTimeouts.DEFAULTS;
        SessionPath path = SessionPath.of("faults/" + run + "/silence-defaults");
        String key = "silence-defaults-" + run;
        Append append = Append.to(path).message(Message.user(key + " 1/1")).idempotencyKey(key).build();
        try (FaultProxy proxy = proxy(); PostgresSessionStore store = PostgresSessionStore.builder()
                .url(proxied(proxy.port())).schema(schema).migration(MigrationMode.VALIDATE).timeouts(defaults)
                .poolSize(2).build()) {
            proxy.silenceAfter(key);
            long start = System.nanoTime();
            Throwable failure = catchThrowable(() -> store.append(append));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            proxy.resume();
            figures.put("defaults_call_bound_ms", defaults.callBound().toMillis());
            figures.put("defaults_in_flight_call_ms", ms);
            figures.put("defaults_in_flight_exception", failure == null ? "none" : failure.getClass().getSimpleName());
            assertThat(failure).as("the append in flight with the default timeouts")
                    .isInstanceOf(SessionStoreException.class)
                    .matches(e -> ((SessionStoreException) e).isTransient(), "is transient");
            assertThat(Duration.ofMillis(ms)).as("the call ended within the defaults' callBound()")
                    .isLessThanOrEqualTo(defaults.callBound().plus(MARGIN));
            retry(() -> store.append(append), DEFAULTS_RETRY);
            assertThat(entryRows(path)).as("the keyed retry stored it once").hasSize(1);
        }
    }

    /**
     * With {@link PostgresTimeouts#DEFAULTS}: a keyed case create in flight when the network goes silent
     * ends within their {@code callBound()} with a transient exception; the keyed retry on the same
     * repository writes the case once.
     */
    private void silenceCasesWithDefaults(Map<String, Object> figures) throws Exception {
        PostgresTimeouts defaults = PostgresTimeouts.DEFAULTS;
        String key = "silence-cases-defaults-" + run;
        dev.tau4j.cases.NewCase newCase = new dev.tau4j.cases.NewCase(dev.tau4j.cases.CaseType.RFQ, key, null);
        dev.tau4j.cases.IdempotencyKey caseKey = dev.tau4j.cases.IdempotencyKey.of(key);
        try (FaultProxy proxy = proxy(); PostgresCaseRepository repo = PostgresCaseRepository.builder()
                .url(proxied(proxy.port())).schema(schema).migration(MigrationMode.VALIDATE).timeouts(defaults)
                .poolSize(2).build()) {
            proxy.silenceAfter(key);
            long start = System.nanoTime();
            Throwable failure = catchThrowable(() -> repo.create(newCase, caseKey));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            proxy.resume();
            figures.put("defaults_call_bound_ms", defaults.callBound().toMillis());
            figures.put("defaults_in_flight_call_ms", ms);
            figures.put("defaults_in_flight_exception", failure == null ? "none" : failure.getClass().getSimpleName());
            assertThat(failure).as("the create in flight with the default timeouts")
                    .isInstanceOfAny(dev.tau4j.cases.CaseStoreUnavailableException.class,
                            dev.tau4j.cases.CaseOutcomeUnknownException.class);
            assertThat(Duration.ofMillis(ms)).as("the call ended within the defaults' callBound()")
                    .isLessThanOrEqualTo(defaults.callBound().plus(MARGIN));
            long end = System.nanoTime() + DEFAULTS_RETRY.toNanos();
            while (true) {
                try {
                    repo.create(newCase, caseKey);
                    break;
                } catch (dev.tau4j.cases.CaseStoreUnavailableException | dev.tau4j.cases.CaseOutcomeUnknownException e) {
                    if (System.nanoTime() > end) {
                        throw e;
                    }
                    pause(50);
                }
            }
            assertThat(CaseFaults.count(targetData, schema, "{s}.cases where title = ?", key))
                    .as("the keyed retry stored the case once").isEqualTo(1);
        }
    }

    // ---------------------------------------------------------------- crash

    @Test
    @Order(7)
    @DisplayName("kill -9 of PostgreSQL under keyed writers: nothing acknowledged lost, nothing doubled")
    @Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void crash() throws Exception {
        LiveSettings settings = live.settings();
        String arch = architecture();
        if (EmbeddedBinaries.find(settings.postgres().binariesDirectory(), arch, settings.major()).isEmpty()) {
            String why = "no embedded PostgreSQL " + settings.major() + " binaries (linux-" + arch + ") in "
                    + settings.postgres().binariesDirectory() + " to start a server of its own, and a server this run did not"
                    + " start is never killed";
            if (!live.database().givenByUrl()) {
                throw new AssertionError("the crash check cannot run: " + why);
            }
            RECORDER.notApplicable(FaultEvidence.CRASH, why);
            RECORDER.notApplicable(FaultEvidence.CRASH_CASES, why);
            return;
        }
        Optional<CrashablePostgres> started = CrashablePostgres.start(settings.postgres().binariesDirectory(), arch,
                settings.major(), Duration.ofSeconds(60));
        try (CrashablePostgres pg = started.orElseThrow()) {
            DataSource direct = PostgresDataSources.unpooled(pg.url(), FAST, Duration.ofSeconds(30));
            CaseCrash cases = new CaseCrash();
            Throwable failed = null;
            try {
                RECORDER.check(FaultEvidence.CRASH, figures -> crashCheck(pg, direct, figures, cases));
            } catch (AssertionError | Exception e) {
                failed = e;
            }
            try {
                RECORDER.check(FaultEvidence.CRASH_CASES, figures -> {
                    if (cases.load == null) {
                        throw new AssertionError("the crash loop did not run the case writers");
                    }
                    figures.putAll(cases.figures);
                    cases.load.report(figures);
                    cases.load.verify(direct, PostgresCaseRepository.DEFAULT_SCHEMA, figures);
                    return "in the same crash loop (" + KILLS + " × SIGKILL of every process, restart on the same data"
                            + " directory), " + WRITERS + " HTTP clients of a CasesHttpServer (its PostgresCaseRepository"
                            + " on FAIL_FAST) created cases and decided two of three with an Idempotency-Key, retrying"
                            + " every 503 store_unavailable / outcome_unknown with the same key until acknowledged (201,"
                            + " 200); afterwards (SQL) every acknowledged create present once with the id it was"
                            + " answered, every acknowledged decide with its decision, 0 decided cases without a"
                            + " decision, no case created twice for one key, nothing stored unacknowledged, one key row"
                            + " per acknowledged write";
                });
            } catch (AssertionError | Exception e) {
                if (failed == null) {
                    failed = e;
                } else {
                    failed.addSuppressed(e);
                }
            }
            if (failed instanceof Error error) {
                throw error;
            } else if (failed != null) {
                throw (Exception) failed;
            }
        }
    }

    /** The case writers of the crash loop and what the loop measured for them, for the {@code crash-cases} check. */
    private static final class CaseCrash {
        private CaseFaults.CrashWorkload load;
        private final Map<String, Object> figures = new LinkedHashMap<>();
    }

    private String crashCheck(CrashablePostgres pg, DataSource direct, Map<String, Object> figures, CaseCrash cases)
            throws Exception {
        figures.put("server", pg.description());
        try (Connection c = direct.getConnection(); var s = c.createStatement();
             ResultSet rs = s.executeQuery("select current_setting('fsync'), current_setting('synchronous_commit'),"
                     + " current_setting('server_version')")) {
            rs.next();
            figures.put("fsync", rs.getString(1));
            figures.put("synchronous_commit", rs.getString(2));
            figures.put("server_version", rs.getString(3));
            assertThat(rs.getString(1)).as("fsync").isEqualTo("on");
            assertThat(rs.getString(2)).as("synchronous_commit").isEqualTo("on");
        }
        SessionPath base = SessionPath.of("crash/" + run);
        CrashWorkload load;
        List<Long> restartMs = new ArrayList<>();
        List<Long> recoveryMs = new ArrayList<>();
        List<Long> outageMs = new ArrayList<>();
        List<Long> caseRecoveryMs = new ArrayList<>();
        List<Long> caseOutageMs = new ArrayList<>();
        List<Integer> killed = new ArrayList<>();
        long loopStart = System.nanoTime();
        try (PostgresSessionStore store = PostgresSessionStore.builder().url(pg.url()).timeouts(FAST)
                .poolSize(WRITERS + 2).build();
             PostgresCaseRepository repo = PostgresCaseRepository.builder().url(pg.url()).timeouts(FAST)
                     .poolSize(WRITERS + 2).build();
             CasesHttpServer server = CasesHttpServer.builder().repository(repo).host(LOOPBACK).port(0).build()
                     .start()) {
            long deadline = System.nanoTime() + CRASH_DEADLINE.toNanos();
            load = new CrashWorkload(store, base, deadline);
            CaseFaults.CrashWorkload caseLoad = new CaseFaults.CrashWorkload(new CasesApiClient(LOOPBACK, server.port()),
                    WRITERS, deadline);
            cases.load = caseLoad;
            List<CrashWriters> writers = List.of(load, caseLoad);
            load.start();
            caseLoad.start();
            try {
                Random random = new Random();
                load.awaitAcks(30, Duration.ofSeconds(20));
                caseLoad.awaitAcks(20, Duration.ofSeconds(20));
                for (int k = 0; k < KILLS; k++) {
                    pause(300 + random.nextInt(700));
                    long killAt = System.nanoTime();
                    killed.add(pg.kill());
                    pause(20 + random.nextInt(250));
                    long[] acksBefore = CrashWriters.acked(writers);
                    long restartAt = System.nanoTime();
                    pg.restart();
                    restartMs.add(EvidenceRecorder.millis(restartAt));
                    long[] firstWrite = CrashWriters.awaitAckAfter(writers, acksBefore, Duration.ofSeconds(30));
                    recoveryMs.add(TimeUnit.NANOSECONDS.toMillis(firstWrite[0] - restartAt));
                    outageMs.add(TimeUnit.NANOSECONDS.toMillis(firstWrite[0] - killAt));
                    caseRecoveryMs.add(TimeUnit.NANOSECONDS.toMillis(firstWrite[1] - restartAt));
                    caseOutageMs.add(TimeUnit.NANOSECONDS.toMillis(firstWrite[1] - killAt));
                }
                // writes after the last restart
                load.awaitAcks(load.acked.get() + 20, Duration.ofSeconds(20));
                caseLoad.awaitAcks(caseLoad.acked.get() + 10, Duration.ofSeconds(20));
            } finally {
                load.stop(Duration.ofSeconds(30));
                caseLoad.stop(Duration.ofSeconds(30));
            }
        }
        figures.put("writers", WRITERS);
        figures.put("kills", killed.size());
        figures.put("processes_killed", killed);
        figures.put("restart_ms", restartMs);
        figures.put("recovery_ms", recoveryMs);
        figures.put("outage_ms", outageMs);
        cases.figures.put("http_clients", WRITERS);
        cases.figures.put("kills", killed.size());
        cases.figures.put("processes_killed", killed);
        cases.figures.put("restart_ms", restartMs);
        cases.figures.put("recovery_ms", caseRecoveryMs);
        cases.figures.put("outage_ms", caseOutageMs);
        cases.figures.put("crash_loop_ms", EvidenceRecorder.millis(loopStart));
        load.report(figures);
        assertThat(load.errors).as("writer errors").isEmpty();
        assertThat(killed).hasSize(KILLS);
        try (PostgresSessionStore check = PostgresSessionStore.builder().url(pg.url()).migration(MigrationMode.VALIDATE)
                .build()) {
            load.verify(check, direct, figures);
        }
        return "a PostgreSQL of its own (fsync on) killed with SIGKILL (postmaster and every child) " + KILLS
                + " times at random moments under " + WRITERS + " keyed writers (batches of 1–5 with usage, some"
                + " optimistic, some keyed usage records) and " + WRITERS + " HTTP clients of the cases API (see"
                + " crash-cases), restarted on the same data directory and port; every failed call retried with its"
                + " key until acknowledged; afterwards 0 acknowledged writes lost, each key's write stored exactly"
                + " once, 0 partial batches, usage exactly the sum over the keys, ids unique and increasing";
    }

    /** The session writers of the crash check and what they were told. */
    private static final class CrashWorkload extends CrashWriters {
        private final PostgresSessionStore store;
        private final SessionPath base;
        private final Queue<Ack> acks = new ConcurrentLinkedQueue<>();
        private final String tag = UUID.randomUUID().toString().substring(0, 8);

        CrashWorkload(PostgresSessionStore store, SessionPath base, long deadline) {
            super(WRITERS, deadline);
            this.store = store;
            this.base = base;
        }

        /** One acknowledged keyed write: what the store answered. */
        record Ack(String key, SessionPath path, int size, List<SessionEntry> entries, UsageDelta usage,
                   boolean optimistic) {
        }

        void start() {
            start(this::write);
        }

        private void write(int thread) {
            Random random = new Random(thread * 7919L + System.nanoTime());
            SessionPath own = base.child("writer-" + thread);
            SessionPath shared = base.child("shared-" + (thread % 2));
            long ownHead = 0;
            int seq = 0;
            while (running()) {
                String key = tag + "-" + thread + "-" + seq++;
                UsageDelta usage = UsageDelta.of(1 + random.nextInt(90), 1 + random.nextInt(90), 2 + random.nextInt(180),
                        "0.000" + (1 + random.nextInt(999)));
                int op = random.nextInt(100);
                if (op < 15) {
                    if (call(key, () -> store.recordUsage(own, usage, IdempotencyKey.of(key))) == null) {
                        return;
                    }
                    acks.add(new Ack(key, own, 0, List.of(), usage, false));
                } else {
                    boolean optimistic = op < 40;
                    SessionPath path = optimistic ? own : shared;
                    int n = 1 + random.nextInt(5);
                    List<Message> messages = new ArrayList<>();
                    for (int i = 1; i <= n; i++) {
                        messages.add(i % 2 == 1 ? Message.user("crash " + key + " " + i + "/" + n)
                                : Message.assistant("crash " + key + " " + i + "/" + n));
                    }
                    Append.Builder builder = Append.to(path).messages(messages).usage(usage).idempotencyKey(key);
                    if (optimistic) {
                        if (ownHead == 0) {
                            builder.expectEmpty();
                        } else {
                            builder.under(ownHead).expectHead(ownHead);
                        }
                    }
                    Append append = builder.build();
                    List<SessionEntry> entries = call(key, () -> store.append(append));
                    if (entries == null) {
                        return;
                    }
                    if (optimistic) {
                        ownHead = entries.get(entries.size() - 1).id();
                    }
                    acks.add(new Ack(key, path, n, entries, usage, optimistic));
                }
                acked.incrementAndGet();
            }
        }

        /**
         * Calls until acknowledged, retrying every transient failure with the same key; null (and an error)
         * on anything else or past the deadline. For an append, counts a retry answered from a first write
         * that had landed (its entries were accepted before the last attempt started).
         */
        private <T> T call(String key, Supplier<T> write) {
            boolean unknown = false;
            while (true) {
                Instant attempt = Instant.now().truncatedTo(ChronoUnit.MICROS);
                try {
                    T result = write.get();
                    if (unknown && result instanceof List<?> entries && !entries.isEmpty()
                            && ((SessionEntry) entries.get(0)).acceptedAt().isBefore(attempt)) {
                        landedBeforeRetry.incrementAndGet();
                    }
                    return result;
                } catch (StoreOutcomeUnknownException e) {
                    outcomeUnknown.incrementAndGet();
                    unknown = true;
                } catch (StoreUnavailableException e) {
                    unavailable.incrementAndGet();
                } catch (RuntimeException e) {
                    errors.add(key + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
                    return null;
                }
                if (!retryAfterPause(key)) {
                    return null;
                }
            }
        }

        void report(Map<String, Object> figures) {
            List<Ack> all = new ArrayList<>(acks);
            long appends = all.stream().filter(a -> a.size() > 0).count();
            figures.put("acknowledged_writes", all.size());
            figures.put("acknowledged_appends", appends);
            figures.put("acknowledged_optimistic_appends", all.stream().filter(Ack::optimistic).count());
            figures.put("acknowledged_usage_records", all.size() - appends);
            figures.put("acknowledged_entries", all.stream().mapToLong(Ack::size).sum());
            figures.put("retries", retries.get());
            figures.put("outcome_unknown", outcomeUnknown.get());
            figures.put("unavailable", unavailable.get());
            figures.put("outcome_unknown_appends_that_had_landed", landedBeforeRetry.get());
        }

        /** Reads everything back (a new store and SQL) and checks it against what was acknowledged. */
        void verify(PostgresSessionStore check, DataSource direct, Map<String, Object> figures) throws SQLException {
            List<Ack> all = new ArrayList<>(acks);
            Map<SessionPath, List<Ack>> byPath = all.stream().collect(Collectors.groupingBy(Ack::path));
            long lost = 0;
            long duplicated = 0;
            long partial = 0;
            long unknownKeys = 0;
            long stored = 0;
            for (var e : byPath.entrySet()) {
                SessionPath path = e.getKey();
                List<SessionEntry> entries = check.entries(path);
                stored += entries.size();
                for (int i = 1; i < entries.size(); i++) {
                    assertThat(entries.get(i).id()).as("ids of " + path + " unique and increasing")
                            .isGreaterThan(entries.get(i - 1).id());
                }
                Map<Long, SessionEntry> byId = new HashMap<>();
                entries.forEach(x -> byId.put(x.id(), x));
                Map<String, Long> perKey = entries.stream().collect(Collectors.groupingBy(
                        x -> x.message().text().split(" ")[1], Collectors.counting()));
                UsageSummary usage = UsageSummary.ZERO;
                Map<String, Integer> sizes = new HashMap<>();
                for (Ack ack : e.getValue()) {
                    usage = usage.plus(ack.usage());
                    if (ack.size() == 0) {
                        continue;
                    }
                    sizes.put(ack.key(), ack.size());
                    for (SessionEntry acknowledged : ack.entries()) {
                        if (!acknowledged.equals(byId.get(acknowledged.id()))) {
                            lost++;
                        }
                    }
                    long copies = perKey.getOrDefault(ack.key(), 0L);
                    if (copies > ack.size()) {
                        duplicated++;
                    } else if (copies < ack.size() && copies > 0) {
                        partial++;
                    }
                }
                unknownKeys += perKey.keySet().stream().filter(k -> !sizes.containsKey(k)).count();
                assertThat(check.usage(path)).as("usage of " + path + ": the sum over its keys").isEqualTo(usage);
                List<Ack> optimistic = e.getValue().stream().filter(Ack::optimistic).toList();
                for (int i = 1; i < optimistic.size(); i++) {
                    assertThat(optimistic.get(i).entries().get(0).id()).as("a writer's own ids increase")
                            .isGreaterThan(optimistic.get(i - 1).entries().get(0).id());
                }
            }
            long keys;
            try (Connection c = direct.getConnection(); var s = c.createStatement();
                 ResultSet rs = s.executeQuery("select count(*) from tau4j.write_keys")) {
                rs.next();
                keys = rs.getLong(1);
            }
            figures.put("stored_entries", stored);
            figures.put("stored_keys", keys);
            figures.put("lost", lost);
            figures.put("duplicated_keys", duplicated);
            figures.put("partial_batches", partial);
            figures.put("unacknowledged_keys_stored", unknownKeys);
            figures.put("usage_exact", true);
            assertThat(lost).as("acknowledged entries lost or changed").isZero();
            assertThat(duplicated).as("keys stored more than once").isZero();
            assertThat(partial).as("partial batches").isZero();
            assertThat(unknownKeys).as("stored writes nobody was told about").isZero();
            assertThat(stored).as("stored entries").isEqualTo(all.stream().mapToLong(Ack::size).sum());
            assertThat(keys).as("one key row per acknowledged write").isEqualTo(all.size());
        }
    }

    // ---------------------------------------------------------------- cases over HTTP: lost replies, silence

    @Test
    @Order(8)
    @DisplayName("over HTTP, a case create whose COMMIT landed and whose reply was lost: 503 outcome_unknown, the"
            + " keyed retry answers 201 with the case, one case")
    void lostReplyCaseCreate() throws Exception {
        RECORDER.check("lost-reply-case-create", figures -> {
            String key = "lost-create-" + UUID.randomUUID();
            try (FaultProxy proxy = proxy(); PostgresCaseRepository repo = proxiedCases(proxy, 2);
                 CasesHttpServer server = casesServer(repo)) {
                CasesApiClient api = new CasesApiClient(LOOPBACK, server.port());
                FaultProxy.Drop drop = proxy.dropReplyToCommit(key);
                long start = System.nanoTime();
                CasesApiClient.Reply lost = api.send(CaseFaults.create(key));
                figures.put("failed_call_ms", EvidenceRecorder.millis(start));
                recordAnswer(figures, "lost_reply", lost);
                assertThat(drop.await(Duration.ofSeconds(5))).as("the proxy swallowed the reply to COMMIT").isTrue();
                assertOutcomeUnknown(lost);
                List<CaseRow> landed = caseRows(key);
                figures.put("cases_after_lost_reply", landed.size());
                assertThat(landed).as("the case landed although its reply was lost").hasSize(1);
                CaseRow row = landed.get(0);

                CasesApiClient.Reply retried = api.send(CaseFaults.create(key));
                recordAnswer(figures, "retry", retried);
                assertThat(retried.status()).as("the keyed retry").isEqualTo(201);
                assertThat(retried.at("id").asText()).isEqualTo(row.id().toString());
                assertThat(Instant.parse(retried.at("created_at").asText())).isEqualTo(row.createdAt());
                assertThat(retried.at("title").asText()).isEqualTo(key);
                assertThat(retried.at("status").asText()).isEqualTo("OPEN");
                CasesApiClient.Reply again = api.send(CaseFaults.create(key));
                assertThat(again.status()).isEqualTo(201);
                assertThat(again.raw()).as("the same body every time").isEqualTo(retried.raw());
                assertThat(caseRows(key)).as("exactly one case").hasSize(1);
                assertThat(CaseFaults.count(targetData, schema, "{s}.case_idempotency_keys where idempotency_key = ?",
                        key)).as("one key row").isEqualTo(1);
                figures.put("cases", 1);
            }
            return "the COMMIT of a keyed POST /api/cases reached the server and the proxy dropped its reply: 503"
                    + " outcome_unknown with Retry-After; SQL showed the case stored; the retry with the same"
                    + " Idempotency-Key answered 201 with that case (same id and created_at), twice with the same"
                    + " body; one case, one key row";
        });
    }

    @Test
    @Order(9)
    @DisplayName("over HTTP, a decide whose COMMIT landed and whose reply was lost: 503 outcome_unknown, the keyed"
            + " retry answers 200 (not 409) with the decision, one decision")
    void lostReplyCaseDecide() throws Exception {
        RECORDER.check("lost-reply-case-decide", figures -> {
            String title = "lost-decide-case-" + UUID.randomUUID();
            String key = "lost-decide-" + UUID.randomUUID();
            try (FaultProxy proxy = proxy(); PostgresCaseRepository repo = proxiedCases(proxy, 2);
                 CasesHttpServer server = casesServer(repo)) {
                CasesApiClient api = new CasesApiClient(LOOPBACK, server.port());
                CasesApiClient.Reply created = api.send(CaseFaults.create(title));
                assertThat(created.status()).isEqualTo(201);
                UUID id = UUID.fromString(created.at("id").asText());
                FaultProxy.Drop drop = proxy.dropReplyToCommit(key);
                long start = System.nanoTime();
                CasesApiClient.Reply lost = api.send(CaseFaults.decide(id, key));
                figures.put("failed_call_ms", EvidenceRecorder.millis(start));
                recordAnswer(figures, "lost_reply", lost);
                assertThat(drop.await(Duration.ofSeconds(5))).as("the proxy swallowed the reply to COMMIT").isTrue();
                assertOutcomeUnknown(lost);
                CaseRow row = caseRows(title).get(0);
                figures.put("status_after_lost_reply", row.status());
                assertThat(row.status()).as("the decision landed although its reply was lost").isEqualTo("DECIDED");
                assertThat(row.supplier()).isEqualTo(key);

                CasesApiClient.Reply retried = api.send(CaseFaults.decide(id, key));
                recordAnswer(figures, "retry", retried);
                assertThat(retried.status()).as("the keyed retry: the caller's own decision, not 409").isEqualTo(200);
                assertThat(retried.at("decision").path("chosen_supplier").asText()).isEqualTo(key);
                assertThat(Instant.parse(retried.at("decision").path("decided_at").asText())).isEqualTo(row.decidedAt());
                CasesApiClient.Reply again = api.send(CaseFaults.decide(id, key));
                assertThat(again.status()).isEqualTo(200);
                assertThat(again.raw()).as("the same body every time").isEqualTo(retried.raw());
                CasesApiClient.Reply unkeyed = api.send(CaseFaults.decideWithoutKey(id, key));
                recordAnswer(figures, "retry_without_key", unkeyed);
                assertThat(unkeyed.status()).as("the same decide without its key").isEqualTo(409);
                assertThat(CaseFaults.count(targetData, schema, "{s}.case_decisions where case_id = ?::uuid",
                        id.toString())).as("exactly one decision").isEqualTo(1);
                figures.put("decisions", 1);
            }
            return "the COMMIT of a keyed POST /api/decide/{id} reached the server and the proxy dropped its reply:"
                    + " 503 outcome_unknown with Retry-After; SQL showed the case decided with that decision; the retry"
                    + " with the same Idempotency-Key answered 200 with it (same decided_at), twice with the same"
                    + " body, where the same decide without its key answers 409; one decision row";
        });
    }

    /** The HTTP silence check with {@code FAIL_FAST}: a proxy goes silent under five HTTP clients, then forwards again. */
    private String silenceCasesFailFast(Map<String, Object> figures) throws Exception {
        Duration bound = FAST.callBound();
        Duration silenceFor = bound.plusSeconds(2);
        figures.put("call_bound_ms", bound.toMillis());
        Queue<Call> calls = new ConcurrentLinkedQueue<>();
        Map<String, CasesApiClient.Request> pending = new java.util.concurrent.ConcurrentHashMap<>();
        Set<String> createKeys = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Map<String, UUID> decideKeys = new java.util.concurrent.ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong resumed = new AtomicLong();
        try (FaultProxy proxy = proxy(); PostgresCaseRepository repo = proxiedCases(proxy, 4);
             CasesHttpServer server = casesServer(repo)) {
            CasesApiClient api = new CasesApiClient(LOOPBACK, server.port());
            Queue<UUID> open = new ConcurrentLinkedQueue<>();
            for (int i = 0; i < 40; i++) {
                String key = "silence-open-" + i + "-" + run;
                createKeys.add(key);
                open.add(UUID.fromString(api.send(CaseFaults.create(key)).at("id").asText()));
            }
            UUID known = open.peek();
            ExecutorService workers = Executors.newFixedThreadPool(5);
            try {
                startSilenceWorkers(workers, List.of("create", "create", "decide", "list", "get"), stop,
                        "silence-case-" + run + "-", calls, (kind, key) -> {
                            CasesApiClient.Request request;
                            int expected = 200;
                            switch (kind) {
                                case "create" -> {
                                    request = CaseFaults.create(key);
                                    createKeys.add(key);
                                    expected = 201;
                                }
                                case "decide" -> {
                                    UUID id = open.poll();
                                    if (id == null) {
                                        return false;
                                    }
                                    request = CaseFaults.decide(id, key);
                                    decideKeys.put(key, id);
                                }
                                case "list" -> request = CasesApiClient.Request.get("/api/cases?limit=5");
                                default -> request = CasesApiClient.Request.get("/api/cases/" + known);
                            }
                            try {
                                CasesApiClient.Reply reply = api.send(request);
                                if (reply.status() != expected) {
                                    throw new CaseFaults.Answered(reply);
                                }
                            } catch (IOException | RuntimeException e) {
                                if (!"list".equals(kind) && !"get".equals(kind)) {
                                    pending.put(key, request);
                                }
                                throw e;
                            }
                            return true;
                        });
                pause(500);
                // the trigger: silence falls right after this create's first statement reached the server
                String trigger = "silence-case-trigger-" + run;
                createKeys.add(trigger);
                proxy.silenceAfter(trigger);
                long triggerStart = System.nanoTime();
                CasesApiClient.Reply triggerReply = api.send(CaseFaults.create(trigger));
                long triggerEnd = System.nanoTime();
                pending.put(trigger, CaseFaults.create(trigger));
                calls.add(new Call("trigger-create", triggerStart, triggerEnd, triggerReply.status() == 201 ? null
                        : new CaseFaults.Answered(triggerReply)));
                assertThat(proxy.silent()).as("the proxy went silent after the trigger").isTrue();
                figures.put("in_flight_call_ms", TimeUnit.NANOSECONDS.toMillis(triggerEnd - triggerStart));
                recordAnswer(figures, "in_flight_call", triggerReply);
                assertThat(CaseFaults.retryable(triggerReply))
                        .as("the create in flight when the network went silent: 503 JSON with Retry-After, was "
                                + triggerReply.status() + " " + triggerReply.raw()).isTrue();
                resumed.set(holdSilenceThenResume(proxy, silenceFor, calls, figures));
            } finally {
                stopWorkers(stop, workers, bound.plus(MARGIN).multipliedBy(2));
            }
            List<Call> hit = caughtBySilence(proxy, calls, resumed.get(), bound, "hit_answers", figures);
            assertThat(hit).as("every request the silence caught was answered 503 JSON (store_unavailable or"
                    + " outcome_unknown) with Retry-After").allSatisfy(c -> assertThat(c.failure()).as(c.kind())
                    .isInstanceOf(CaseFaults.Answered.class)
                    .matches(e -> CaseFaults.retryable(((CaseFaults.Answered) e).reply()), "a transient 503"));
            assertThat(hit.stream().map(Call::kind).collect(Collectors.toSet()))
                    .as("creates, decides and reads were all caught").contains("create", "decide", "list", "get");

            // every failed write, retried with its key against the same server, lands exactly once
            for (var e : pending.entrySet()) {
                CaseFaults.untilAnswered(api, e.getValue(), decideKeys.containsKey(e.getKey()) ? 200 : 201,
                        Duration.ofSeconds(15));
            }
            figures.put("retried_keys", pending.size());
            Map<String, Long> copies = new java.util.HashMap<>();
            for (String key : createKeys) {
                copies.put(key, CaseFaults.count(targetData, schema, "{s}.cases where title = ?", key));
            }
            assertThat(copies.values()).as("one case per create key").allMatch(n -> n == 1);
            for (var e : decideKeys.entrySet()) {
                assertThat(CaseFaults.count(targetData, schema, "{s}.case_decisions where case_id = ?::uuid"
                        + " and chosen_supplier = ?", e.getValue().toString(), e.getKey()))
                        .as("the decision of " + e.getKey()).isEqualTo(1);
            }
            figures.put("create_keys", createKeys.size());
            figures.put("decide_keys", decideKeys.size());
        }
        return "the proxy went silent right after a keyed create's first statement reached the server (answered"
                + " 503 JSON); with the default timeouts too, a keyed create in flight ended within their"
                + " callBound() and was written once by its keyed retry; every request the silence caught (creates, decides, list, get) was answered 503"
                + " store_unavailable or outcome_unknown with Retry-After, every request within callBound() of"
                + " FAIL_FAST (" + bound.toMillis() + " ms) + " + MARGIN.toMillis() + " ms; after forwarding"
                + " resumed the same server answered again, and every failed write retried with its"
                + " Idempotency-Key was stored exactly once";
    }

    /** Puts a reply's status, error code and Retry-After into the figures, under {@code name}. */
    private static void recordAnswer(Map<String, Object> figures, String name, CasesApiClient.Reply reply) {
        figures.put(name + "_status", reply.status());
        if (reply.status() >= 400) {
            figures.put(name + "_error", reply.at("error").asText());
            figures.put(name + "_retry_after", reply.header("Retry-After").orElse("none"));
        }
    }

    private static void assertOutcomeUnknown(CasesApiClient.Reply reply) {
        assertThat(reply.status()).as("the answer to a write whose reply was lost: " + reply.raw()).isEqualTo(503);
        assertThat(reply.at("error").asText()).isEqualTo(CaseFaults.OUTCOME_UNKNOWN);
        assertThat(reply.header("Retry-After")).as("Retry-After").isPresent();
    }

    private PostgresCaseRepository proxiedCases(FaultProxy proxy, int poolSize) {
        return PostgresCaseRepository.builder().url(proxied(proxy.port())).schema(schema)
                .migration(MigrationMode.VALIDATE).timeouts(FAST).poolSize(poolSize).build();
    }

    private static CasesHttpServer casesServer(PostgresCaseRepository repo) {
        return CasesHttpServer.builder().repository(repo).host(LOOPBACK).port(0).build().start();
    }

    /** A case as stored, with its decision if any, read with SQL. */
    private record CaseRow(UUID id, Instant createdAt, String status, String supplier, Instant decidedAt) {
    }

    /** The cases titled {@code title}, read with SQL directly (not through the proxy). */
    private List<CaseRow> caseRows(String title) throws SQLException {
        List<CaseRow> rows = new ArrayList<>();
        try (Connection c = targetData.getConnection(); PreparedStatement s = c.prepareStatement(
                "select c.id, c.created_at, c.status, d.chosen_supplier, d.decided_at from " + schema + ".cases c"
                        + " left join " + schema + ".case_decisions d on d.case_id = c.id where c.title = ?")) {
            s.setString(1, title);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    java.time.OffsetDateTime decided = rs.getObject(5, java.time.OffsetDateTime.class);
                    rows.add(new CaseRow(rs.getObject(1, UUID.class),
                            rs.getObject(2, java.time.OffsetDateTime.class).toInstant(), rs.getString(3),
                            rs.getString(4), decided == null ? null : decided.toInstant()));
                }
            }
        }
        return rows;
    }

    // ---------------------------------------------------------------- helpers

    /** One call of the silence check: its kind, when it started and ended, and how it failed (or null). */
    private record Call(String kind, long start, long end, Throwable failure) {
        long millis() {
            return TimeUnit.NANOSECONDS.toMillis(end - start);
        }

        String outcome() {
            return failure == null ? "ok" : failure instanceof CaseFaults.Answered answered ? answered.getMessage()
                    : failure.getClass().getSimpleName();
        }
    }

    /** An entry as stored, read with SQL. */
    private record Row(long id, Instant acceptedAt, String text) {
    }

    /** One call of a silence check's worker. */
    @FunctionalInterface
    private interface SilenceCall {
        /**
         * Makes one call of {@code kind} (a write uses {@code key}); false when there was nothing to call.
         * Throws how the call failed.
         */
        boolean call(String kind, String key) throws Exception;
    }

    /**
     * Starts one worker per kind: each calls {@code body} with a new key (prefix, worker, sequence) until
     * {@code stop}, recording every call (when it started and ended, how it failed) in {@code calls}.
     */
    private static void startSilenceWorkers(ExecutorService workers, List<String> kinds, AtomicBoolean stop,
                                            String keyPrefix, Queue<Call> calls, SilenceCall body) {
        for (int w = 0; w < kinds.size(); w++) {
            String kind = kinds.get(w);
            int worker = w;
            workers.execute(() -> {
                int seq = 0;
                while (!stop.get()) {
                    String key = keyPrefix + worker + "-" + seq++;
                    long start = System.nanoTime();
                    Throwable failure = null;
                    boolean called;
                    try {
                        called = body.call(kind, key);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    } catch (Exception e) {
                        failure = e;
                        called = true;
                    }
                    if (called) {
                        calls.add(new Call(kind, start, System.nanoTime(), failure));
                    }
                    pause(20);
                }
            });
        }
    }

    /**
     * Stays silent until {@code silenceFor} after the proxy went silent (so calls that start while silent
     * end while silent), then forwards again and waits (bounded) for the first call that succeeds after
     * that; returns when forwarding resumed ({@link System#nanoTime()}).
     */
    private static long holdSilenceThenResume(FaultProxy proxy, Duration silenceFor, Queue<Call> calls,
                                              Map<String, Object> figures) {
        long silencedAt = proxy.silencedAtNanos();
        pause(Math.max(0, TimeUnit.NANOSECONDS.toMillis(silencedAt + silenceFor.toNanos() - System.nanoTime())));
        long resumedAt = System.nanoTime();
        proxy.resume();
        figures.put("silence_ms", TimeUnit.NANOSECONDS.toMillis(resumedAt - silencedAt));
        long recovered = awaitSuccess(calls, resumedAt, Duration.ofSeconds(20));
        figures.put("recovery_ms", TimeUnit.NANOSECONDS.toMillis(recovered - resumedAt));
        return resumedAt;
    }

    /** Stops the workers of a silence check; fails when they do not stop within {@code wait}. */
    private static void stopWorkers(AtomicBoolean stop, ExecutorService workers, Duration wait)
            throws InterruptedException {
        stop.set(true);
        workers.shutdown();
        if (!workers.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            workers.shutdownNow();
            throw new AssertionError("the silence workers did not stop in time");
        }
    }

    /**
     * The calls the silence caught: those that ended while the network was silent (a call still waiting
     * when forwarding resumed may legitimately succeed then, within its bound). Records the figures, with
     * the outcomes under {@code outcomes}, and asserts that every call ended within {@code bound} plus
     * the margin.
     */
    private static List<Call> caughtBySilence(FaultProxy proxy, Queue<Call> calls, long resumedAt, Duration bound,
                                              String outcomes, Map<String, Object> figures) {
        long silencedAt = proxy.silencedAtNanos();
        List<Call> all = new ArrayList<>(calls);
        List<Call> hit = all.stream().filter(c -> c.end() > silencedAt + TimeUnit.MILLISECONDS.toNanos(100)
                && c.end() <= resumedAt).toList();
        figures.put("calls", all.size());
        figures.put("calls_hit_by_silence", hit.size());
        figures.put("in_flight_at_silence", hit.stream().filter(c -> c.start() < silencedAt).count());
        figures.put("hit_by_kind", hit.stream().collect(Collectors.groupingBy(Call::kind, java.util.TreeMap::new,
                Collectors.counting())));
        figures.put(outcomes, hit.stream().collect(Collectors.groupingBy(Call::outcome, java.util.TreeMap::new,
                Collectors.counting())));
        figures.put("max_call_ms", all.stream().mapToLong(Call::millis).max().orElse(0));
        figures.put("max_hit_call_ms", hit.stream().mapToLong(Call::millis).max().orElse(0));
        figures.put("max_hit_call_ms_by_kind", hit.stream().collect(Collectors.groupingBy(Call::kind,
                java.util.TreeMap::new, Collectors.reducing(0L, Call::millis, Math::max))));
        assertThat(all).as("every call ended within the bound plus " + MARGIN.toMillis() + " ms")
                .allSatisfy(c -> assertThat(Duration.ofMillis(c.millis())).as(c.kind())
                        .isLessThanOrEqualTo(bound.plus(MARGIN)));
        return hit;
    }

    /** When the first call that started after {@code after} succeeded; waits at most {@code wait}. */
    private static long awaitSuccess(Queue<Call> calls, long after, Duration wait) {
        long end = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < end) {
            Optional<Long> first = calls.stream().filter(c -> c.start() >= after && c.failure() == null)
                    .map(Call::end).min(Long::compare);
            if (first.isPresent()) {
                return first.get();
            }
            pause(10);
        }
        throw new AssertionError("the store did not serve a call within " + wait.toSeconds() + " s of the network"
                + " coming back");
    }

    /** Retries a write after transient failures, with the same arguments (and so the same key), until {@code wait}. */
    private static <T> T retry(Supplier<T> write, Duration wait) {
        long end = System.nanoTime() + wait.toNanos();
        while (true) {
            try {
                return write.get();
            } catch (StoreOutcomeUnknownException | StoreUnavailableException e) {
                if (System.nanoTime() > end) {
                    throw e;
                }
                pause(50);
            }
        }
    }

    private FaultProxy proxy() throws java.io.IOException {
        return new FaultProxy(target.host(), target.port(), Duration.ofMinutes(3));
    }

    /** The target's URL (credentials and parameters kept) pointed at {@code port} on the loopback. */
    private PostgresUrl proxied(int port) {
        return PostgresUrl.of("127.0.0.1", port, target.database(), target.user(), target.password(),
                target.parameters());
    }

    private static String architecture() {
        return EmbeddedBinaries.architecture(System.getProperty("os.arch", ""));
    }

    private PostgresSessionStore proxiedStore(FaultProxy proxy, int poolSize) {
        return PostgresSessionStore.builder().url(proxied(proxy.port())).schema(schema).migration(MigrationMode.VALIDATE)
                .timeouts(FAST).poolSize(poolSize).build();
    }

    /** The session's entries as stored, read with SQL directly (not through the proxy). */
    private List<Row> entryRows(SessionPath path) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Connection c = targetData.getConnection(); PreparedStatement s = c.prepareStatement(
                "select e.entry_id, e.accepted_at, e.message from " + schema + ".entries e join " + schema
                        + ".sessions s on s.id = e.session_id where s.path = ? order by e.entry_id")) {
            s.setString(1, path.value());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Instant at = rs.getObject(2, java.time.OffsetDateTime.class).toInstant();
                    rows.add(new Row(rs.getLong(1), at,
                            dev.tau4j.session.MessageCodec.decode(rs.getString(3)).text()));
                }
            }
        }
        return rows;
    }

    private long totalTokens(SessionPath path) throws SQLException {
        try (Connection c = targetData.getConnection(); PreparedStatement s = c.prepareStatement(
                "select total_tokens from " + schema + ".sessions where path = ?")) {
            s.setString(1, path.value());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** {@code select count(*) from <schema>.<from>}, with one string argument. */
    private long count(String from, String argument) throws SQLException {
        try (Connection c = targetData.getConnection(); PreparedStatement s = c.prepareStatement(
                "select count(*) from " + schema + "." + from)) {
            s.setString(1, argument);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void pause(long ms) {
        CrashWriters.pause(ms);
    }
}
