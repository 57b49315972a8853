package dev.tau4j.verify;

import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds a test class to the current execution's {@link LiveRun} (provisioned and torn down by
 * {@link LiveVerifier}) and records each top-level class's wall time, less the schema migrations it ran, as
 * kit time. A class run without a live run fails; it never skips.
 */
public final class LiveDatabaseExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final Logger LOG = LoggerFactory.getLogger("dev.tau4j.verify");
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LiveDatabaseExtension.class);

    /** The run of the current execution, set by {@link LiveVerifier}; fails when there is none. */
    public static LiveRun liveRun() {
        return LiveRun.current().orElseThrow(() -> new IllegalStateException("no live database: the live test"
                + " classes run inside LiveVerifier (mvn verify -Plive, or java -jar tau4j-verify.jar), which"
                + " provisions one per execution"));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        LiveRun live = liveRun();
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
            long kitMs = Math.max(0, elapsedMs - (migratedMs(live) - migrated));
            live.recordKit(Duration.ofMillis(kitMs));
            LOG.info("Live run {}: {} took {} ms (migrations excluded)", live.settings().executionId(),
                    context.getRequiredTestClass().getSimpleName(), kitMs);
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
}
