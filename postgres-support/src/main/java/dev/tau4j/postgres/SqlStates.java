package dev.tau4j.postgres;

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
     * Whether retrying later may succeed: a connection exception (class 08), server shutdown or
     * start-up (57P01/57P02/57P03), too many connections (53300), serialization failure (40001),
     * deadlock (40P01), lock not available (55P03), query canceled or timed out (57014), or a
     * {@link SQLTransientException} (e.g. no pooled connection within the timeout).
     *
     * <p>The SQLStates in the chain decide first: a pool's {@code SQLTransientConnectionException}
     * that carries, say, 28P01 (wrong password) or 3D000 (no such database) is NOT transient, since
     * retrying cannot fix it. Only a chain without any SQLState falls back to the exception type.
     */
    public static boolean isTransient(Throwable t) {
        boolean sawState = false;
        boolean sawTransientType = false;
        for (Throwable c : chain(t)) {
            if (c instanceof SQLTransientException) {
                sawTransientType = true;
            }
            if (c instanceof SQLException) {
                String state = ((SQLException) c).getSQLState();
                if (state != null) {
                    if (state.startsWith("08") || TRANSIENT.contains(state)) {
                        return true;
                    }
                    sawState = true;
                }
            }
        }
        return !sawState && sawTransientType;
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
