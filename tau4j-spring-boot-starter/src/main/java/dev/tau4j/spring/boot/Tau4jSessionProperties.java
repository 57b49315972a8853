package dev.tau4j.spring.boot;

import dev.tau4j.postgres.MigrationMode;
import dev.tau4j.session.postgres.PostgresSessionStore;
import dev.tau4j.session.springai.SessionChatMemoryRepository;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code tau4j.session.*} properties of tau4j's Spring Boot starter.
 *
 * <pre>
 * tau4j.session.store=postgres          # postgres (default: over the application's DataSource) or memory
 * tau4j.session.schema=tau4j            # PostgreSQL schema of the session tables
 * tau4j.session.migration=migrate       # migrate, validate or none
 * tau4j.session.path-prefix=spring-ai   # conversation chat-7 lives in session spring-ai/chat-7
 * tau4j.session.record-usage=true       # add the usage advisor to every ChatClient built by Spring AI
 * </pre>
 */
@ConfigurationProperties("tau4j.session")
public class Tau4jSessionProperties {

    /** Which session store the starter builds when the application defines none. */
    public enum Store {
        /** {@code PostgresSessionStore} over the application's {@code DataSource}; start-up fails without one. */
        POSTGRES,
        /** {@code InMemorySessionStore}: lost at shutdown (tests, demos). */
        MEMORY
    }

    /** Which session store to build when the application defines none. */
    private Store store = Store.POSTGRES;

    /** PostgreSQL schema holding the session tables. */
    private String schema = PostgresSessionStore.DEFAULT_SCHEMA;

    /** What the store does with its schema at start-up. */
    private MigrationMode migration = MigrationMode.MIGRATE;

    /** Session path under which Spring AI conversations live. */
    private String pathPrefix = SessionChatMemoryRepository.DEFAULT_PREFIX;

    /** Whether every ChatClient built by Spring AI's builder records each response's usage in its conversation. */
    private boolean recordUsage = true;

    public Store getStore() {
        return store;
    }

    public void setStore(Store store) {
        this.store = store;
    }

    public String getSchema() {
        return schema;
    }

    public void setSchema(String schema) {
        this.schema = schema;
    }

    public MigrationMode getMigration() {
        return migration;
    }

    public void setMigration(MigrationMode migration) {
        this.migration = migration;
    }

    public String getPathPrefix() {
        return pathPrefix;
    }

    public void setPathPrefix(String pathPrefix) {
        this.pathPrefix = pathPrefix;
    }

    public boolean isRecordUsage() {
        return recordUsage;
    }

    public void setRecordUsage(boolean recordUsage) {
        this.recordUsage = recordUsage;
    }
}
