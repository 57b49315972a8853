package dev.tau4j.verify;

import dev.tau4j.testing.ProviderAttempt;
import dev.tau4j.testing.ProvisionedPostgres;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * What one execution of the live run (one PostgreSQL major) did with its database, as written by the
 * run itself, in memory: the provider and every attempt, the server, the durations of
 * provisioning, migrations, the kit and teardown, and whether teardown succeeded. Holds no secret: the
 * URL is stored masked. Values are {@code null} until known.
 *
 * @param execution           execution id, e.g. {@code pg15}
 * @param requestedMajor      the major this execution asked for
 * @param status              {@link #PROVISIONING}, {@link #READY} or {@link #PROVIDER_FAILED}
 * @param provider            the provider that supplied the database
 * @param providerDescription what the database is (binaries, image, variable)
 * @param givenByUrl          whether the database was given by a URL in the environment
 * @param urlMasked           the database URL with the password masked
 * @param serverVersion       {@code show server_version}
 * @param serverMajor         the server's major version
 * @param version             {@code select version()}
 * @param attempts            every provider considered, in order
 * @param failure             why provisioning failed
 * @param provisionMs         provisioning time, first provider to first answered query
 * @param migrateMs           total time spent migrating schemas
 * @param migrations          how many schemas were migrated
 * @param kitMs               wall time of the test classes bound to this database
 * @param teardownMs          teardown time (schemas dropped, pool closed, database stopped)
 * @param teardown            {@link #NOT_RUN}, {@link #DONE} or {@code failed: <reason>}
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ExecutionRecord(String execution, int requestedMajor, String status, String provider,
                              String providerDescription, Boolean givenByUrl, String urlMasked,
                              String serverVersion, Integer serverMajor, String version,
                              List<ProviderAttempt> attempts, String failure, Long provisionMs, Long migrateMs,
                              int migrations, Long kitMs, Long teardownMs, String teardown) {

    public static final String PROVISIONING = "provisioning";
    public static final String READY = "ready";
    public static final String PROVIDER_FAILED = "provider_failed";
    public static final String NOT_RUN = "not_run";
    public static final String DONE = "done";

    public ExecutionRecord {
        Objects.requireNonNull(execution, "execution");
        Objects.requireNonNull(status, "status");
        attempts = attempts == null ? List.of() : List.copyOf(attempts);
        teardown = teardown == null ? NOT_RUN : teardown;
    }

    /** A record of an execution that has not provisioned anything yet. */
    public static ExecutionRecord starting(String execution, int requestedMajor) {
        return new ExecutionRecord(execution, requestedMajor, PROVISIONING, null, null, null, null, null, null, null,
                List.of(), null, null, null, 0, null, null, NOT_RUN);
    }

    ExecutionRecord withDatabase(ProvisionedPostgres db) {
        return new ExecutionRecord(execution, requestedMajor, READY, db.provider(), db.description(), db.givenByUrl(),
                db.url().masked(), db.serverVersion(), db.serverMajor(), db.version(), db.attempts(), null,
                db.provisionDuration().toMillis(), migrateMs, migrations, kitMs, teardownMs, teardown);
    }

    ExecutionRecord withFailure(List<ProviderAttempt> failedAttempts, String why, Boolean givenUrl, String maskedUrl) {
        return new ExecutionRecord(execution, requestedMajor, PROVIDER_FAILED, provider, providerDescription,
                givenUrl, maskedUrl, serverVersion, serverMajor, version, failedAttempts, why, provisionMs, migrateMs,
                migrations, kitMs, teardownMs, teardown);
    }

    ExecutionRecord plusMigration(long ms) {
        return new ExecutionRecord(execution, requestedMajor, status, provider, providerDescription, givenByUrl,
                urlMasked, serverVersion, serverMajor, version, attempts, failure,
                provisionMs, (migrateMs == null ? 0 : migrateMs) + ms, migrations + 1, kitMs, teardownMs, teardown);
    }

    ExecutionRecord plusKit(long ms) {
        return new ExecutionRecord(execution, requestedMajor, status, provider, providerDescription, givenByUrl,
                urlMasked, serverVersion, serverMajor, version, attempts, failure, provisionMs, migrateMs, migrations,
                (kitMs == null ? 0 : kitMs) + ms, teardownMs, teardown);
    }

    ExecutionRecord withTeardown(long ms, String outcome) {
        return new ExecutionRecord(execution, requestedMajor, status, provider, providerDescription, givenByUrl,
                urlMasked, serverVersion, serverMajor, version, attempts, failure, provisionMs, migrateMs, migrations,
                kitMs, ms, outcome);
    }
}
