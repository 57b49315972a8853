package dev.tau4j.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tau4j.cases.http.CasesHttpServer;
import dev.tau4j.verify.CasesApiClient.Reply;
import dev.tau4j.verify.CasesApiClient.Request;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * The cases half of the live fault checks: keyed creates and decides over HTTP (the way a caller of
 * {@link CasesHttpServer} retries), the answers the retry contract allows, and what the tables hold
 * afterwards, read with SQL.
 */
final class CaseFaults {

    static final String STORE_UNAVAILABLE = "store_unavailable";
    static final String OUTCOME_UNKNOWN = "outcome_unknown";

    private CaseFaults() {
    }

    /** {@code POST /api/cases} with an {@code Idempotency-Key}; the title carries the key. */
    static Request create(String key) {
        return Request.post("/api/cases", "{\"case_type\":\"RFQ\",\"title\":\"" + key + "\",\"lot\":\"fault lot\"}")
                .withHeader(CasesHttpServer.IDEMPOTENCY_KEY_HEADER, key);
    }

    /** {@code POST /api/decide/{id}} with an {@code Idempotency-Key}; the chosen supplier is the key. */
    static Request decide(UUID id, String key) {
        return decideWithoutKey(id, key).withHeader(CasesHttpServer.IDEMPOTENCY_KEY_HEADER, key);
    }

    /** The same decide without an {@code Idempotency-Key}. */
    static Request decideWithoutKey(UUID id, String supplier) {
        return Request.post("/api/decide/" + id, "{\"chosen_supplier\":\"" + supplier + "\",\"decision_reason\":"
                + "\"cheapest\",\"next_action\":\"order\",\"decided_by\":\"fault check\"}");
    }

    /** An HTTP answer other than the one hoped for, as the failure of a call. */
    static final class Answered extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Reply reply;

        Answered(Reply reply) {
            super(reply.status() + " " + reply.at("error").asText());
            this.reply = reply;
        }

