package dev.tau4j.cases.server;

import dev.tau4j.cases.CaseRepository;
import dev.tau4j.cases.CaseStoreException;
import dev.tau4j.cases.InMemoryCaseRepository;
import dev.tau4j.cases.http.CasesHttpServer;
import dev.tau4j.cases.postgres.PostgresCaseRepository;
import dev.tau4j.cases.server.internal.EmbeddedDatabase;
import dev.tau4j.micrometer.MeteredCaseRepository;
import dev.tau4j.postgres.PostgresTimeouts;
import dev.tau4j.postgres.PostgresUrl;
import dev.tau4j.postgres.internal.SchemaMigrations;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The runnable cases server: the HTTP API ({@link CasesHttpServer}) over PostgreSQL.
 *
 * <pre>
 * java -jar cases-server-VERSION-server.jar                 # embedded PostgreSQL in ./tau4j-data, 127.0.0.1:8080
 * java -jar cases-server-VERSION-server.jar --database-url postgres://tau@db:5432/app --host 0.0.0.0
 * java -jar cases-server-VERSION-server.jar --in-memory     # throwaway: cases are lost on stop
 * </pre>
 * Every option {@code --some-name} may instead come from the environment variable
 * {@code TAU4J_SOME_NAME} (the flag wins); the database password from {@value #DATABASE_PASSWORD_VARIABLE}
 * or {@code --database-password-file}, the API token from {@value #API_TOKEN_VARIABLE} or
 * {@code --api-token-file} — never from a flag's value, which every local user sees in {@code ps}.
 * It binds 127.0.0.1 unless told otherwise. Every database wait is bounded (the defaults, with a 1 s
 * pool wait): while the database is down a request is answered 503 within about a second. SIGTERM /
 * Ctrl-C stop accepting connections, let in-flight requests finish (at most 10 s), then close the pool
 * and stop the embedded PostgreSQL.
 */
@Command(name = "cases-server", mixinStandardHelpOptions = true, versionProvider = CasesServer.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = "Serves the tau4j cases HTTP API.",
        footer = {"", "Every option --some-name may also be set by the environment variable TAU4J_SOME_NAME"
                + " (the flag wins).", "Secrets: " + CasesServer.DATABASE_PASSWORD_VARIABLE + " (or"
                + " --database-password-file) and " + CasesServer.API_TOKEN_VARIABLE + " (or --api-token-file)."})
public final class CasesServer {

    /** The environment variable holding the database password. */
    public static final String DATABASE_PASSWORD_VARIABLE = "TAU4J_DATABASE_PASSWORD";
    /** The environment variable holding the API token. */
    public static final String API_TOKEN_VARIABLE = "TAU4J_API_TOKEN";
    /** The prefix of the environment variable of each option. */
    public static final String ENVIRONMENT_PREFIX = "TAU4J_";

    /**
     * The repository's waits under the server: the defaults, except that a request waits at most 1 s
     * for a pooled connection, so that while the database is down a request gets its 503 in about a
     * second instead of holding a worker.
     */
    static final PostgresTimeouts SERVER_TIMEOUTS = PostgresTimeouts.DEFAULTS.withPoolWait(Duration.ofSeconds(1));

    @Option(names = "--host", defaultValue = CasesHttpServer.DEFAULT_HOST, paramLabel = "ADDR",
            description = "interface to bind (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for all)")
    String host;

    @Option(names = "--port", defaultValue = "" + CasesHttpServer.DEFAULT_PORT, paramLabel = "N",
            description = "TCP port, 0 for any free one (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--database-url", paramLabel = "URL",
            description = "PostgreSQL, JDBC (jdbc:postgresql://host/db?user=..) or libpq form"
                    + " (postgres://user@host:5432/db?sslmode=require); absent: the embedded PostgreSQL")
    String databaseUrl;

    @Option(names = "--database-password-file", paramLabel = "FILE",
            description = "file whose first line is the database password (else " + DATABASE_PASSWORD_VARIABLE + ")")
    Path databasePasswordFile;

    @Option(names = "--schema", defaultValue = PostgresCaseRepository.DEFAULT_SCHEMA, paramLabel = "NAME",
            description = "PostgreSQL schema of the tables (default: ${DEFAULT-VALUE})")
    String schema;

    @Option(names = "--data-dir", defaultValue = "tau4j-data", paramLabel = "DIR",
            description = "where the embedded PostgreSQL keeps its data (default: ${DEFAULT-VALUE},"
                    + " under the working directory)")
    Path dataDir;

    @Option(names = "--in-memory", description = "keep the cases in memory: a throwaway run, lost on stop")
    boolean inMemory;

    @Option(names = "--api-token-file", paramLabel = "FILE",
            description = "file whose first line is the API token (else " + API_TOKEN_VARIABLE
                    + "); with a token every route but /health/* needs Authorization: Bearer <token>")
    Path apiTokenFile;

    @Option(names = "--cors-origins", split = ",", paramLabel = "ORIGIN",
            description = "origins browsers may call the API from, e.g. https://app.example.com, or *"
                    + " (comma-separated; default: none)")
    List<String> corsOrigins = new ArrayList<>();

    public static void main(String[] args) {
        // The runnable's logging defaults; a -D on the command line still wins.
        setDefault("org.slf4j.simpleLogger.showDateTime", "true");
        setDefault("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        setDefault("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
        setDefault("org.slf4j.simpleLogger.log.org.flywaydb", "warn");
        setDefault("org.slf4j.simpleLogger.log.com.zaxxer.hikari", "warn");
        setDefault("org.slf4j.simpleLogger.log.io.zonky", "warn");
        setDefault("org.jooq.no-logo", "true");
        setDefault("org.jooq.no-tips", "true");

        Running running;
        try {
            running = start(args, System.getenv(), System.out);
        } catch (UsageException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println("Try --help.");
            System.exit(2);
            return;
        } catch (StartException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
            return;
        }
        if (running == null) {
            return; // --help or --version
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("tau4j cases API stopping");
            try {
                running.close();
            } finally {
                stopped.countDown();
            }
        }, "tau4j-cases-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Parses {@code args} (with defaults from {@code environment}) and starts the server, printing its
     * start line on {@code out}; returns {@code null} after printing the help or the version.
     *
     * @throws UsageException for a wrong command line or environment (exit code 2)
     * @throws StartException when the database or the port cannot be used (exit code 1)
     */
    static Running start(String[] args, Map<String, String> environment, PrintStream out) {
        CasesServer options = new CasesServer();
        CommandLine line = new CommandLine(options)
                .setDefaultValueProvider(option -> option.isOption()
                        ? environment.get(environmentVariable(((CommandLine.Model.OptionSpec) option).longestName()))
                        : null);
        try {
            line.parseArgs(args);
        } catch (CommandLine.UnmatchedArgumentException e) {
            // never echo it: it might be a URL with a password typed without its flag
            throw new UsageException("unknown argument (run with --help for the options)");
        } catch (CommandLine.ParameterException e) {
            throw new UsageException(e.getMessage());
        }
        if (line.isUsageHelpRequested()) {
            line.usage(out);
            return null;
        }
        if (line.isVersionHelpRequested()) {
            line.printVersionHelp(out);
            return null;
        }
        return options.start(environment, out);
    }

    /** The environment variable of an option: {@code --database-url} → {@code TAU4J_DATABASE_URL}. */
    static String environmentVariable(String longOption) {
        return ENVIRONMENT_PREFIX + longOption.replaceFirst("^--", "").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    private Running start(Map<String, String> environment, PrintStream out) {
        if (port < 0 || port > 65535) {
            throw new UsageException("--port must be between 0 and 65535");
        }
        if (inMemory && databaseUrl != null) {
            throw new UsageException("give --in-memory or --database-url, not both");
        }
        try {
            SchemaMigrations.requireIdentifier(schema, "--schema");
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        String token = secret(environment.get(API_TOKEN_VARIABLE), API_TOKEN_VARIABLE, apiTokenFile, "--api-token-file");
        CasesHttpServer.Builder http = CasesHttpServer.builder().host(host).port(port).accessLog(out::println);
        try {
            if (token != null) {
                http.apiToken(token);
            }
            http.corsOrigins(corsOrigins);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        PostgresUrl url = databaseUrl();
        String password = secret(environment.get(DATABASE_PASSWORD_VARIABLE), DATABASE_PASSWORD_VARIABLE,
                databasePasswordFile, "--database-password-file");
        if (password != null) {
            if (url == null) {
                throw new UsageException("a database password was given without --database-url");
            }
            if (url.password() != null) {
                throw new UsageException("the database URL holds a password and one was given apart: give it once");
            }
            url = url.withPassword(password);
        }

        List<AutoCloseable> resources = new ArrayList<>();
        try {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            resources.add(registry::close);
            new JvmMemoryMetrics().bindTo(registry);
            new JvmThreadMetrics().bindTo(registry);
            new ProcessorMetrics().bindTo(registry);
            new UptimeMetrics().bindTo(registry);
            http.metrics(registry);

            String description;
            CaseRepository repository;
            if (inMemory) {
                repository = MeteredCaseRepository.wrap(new InMemoryCaseRepository(), registry, "memory");
                description = "in memory (--in-memory: cases are lost when the server stops)";
            } else {
                if (url == null) {
                    EmbeddedDatabase embedded = EmbeddedDatabase.start(dataDir);
                    resources.add(0, embedded);
                    url = embedded.url();
                    description = "embedded PostgreSQL, data in " + embedded.directory();
                } else {
                    description = "PostgreSQL " + url.masked();
                }
                PostgresCaseRepository postgres = PostgresCaseRepository.builder()
                        .url(url).schema(schema).timeouts(SERVER_TIMEOUTS).meterRegistry(registry).build();
                http.readinessCheck(postgres::checkReady);
                repository = MeteredCaseRepository.wrap(postgres, registry, "postgres");
                description += ", schema " + schema;
            }
            resources.add(0, repository);
            CasesHttpServer server = http.repository(repository).build().start();
            resources.add(0, server);
            Running running = new Running(server, inMemory ? null : url, resources);
            out.println("tau4j cases API " + Version.number() + " listening on " + where(server.port())
                    + "; repository: " + description + "; API token: " + (token == null ? "none (open)" : "required")
                    + (corsOrigins.isEmpty() ? "" : "; CORS origins: " + String.join(",", corsOrigins)));
            if (token == null && allInterfaces()) {
                out.println("warning: every interface and no API token: anyone who reaches this port can read and"
                        + " decide cases; set " + API_TOKEN_VARIABLE + " or --api-token-file");
            }
            out.flush();
            return running;
        } catch (CaseStoreException | IOException e) {
            closeAll(resources);
            throw new StartException(e.getMessage(), e);
        } catch (RuntimeException e) {
            closeAll(resources);
            throw new StartException("cannot start the server on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    private boolean allInterfaces() {
        return host.equals("0.0.0.0") || host.equals("::");
    }

    private String where(int actualPort) {
        if (allInterfaces()) {
            return "all interfaces, port " + actualPort + " (http://<this host>:" + actualPort + ")";
        }
        String shown = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        String note = host.equals(CasesHttpServer.DEFAULT_HOST) || host.equals("localhost")
                ? " (this machine only; --host 0.0.0.0 to open it)" : "";
        return "http://" + shown + ":" + actualPort + note;
    }

    private PostgresUrl databaseUrl() {
        if (databaseUrl == null || databaseUrl.isBlank()) {
            return null;
        }
        try {
            // PostgresUrl's messages never quote the URL, so the password stays private.
            return PostgresUrl.parse(databaseUrl);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** A secret from its environment variable or its file (one of them at most), or {@code null}. */
    private static String secret(String fromEnvironment, String variable, Path file, String fileOption) {
        if (fromEnvironment != null && file != null) {
            throw new UsageException("give " + variable + " or " + fileOption + ", not both");
        }
        if (file == null) {
            return fromEnvironment == null || fromEnvironment.isEmpty() ? null : fromEnvironment;
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new UsageException("cannot read " + fileOption + " " + file + " (" + e.getClass().getSimpleName() + ")");
        }
        int newline = text.indexOf('\n');
        String first = (newline < 0 ? text : text.substring(0, newline)).strip();
        if (first.isEmpty()) {
            throw new UsageException(fileOption + " " + file + " is empty");
        }
        return first;
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                System.err.println("warning: while stopping: " + e.getMessage());
            }
        }
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** A started server and what it owns, closed in reverse order of opening. */
    static final class Running implements AutoCloseable {
        private final CasesHttpServer server;
        private final PostgresUrl database;
        private final List<AutoCloseable> resources;

        Running(CasesHttpServer server, PostgresUrl database, List<AutoCloseable> resources) {
            this.server = server;
            this.database = database;
            this.resources = resources;
        }

        int port() {
            return server.port();
        }

        /** The database the cases are in, or {@code null} in memory. */
        PostgresUrl database() {
            return database;
        }

        /** Stops the HTTP server (draining), then the repository, the embedded database and the registry. */
        @Override
        public void close() {
            closeAll(resources);
        }
    }

    /** A wrong command line or environment. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    /** The database or the port could not be used. */
    static final class StartException extends RuntimeException {
        StartException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The version of this jar, from the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"tau4j cases-server " + number()};
        }

        static String number() {
            Properties p = new Properties();
            try (InputStream in = CasesServer.class.getResourceAsStream("version.properties")) {
                p.load(Objects.requireNonNull(in, "version.properties"));
            } catch (IOException | RuntimeException e) {
                return "unknown";
            }
            return p.getProperty("version", "unknown");
        }
    }
}
