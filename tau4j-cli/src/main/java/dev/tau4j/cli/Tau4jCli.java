package dev.tau4j.cli;

import dev.tau4j.session.EntryNotFoundException;
import dev.tau4j.session.InvalidInputException;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.SessionStoreException;
import dev.tau4j.session.StaleHeadException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code tau4j} command line: {@code tau4j sessions list|show|lineage|export|import|fork|search|stats|diff|graph|delete}
 * against a PostgreSQL session store.
 *
 * <p>Exit codes: {@value #OK} success, {@value #FAILED} the store failed, {@value #BAD_INPUT} bad input or usage,
 * {@value #NOT_FOUND} unknown session or entry, {@value #UNAVAILABLE} the database cannot be reached (retrying
 * may help), {@value #CONFLICT} a conflict (for example a fork target that already has entries). Errors are
 * one line on standard error, without a stack trace.
 */
@Command(name = "tau4j", mixinStandardHelpOptions = true, version = "tau4j 0.1.0-SNAPSHOT",
        description = "Look at, export, import, fork and delete tau4j sessions.",
        subcommands = SessionsCommand.class)
public final class Tau4jCli implements Runnable {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_INPUT = 2;
    public static final int NOT_FOUND = 3;
    public static final int UNAVAILABLE = 4;
    public static final int CONFLICT = 5;

    private final StoreFactory factory;
    private final Map<String, String> environment;
    private PrintWriter out;

    /**
     * @param factory     opens the store a command works on
     * @param environment where the password may come from ({@value StoreOptions#PASSWORD_VARIABLE})
     */
    public Tau4jCli(StoreFactory factory, Map<String, String> environment) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.environment = Map.copyOf(environment);
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(new Tau4jCli(StoreFactory.POSTGRES, System.getenv()).run(args, out, err));
    }

    /** Runs one command line and returns its exit code. */
    public int run(String[] args, PrintWriter out, PrintWriter err) {
        this.out = out;
        CommandLine line = new CommandLine(this);
        line.setOut(out);
        line.setErr(err);
        line.setExecutionExceptionHandler((e, failed, parsed) -> {
            err.println("tau4j: " + oneLine(e));
            err.flush();
            return exitCode(e);
        });
        int code;
        try {
            code = line.execute(args);
        } catch (OutOfMemoryError e) {
            err.println("tau4j: out of memory; give the JVM a larger heap (java -Xmx...)");
            code = FAILED;
        }
        out.flush();
        err.flush();
        return code;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(out);
    }

    SessionStore open(StoreOptions options) {
        return factory.open(options, environment);
    }

    static int exitCode(Throwable e) {
        if (e instanceof UnknownSessionException || e instanceof EntryNotFoundException) {
            return NOT_FOUND;
        }
        if (e instanceof StaleHeadException) {
            return CONFLICT;
        }
        if (e instanceof InvalidInputException || e instanceof IllegalArgumentException) {
            return BAD_INPUT;
        }
        if (e instanceof SessionStoreException s && s.isTransient()) {
            return UNAVAILABLE;
        }
        if (e instanceof UncheckedIOException) {
            return BAD_INPUT;
        }
        return FAILED;
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage();
        if (e instanceof UncheckedIOException io && io.getCause() != null) {
            message = message + ": " + io.getCause().getMessage();
        }
        if (message == null || message.isBlank()) {
            message = e.getClass().getSimpleName();
        }
        return message.replaceAll("\\s*\\R\\s*", " ");
    }
}
