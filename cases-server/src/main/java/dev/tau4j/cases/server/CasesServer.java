package dev.tau4j.cases.server;

import dev.tau4j.cases.CaseRepository;
import dev.tau4j.cases.CaseStoreException;
import dev.tau4j.cases.InMemoryCaseRepository;
import dev.tau4j.cases.http.CasesHttpServer;
import dev.tau4j.cases.postgres.PostgresCaseRepository;
import dev.tau4j.postgres.PostgresTimeouts;
import dev.tau4j.postgres.PostgresUrl;
import dev.tau4j.postgres.internal.SchemaMigrations;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the cases HTTP API from the command line.
 *
 * <pre>
 * java -jar cases-server-VERSION-server.jar [--port 8080] [--host 0.0.0.0]
 *      [--database-url postgres://user:pass@host:5432/db?sslmode=require] [--schema tau4j]
 * </pre>
 * Without {@code --database-url} the cases live in memory (and say so). The database URL may be
 * JDBC or libpq form; it is only ever printed masked. Every database wait is bounded
 * (the defaults, with a 1 s pool wait): while the database is down a request is answered 503 within about a
 * second. SIGTERM / Ctrl-C stop accepting connections, let in-flight requests finish (at most 10 s),
 * log what was cut off, then close the connection pool.
 */
public final class CasesServer {

    /**
     * The repository's waits under the server: the defaults, except that a request waits at most 1 s
     * for a pooled connection, so that while the database is down a request gets its 503 in about a
     * second instead of holding a worker.
     */
    static final PostgresTimeouts SERVER_TIMEOUTS = PostgresTimeouts.DEFAULTS.withPoolWait(Duration.ofSeconds(1));

    private CasesServer() {
    }

    public static void main(String[] args) {
        // The runnable's logging defaults; a -D on the command line still wins.
        setDefault("org.slf4j.simpleLogger.showDateTime", "true");
        setDefault("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        setDefault("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
        setDefault("org.jooq.no-logo", "true");
        setDefault("org.jooq.no-tips", "true");

        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            usage(System.err);
            System.exit(2);
            return;
        }
        if (options.help) {
            usage(System.out);
            return;
        }
        int exit = run(options);
        if (exit != 0) {
            System.exit(exit);
        }
    }

    private static int run(Options options) {
        CaseRepository repository;
        String description;
        if (options.databaseUrl == null) {
            repository = new InMemoryCaseRepository();
            description = "in-memory (no --database-url given; cases are lost when the server stops)";
        } else {
            try {
                repository = PostgresCaseRepository.builder()
                        .url(options.databaseUrl)
                        .schema(options.schema)
                        .timeouts(SERVER_TIMEOUTS)
                        .build();
            } catch (CaseStoreException e) {
                System.err.println("error: " + e.getMessage());
                return 1;
            }
            description = "postgres " + options.databaseUrl.masked() + " schema " + options.schema;
        }
        CasesHttpServer server;
        try {
            server = CasesHttpServer.builder().repository(repository).host(options.host).port(options.port)
                    .build().start();
        } catch (RuntimeException e) {
            repository.close();
            System.err.println("error: cannot start the HTTP server on port " + options.port + ": " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("tau4j cases API stopping");
            try {
                server.close();
            } finally {
                repository.close();
                stopped.countDown();
            }
        }, "tau4j-cases-shutdown"));
        System.out.println("tau4j cases API listening on http://127.0.0.1:" + server.port()
                + " (repository: " + description + ")");
        System.out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    private static void usage(PrintStream out) {
        out.println("usage: java -jar cases-server-server.jar [--port N] [--host ADDR] [--database-url URL] [--schema NAME]");
        out.println("  --port N            TCP port, default 8080 (0 = any free port)");
        out.println("  --host ADDR         interface to bind, default 0.0.0.0");
        out.println("  --database-url URL  PostgreSQL, jdbc:postgresql://host/db?user=..&password=.. or");
        out.println("                      postgres://user:pass@host:5432/db?sslmode=require; absent = in memory");
        out.println("  --schema NAME       PostgreSQL schema for the tables, default tau4j");
    }

    /** Parsed command line. */
    static final class Options {
        int port = CasesHttpServer.DEFAULT_PORT;
        String host = "0.0.0.0";
        PostgresUrl databaseUrl;
        String schema = PostgresCaseRepository.DEFAULT_SCHEMA;
        boolean help;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                String name = arg;
                String value = null;
                int eq = arg.indexOf('=');
                if (arg.startsWith("--") && eq > 0) {
                    name = arg.substring(0, eq);
                    value = arg.substring(eq + 1);
                }
                switch (name) {
                    case "-h":
                    case "--help":
                        o.help = true;
                        break;
                    case "--port":
                        value = value != null ? value : next(args, ++i, name);
                        try {
                            o.port = Integer.parseInt(value);
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("--port must be a number");
                        }
                        if (o.port < 0 || o.port > 65535) {
                            throw new IllegalArgumentException("--port must be between 0 and 65535");
                        }
                        break;
                    case "--host":
                        o.host = value != null ? value : next(args, ++i, name);
                        break;
                    case "--database-url":
                        // PostgresUrl's messages never quote the URL, so the password stays private.
                        o.databaseUrl = PostgresUrl.parse(value != null ? value : next(args, ++i, name));
                        break;
                    case "--schema":
                        o.schema = SchemaMigrations.requireIdentifier(
                                value != null ? value : next(args, ++i, name), "--schema");
                        break;
                    default:
                        // do not echo: it might be a URL with a password typed without its flag
                        throw new IllegalArgumentException("unknown argument #" + (i + 1));
                }
            }
            return o;
        }

        private static String next(String[] args, int i, String name) {
            if (i >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            return args[i];
        }
    }
}
