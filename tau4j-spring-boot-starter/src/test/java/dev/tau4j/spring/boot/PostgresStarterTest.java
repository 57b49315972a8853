package dev.tau4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tau4j.session.SessionStore;
import dev.tau4j.session.postgres.PostgresSessionStore;
import dev.tau4j.session.springai.SessionChatMemoryRepository;
import dev.tau4j.testing.PostgresTest;
import dev.tau4j.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.model.chat.memory.autoconfigure.ChatMemoryAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The starter on a real PostgreSQL (the project's provider chain: a database given by URL, else embedded): the application's {@code DataSource}
 * gets tau4j's schema, Spring AI's {@code ChatMemory} writes to it, and a second application context (a
 * restart) reads the same window. A PostgreSQL that cannot start fails the test.
 */
@DisplayName("tau4j's Spring Boot starter on PostgreSQL")
@PostgresTest
class PostgresStarterTest {

    private final TestPostgres postgres;

    PostgresStarterTest(TestPostgres postgres) {
        this.postgres = postgres;
    }

    private ApplicationContextRunner runner() {
        // The application's DataSource, which a closing context must not close: the test's pool outlives it.
        DataSource dataSource = new DelegatingDataSource(postgres.dataSource());
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(Tau4jSessionAutoConfiguration.class, ChatMemoryAutoConfiguration.class))
                .withBean(DataSource.class, () -> dataSource)
                .withPropertyValues("tau4j.session.schema=" + postgres.schema(), "tau4j.session.path-prefix=apps/demo");
    }

    @Test
    @DisplayName("the window survives a restart of the application context, in the configured schema")
    void restart() throws Exception {
        List<Message> window = List.of(new SystemMessage("Be brief."), new UserMessage("2+2?"), new AssistantMessage("4"));
        runner().run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(SessionStore.class)).isInstanceOf(PostgresSessionStore.class);
            context.getBean(ChatMemory.class).add("chat-7", window);
            assertThat(context.getBean(Tau4jSessionHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
        });
        runner().withPropertyValues("tau4j.session.migration=validate").run(context -> {
            assertThat(context.getBean(ChatMemory.class).get("chat-7")).isEqualTo(window);
            assertThat(context.getBean(SessionChatMemoryRepository.class).findConversationIds()).containsExactly("chat-7");
        });
        try (Connection connection = postgres.dataSource().getConnection();
                ResultSet tables = connection.getMetaData().getTables(null, postgres.schema(), "%", new String[] {"TABLE"})) {
            assertThat(tables.next()).as("tau4j's tables are in the configured schema").isTrue();
        }
    }
}
