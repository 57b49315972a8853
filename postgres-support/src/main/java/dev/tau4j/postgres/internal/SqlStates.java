package dev.tau4j.postgres.internal;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Classifies database failures by PostgreSQL SQLState. Every method accepts any {@link Throwable}
 * (e.g. a jOOQ or pool exception) and walks its cause chain to the {@link SQLException}s inside.
 */
public final class SqlStates {

    public static final String UNIQUE_VIOLATION = "23505";
    public static final String FOREIGN_KEY_VIOLATION = "23503";
    public static final String CHECK_VIOLATION = "23514";

    /** Transient states outside class 08 (connection exception). */
    private static final Set<String> TRANSIENT = Set.of(
            "57P01", // admin_shutdown
            "57P02", // crash_shutdown
            "57P03", // cannot_connect_now
            "53300", // too_many_connections
            "40001", // serialization_failure
            "40P01", // deadlock_detected
            "55P03", // lock_not_available
            "57014"  // query_canceled (statement timeout)
    );

    private SqlStates() {
    }

    /**
     * The SQLState of the first {@link SQLException} in the cause chain that has one, or
     * {@code null}.
     */
    public static String sqlState(Throwable t) {
        for (Throwable c : chain(t)) {
            if (c instanceof SQLException) {
                String state = ((SQLException) c).getSQLState();
                if (state != null) {
                    return state;
                }
            }
        }
        return null;
    }

    /**
     * Whether retrying later may succeed: {@link #classify(Throwable, boolean)} is not
     * {@link FailureKind#PERMANENT}.
     */
    public static boolean isTransient(Throwable t) {
        return classify(t, false) != FailureKind.PERMANENT;
    }

    /**
     * What the caller of a failed call may do next.
     *
     * <ul>
     *   <li>The first SQLState in the cause chain decides. Connection exceptions (class 08) mean
     *       {@link FailureKind#OUTCOME_UNKNOWN} when {@code writeInFlight} (a write or its commit had
     *       been sent), else {@link FailureKind#NOT_APPLIED}; except 08001 (the connection was never
     *       established: not applied), 08004 (the server rejected the connection: SSL not offered, no
     *       password given) and 08P01 (protocol violation), which are permanent.</li>
     *   <li>The server ending the session (57P01 shutdown, 57P02 crash of another backend) is
     *       {@link FailureKind#OUTCOME_UNKNOWN} with a write in flight (it may come after the commit
     *       record is durable), else not applied.</li>
     *   <li>Server start-up (57P03), too many connections (53300), serialization failure (40001),
     *       deadlock (40P01), lock not available (55P03) and a cancelled or timed-out statement (57014):
     *       the server refused or rolled the statement back, {@link FailureKind#NOT_APPLIED}.</li>
     *   <li>Any other SQLState (a refused login 28xxx, an unknown database 3D000, a constraint
     *       violation, ...) is {@link FailureKind#PERMANENT}: a pool's timeout that carries such a state
     *       is not made transient by its type.</li>
     *   <li>Without any SQLState: an I/O failure (e.g. a socket timeout) is like a connection exception;
     *       a {@link SQLTransientException} (no pooled connection in time) is not applied; anything
     *       else is permanent.</li>
     * </ul>
     *
     * @param writeInFlight whether the failure may have happened after a write (or its commit) was sent
     *                      to the server; {@code false} for reads, for failures to obtain a connection,
     *                      and for statements of a transaction that was not yet asked to commit
     */
    public static FailureKind classify(Throwable t, boolean writeInFlight) {
        FailureKind lost = writeInFlight ? FailureKind.OUTCOME_UNKNOWN : FailureKind.NOT_APPLIED;
        String state = sqlState(t);
        if (state != null) {
            if (state.equals("08001")) {
                return FailureKind.NOT_APPLIED;
            }
            if (state.equals("08004") || state.equals("08P01")) {
                return FailureKind.PERMANENT;
            }
            if (state.startsWith("08")) {
                return lost;
            }
            if (writeInFlight && (state.equals("57P01") || state.equals("57P02"))) {
                // A backend told to stop (57P01) or taken down with a crashed one (57P02) may report it
                // after its commit record is durable: with a write in flight this is not "nothing happened".
                return FailureKind.OUTCOME_UNKNOWN;
            }
            return TRANSIENT.contains(state) ? FailureKind.NOT_APPLIED : FailureKind.PERMANENT;
        }
        boolean transientType = false;
        for (Throwable c : chain(t)) {
            if (c instanceof IOException) {
                return lost;
            }
            transientType |= c instanceof SQLTransientException;
        }
        return transientType ? FailureKind.NOT_APPLIED : FailureKind.PERMANENT;
    }

    /**
     * The driver's own words for {@code t}: the message of the innermost {@link SQLException} in the
     * cause chain (e.g. "password authentication failed for user ..." rather than a pool's "request
     * timed out"), or of {@code t} itself. pgjdbc never quotes a password.
     */
    public static String reason(Throwable t) {
        String reason = t == null ? null : t.getMessage();
        for (Throwable c : chain(t)) {
            if (c instanceof SQLException && c.getMessage() != null) {
                reason = c.getMessage();
            }
        }
        return String.valueOf(reason);
    }

    /** Whether a unique constraint was violated (23505). */
    public static boolean isUniqueViolation(Throwable t) {
        return hasState(t, UNIQUE_VIOLATION);
    }

    /** Whether a foreign key constraint was violated (23503). */
    public static boolean isForeignKeyViolation(Throwable t) {
        return hasState(t, FOREIGN_KEY_VIOLATION);
    }

    /** Whether a CHECK constraint was violated (23514). */
    public static boolean isCheckViolation(Throwable t) {
        return hasState(t, CHECK_VIOLATION);
    }

    private static boolean hasState(Throwable t, String state) {
        for (Throwable c : chain(t)) {
            if (c instanceof SQLException && state.equals(((SQLException) c).getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** The throwable, its causes, and the chained {@link SQLException#getNextException()}s; cycle-safe. */
    private static Iterable<Throwable> chain(Throwable t) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> out = new ArrayList<>();
        Deque<Throwable> todo = new ArrayDeque<>();
        if (t != null) {
            todo.add(t);
        }
        while (!todo.isEmpty() && out.size() < 100) {
            Throwable c = todo.poll();
            if (!seen.add(c)) {
                continue;
            }
            out.add(c);
            if (c.getCause() != null) {
                todo.add(c.getCause());
            }
            if (c instanceof SQLException && ((SQLException) c).getNextException() != null) {
                todo.add(((SQLException) c).getNextException());
            }
        }
        return out;
    }
}
