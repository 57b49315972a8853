package dev.tau4j.session.postgres;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jooq.tools.jdbc.MockConnection;
import org.jooq.tools.jdbc.MockDataProvider;
import org.jooq.tools.jdbc.MockResult;

/**
 * A {@link DataSource} with no database behind it: each statement is answered by a script (a jOOQ
 * {@link MockDataProvider}), and the data source records what the store did with its connections:
 * the SQL it sent, commits, rollbacks, and whether every connection was handed back.
 */
final class ScriptedDataSource implements DataSource {

    final List<String> statements = Collections.synchronizedList(new ArrayList<>());
    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final MockDataProvider script;
    private final SQLException connectFailure;
    private int borrowed;
    private int returned;

    private ScriptedDataSource(MockDataProvider script, SQLException connectFailure) {
        this.script = script;
        this.connectFailure = connectFailure;
    }

    /** Answers every statement with {@code script}. */
    static ScriptedDataSource answering(MockDataProvider script) {
        return new ScriptedDataSource(script, null);
    }

    /** Every statement fails with SQLState {@code state}. */
    static ScriptedDataSource failingWith(String state) {
        return answering(ctx -> new MockResult[] {new MockResult(new SQLException("scripted failure", state))});
    }

    /** Connecting fails with {@code failure}. */
    static ScriptedDataSource unreachable(SQLException failure) {
        return new ScriptedDataSource(null, failure);
    }

    /** A data source the test expects never to be used. */
    static ScriptedDataSource untouchable() {
        return answering(ctx -> {
            throw new AssertionError("the store touched the database: " + ctx.sql());
        });
    }

    synchronized int borrowed() {
        return borrowed;
    }

    synchronized boolean allReturned() {
        return borrowed == returned;
    }

    @Override
    public synchronized Connection getConnection() throws SQLException {
        if (connectFailure != null) {
            borrowed++;
            returned++;
            throw connectFailure;
        }
        borrowed++;
        MockConnection target = new MockConnection(ctx -> {
            statements.add(ctx.sql());
            return script.execute(ctx);
        });
        boolean[] autoCommit = {true};
        InvocationHandler handler = (proxy, method, args) -> {
            switch (method.getName()) {
                case "getAutoCommit":
                    return autoCommit[0];
                case "setAutoCommit":
                    autoCommit[0] = (Boolean) args[0];
                    events.add("autoCommit=" + args[0]);
                    return null;
                case "commit":
                    events.add("commit");
                    return null;
                case "rollback":
                    events.add("rollback");
                    return null;
                case "close":
                    synchronized (ScriptedDataSource.this) {
                        returned++;
                    }
                    return null;
                case "getMetaData":
                    throw new SQLFeatureNotSupportedException("no metadata in a scripted connection");
                default:
                    try {
                        return method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
            }
        };
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                handler);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }
}
