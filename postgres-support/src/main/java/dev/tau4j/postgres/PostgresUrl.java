package dev.tau4j.postgres;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Where a PostgreSQL database lives and how to log in, parsed from either URL form people paste:
 * <ul>
 *   <li>JDBC, parsed by pgjdbc's own {@code Driver.parseURL}:
 *       {@code jdbc:postgresql://host[:port][,host2[:port2]...]/db?user=..&password=..&sslmode=..}
 *       (also {@code jdbc:postgresql:db}, meaning {@code localhost:5432});</li>
 *   <li>libpq: {@code postgres://user:pass@host:port[,host2:port2...]/db?sslmode=disable} or
 *       {@code postgresql://...}; a host that is a directory is a Unix-domain socket
 *       ({@code postgres://user@%2Fvar%2Frun%2Fpostgresql/db} or {@code postgres:///db?host=/var/run/postgresql}).</li>
 * </ul>
 * Several hosts are tried in order by pgjdbc (with {@code targetServerType} and friends as
 * parameters). Credentials are percent-decoded, a port defaults to 5432, IPv6 hosts are written
 * {@code [::1]}, a missing database name defaults to the user name (as libpq does), and every other
 * query parameter (e.g. {@code sslmode}) is kept.
 *
 * <p>A Unix-domain socket is reached through junixsocket's socket factory for pgjdbc
 * ({@code com.kohlschutter.junixsocket:junixsocket-core}, an optional dependency the application
 * adds); without it, opening a store on such a URL fails at once with a message saying so.
 *
 * <p>The password is never shown: {@link #toString()} is {@link #masked()}, the password never goes
 * into {@link #jdbcUrl()}, and the message of the {@link IllegalArgumentException} thrown for invalid
 * input never quotes any part of the input. Instances are immutable and thread-safe.
 */
public final class PostgresUrl {

    /** The PostgreSQL default port. */
    public static final int DEFAULT_PORT = 5432;

    private static final String JDBC_PREFIX = "jdbc:postgresql:";
    private static final String MASK = "***";

    /** libpq parameter names that pgjdbc spells differently. */
    private static final Map<String, String> LIBPQ_TO_JDBC = Map.of(
            "connect_timeout", "connectTimeout",
            "application_name", "ApplicationName");

    /** The values of {@code sslmode} that libpq and pgjdbc both know. */
    private static final List<String> SSL_MODES =
            List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    /** pgjdbc's socket factory of junixsocket, used for a Unix-domain socket host. */
    public static final String UNIX_SOCKET_FACTORY = "org.newsclub.net.unix.AFUNIXSocketFactory$FactoryArg";

    private final List<Host> hosts;
    private final String database;
    private final String user;
    private final String password;
    private final Map<String, String> parameters;

    private PostgresUrl(List<Host> hosts, String database, String user, String password,
                        Map<String, String> parameters) {
        this.hosts = List.copyOf(hosts);
        if (this.hosts.size() > 1 && this.hosts.stream().anyMatch(Host::isUnixSocket)) {
            throw new IllegalArgumentException(
                    "PostgreSQL URL: a Unix-domain socket cannot be combined with other hosts");
        }
        this.database = database;
        this.user = user;
        this.password = password;
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        String sslmode = parameters.get("sslmode");
        if (sslmode != null && !SSL_MODES.contains(sslmode)) {
            throw new IllegalArgumentException("PostgreSQL URL: sslmode must be one of " + SSL_MODES);
        }
    }

    /**
     * Builds a URL from its parts.
     *
     * @param host       host name or IP address (IPv6 without brackets), not blank
     * @param port       1..65535
     * @param database   database name, not blank
     * @param user       user name, or {@code null}
     * @param password   password, or {@code null}
     * @param parameters other connection parameters such as {@code sslmode}; not {@code user} or
     *                   {@code password}
     */
    public static PostgresUrl of(String host, int port, String database, String user, String password,
                                 Map<String, String> parameters) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("PostgreSQL URL: the host is missing");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("PostgreSQL URL: the port must be between 1 and 65535");
        }
        if (database == null || database.isBlank()) {
            throw new IllegalArgumentException("PostgreSQL URL: the database name is missing");
        }
        Map<String, String> params = new LinkedHashMap<>();
        if (parameters != null) {
            parameters.forEach((k, v) -> {
                if (k == null || k.isEmpty() || v == null) {
                    throw new IllegalArgumentException("PostgreSQL URL: a parameter has no name or no value");
                }
                if (k.equals("user") || k.equals("password")) {
                    throw new IllegalArgumentException(
                            "PostgreSQL URL: pass user and password as credentials, not as parameters");
                }
                params.put(k, v);
            });
        }
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return new PostgresUrl(List.of(new Host(h, port)), database, emptyToNull(user), password, params);
    }

    /**
     * Parses a JDBC ({@code jdbc:postgresql://...}) or libpq ({@code postgres://...},
     * {@code postgresql://...}) URL.
     *
     * @throws IllegalArgumentException when the text is not a PostgreSQL URL; the message says which
     *                                  part is wrong and never quotes the input
     */
    public static PostgresUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("PostgreSQL URL: the URL is empty");
        }
        String text = url.strip();
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith(JDBC_PREFIX)) {
            return parseJdbc(text);
        }
        if (lower.startsWith("postgres://")) {
            return parseLibpq(text.substring("postgres://".length()));
        }
        if (lower.startsWith("postgresql://")) {
            return parseLibpq(text.substring("postgresql://".length()));
        }
        throw new IllegalArgumentException(
                "PostgreSQL URL: expected jdbc:postgresql://, postgres:// or postgresql:// at the start");
    }

    private static PostgresUrl parseJdbc(String text) {
        String rest = text.substring(JDBC_PREFIX.length());
        if (rest.startsWith("//")) {
            int end = firstIndexOf(rest.substring(2), '/', '?');
            String authority = end < 0 ? rest.substring(2) : rest.substring(2, 2 + end);
            if (authority.contains("@")) {
                throw new IllegalArgumentException(
                        "PostgreSQL URL: a JDBC URL takes credentials as ?user=...&password=..., not user@host");
            }
        }
        int q = rest.indexOf('?');
        if (q >= 0) {
            parseQuery(rest.substring(q + 1), true); // strict percent-decoding: pgjdbc would accept bad UTF-8
        }
        Properties parsed = org.postgresql.Driver.parseURL(JDBC_PREFIX + rest, new Properties());
        if (parsed == null) {
            throw new IllegalArgumentException("PostgreSQL URL: pgjdbc cannot parse this JDBC URL "
                    + "(check the hosts, the ports (1..65535) and the percent-encoding)");
        }
        Map<String, String> params = new LinkedHashMap<>();
        parsed.stringPropertyNames().stream().sorted().forEach(name -> params.put(name, parsed.getProperty(name)));
        String hostList = params.remove("PGHOST");
        String portList = params.remove("PGPORT");
        String database = params.remove("PGDBNAME");
        String user = params.remove("user");
        String password = params.remove("password");
        String[] names = hostList == null || hostList.isEmpty() ? new String[] {""} : hostList.split(",", -1);
        String[] ports = portList == null ? new String[0] : portList.split(",", -1);
        List<Host> hosts = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            String name = names[i].startsWith("[") && names[i].endsWith("]")
                    ? names[i].substring(1, names[i].length() - 1) : names[i];
            hosts.add(host(name, i < ports.length ? ports[i] : null));
        }
        return create(hosts, database == null ? "" : database, user, password, params);
    }

    private static PostgresUrl parseLibpq(String rest) {
        int end = firstIndexOf(rest, '/', '?');
        String authority = end < 0 ? rest : rest.substring(0, end);
        String tail = end < 0 ? "" : rest.substring(end);
        String user = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            if (colon >= 0) {
                user = percentDecode(userInfo.substring(0, colon), false, "user");
                password = percentDecode(userInfo.substring(colon + 1), false, "password");
            } else {
                user = percentDecode(userInfo, false, "user");
            }
        }
        String dbPart = "";
        String query = null;
        if (tail.startsWith("/")) {
            int q = tail.indexOf('?');
            dbPart = q < 0 ? tail.substring(1) : tail.substring(1, q);
            query = q < 0 ? null : tail.substring(q + 1);
        } else if (tail.startsWith("?")) {
            query = tail.substring(1);
        }
        Map<String, String> params = parseQuery(query, false);
        // libpq also accepts the connection parts as query parameters; the URI parts win.
        String qUser = params.remove("user");
        String qPassword = params.remove("password");
        String qHost = params.remove("host");
        String qPort = params.remove("port");
        String qDb = params.remove("dbname");
        if (user == null || user.isEmpty()) {
            user = qUser;
        }
        if (password == null) {
            password = qPassword;
        }
        if (authority.isEmpty() && qHost != null) {
            authority = hostsFromQuery(qHost, qPort);
        } else if (qPort != null && !authority.isEmpty() && !authority.contains(",") && !hasPort(authority)) {
            authority = authority + ":" + qPort;
        }
        if (dbPart.isEmpty() && qDb != null) {
            dbPart = encodePathSegment(qDb);
        }
        if (dbPart.contains("/")) {
            throw new IllegalArgumentException("PostgreSQL URL: the database name contains '/'");
        }
        String database = percentDecode(dbPart, false, "database name");
        List<Host> hosts = new ArrayList<>();
        for (String hostPort : authority.split(",", -1)) {
            hosts.add(libpqHost(hostPort));
        }
        return create(hosts, database, user, password, params);
    }

    private static boolean hasPort(String authority) {
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            return close >= 0 && close + 1 < authority.length() && authority.charAt(close + 1) == ':';
        }
        return authority.indexOf(':') >= 0;
    }

    /** libpq's {@code host=h1,h2&port=p1,p2} as an authority {@code h1:p1,h2:p2}, each host percent-encoded. */
    private static String hostsFromQuery(String qHost, String qPort) {
        String[] names = qHost.split(",", -1);
        String[] ports = qPort == null ? new String[0] : qPort.split(",", -1);
        StringBuilder authority = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            String name = names[i];
            authority.append(i == 0 ? "" : ",")
                    .append(name.contains(":") ? "[" + name + "]" : encode(name));
            String port = i < ports.length ? ports[i] : ports.length == 1 ? ports[0] : null;
            if (port != null && !port.isEmpty()) {
                authority.append(':').append(port);
            }
        }
        return authority.toString();
    }

    /** One {@code host[:port]} of a libpq authority; the host may be a percent-encoded socket directory. */
    private static Host libpqHost(String hostPort) {
        String name;
        String portText = null;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("PostgreSQL URL: an IPv6 host lacks its closing ']'");
            }
            name = hostPort.substring(1, close);
            String after = hostPort.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw new IllegalArgumentException("PostgreSQL URL: unexpected text after the IPv6 host");
                }
                portText = after.substring(1);
            }
        } else {
            int colon = hostPort.indexOf(':');
            name = colon < 0 ? hostPort : hostPort.substring(0, colon);
            portText = colon < 0 ? null : hostPort.substring(colon + 1);
        }
        return host(percentDecode(name, false, "host"), portText);
    }

    /** A checked host: a name, an IP address or (starting with '/') a socket directory; an empty name is localhost. */
    private static Host host(String name, String portText) {
        if (name.isEmpty()) {
            name = "localhost";
        }
        boolean valid = name.startsWith("/")
                ? name.chars().noneMatch(Character::isISOControl)
                : name.matches("[A-Za-z0-9._:%-]+");
        if (!valid) {
            throw new IllegalArgumentException("PostgreSQL URL: the host contains characters a host name cannot have");
        }
        int port = DEFAULT_PORT;
        if (portText != null && !portText.isEmpty()) {
            if (!portText.matches("[0-9]{1,5}")) {
                throw new IllegalArgumentException("PostgreSQL URL: the port is not a number");
            }
            port = Integer.parseInt(portText);
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("PostgreSQL URL: the port must be between 1 and 65535");
            }
        }
        return new Host(name, port);
    }

    private static PostgresUrl create(List<Host> hosts, String database, String user, String password,
                                      Map<String, String> params) {
        if (database.isEmpty()) {
            if (user == null || user.isEmpty()) {
                throw new IllegalArgumentException("PostgreSQL URL: the database name is missing");
            }
            database = user;
        }
        return new PostgresUrl(hosts, database, emptyToNull(user), password, params);
    }

    private static Map<String, String> parseQuery(String query, boolean plusIsSpace) {
        Map<String, String> params = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return params;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String rawName = eq < 0 ? pair : pair.substring(0, eq);
            String name = percentDecode(rawName, plusIsSpace, "parameter name");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("PostgreSQL URL: a query parameter has no name");
            }
            String what = isSecretParameter(name) ? "password"
                    : "parameter " + (name.matches("[A-Za-z0-9_.-]{1,64}") ? name : "value");
            String value = eq < 0 ? "" : percentDecode(pair.substring(eq + 1), plusIsSpace, what);
            params.put(name, value);
        }
        return params;
    }

    /** Percent-decodes UTF-8; on failure the message names the part, never its text. */
    private static String percentDecode(String s, boolean plusIsSpace, String what) {
        if (s.indexOf('%') < 0 && !(plusIsSpace && s.indexOf('+') >= 0)) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || Character.digit(s.charAt(i + 1), 16) < 0
                        || Character.digit(s.charAt(i + 2), 16) < 0) {
                    throw new IllegalArgumentException(
                            "PostgreSQL URL: invalid percent-encoding in the " + what);
                }
                out.write(Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16));
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                out.write(' ');
            } else {
                byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                    bytes = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                out.write(bytes, 0, bytes.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("PostgreSQL URL: the " + what + " is not valid UTF-8 once decoded");
        }
    }

    private static int firstIndexOf(String s, char a, char b) {
        int ia = s.indexOf(a);
        int ib = s.indexOf(b);
        if (ia < 0) {
            return ib;
        }
        if (ib < 0) {
            return ia;
        }
        return Math.min(ia, ib);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String encodePathSegment(String s) {
        return encode(s);
    }

    /**
     * One server to try: a host name, an IP address (IPv6 without brackets) or, when it starts with
     * {@code /}, the directory of a Unix-domain socket; and its port.
     *
     * @param name the host name, IP address or socket directory
     * @param port 1..65535
     */
    public record Host(String name, int port) {

        /**
         * Whether this host is a Unix-domain socket directory.
         *
         * @return {@code true} when the name starts with {@code /}
         */
        public boolean isUnixSocket() {
            return name.startsWith("/");
        }

        /** The socket file in the directory, as libpq names it: {@code <dir>/.s.PGSQL.<port>}. */
        String socketFile() {
            return (name.endsWith("/") ? name : name + "/") + ".s.PGSQL." + port;
        }

        String forUrl(boolean libpq) {
            if (isUnixSocket()) {
                return libpq ? encode(name) + ":" + port : "localhost:" + port;
            }
            return (name.indexOf(':') >= 0 ? "[" + name + "]" : name) + ":" + port;
        }
    }

    /**
     * The servers to try, in order (at least one).
     *
     * @return an unmodifiable list
     */
    public List<Host> hosts() {
        return hosts;
    }

    /** The first host's name or IP address; an IPv6 address is returned without brackets. */
    public String host() {
        return hosts.get(0).name();
    }

    /** The first host's port, {@value #DEFAULT_PORT} unless the URL said otherwise. */
    public int port() {
        return hosts.get(0).port();
    }

    /**
     * Whether the database is reached through a Unix-domain socket.
     *
     * @return {@code true} when the (only) host is a socket directory
     */
    public boolean isUnixSocket() {
        return hosts.get(0).isUnixSocket();
    }

    /** Database name. */
    public String database() {
        return database;
    }

    /** User name, or {@code null} when the URL has none. */
    public String user() {
        return user;
    }

    /** Password, or {@code null} when the URL has none. Never logged by this class. */
    public String password() {
        return password;
    }

    /** The other connection parameters (e.g. {@code sslmode}), in URL order; unmodifiable. */
    public Map<String, String> parameters() {
        return parameters;
    }

    /** A copy of this URL pointing at another database on the same server. */
    public PostgresUrl withDatabase(String database) {
        if (database == null || database.isBlank()) {
            throw new IllegalArgumentException("PostgreSQL URL: the database name is missing");
        }
        return new PostgresUrl(hosts, database, user, password, parameters);
    }

    /**
     * A copy of this URL with another password (for a password kept out of the URL, e.g. read from an
     * environment variable or a file).
     *
     * @param password the password, or {@code null} for none
     * @return the copy
     */
    public PostgresUrl withPassword(String password) {
        return new PostgresUrl(hosts, database, user, password, parameters);
    }

    /**
     * The JDBC URL, {@code jdbc:postgresql://host:port[,host2:port2...]/db?params}, WITHOUT user and
     * password: pass those separately (e.g. to {@code DriverManager.getConnection(url, user, password)}).
     * libpq parameter names pgjdbc spells differently ({@code connect_timeout},
     * {@code application_name}) are translated. A Unix-domain socket becomes pgjdbc's
     * {@code socketFactory} = {@value #UNIX_SOCKET_FACTORY} with the socket file as its argument.
     */
    public String jdbcUrl() {
        return jdbcUrl(Secrets.KEEP);
    }

    /**
     * {@link #jdbcUrl()} without the {@linkplain #isSecretParameter secret parameters}.
     *
     * @return the JDBC URL with no secret in it
     */
    public String jdbcUrlWithoutSecrets() {
        return jdbcUrl(Secrets.OMIT);
    }

    private String jdbcUrl(Secrets secrets) {
        StringBuilder sb = new StringBuilder("jdbc:postgresql://").append(hostList(false))
                .append('/').append(encodePathSegment(database));
        char sep = appendQuery(sb, true, secrets);
        if (isUnixSocket()) {
            sb.append(sep).append("socketFactory=").append(encode(UNIX_SOCKET_FACTORY))
                    .append("&socketFactoryArg=").append(encode(hosts.get(0).socketFile()));
        }
        return sb.toString();
    }

    /** Whether a connection parameter holds a secret: its name contains "password" (e.g. {@code sslpassword}). */
    public static boolean isSecretParameter(String name) {
        return name.toLowerCase(Locale.ROOT).contains("password");
    }

    /**
     * The URL in libpq form with the password replaced by {@code ***}, and the value of any
     * parameter whose name contains "password" masked too: safe to log or print.
     */
    public String masked() {
        StringBuilder sb = new StringBuilder("postgres://");
        if (user != null) {
            sb.append(encode(user));
        }
        if (password != null) {
            sb.append(':').append(MASK);
        }
        if (user != null || password != null) {
            sb.append('@');
        }
        sb.append(hostList(true)).append('/').append(encodePathSegment(database));
        appendQuery(sb, false, Secrets.MASK);
        return sb.toString();
    }

    /** What a rendered URL does with the value of a secret parameter. */
    private enum Secrets { KEEP, MASK, OMIT }

    private String hostList(boolean libpq) {
        StringBuilder sb = new StringBuilder();
        for (Host h : hosts) {
            sb.append(sb.length() == 0 ? "" : ",").append(h.forUrl(libpq));
        }
        return sb.toString();
    }

    /** Appends the parameters; returns the separator for a next one. */
    private char appendQuery(StringBuilder sb, boolean jdbcNames, Secrets secrets) {
        char sep = '?';
        for (Map.Entry<String, String> e : parameters.entrySet()) {
            boolean secret = isSecretParameter(e.getKey());
            if (secret && secrets == Secrets.OMIT) {
                continue;
            }
            String name = jdbcNames ? LIBPQ_TO_JDBC.getOrDefault(e.getKey(), e.getKey()) : e.getKey();
            String value = secret && secrets == Secrets.MASK ? MASK : encode(e.getValue());
            sb.append(sep).append(encode(name)).append('=').append(value);
            sep = '&';
        }
        return sep;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof PostgresUrl)) {
            return false;
        }
        PostgresUrl other = (PostgresUrl) o;
        return hosts.equals(other.hosts) && database.equals(other.database)
                && Objects.equals(user, other.user) && Objects.equals(password, other.password)
                && parameters.equals(other.parameters);
    }

    @Override
    public int hashCode() {
        return Objects.hash(hosts, database, user, password, parameters);
    }

    /** Same as {@link #masked()}: the password never appears. */
    @Override
    public String toString() {
        return masked();
    }
}
