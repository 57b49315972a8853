package dev.tau4j.session.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tau4j.session.MetadataUpdate;
import dev.tau4j.session.SessionListing;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.UsageDelta;
import dev.tau4j.session.postgres.PostgresSessionStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.tools.jdbc.MockConnection;
import org.jooq.tools.jdbc.MockResult;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The statements as rendered for PostgreSQL: schema-qualified, values bound, prefix as ranges. */
@DisplayName("SessionSql statements")
class SessionSqlTest {

    private static final String HOSTILE = "x'; drop table sessions; --/%_\\";
    private static final SessionPath PATH = SessionPath.of("tenants/" + HOSTILE);

    private final List<String> sql = new ArrayList<>();
    private final List<List<Object>> bindings = new ArrayList<>();

    private org.jooq.DSLContext capturing(String schema) {
        return DSL.using(new MockConnection(ctx -> {
            sql.add(ctx.sql());
            bindings.add(Arrays.asList(ctx.bindings()));
            return new MockResult[] {new MockResult(0, null)};
        }), SQLDialect.POSTGRES, Database.settings(schema));
    }

    private static void ignoring(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException expected) {
            // the capturing connection returns no rows; only the SQL matters here
        }
    }

    @Test
    @DisplayName("tables are qualified with the configured schema; CTE names are not")
    void schemaQualified() {
        var ctx = capturing("agents");
        ignoring(() -> SessionSql.listSessions(ctx, SessionListing.under(PATH)));
        ignoring(() -> SessionSql.recordUsage(ctx, PATH, UsageDelta.of(1, 0, 1, "0"), null));
        ignoring(() -> SessionSql.recordUsage(ctx, PATH, UsageDelta.of(1, 0, 1, "0"),
                new SessionSql.KeyedAppend("k-2", "f".repeat(64))));
        ignoring(() -> SessionSql.updateMetadata(ctx, PATH, MetadataUpdate.put("title", "t")));
        ignoring(() -> SessionSql.updateMetadata(ctx, PATH, MetadataUpdate.remove("title")));
        assertThat(sql).hasSize(5);
        for (String statement : sql) {
            assertThat(statement).contains("\"agents\".").doesNotContainIgnoringCase("public")
                    .doesNotContain("\"agents\".\"s\"", "\"agents\".\"k\"", "\"agents\".\"page\"",
                            "\"agents\".excluded");
        }
    }

    @Test
    @DisplayName("input is always bound, never part of the SQL text")
    void valuesAreBound() {
        var ctx = capturing("tau4j");
        ignoring(() -> SessionSql.listSessions(ctx, SessionListing.under(PATH).after(PATH)));
        ignoring(() -> SessionSql.updateMetadata(ctx, PATH, MetadataUpdate.put("title", HOSTILE)));
        assertThat(sql).hasSize(2).allSatisfy(s -> assertThat(s).doesNotContain("drop table"));
        assertThat(bindings.get(0)).contains(PATH.value(), PATH.value() + "/", PATH.value() + "0");
        assertThat(bindings.get(1)).contains(PATH.value());
    }

    @Test
    @DisplayName("a prefix listing is two index ranges, never LIKE")
    void prefixIsARange() {
        var ctx = capturing("tau4j");
        ignoring(() -> SessionSql.listSessions(ctx, SessionListing.under(SessionPath.of("a/b"))));
        assertThat(sql.get(0)).doesNotContainIgnoringCase(" like ").contains("union all")
                .contains("\"path\" >= ?").contains("\"path\" < ?").contains("order by");
    }

    @Test
    @DisplayName("the migration ships in the jar with the constraints the store relies on")
    void migrationShipped() throws IOException {
        String location = PostgresSessionStore.MIGRATIONS.substring("classpath:".length());
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(location + "/V1__sessions.sql")) {
            assertThat(in).isNotNull();
            String ddl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(ddl).contains("COLLATE \"C\"", "UNIQUE (path)", "CHECK (parent_id < entry_id)",
                    "numeric(30, 12)");
        }
        try (InputStream in = getClass().getClassLoader()
                .getResourceAsStream(location + "/V5__appends_without_row_triggers.sql")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .contains("DROP CONSTRAINT entries_parent_fk", "DROP CONSTRAINT entries_session_fk",
                            "DROP INDEX entries_parent_idx");
        }
        try (InputStream in = getClass().getClassLoader()
                .getResourceAsStream(location + "/V6__session_row_without_value_checks.sql")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .contains("DROP CONSTRAINT sessions_path_length", "DROP CONSTRAINT sessions_estimated_cost_usd_check")
                    .doesNotContain("DROP CONSTRAINT sessions_metadata_names_check", "DROP CONSTRAINT entries_");
        }
    }
}
