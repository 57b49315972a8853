package dev.tau4j.session.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The plain-JDBC statements as sent: schema-qualified, every value a placeholder, one per shape. */
@DisplayName("JdbcStatements")
class JdbcStatementsTest {

    private final JdbcStatements statements = new JdbcStatements("agents");

    @Test
    @DisplayName("an append under a parent updates the session row only where the session holds the parent")
    void underParent() {
        String sql = statements.sql(true, false, false, false, false, false);
        assertThat(sql).startsWith("WITH s AS (UPDATE agents.sessions AS t SET last_entry_id = t.last_entry_id + ?")
                .contains("WHERE t.path = ? AND (t.last_entry_id = ? OR EXISTS (SELECT 1 FROM agents.entries AS p"
                        + " WHERE p.session_id = t.id AND p.entry_id = ?))")
                .contains("unnest(?::text[]) WITH ORDINALITY")
                .doesNotContain("ON CONFLICT", "input_tokens", "metadata", "write_keys")
                .doesNotContainPattern("(?<!:):[a-z]");
    }

    @Test
    @DisplayName("one message binds as one text value, without an array to unnest")
    void singleMessage() {
        String sql = statements.sql(true, false, false, false, false, true);
        assertThat(sql).endsWith(" INSERT INTO agents.entries (session_id, entry_id, parent_id, message)"
                        + " SELECT s.id, s.last_entry_id, ?::bigint, ? FROM s RETURNING entry_id, accepted_at, 1")
                .doesNotContain("unnest", "ORDINALITY", "count(*)");
        assertThat(statements.sql(true, false, false, true, true, true))
                .contains("INSERT INTO agents.write_keys", "WHERE s.last_entry_id - ? = ?");
    }

    @Test
    @DisplayName("an append without a parent creates or updates the session row")
    void withoutParent() {
        String sql = statements.sql(false, false, false, false, false, false);
        assertThat(sql).startsWith("WITH s AS (INSERT INTO agents.sessions AS t (path, last_entry_id) VALUES (?, ?)"
                        + " ON CONFLICT (path) DO UPDATE SET last_entry_id = t.last_entry_id + excluded.last_entry_id")
                .doesNotContain("EXISTS", "input_tokens", "metadata");
    }

    @Test
    @DisplayName("usage, metadata, a key and an expected head each add their part to the one statement")
    void everyPart() {
        String sql = statements.sql(true, true, true, true, true, false);
        assertThat(sql).contains("input_tokens = t.input_tokens + ?", "estimated_cost_usd = t.estimated_cost_usd + ?",
                "metadata = ((t.metadata - ?::text[]) || ?::jsonb)", "jsonb_object_keys",
                "INSERT INTO agents.write_keys", "WHERE s.last_entry_id - ? = ?");
        assertThat(sql.chars().filter(c -> c == ';').count()).isZero();
        String upsert = statements.sql(false, true, true, false, false, false);
        assertThat(upsert).contains("VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?)",
                "input_tokens = t.input_tokens + excluded.input_tokens");
    }

    @Test
    @DisplayName("a deletion is one call of the schema's delete_session, the path bound")
    void deletion() throws Exception {
        java.util.List<String> sent = new java.util.ArrayList<>();
        java.util.List<Object> bound = new java.util.ArrayList<>();
        try (java.sql.Connection connection = new org.jooq.tools.jdbc.MockConnection(ctx -> {
            sent.add(ctx.sql());
            bound.addAll(java.util.Arrays.asList(ctx.bindings()));
            return new org.jooq.tools.jdbc.MockResult[] {new org.jooq.tools.jdbc.MockResult(0, null)};
        })) {
            statements.deleteSession(connection, "a/'; drop table x");
        } catch (RuntimeException | java.sql.SQLException ignored) {
            // the mock returns no result; only what was sent matters
        }
        assertThat(sent).containsExactly("SELECT agents.delete_session(?)");
        assertThat(bound).containsExactly("a/'; drop table x");
    }
}
