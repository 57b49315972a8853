package dev.tau4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tau4j.postgres.MigrationMode;
import dev.tau4j.session.ForwardingSessionStore;
import dev.tau4j.session.PriceTable;
import dev.tau4j.session.SessionListing;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.SessionSummary;
import dev.tau4j.session.StoreUnavailableException;
import dev.tau4j.session.memory.InMemorySessionStore;
import dev.tau4j.session.springai.SessionChatMemoryRepository;
import dev.tau4j.session.springai.SessionUsageAdvisor;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClientCustomizer;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.ChatMemoryRepository;
import org.springframework.ai.chat.memory.InMemoryChatMemoryRepository;
import org.springframework.ai.chat.memory.MessageWindowChatMemory;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.model.chat.memory.autoconfigure.ChatMemoryAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The starter's auto-configuration, with Spring AI's own chat-memory auto-configuration next to it. */
@DisplayName("tau4j's Spring Boot auto-configuration")
class Tau4jSessionAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(Tau4jSessionAutoConfiguration.class, ChatMemoryAutoConfiguration.class));

    @Test
    @DisplayName("with store=memory, Spring AI's MessageWindowChatMemory keeps its messages in tau4j")
    void memoryStore() {
        runner.withPropertyValues("tau4j.session.store=memory").run(context -> {
            assertThat(context).hasSingleBean(SessionStore.class).hasSingleBean(SessionUsageAdvisor.class)
                    .hasSingleBean(ChatClientCustomizer.class).hasSingleBean(Tau4jSessionHealthIndicator.class);
            assertThat(context.getBean(SessionStore.class)).isInstanceOf(InMemorySessionStore.class);
            assertThat(context.getBean(ChatMemoryRepository.class)).isInstanceOf(SessionChatMemoryRepository.class);
            ChatMemory memory = context.getBean(ChatMemory.class);
            assertThat(memory).isInstanceOf(MessageWindowChatMemory.class);
            memory.add("chat-7", new UserMessage("hello"));
            SessionStore store = context.getBean(SessionStore.class);
            assertThat(store.entries(dev.tau4j.session.SessionPath.of("spring-ai/chat-7")))
                    .extracting(e -> e.message().text()).containsExactly("hello");
            assertThat(context.getBean(Tau4jSessionHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
        });
    }

    @Test
    @DisplayName("without a DataSource, the default store=postgres fails start-up and says what to do")
    void noDataSource() {
        runner.run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("needs one DataSource bean").hasMessageContaining("tau4j.session.store=memory");
        });
    }

    @Test
    @DisplayName("properties are bound: store, schema, migration, path prefix, record-usage")
    void properties() {
        runner.withPropertyValues("tau4j.session.store=memory", "tau4j.session.schema=chat",
                "tau4j.session.migration=validate", "tau4j.session.path-prefix=tenants/acme",
                "tau4j.session.record-usage=false").run(context -> {
                    Tau4jSessionProperties properties = context.getBean(Tau4jSessionProperties.class);
                    assertThat(properties.getSchema()).isEqualTo("chat");
                    assertThat(properties.getMigration()).isEqualTo(MigrationMode.VALIDATE);
                    assertThat(properties.getStore()).isEqualTo(Tau4jSessionProperties.Store.MEMORY);
                    SessionChatMemoryRepository repository = context.getBean(SessionChatMemoryRepository.class);
                    assertThat(repository.pathOf("chat-7").value()).isEqualTo("tenants/acme/chat-7");
                    assertThat(context).doesNotHaveBean(ChatClientCustomizer.class).hasSingleBean(SessionUsageAdvisor.class);
                });
    }

    @Test
    @DisplayName("the application's own beans win: a SessionStore is used, a ChatMemoryRepository replaces tau4j's")
    void userBeans() {
        SessionStore own = InMemorySessionStore.create();
        runner.withBean(SessionStore.class, () -> own).run(context -> {
            assertThat(context.getBean(SessionStore.class)).isSameAs(own);
            assertThat(context.getBean(SessionChatMemoryRepository.class).store()).isSameAs(own);
        });
        runner.withPropertyValues("tau4j.session.store=memory")
                .withBean(ChatMemoryRepository.class, InMemoryChatMemoryRepository::new).run(context -> {
                    assertThat(context.getBean(ChatMemoryRepository.class)).isInstanceOf(InMemoryChatMemoryRepository.class);
                    assertThat(context).doesNotHaveBean(SessionChatMemoryRepository.class)
                            .doesNotHaveBean(SessionUsageAdvisor.class).hasSingleBean(SessionStore.class);
                });
        PriceTable prices = PriceTable.builder().model("m", "1", "2").build();
        runner.withPropertyValues("tau4j.session.store=memory").withBean(PriceTable.class, () -> prices)
                .run(context -> assertThat(context).hasSingleBean(SessionUsageAdvisor.class));
    }

    @Test
    @DisplayName("the health indicator reports DOWN with the store's error when the store does not answer")
    void healthDown() {
        SessionStore broken = new ForwardingSessionStore(InMemorySessionStore.create()) {
            @Override
            public List<SessionSummary> listSessions(SessionListing listing) {
                throw new StoreUnavailableException("database unreachable", null);
            }
        };
        runner.withBean(SessionStore.class, () -> broken).run(context -> {
            var health = context.getBean(Tau4jSessionHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(String.valueOf(health.getDetails().get("error"))).contains("database unreachable");
        });
        runner.withPropertyValues("tau4j.session.store=memory", "management.health.tau4j.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(Tau4jSessionHealthIndicator.class));
    }

    @Test
    @DisplayName("the README's starter properties bind as it says, and it names the starter's artifact")
    void readmeProperties() throws Exception {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("..", "README.md"));
        List<String> lines = readme.lines().filter(l -> l.startsWith("tau4j.session.")).toList();
        assertThat(lines).hasSizeGreaterThanOrEqualTo(3);
        assertThat(readme).contains("<artifactId>tau4j-spring-boot-starter</artifactId>");
        runner.withPropertyValues(lines.toArray(String[]::new)).withPropertyValues("tau4j.session.store=memory")
                .run(context -> {
                    Tau4jSessionProperties properties = context.getBean(Tau4jSessionProperties.class);
                    assertThat(lines).contains("tau4j.session.schema=" + properties.getSchema(),
                            "tau4j.session.migration=" + properties.getMigration().name().toLowerCase(java.util.Locale.ROOT),
                            "tau4j.session.path-prefix=" + properties.getPathPrefix());
                });
    }

    @Test
    @DisplayName("the jar describes its properties for IDEs (spring-configuration-metadata.json) and registers the auto-configuration")
    void metadata() throws Exception {
        ClassLoader loader = getClass().getClassLoader();
        try (var json = loader.getResourceAsStream("META-INF/spring-configuration-metadata.json");
                var imports = loader.getResourceAsStream(
                        "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports")) {
            assertThat(new String(json.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).contains(
                    "\"tau4j.session.path-prefix\"", "\"tau4j.session.schema\"", "\"tau4j.session.migration\"",
                    "\"tau4j.session.store\"", "\"tau4j.session.record-usage\"");
            assertThat(new String(imports.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip())
                    .isEqualTo(Tau4jSessionAutoConfiguration.class.getName());
        }
    }
}
