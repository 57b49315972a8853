package dev.tau4j.session.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tau4j.postgres.PostgresTimeouts;
import dev.tau4j.postgres.PostgresUrl;
import dev.tau4j.postgres.internal.PostgresDataSources;
import dev.tau4j.session.Append;
import dev.tau4j.session.Message;
import dev.tau4j.testing.PostgresTest;
import dev.tau4j.testing.TestPostgres;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** URLs that pgjdbc and libpq accept and tau4j used to refuse, against a real server. */
@PostgresTest
@DisplayName("PostgreSQL URLs on a real server")
class PostgresUrlOnPostgresTest {

    @Test
    @DisplayName("several hosts: the first refuses connections, the store opens on the second")
    void severalHosts(TestPostgres postgres) throws Exception {
        PostgresUrl server = postgres.url();
        String host = server.host().contains(":") ? "[" + server.host() + "]" : server.host();
        String jdbc = "jdbc:postgresql://127.0.0.1:1," + host + ":" + server.port() + "/"
                + encode(server.database()) + "?user=" + encode(server.user())
                + (server.password() == null ? "" : "&password=" + encode(server.password()));
        PostgresUrl twoHosts = PostgresUrl.parse(jdbc);
        assertThat(twoHosts.hosts()).hasSize(2);
        try (PostgresSessionStore store = PostgresSessionStore.builder().url(twoHosts).schema(postgres.newSchema())
                .timeouts(PostgresTimeouts.FAIL_FAST).poolSize(1).build()) {
            assertThat(store.append(Append.to("hosts/second").message(Message.user("hi")).build())).hasSize(1);
        }
    }

    @Test
    @DisplayName("a Unix-domain socket host (libpq form) reaches the same server through junixsocket")
    void unixSocket(TestPostgres postgres) throws Exception {
        // The embedded server of the default provider listens on a local socket; a database given by URL
        // may live on another machine, where its socket directory is not ours to reach.
        Assumptions.assumeFalse(postgres.database().givenByUrl(),
                "a database given by URL may be on another machine: its Unix socket is not reachable from here");
        String directory;
        int port;
        try (Connection c = postgres.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select current_setting('unix_socket_directories'), current_setting('port')")) {
            r.next();
            directory = r.getString(1).split(",")[0].trim();
            port = Integer.parseInt(r.getString(2));
        }
        assertThat(directory).as("socket directory of the embedded server").isNotEmpty();
        assertThat(Files.exists(Path.of(directory, ".s.PGSQL." + port))).isTrue();
        PostgresUrl server = postgres.url();
        String libpq = "postgres://" + encode(server.user())
                + (server.password() == null ? "" : ":" + encode(server.password())) + "@"
                + encode(directory) + ":" + port + "/" + encode(server.database());
        PostgresUrl socket = PostgresUrl.parse(libpq);
        assertThat(socket.isUnixSocket()).isTrue();
        try (Connection c = PostgresDataSources.unpooled(socket, PostgresTimeouts.FAIL_FAST, Duration.ofSeconds(5))
                .getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select inet_server_addr() is null")) {
            r.next();
            assertThat(r.getBoolean(1)).as("the connection came through the socket, not TCP").isTrue();
        }
        try (PostgresSessionStore store = PostgresSessionStore.builder().url(socket).schema(postgres.newSchema())
                .timeouts(PostgresTimeouts.FAIL_FAST).poolSize(1).build()) {
            assertThat(store.append(Append.to("socket/chat").message(Message.user("hi")).build())).hasSize(1);
            assertThat(store.head(dev.tau4j.session.SessionPath.of("socket/chat"))).isPresent();
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