        Reply reply() {
            return reply;
        }
    }

    /**
     * Sends {@code request} until answered {@code expected}, retrying (after 50 ms) every transient 503 and
     * lost connection, for at most {@code wait}.
     */
    static Reply untilAnswered(CasesApiClient api, Request request, int expected, java.time.Duration wait)
            throws InterruptedException {
        long end = System.nanoTime() + wait.toNanos();
        while (true) {
            Reply reply = null;
            try {
                reply = api.send(request);
                if (reply.status() == expected) {
                    return reply;
                }
                if (!retryable(reply)) {
                    throw new Answered(reply);
                }
            } catch (IOException e) {
                // the server closed the connection: the same request again
            }
            if (System.nanoTime() > end) {
                throw new AssertionError(request.method() + " " + request.path() + " not answered " + expected
                        + " within " + wait.toSeconds() + " s" + (reply == null ? "" : "; last " + reply.status()));
            }
            Thread.sleep(50);
        }
    }

    /**
     * Whether the contract lets a client retry {@code reply} with the same key: a transient 503 of the store,
     * with its JSON error code and a Retry-After, or a 408 {@code request_timeout} (the server gave up reading
     * the body, so nothing was applied; under a loaded machine even a small body can arrive late).
     */
    static boolean retryable(Reply reply) {
        String error = reply.at("error").asText();
        if (reply.status() == 408) {
            return "request_timeout".equals(error);
        }
        return reply.status() == 503 && (STORE_UNAVAILABLE.equals(error) || OUTCOME_UNKNOWN.equals(error))
                && reply.header("Retry-After").isPresent();
    }

    /** {@code select count(*) from <schema>.<from>} with string arguments. */
    static long count(DataSource data, String schema, String from, String... arguments) throws SQLException {
        try (Connection c = data.getConnection(); PreparedStatement s = c.prepareStatement(
                "select count(*) from " + from.replace("{s}", schema))) {
            for (int i = 0; i < arguments.length; i++) {
                s.setString(i + 1, arguments[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * The crash check's case writers: each creates a case with a key (the title carries it) and decides
     * two cases of three with another key, over HTTP, retrying every 503 {@code store_unavailable} or
     * {@code outcome_unknown} (and a connection the server closed) with the same key until acknowledged.
     * Any other answer, such as 409 for a retried decide, is an error.
     */
    static final class CrashWorkload extends CrashWriters {
        private final CasesApiClient api;
        private final Queue<Created> creates = new ConcurrentLinkedQueue<>();
        private final Queue<Decided> decides = new ConcurrentLinkedQueue<>();
        private final AtomicLong ioErrors = new AtomicLong();
        private final String tag = "crash-" + UUID.randomUUID().toString().substring(0, 8);

        /** An acknowledged create: its key and the case the server answered with. */
        record Created(String key, UUID id) {
        }

        /** An acknowledged decide: its key (the chosen supplier) and the case. */
        record Decided(String key, UUID id) {
        }

        CrashWorkload(CasesApiClient api, int writers, long deadline) {
            super(writers, deadline);
            this.api = api;
        }

        void start() {
            start(this::write);
        }

        private void write(int thread) {
            Random random = new Random(thread * 104729L + System.nanoTime());
            int seq = 0;
            while (running()) {
                String key = tag + "-" + thread + "-" + seq++;
                Reply created = call(key + "-c", create(key + "-c"), 201, "created_at");
                if (created == null) {
                    return;
                }
                UUID id = UUID.fromString(created.at("id").asText());
                creates.add(new Created(key + "-c", id));
                acked.incrementAndGet();
                if (random.nextInt(3) > 0) {
                    Reply decided = call(key + "-d", decide(id, key + "-d"), 200, null);
                    if (decided == null) {
                        return;
                    }
                    if (!(key + "-d").equals(decided.at("decision").path("chosen_supplier").asText())) {
                        errors.add(key + "-d: the decide answered another decision: " + decided.raw());
                        return;
                    }
                    decides.add(new Decided(key + "-d", id));
                    acked.incrementAndGet();
                }
            }
        }

        /**
         * Sends until answered {@code expected}, retrying every transient 503 and lost connection with the
         * same request (so the same key); null (and an error) on any other answer or past the deadline.
         * Counts a retry answered from a first write that had landed (stamped before the last attempt).
         */
        private Reply call(String key, Request request, int expected, String createdField) {
            boolean unknown = false;
            while (true) {
                Instant attempt = Instant.now().truncatedTo(ChronoUnit.MICROS);
                try {
                    Reply reply = api.send(request);
                    if (reply.status() == expected) {
                        String stamp = createdField != null ? reply.at(createdField).asText()
                                : reply.at("decision").path("decided_at").asText();
                        if (unknown && Instant.parse(stamp).isBefore(attempt)) {
                            landedBeforeRetry.incrementAndGet();
                        }
                        return reply;
                    }
                    if (!retryable(reply)) {
                        errors.add(key + ": answered " + reply.status() + " " + SmokeEvidence.excerpt(reply.raw()));
                        return null;
                    }
                    if (OUTCOME_UNKNOWN.equals(reply.at("error").asText())) {
                        outcomeUnknown.incrementAndGet();
                        unknown = true;
                    } else {
                        unavailable.incrementAndGet();
                    }
                } catch (IOException e) {
                    ioErrors.incrementAndGet(); // the request may have reached the server: retried with its key
                    unknown = true;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    errors.add(key + ": interrupted");
                    return null;
                }
                if (!retryAfterPause(key)) {
                    return null;
                }
            }
        }

        void report(Map<String, Object> figures) {
            figures.put("acknowledged_creates", creates.size());
            figures.put("acknowledged_decides", decides.size());
            figures.put("retries", retries.get());
            figures.put("outcome_unknown", outcomeUnknown.get());
            figures.put("store_unavailable", unavailable.get());
            figures.put("http_io_errors", ioErrors.get());
            figures.put("outcome_unknown_writes_that_had_landed", landedBeforeRetry.get());
        }

        /**
         * Reads the tables back with SQL and checks them against what was acknowledged: every acknowledged
         * create present once, with the id the server answered; every acknowledged decide has its decision;
         * no decided case without its decision (nor the reverse); nothing stored that nobody was told about;
         * one key row per acknowledged write.
         */
        void verify(DataSource direct, String schema, Map<String, Object> figures) throws SQLException {
            Map<String, List<UUID>> casesByTitle = new HashMap<>();
            Map<UUID, String> decisionByCase = new HashMap<>();
            long decidedWithoutDecision = 0;
            long openWithDecision = 0;
            try (Connection c = direct.getConnection(); PreparedStatement s = c.prepareStatement(
                    "select c.id, c.title, c.status, d.chosen_supplier from " + schema + ".cases c left join " + schema
                            + ".case_decisions d on d.case_id = c.id where c.title like ?")) {
                s.setString(1, tag + "-%");
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        UUID id = rs.getObject(1, UUID.class);
                        casesByTitle.computeIfAbsent(rs.getString(2), k -> new ArrayList<>()).add(id);
                        boolean decided = "DECIDED".equals(rs.getString(3));
                        String supplier = rs.getString(4);
                        if (supplier != null) {
                            decisionByCase.put(id, supplier);
                        }
                        decidedWithoutDecision += decided && supplier == null ? 1 : 0;
                        openWithDecision += !decided && supplier != null ? 1 : 0;
                    }
                }
            }
            long keyRows = count(direct, schema, "{s}.case_idempotency_keys where idempotency_key like ?", tag + "-%");
            List<Created> created = new ArrayList<>(creates);
            List<Decided> decided = new ArrayList<>(decides);
            long lostCreates = 0;
            long doubledCreates = 0;
            Set<String> acknowledgedTitles = new HashSet<>();
            for (Created ack : created) {
                acknowledgedTitles.add(ack.key());
                List<UUID> stored = casesByTitle.getOrDefault(ack.key(), List.of());
                if (!stored.contains(ack.id())) {
                    lostCreates++;
                }
                if (stored.size() > 1) {
                    doubledCreates++;
                }
            }
            long lostDecisions = decided.stream().filter(d -> !d.key().equals(decisionByCase.get(d.id()))).count();
            long unacknowledgedCases = casesByTitle.keySet().stream().filter(t -> !acknowledgedTitles.contains(t)).count();
            Set<UUID> decidedIds = new HashSet<>();
            decided.forEach(d -> decidedIds.add(d.id()));
            long unacknowledgedDecisions = decisionByCase.keySet().stream().filter(id -> !decidedIds.contains(id)).count();
            figures.put("stored_cases", casesByTitle.values().stream().mapToLong(List::size).sum());
            figures.put("stored_decisions", decisionByCase.size());
            figures.put("stored_keys", keyRows);
            figures.put("lost_creates", lostCreates);
            figures.put("cases_created_twice_for_one_key", doubledCreates);
            figures.put("lost_decisions", lostDecisions);
            figures.put("decided_without_decision", decidedWithoutDecision);
            figures.put("open_with_decision", openWithDecision);
            figures.put("stored_but_never_acknowledged", unacknowledgedCases + unacknowledgedDecisions);
            assertThat(errors).as("case writer errors").isEmpty();
            assertThat(created).as("acknowledged creates").isNotEmpty();
            assertThat(decided).as("acknowledged decides").isNotEmpty();
            assertThat(lostCreates).as("acknowledged creates missing").isZero();
            assertThat(doubledCreates).as("keys whose case was created more than once").isZero();
            assertThat(lostDecisions).as("acknowledged decides without their decision").isZero();
            assertThat(decidedWithoutDecision).as("decided cases without a decision row").isZero();
            assertThat(openWithDecision).as("open cases with a decision row").isZero();
            assertThat(unacknowledgedCases).as("cases stored that nobody was told about").isZero();
            assertThat(unacknowledgedDecisions).as("decisions stored that nobody was told about").isZero();
            assertThat(keyRows).as("one key row per acknowledged write").isEqualTo(created.size() + decided.size());
        }
    }
}
