package dev.tau4j.testing;

import dev.tau4j.testing.internal.Redaction;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit 5 extension behind {@link PostgresTest}. Guarantees:
 * <ul>
 *   <li>One database for the whole test run, provisioned on first use through
 *       {@link PostgresProvisioner#standard} with {@link PostgresSettings#resolve} of the environment and
 *       system properties (a URL in {@value PostgresSettings#URL_VARIABLE} or
 *       {@value PostgresSettings#TAU_DSN_VARIABLE}, never replaced by another database when it cannot be
 *       used; else a Testcontainers container when Docker is usable; else embedded binaries), each step
 *       logged; torn down when the run ends.</li>
 *   <li>Fail-closed: when no database can be provisioned, every test class that uses this extension
 *       fails with the {@link ProvisioningException} naming each provider and why; it is never skipped,
 *       and a failed provisioning is not retried by later classes. A teardown that fails fails the run.</li>
 *   <li>Each top-level test class (with its {@code @Nested} classes) gets its own {@link TestPostgres}: a
 *       fresh schema and a pool, dropped and closed when the class has finished.</li>
 * </ul>
 */
public final class PostgresExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PostgresExtension.class);

    /** Created by JUnit. */
    public PostgresExtension() {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        testPostgres(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == TestPostgres.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return testPostgres(extensionContext);
    }

    private static TestPostgres testPostgres(ExtensionContext context) {
        ExtensionContext owner = topLevelClass(context);
        Server server = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Server.class, k -> new Server(),
                Server.class);
        return owner.getStore(NAMESPACE).getOrComputeIfAbsent(ClassDatabase.class,
                k -> new ClassDatabase(new TestPostgres(server.database(), "tau4j-test-"
                        + owner.getRequiredTestClass().getSimpleName())), ClassDatabase.class).postgres();
    }

    /** The context of the outermost test class around {@code context} (a child of the engine's root). */
    private static ExtensionContext topLevelClass(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getParent().isPresent() && current.getParent().get() != context.getRoot()) {
            current = current.getParent().get();
        }
        return current;
    }

    /** The run's database, provisioned once; a failure is kept and thrown to every later caller. */
    private static final class Server implements AutoCloseable {
        private ProvisionedPostgres database;
        private RuntimeException failure;

        synchronized ProvisionedPostgres database() {
            if (database == null && failure == null) {
                try {
                    database = PostgresProvisioner.standard(PostgresSettings.resolve(System.getenv(),
                            System.getProperties())).provision();
                } catch (RuntimeException e) {
                    failure = e;
                }
            }
            if (failure != null) {
                throw failure;
            }
            return database;
        }

        @Override
        public synchronized void close() {
            if (database != null) {
                database.close();
                database.teardownProblem().ifPresent(problem -> {
                    throw new IllegalStateException("the teardown of " + database + " failed: " + problem);
                });
            }
        }
    }

    /** A class's database, closed by JUnit when the class has finished. */
    private record ClassDatabase(TestPostgres postgres) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            try {
                postgres.close();
            } catch (Exception e) {
                throw new IllegalStateException("could not drop the test schemas of " + postgres + ": "
                        + Redaction.describe(e, postgres.url()), e);
            }
        }
    }
}
