package dev.tau4j.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the sessions are, and how to print: the options every {@code sessions} subcommand takes. */
public final class StoreOptions {

    /** The environment variable holding the database password. */
    public static final String PASSWORD_VARIABLE = "TAU4J_PASSWORD";

    @Option(names = "--url", paramLabel = "URL",
            description = "PostgreSQL URL, JDBC or libpq form, without the password")
    private String url;

    @Option(names = "--schema", defaultValue = "tau4j", description = "schema of the tables (default: ${DEFAULT-VALUE})")
    private String schema;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "file holding the password (else the environment variable " + PASSWORD_VARIABLE + ")")
    private Path passwordFile;

    @Option(names = "--migrate", description = "create or upgrade the tables (default: only check them)")
    private boolean migrate;

    @Option(names = "--json", description = "print JSON for scripts")
    private boolean json;

    public String url() {
        return url;
    }

    public String schema() {
        return schema;
    }

    public Path passwordFile() {
        return passwordFile;
    }

    public boolean migrate() {
        return migrate;
    }

    public boolean json() {
        return json;
    }
}
