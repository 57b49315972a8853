package dev.tau4j.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.tau4j.postgres.MigrationMode;
import dev.tau4j.postgres.PostgresDataSources;
import dev.tau4j.postgres.PostgresTimeouts;
import dev.tau4j.postgres.PostgresUrl;
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
import dev.tau4j.verify.internal.EmbeddedBinaries;
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
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
class SessionFaultsIT {

    @RegisterExtension
    static final FaultRecorder RECORDER = new FaultRecorder();

    /** Slack on top of a documented bound: scheduling on a loaded 2-core machine. */
    private static final Duration MARGIN = Duration.ofMillis(1500);
    private static final PostgresTimeouts FAST = PostgresTimeouts.FAIL_FAST;

    /** Crash check: writers, kills, and the most a write may take to be acknowledged. */
    private static final int WRITERS = 8;
    private static final int KILLS = 5;
    private static final Duration CRASH_DEADLINE = Duration.ofSeconds(75);

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
        LivePostgres db = live.database();
        String where = "PostgreSQL " + db.serverVersion() + " (" + db.provider() + ") at " + db.url().masked();
        target = db.url();
        targetData = live.dataSource();
        if (db.givenByUrl()) {
            LiveSettings settings = live.settings();
            ownServer = CrashablePostgres.start(settings.binariesDirectory(), architecture(), settings.major(),
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
                    List<java.util.concurrent.Future<?>> done = new ArrayList<>();
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
    @DisplayName("a silent network: every call returns within the bound with a transient exception; the same store"
            + " recovers")
    void silence() throws Exception {
        RECORDER.check("silence", figures -> {
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
                List<String> kinds = List.of("append", "append", "entries", "head", "usage");
                try {
                    for (int w = 0; w < kinds.size(); w++) {
                        String kind = kinds.get(w);
                        int worker = w;
                        workers.execute(() -> {
                            int seq = 0;
                            while (!stop.get()) {
                                String key = "silence-" + worker + "-" + (seq++) + "-" + run;
                                long start = System.nanoTime();
                                Throwable failure = null;
                                try {
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
                                } catch (RuntimeException e) {
                                    failure = e;
                                }
                                calls.add(new Call(kind, start, System.nanoTime(), failure));
                                pause(20);
                            }
                        });
                    }
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
                    long silencedAt = proxy.silencedAtNanos();
                    figures.put("in_flight_call_ms", TimeUnit.NANOSECONDS.toMillis(triggerEnd - triggerStart));
                    figures.put("in_flight_call_exception", triggerFailure == null ? "none"
                            : triggerFailure.getClass().getSimpleName());
                    assertThat(triggerFailure).as("the append in flight when the network went silent")
                            .isInstanceOf(StoreOutcomeUnknownException.class);
                    pendingAppends.put(trigger, triggerAppend);
                    // stay silent past the bound, so calls that start while silent end while silent
                    long resumeAt = silencedAt + silenceFor.toNanos();
                    pause(Math.max(0, TimeUnit.NANOSECONDS.toMillis(resumeAt - System.nanoTime())));
                    long resumedAt = System.nanoTime();
                    resumed.set(resumedAt);
                    proxy.resume();
                    figures.put("silence_ms", TimeUnit.NANOSECONDS.toMillis(resumedAt - silencedAt));

                    // the same store instance answers again, without being rebuilt
                    long recovered = awaitSuccess(calls, resumedAt, Duration.ofSeconds(20));
                    figures.put("recovery_ms", TimeUnit.NANOSECONDS.toMillis(recovered - resumedAt));
                    stop.set(true);
                } finally {
                    stop.set(true);
                    workers.shutdown();
                    if (!workers.awaitTermination(bound.plus(MARGIN).toMillis() * 2, TimeUnit.MILLISECONDS)) {
                        workers.shutdownNow();
                        throw new AssertionError("the silence workers did not stop in time");
                    }
                }
                long silencedAt = proxy.silencedAtNanos();
                List<Call> all = new ArrayList<>(calls);
                long slowest = all.stream().mapToLong(Call::millis).max().orElse(0);
                // caught: ended while the network was silent (a call still waiting when forwarding resumed may
                // legitimately succeed then, within its bound)
                List<Call> hit = all.stream().filter(c -> c.end() > silencedAt + TimeUnit.MILLISECONDS.toNanos(100)
                        && c.end() <= resumed.get()).toList();
                List<Call> inFlight = hit.stream().filter(c -> c.start() < silencedAt).toList();
                figures.put("calls", all.size());
                figures.put("calls_hit_by_silence", hit.size());
                figures.put("in_flight_at_silence", inFlight.size());
                figures.put("hit_by_kind", hit.stream().collect(Collectors.groupingBy(Call::kind, java.util.TreeMap::new,
                        Collectors.counting())));
                figures.put("hit_exceptions", hit.stream().collect(Collectors.groupingBy(Call::outcome,
                        java.util.TreeMap::new, Collectors.counting())));
                figures.put("max_call_ms", slowest);
                figures.put("max_hit_call_ms", hit.stream().mapToLong(Call::millis).max().orElse(0));
                assertThat(all).as("every call ended within the bound plus " + MARGIN.toMillis() + " ms")
                        .allSatisfy(c -> assertThat(Duration.ofMillis(c.millis())).as(c.kind())
                                .isLessThanOrEqualTo(bound.plus(MARGIN)));
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
                    + " StoreOutcomeUnknownException); every call the silence caught (appends, reads, usage) ended within"
                    + " callBound() of FAIL_FAST (" + bound.toMillis() + " ms) + " + MARGIN.toMillis() + " ms with a"
                    + " transient exception; after forwarding resumed the same store served calls again, and every"
                    + " failed write retried with its key was stored exactly once";
        });
    }

    // ---------------------------------------------------------------- crash

    @Test
    @Order(7)
    @DisplayName("kill -9 of PostgreSQL under keyed writers: nothing acknowledged lost, nothing doubled")
    @Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void crash() throws Exception {
        LiveSettings settings = live.settings();
        String arch = architecture();
        if (EmbeddedBinaries.find(settings.binariesDirectory(), arch, settings.major()).isEmpty()) {
            String why = "no embedded PostgreSQL " + settings.major() + " binaries (linux-" + arch + ") in "
                    + settings.binariesDirectory() + " to start a server of its own, and a server this run did not"
                    + " start is never killed";
            if (!live.database().givenByUrl()) {
                throw new AssertionError("the crash check cannot run: " + why);
            }
            RECORDER.notApplicable(FaultEvidence.CRASH, why);
            return;
        }
        RECORDER.check(FaultEvidence.CRASH, figures -> crashCheck(settings, arch, figures));
    }

    private String crashCheck(LiveSettings settings, String arch, Map<String, Object> figures) throws Exception {
        Optional<CrashablePostgres> started = CrashablePostgres.start(settings.binariesDirectory(), arch,
                settings.major(), Duration.ofSeconds(60));
        try (CrashablePostgres pg = started.orElseThrow()) {
            DataSource direct = PostgresDataSources.unpooled(pg.url(), FAST, Duration.ofSeconds(30));
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
            List<Integer> killed = new ArrayList<>();
            try (PostgresSessionStore store = PostgresSessionStore.builder().url(pg.url()).timeouts(FAST)
                    .poolSize(WRITERS + 2).build()) {
                load = new CrashWorkload(store, base, System.nanoTime() + CRASH_DEADLINE.toNanos());
                load.start();
                try {
                    Random random = new Random();
                    load.awaitAcks(30, Duration.ofSeconds(20));
                    for (int k = 0; k < KILLS; k++) {
                        pause(300 + random.nextInt(700));
                        long killAt = System.nanoTime();
                        killed.add(pg.kill());
                        pause(20 + random.nextInt(250));
                        long acksBefore = load.acked.get();
                        long restartAt = System.nanoTime();
                        pg.restart();
                        restartMs.add(EvidenceRecorder.millis(restartAt));
                        long firstWrite = load.awaitAckAfter(acksBefore, Duration.ofSeconds(30));
                        recoveryMs.add(TimeUnit.NANOSECONDS.toMillis(firstWrite - restartAt));
                        outageMs.add(TimeUnit.NANOSECONDS.toMillis(firstWrite - killAt));
                    }
                    load.awaitAcks(load.acked.get() + 20, Duration.ofSeconds(20)); // writes after the last restart
                } finally {
                    load.stop(Duration.ofSeconds(30));
                }
            }
            figures.put("writers", WRITERS);
            figures.put("kills", killed.size());
            figures.put("processes_killed", killed);
            figures.put("restart_ms", restartMs);
            figures.put("recovery_ms", recoveryMs);
            figures.put("outage_ms", outageMs);
            load.report(figures);
            assertThat(load.errors).as("writer errors").isEmpty();
            assertThat(killed).hasSize(KILLS);
            try (PostgresSessionStore check = PostgresSessionStore.builder().url(pg.url()).migration(MigrationMode.VALIDATE)
                    .build()) {
                load.verify(check, direct, figures);
            }
        }
        return "a PostgreSQL of its own (fsync on) killed with SIGKILL (postmaster and every child) " + KILLS
                + " times at random moments under " + WRITERS + " keyed writers (batches of 1–5 with usage, some"
                + " optimistic, some keyed usage records), restarted on the same data directory and port; every failed"
                + " call retried with its key until acknowledged; afterwards 0 acknowledged writes lost, each key's"
                + " write stored exactly once, 0 partial batches, usage exactly the sum over the keys, ids unique and"
                + " increasing";
    }

    /** The writers of the crash check and what they were told. */
    private static final class CrashWorkload {
        private final PostgresSessionStore store;
        private final SessionPath base;
        private final long deadline;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicLong acked = new AtomicLong();
        private final AtomicLong retries = new AtomicLong();
        private final AtomicLong outcomeUnknown = new AtomicLong();
        private final AtomicLong unavailable = new AtomicLong();
        private final AtomicLong landedBeforeRetry = new AtomicLong();
        private final Queue<Ack> acks = new ConcurrentLinkedQueue<>();
        private final Queue<String> errors = new ConcurrentLinkedQueue<>();
        private final ExecutorService threads = Executors.newFixedThreadPool(WRITERS);
        private final String tag = UUID.randomUUID().toString().substring(0, 8);

        CrashWorkload(PostgresSessionStore store, SessionPath base, long deadline) {
            this.store = store;
            this.base = base;
            this.deadline = deadline;
        }

        /** One acknowledged keyed write: what the store answered. */
        record Ack(String key, SessionPath path, int size, List<SessionEntry> entries, UsageDelta usage,
                   boolean optimistic) {
        }

        void start() {
            for (int t = 0; t < WRITERS; t++) {
                int thread = t;
                threads.execute(() -> write(thread));
            }
        }

        private void write(int thread) {
            Random random = new Random(thread * 7919L + System.nanoTime());
            SessionPath own = base.child("writer-" + thread);
            SessionPath shared = base.child("shared-" + (thread % 2));
            long ownHead = 0;
            int seq = 0;
            while (!stop.get() && System.nanoTime() < deadline) {
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
                retries.incrementAndGet();
                if (System.nanoTime() > deadline) {
                    errors.add(key + ": not acknowledged before the deadline");
                    return null;
                }
                pause(20);
            }
        }

        void awaitAcks(long count, Duration wait) {
            long end = System.nanoTime() + wait.toNanos();
            while (acked.get() < count) {
                if (System.nanoTime() > end || !errors.isEmpty()) {
                    throw new AssertionError("the writers acknowledged " + acked.get() + " writes in " + wait.toSeconds()
                            + " s; errors: " + errors);
                }
                pause(10);
            }
        }

        /** When the first write after {@code count} acknowledgements was acknowledged (polled every 5 ms). */
        long awaitAckAfter(long count, Duration wait) {
            long end = System.nanoTime() + wait.toNanos();
            while (acked.get() <= count) {
                if (System.nanoTime() > end) {
                    throw new AssertionError("no write acknowledged within " + wait.toSeconds() + " s of the restart");
                }
                pause(5);
            }
            return System.nanoTime();
        }

        void stop(Duration wait) throws InterruptedException {
            stop.set(true);
            threads.shutdown();
            if (!threads.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                threads.shutdownNow();
                errors.add("the writers did not stop within " + wait.toSeconds() + " s");
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

    // ---------------------------------------------------------------- helpers

    /** One call of the silence check: its kind, when it started and ended, and how it failed (or null). */
    private record Call(String kind, long start, long end, Throwable failure) {
        long millis() {
            return TimeUnit.NANOSECONDS.toMillis(end - start);
        }

        String outcome() {
            return failure == null ? "ok" : failure.getClass().getSimpleName();
        }
    }

    /** An entry as stored, read with SQL. */
    private record Row(long id, Instant acceptedAt, String text) {
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
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
