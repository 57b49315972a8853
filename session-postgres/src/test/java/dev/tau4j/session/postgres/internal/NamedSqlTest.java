package dev.tau4j.session.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jooq.tools.jdbc.MockConnection;
import org.jooq.tools.jdbc.MockResult;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Named parameters turned into placeholders once, bound by name on every run. */
@DisplayName("NamedSql")
class NamedSqlTest {

    @Test
    @DisplayName("each named parameter becomes a placeholder, in order; casts are left alone")
    void placeholders() {
        NamedSql sql = NamedSql.of("SELECT :path::text, x::bigint FROM t WHERE a = :id AND b = :path AND c = ':'");
        assertThat(sql.sql()).isEqualTo("SELECT ?::text, x::bigint FROM t WHERE a = ? AND b = ? AND c = ':'");
        assertThat(sql.names()).containsExactly("path", "id", "path");
    }

    @Test
    @DisplayName("a parameter whose type is unknown is refused when the statement is built")
    void unknownName() {
        assertThatThrownBy(() -> NamedSql.of("SELECT :nonsense")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(":nonsense");
    }

    @Test
    @DisplayName("values are bound by name, a null as SQL NULL")
    void bindsByName() throws Exception {
        List<Object> bound = new ArrayList<>();
        NamedSql sql = NamedSql.of("SELECT :id, :path, :parent, :id");
        Map<String, Object> values = new java.util.HashMap<>(Map.of("id", 7L, "path", "a/b"));
        values.put("parent", null);
        try (Connection connection = new MockConnection(ctx -> {
            bound.addAll(Arrays.asList(ctx.bindings()));
            return new MockResult[] {new MockResult(0, null)};
        })) {
            sql.query(connection, values::get, rows -> null);
        } catch (RuntimeException | java.sql.SQLException ignored) {
            // the mock answers no result set; only what was bound matters
        }
        assertThat(bound).containsExactly(7L, "a/b", null, 7L);
    }

    @Test
    @DisplayName("a map of values must name every parameter: a missing one is refused before anything is sent")
    void missingValue() throws Exception {
        List<String> sent = new ArrayList<>();
        NamedSql sql = NamedSql.of("SELECT :id, :path");
        try (Connection connection = new MockConnection(ctx -> {
            sent.add(ctx.sql());
            return new MockResult[] {new MockResult(0, null)};
        })) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> sql.query(connection, Map.of("id", 7L), rows -> null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(":path");
        }
        assertThat(sent).isEmpty();
    }
}
