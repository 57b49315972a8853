package dev.tau4j.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tau4j.cases.internal.CaseCursor;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CaseModelTest {

    private static String field(Runnable r) {
        InvalidCaseInputException e = catchThrowableOfType(InvalidCaseInputException.class, r::run);
        assertThat(e).as("refused").isNotNull();
        assertThat(e.getMessage()).startsWith(e.field());
        return e.field();
    }

    @Nested
    @DisplayName("NewCase")
    class NewCaseRules {

        @Test
        @DisplayName("trims title and lot; a blank lot means no lot")
        void trims() {
            NewCase c = new NewCase(CaseType.DAO, "\t Chairs \n", "   ");
            assertThat(c.title()).isEqualTo("Chairs");
            assertThat(c.lot()).isNull();
            assertThat(new NewCase(CaseType.DAO, "x", " lot 1 ").lot()).isEqualTo("lot 1");
        }

        @Test
        @DisplayName("case type is required")
        void type() {
            assertThat(field(() -> new NewCase(null, "t", null))).isEqualTo("case_type");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "   ", "\t\n"})
        @DisplayName("title must not be blank")
        void blankTitle(String title) {
            assertThat(field(() -> new NewCase(CaseType.DAO, title, null))).isEqualTo("title");
        }

        @Test
        @DisplayName("title is required, at most 200 characters (emoji count as one)")
        void titleBounds() {
            assertThat(field(() -> new NewCase(CaseType.DAO, null, null))).isEqualTo("title");
            assertThat(new NewCase(CaseType.DAO, "😀".repeat(200), null).title()).hasSize(400);
            assertThat(field(() -> new NewCase(CaseType.DAO, "a".repeat(201), null))).isEqualTo("title");
            assertThat(new NewCase(CaseType.DAO, " " + "a".repeat(200) + " ", null).title()).hasSize(200);
        }

        @Test
        @DisplayName("lot at most 100 characters")
        void lotBounds() {
            assertThat(new NewCase(CaseType.DAO, "t", "l".repeat(100)).lot()).hasSize(100);
            assertThat(field(() -> new NewCase(CaseType.DAO, "t", "l".repeat(101)))).isEqualTo("lot");
        }

        @ParameterizedTest
        @ValueSource(strings = {"a\u0000b", "a\nb", "a\u0007b", "a\ud800b", "a\udc00b"})
        @DisplayName("control characters, NUL and unpaired surrogates are refused in a title")
        void badCharacters(String title) {
            assertThat(field(() -> new NewCase(CaseType.DAO, title, null))).isEqualTo("title");
        }
    }

    @Nested
    @DisplayName("NewDecision")
    class NewDecisionRules {

        @Test
        @DisplayName("required fields named in order; decided_by optional")
        void required() {
            assertThat(field(() -> new NewDecision(null, "r", "n", null))).isEqualTo("chosen_supplier");
            assertThat(field(() -> new NewDecision("s", " ", "n", null))).isEqualTo("decision_reason");
            assertThat(field(() -> new NewDecision("s", "r", "", null))).isEqualTo("next_action");
            assertThat(new NewDecision("s", "r", "n", "  ").decidedBy()).isNull();
        }

        @Test
        @DisplayName("reason and next action may span lines; supplier may not")
        void multiline() {
            NewDecision d = new NewDecision("ACME", "line 1\nline 2\ttab", "a\r\nb", "me");
            assertThat(d.decisionReason()).isEqualTo("line 1\nline 2\ttab");
            assertThat(field(() -> new NewDecision("AC\nME", "r", "n", null))).isEqualTo("chosen_supplier");
            assertThat(field(() -> new NewDecision("s", "r\u0000", "n", null))).isEqualTo("decision_reason");
        }

        @Test
        @DisplayName("bounds")
        void bounds() {
            assertThat(field(() -> new NewDecision("s".repeat(201), "r", "n", null))).isEqualTo("chosen_supplier");
            assertThat(field(() -> new NewDecision("s", "r".repeat(2001), "n", null))).isEqualTo("decision_reason");
            assertThat(field(() -> new NewDecision("s", "r", "n".repeat(1001), null))).isEqualTo("next_action");
            assertThat(field(() -> new NewDecision("s", "r", "n", "b".repeat(201)))).isEqualTo("decided_by");
        }
    }

    @Test
    @DisplayName("case type and status parse leniently on case and spaces, strictly on values")
    void enums() {
        assertThat(CaseType.parse(" rfq ")).isEqualTo(CaseType.RFQ);
        assertThat(field(() -> CaseType.parse("XYZ"))).isEqualTo("case_type");
        assertThat(field(() -> CaseType.parse(""))).isEqualTo("case_type");
        assertThat(CaseStatus.parse("decided", "status")).isEqualTo(CaseStatus.DECIDED);
        assertThat(field(() -> CaseStatus.parse("CLOSED", "status"))).isEqualTo("status");
    }

    @Test
    @DisplayName("a case is DECIDED exactly when it has a decision")
    void recordInvariant() {
        Instant now = Instant.parse("2025-01-01T00:00:00Z");
        Decision d = new Decision("s", "r", "n", null, now);
        assertThatThrownBy(() -> new CaseRecord(UUID.randomUUID(), CaseType.DAO, "t", null, CaseStatus.OPEN, now, now, d))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CaseRecord(UUID.randomUUID(), CaseType.DAO, "t", null, CaseStatus.DECIDED, now, now, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new CaseRecord(UUID.randomUUID(), CaseType.DAO, "t", null, CaseStatus.DECIDED, now, now, d).isDecided())
                .isTrue();
    }

    @Test
    @DisplayName("cursors round-trip and forged ones are refused")
    void cursors() {
        CaseCursor c = new CaseCursor(Instant.parse("2025-01-01T10:00:00.123456Z"), UUID.randomUUID());
        assertThat(CaseCursor.decode(c.encode())).isEqualTo(c);
        assertThat(c.encode()).doesNotContain("|");
        for (String forged : new String[] {"", "abc", "Zm9v", c.encode() + "x", "!!!!"}) {
            assertThat(field(() -> CaseCursor.decode(forged))).isEqualTo("cursor");
        }
    }

    @Test
    @DisplayName("a cursor whose time is outside the years 1 to 9999 is refused")
    void cursorOutOfRange() {
        UUID id = UUID.randomUUID();
        for (String at : new String[] {"+10000-01-01T00:00:00Z", "+316889355-01-01T00:00:00Z", "-0001-12-31T23:59:59Z",
                "-316889355-01-01T00:00:00Z"}) {
            String forged = new CaseCursor(Instant.parse(at), id).encode();
            assertThat(field(() -> CaseCursor.decode(forged))).as(at).isEqualTo("cursor");
            assertThat(field(() -> CaseQuery.firstPage().after(forged))).as(at).isEqualTo("cursor");
        }
        for (String at : new String[] {"0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999Z"}) {
            CaseCursor edge = new CaseCursor(Instant.parse(at), id);
            assertThat(CaseCursor.decode(edge.encode())).isEqualTo(edge);
        }
    }

    @Test
    @DisplayName("query limits")
    void queryLimits() {
        assertThat(CaseQuery.firstPage().limit()).isEqualTo(20);
        assertThat(field(() -> new CaseQuery(0, null, null))).isEqualTo("limit");
        assertThat(field(() -> new CaseQuery(101, null, null))).isEqualTo("limit");
    }

    @Nested
    @DisplayName("IdempotencyKey")
    class IdempotencyKeyRules {

        @Test
        @DisplayName("1 to 255 visible ASCII characters, taken as is")
        void accepted() {
            assertThat(IdempotencyKey.of("k").value()).isEqualTo("k");
            assertThat(IdempotencyKey.of(UUID.randomUUID().toString()).value()).hasSize(36);
            assertThat(IdempotencyKey.of("x".repeat(255)).value()).hasSize(255);
            assertThat(IdempotencyKey.of("!~a-Z_0:9/=").toString()).isEqualTo("!~a-Z_0:9/=");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", " ", " key", "key ", "a b", "tab\tkey", "line\nkey", "nul\u0000", "del\u007f",
                "é", "\ud83d\ude80"})
        @DisplayName("empty, spaces, control characters and non-ASCII are refused, naming idempotency_key")
        void refused(String key) {
            assertThat(field(() -> IdempotencyKey.of(key))).isEqualTo("idempotency_key");
        }

        @Test
        @DisplayName("longer than 255 or null is refused")
        void tooLong() {
            assertThat(field(() -> IdempotencyKey.of("x".repeat(256)))).isEqualTo("idempotency_key");
            assertThat(field(() -> IdempotencyKey.of(null))).isEqualTo("idempotency_key");
        }
    }
}
