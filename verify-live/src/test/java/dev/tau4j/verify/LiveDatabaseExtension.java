package dev.tau4j.verify;

import dev.tau4j.testing.PostgresProvisioner;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Binds a test class to this JVM's {@link LiveRun}: provisions the database before the first class
 * (settings resolved here, once, from the environment and system properties), tears it down when the
 * test engine finishes, and records each top-level class's wall time, less the schema migrations it
 * ran, as kit time. A class whose
 * database could not be provisioned fails with the provisioning error; it never skips.
 */
public final class LiveDatabaseExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LiveDatabaseExtension.class);

    private static LiveRun run;
    private static RuntimeException failure;

    /** This JVM's live run, provisioned on first use; a failed provisioning is not retried. */
    public static synchronized LiveRun liveRun() {
        if (run != null) {
            return run;
        }
        if (failure != null) {
            throw failure;
        }
        LiveSettings settings = LiveSettings.resolve(System.getenv(), System.getProperties());
        try {
            run = LiveRun.start(settings, PostgresProvisioner.standard(settings.postgres()));
            return run;
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        LiveRun live = liveRun();
        context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(TeardownAtEnd.class, k -> new TeardownAtEnd(live),
                TeardownAtEnd.class);
        if (isTopLevel(context)) {
            context.getStore(NAMESPACE).put("started", System.nanoTime());
            context.getStore(NAMESPACE).put("migrated", migratedMs(live));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Long started = context.getStore(NAMESPACE).get("started", Long.class);
        Long migrated = context.getStore(NAMESPACE).get("migrated", Long.class);
        if (started != null && migrated != null && isTopLevel(context)) {
            LiveRun live = liveRun();
            // kit time excludes the schema migrations the class ran, which are recorded as their own phase
            long elapsedMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
            live.recordKit(Duration.ofMillis(Math.max(0, elapsedMs - (migratedMs(live) - migrated))));
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == LiveRun.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return liveRun();
    }

    private static long migratedMs(LiveRun live) {
        Long ms = live.record().migrateMs();
        return ms == null ? 0 : ms;
    }

    private static boolean isTopLevel(ExtensionContext context) {
        return context.getParent().map(parent -> parent.equals(context.getRoot())).orElse(false);
    }

    /** Closed by the engine at the end of the run (JUnit closes AutoCloseable values of the root store). */
    private record TeardownAtEnd(LiveRun live) implements AutoCloseable {
        @Override
        public void close() {
            live.close();
        }
    }
}
