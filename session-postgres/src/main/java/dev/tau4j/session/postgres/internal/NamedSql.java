package dev.tau4j.session.postgres.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A statement written with named parameters ({@code :path}), turned once into the text the driver prepares
 * ({@code ?} placeholders) and the names in order. Run over plain JDBC with every value bound by name: the
 * text never changes between calls, so pgjdbc reuses one server-side prepared statement per text and
 * connection, and nothing is rendered per call. A parameter's SQL type follows from its name.
 *
 * @param sql   the text with {@code ?} placeholders
 * @param names the parameter names, one per placeholder, in order
 */
public record NamedSql(String sql, List<String> names) {

    /** A name after a colon that is not part of a {@code ::} cast. */
    private static final Pattern PARAMETER = Pattern.compile("(?<![:\\w]):([a-z][a-z_]*)");

    /** Reads the rows of a result. */
    @FunctionalInterface
    public interface Rows<T> {
        T read(ResultSet rows) throws SQLException;
    }

    public NamedSql {
        names = List.copyOf(names);
        names.forEach(NamedSql::type); // an unknown name fails here, when the statement is built
    }

    /** The statement written as {@code named}; each parameter's type must be known (see {@link #type}). */
    public static NamedSql of(String named) {
        List<String> names = new ArrayList<>();
        Matcher m = PARAMETER.matcher(named);
        StringBuilder sql = new StringBuilder();
        while (m.find()) {
            names.add(m.group(1));
            m.appendReplacement(sql, "?");
        }
        m.appendTail(sql);
        return new NamedSql(sql.toString(), names);
    }

    /**
     * Runs the statement on {@code connection} with each parameter bound to {@code values} of its name
     * ({@code null} is SQL NULL), and reads its rows.
     */
    public <T> T query(Connection connection, Function<String, Object> values, Rows<T> rows) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                Object value = values.apply(name);
                int type = type(name);
                if (value == null) {
                    statement.setNull(i + 1, type);
                } else if (type == Types.ARRAY) {
                    statement.setObject(i + 1, value); // a String[]: the driver sends it as one text[]
                } else {
                    statement.setObject(i + 1, value, type);
                }
            }
            try (ResultSet rs = statement.executeQuery()) {
                return rows.read(rs);
            }
        }
    }

    /**
     * Runs the statement with each parameter bound to its value in {@code values}, which must name every
     * parameter (a map holds no nulls: bind SQL NULL through {@link #query(Connection, Function, Rows)}).
     *
     * @throws IllegalArgumentException when a parameter has no value, before anything is sent
     */
    public <T> T query(Connection connection, Map<String, ?> values, Rows<T> rows) throws SQLException {
        for (String name : names) {
            if (!values.containsKey(name)) {
                throw new IllegalArgumentException("no value for :" + name + " in " + values.keySet());
            }
        }
        return query(connection, (Function<String, Object>) values::get, rows);
    }

    /** The SQL type of a parameter, by its name. */
    static int type(String name) {
        return switch (name) {
            case "path", "key", "fingerprint", "puts", "message" -> Types.VARCHAR;
            case "n", "parent", "expected", "input", "output", "total", "after", "id", "head", "first", "last", "max"
                    -> Types.BIGINT;
            case "count", "put_count", "limit" -> Types.INTEGER;
            case "cost" -> Types.NUMERIC;
            case "messages", "removals" -> Types.ARRAY;
            default -> throw new IllegalArgumentException("unknown parameter :" + name);
        };
    }
}
