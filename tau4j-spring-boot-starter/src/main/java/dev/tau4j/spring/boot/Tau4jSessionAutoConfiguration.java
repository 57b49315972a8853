package dev.tau4j.spring.boot;

import dev.tau4j.session.PriceTable;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.memory.InMemorySessionStore;
import dev.tau4j.session.postgres.PostgresSessionStore;
import dev.tau4j.session.springai.SessionChatMemoryRepository;
import dev.tau4j.session.springai.SessionUsageAdvisor;
import javax.sql.DataSource;
import org.springframework.ai.chat.client.ChatClientCustomizer;
import org.springframework.ai.chat.memory.ChatMemoryRepository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of tau4j for Spring AI: with this starter on the classpath, Spring AI's
 * {@code MessageWindowChatMemory} keeps its conversations in tau4j.
 *
 * <ul>
 *   <li>a {@link SessionStore} (unless the application defines one): a {@link PostgresSessionStore} over the
 *       application's {@link DataSource}, schema and migration from {@link Tau4jSessionProperties}; without a
 *       {@code DataSource} start-up fails and says so, rather than keeping memory in a map that a restart loses
 *       ({@code tau4j.session.store=memory} asks for an {@link InMemorySessionStore} explicitly);</li>
 *   <li>a {@link SessionChatMemoryRepository} over it (unless the application defines a
 *       {@link ChatMemoryRepository}); this auto-configuration runs before Spring AI's chat-memory
 *       auto-configuration, so Spring AI's {@code ChatMemory} is built over this repository;</li>
 *   <li>a {@link SessionUsageAdvisor} (prices from a {@link PriceTable} bean, if any), added to every
 *       {@code ChatClient} Spring AI's builder makes unless {@code tau4j.session.record-usage=false};</li>
 *   <li>a health indicator {@code tau4j} when Spring Boot's health support is present.</li>
 * </ul>
 */
@AutoConfiguration(
        beforeName = "org.springframework.ai.model.chat.memory.autoconfigure.ChatMemoryAutoConfiguration",
        afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass({SessionChatMemoryRepository.class, ChatMemoryRepository.class})
@EnableConfigurationProperties(Tau4jSessionProperties.class)
public class Tau4jSessionAutoConfiguration {

    /** The session store; closed with the context (a caller's {@code DataSource} stays open). */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(SessionStore.class)
    public SessionStore tau4jSessionStore(Tau4jSessionProperties properties, ObjectProvider<DataSource> dataSources) {
        if (properties.getStore() == Tau4jSessionProperties.Store.MEMORY) {
            return InMemorySessionStore.create();
        }
        DataSource dataSource = dataSources.getIfUnique();
        if (dataSource == null) {
            throw new IllegalStateException("tau4j.session.store=postgres needs one DataSource bean, and the "
                    + "application has " + (dataSources.stream().findAny().isPresent() ? "several" : "none")
                    + ": configure spring.datasource.*, define a SessionStore bean, or set tau4j.session.store=memory "
                    + "(conversations are then lost at shutdown)");
        }
        return PostgresSessionStore.builder().dataSource(dataSource).schema(properties.getSchema())
                .migration(properties.getMigration()).build();
    }

    /** Spring AI's chat memory repository over the session store. */
    @Bean
    @ConditionalOnMissingBean(ChatMemoryRepository.class)
    public SessionChatMemoryRepository tau4jChatMemoryRepository(SessionStore store, Tau4jSessionProperties properties) {
        return SessionChatMemoryRepository.builder(store).pathPrefix(properties.getPathPrefix()).build();
    }

    /** Records each response's usage in its conversation's session. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(SessionChatMemoryRepository.class)
    public SessionUsageAdvisor tau4jUsageAdvisor(SessionChatMemoryRepository repository,
            ObjectProvider<PriceTable> prices) {
        return SessionUsageAdvisor.builder(repository).prices(prices.getIfAvailable(() -> PriceTable.NONE)).build();
    }

    /** Adds the usage advisor to every {@code ChatClient} built by Spring AI's {@code ChatClient.Builder} bean. */
    @Bean
    @ConditionalOnBean(SessionUsageAdvisor.class)
    @ConditionalOnClass(ChatClientCustomizer.class)
    @ConditionalOnProperty(prefix = "tau4j.session", name = "record-usage", havingValue = "true", matchIfMissing = true)
    public ChatClientCustomizer tau4jUsageChatClientCustomizer(SessionUsageAdvisor advisor) {
        return builder -> builder.defaultAdvisors(advisor);
    }

    /** The health indicator, when Spring Boot's health support is on the classpath. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    @ConditionalOnEnabledHealthIndicator("tau4j")
    static class HealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "tau4jHealthIndicator")
        Tau4jSessionHealthIndicator tau4jHealthIndicator(SessionStore store, Tau4jSessionProperties properties) {
            return new Tau4jSessionHealthIndicator(store, properties.getPathPrefix());
        }
    }
}
