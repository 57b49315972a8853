package dev.tau4j.cases.internal;

import dev.tau4j.cases.CaseOutcomeUnknownException;
import dev.tau4j.cases.CaseStoreException;
import dev.tau4j.cases.CaseStoreUnavailableException;
import dev.tau4j.postgres.SqlStates;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Turns a database failure into the cases store exception that tells the caller what it may do, from
 * the SQLState and from where the failure happened ({@link Phase}):
 * <ul>
 *   <li>permanent ({@link CaseStoreException}, with the driver's reason): authentication (class 28),
 *       unknown database (3D000), connection rejected by the driver (08004: SSL not offered, no
 *       password), and every non-transient state;</li>
 *   <li>the connection was lost (class 08, server terminated 57P01/57P02, or an I/O failure without
 *       a state) during {@link Phase#COMMIT}: outcome unknown ({@link CaseOutcomeUnknownException});</li>
 *   <li>any other transient failure, in any phase: not applied ({@link CaseStoreUnavailableException}).
 *       A connection lost during {@link Phase#WRITE} is not applied because COMMIT was never sent and
 *       the server rolls back a transaction whose connection is gone.</li>
 * </ul>
 */
public final class StoreFailures {

    /** Where a failure happened. */
    public enum Phase {
        /** Borrowing a connection or preparing the schema: nothing was sent. */
        CONNECT,
        /** A read: nothing to apply. */
        READ,
        /** A statement of a write transaction, before its COMMIT was sent. */
        WRITE,
        /** The COMMIT of a write transaction, sent and unanswered. */
        COMMIT
    }

    /** Server-side terminations that may come after a COMMIT landed (besides class 08). */
    private static final Set<String> CONNECTION_LOST = Set.of("57P01", "57P02");
    /** Permanent whatever wraps them (besides class 28, authentication): unknown database, connection rejected. */
    private static final Set<String> PERMANENT = Set.of("3D000", "08004");

    private StoreFailures() {
    }

    /** The exception for a failure of {@code what} (e.g. "create a case") in {@code phase}. */
    public static CaseStoreException translate(String what, Phase phase, Throwable e) {
        String permanent = permanentState(e);
        String state = permanent != null ? permanent : SqlStates.sqlState(e);
        String message = "could not " + what + (state == null ? "" : " (SQLState " + state + ")");
        if (!isTransient(e)) {
            String reason = reason(e);
            return new CaseStoreException(message + (reason == null ? "" : ": " + reason), state, e);
        }
        if (phase == Phase.COMMIT && isConnectionLost(state, e)) {
            return new CaseOutcomeUnknownException(message + ": the connection was lost while the commit was in"
                    + " flight; the write may or may not have happened, retry with the same idempotency key", state, e);
        }
        return new CaseStoreUnavailableException(message + ": the database is unavailable and nothing was applied,"
                + " retry later", state, e);
    }

    /**
     * Whether retrying may succeed: {@link SqlStates#isTransient}, or an I/O failure without a state,
     * unless any SQLState in the chain is a permanent one (a pool wraps the driver's 28P01 in a
     * transient-looking exception).
     */
    public static boolean isTransient(Throwable e) {
        if (permanentState(e) != null) {
            return false;
        }
        return SqlStates.isTransient(e) || (SqlStates.sqlState(e) == null && hasIoFailure(e));
    }

    private static String permanentState(Throwable e) {
        for (Throwable c : chain(e)) {
            if (c instanceof SQLException) {
                String state = ((SQLException) c).getSQLState();
                if (state != null && (state.startsWith("28") || PERMANENT.contains(state))) {
                    return state;
                }
            }
        }
        return null;
    }

    private static boolean isConnectionLost(String state, Throwable e) {
        if (state == null) {
            return true; // no answer from the server at all: nothing says the commit did not land
        }
        return state.startsWith("08") || CONNECTION_LOST.contains(state) || hasIoFailure(e);
    }

    /**
     * The driver's own reason, for the message: the first line of the deepest SQL exception's message
     * (PostgreSQL's detail lines, which may quote row values, are left out), at most 300 characters.
     */
    public static String reason(Throwable e) {
        String reason = null;
        for (Throwable c : chain(e)) {
            if (c instanceof SQLException && c.getMessage() != null) {
                reason = c.getMessage();
            }
        }
        if (reason == null) {
            return null;
        }
        int newline = reason.indexOf('\n');
        String line = (newline < 0 ? reason : reason.substring(0, newline)).strip();
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }

    private static boolean hasIoFailure(Throwable e) {
        return chain(e).stream().anyMatch(c -> c instanceof IOException);
    }

    private static List<Throwable> chain(Throwable e) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> out = new ArrayList<>();
        for (Throwable c = e; c != null && seen.add(c) && out.size() < 50; c = c.getCause()) {
            out.add(c);
        }
        return out;
    }
}
