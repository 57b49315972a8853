package dev.tau4j.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PostgresUrlTest {

    @Nested
    @DisplayName("JDBC form")
    class Jdbc {

        @Test
        @DisplayName("host, port, database, credentials and extra parameters")
        void full() {
            PostgresUrl url = PostgresUrl.parse(
                    "jdbc:postgresql://db.example.com:6543/tau?user=alice&password=s%40cr%3Dt&sslmode=require");
            assertThat(url.host()).isEqualTo("db.example.com");
            assertThat(url.port()).isEqualTo(6543);
            assertThat(url.database()).isEqualTo("tau");
            assertThat(url.user()).isEqualTo("alice");
            assertThat(url.password()).isEqualTo("s@cr=t");
            assertThat(url.parameters()).containsExactly(Map.entry("sslmode", "require"));
            assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:6543/tau?sslmode=require");
        }

        @Test
        @DisplayName("default port 5432 and no credentials")
        void defaults() {
            PostgresUrl url = PostgresUrl.parse("jdbc:postgresql://localhost/app");
            assertThat(url.port()).isEqualTo(5432);
            assertThat(url.user()).isNull();
            assertThat(url.password()).isNull();
            assertThat(url.parameters()).isEmpty();
            assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/app");
        }

        @Test
        @DisplayName("short form jdbc:postgresql:db means localhost")
        void shortForm() {
            PostgresUrl url = PostgresUrl.parse("jdbc:postgresql:app?user=bob");
            assertThat(url.host()).isEqualTo("localhost");
            assertThat(url.database()).isEqualTo("app");
            assertThat(url.user()).isEqualTo("bob");
        }

        @Test
        @DisplayName("IPv6 host")
        void ipv6() {
            PostgresUrl url = PostgresUrl.parse("jdbc:postgresql://[::1]:5433/app");
            assertThat(url.host()).isEqualTo("::1");
            assertThat(url.port()).isEqualTo(5433);
            assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5433/app");
        }
    }

    @Nested
    @DisplayName("libpq form")
    class Libpq {

        @ParameterizedTest
        @ValueSource(strings = {"postgres://", "postgresql://", "POSTGRES://"})
        @DisplayName("both schemes, credentials percent-decoded, sslmode kept")
        void full(String scheme) {
            PostgresUrl url = PostgresUrl.parse(scheme + "us%65r:p%40ss%3Aw%2Fd+x@pg.internal:5555/prod?sslmode=disable");
            assertThat(url.host()).isEqualTo("pg.internal");
            assertThat(url.port()).isEqualTo(5555);
            assertThat(url.database()).isEqualTo("prod");
            assertThat(url.user()).isEqualTo("user");
            assertThat(url.password()).isEqualTo("p@ss:w/d+x");
            assertThat(url.parameters()).containsExactly(Map.entry("sslmode", "disable"));
            assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://pg.internal:5555/prod?sslmode=disable");
        }

        @Test
        @DisplayName("default port, IPv6 host, user without password")
        void ipv6() {
            PostgresUrl url = PostgresUrl.parse("postgres://tau@[::1]/db");
            assertThat(url.host()).isEqualTo("::1");
            assertThat(url.port()).isEqualTo(5432);
            assertThat(url.user()).isEqualTo("tau");
            assertThat(url.password()).isNull();
            assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5432/db");
        }

        @Test
        @DisplayName("a password holding an unencoded '@' is split at the last '@'")
        void rawAt() {
            PostgresUrl url = PostgresUrl.parse("postgres://u:a@b@host/db");
            assertThat(url.password()).isEqualTo("a@b");
            assertThat(url.host()).isEqualTo("host");
        }

        @Test
        @DisplayName("missing database defaults to the user name, as in libpq")
        void databaseDefaultsToUser() {
            assertThat(PostgresUrl.parse("postgres://tau:pw@host").database()).isEqualTo("tau");
        }

        @Test
        @DisplayName("UTF-8 credentials and libpq parameter names translated for JDBC")
        void utf8AndTranslation() {
            PostgresUrl url = PostgresUrl.parse(
                    "postgresql://%C3%A9l%C3%A8ve:mot%20d%C3%A9@h/db?connect_timeout=5&application_name=x");
            assertThat(url.user()).isEqualTo("élève");
            assertThat(url.password()).isEqualTo("mot dé");
            assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/db?connectTimeout=5&ApplicationName=x");
        }

        @Test
        @DisplayName("both forms describe the same database")
        void sameAsJdbc() {
            assertThat(PostgresUrl.parse("postgres://u:p@h:1234/d?sslmode=require"))
                    .isEqualTo(PostgresUrl.parse("jdbc:postgresql://h:1234/d?user=u&password=p&sslmode=require"));
        }
    }

    @Test
    @DisplayName("withDatabase changes only the database")
    void withDatabase() {
        PostgresUrl url = PostgresUrl.parse("postgres://u:p@h:1234/d?sslmode=require").withDatabase("other");
        assertThat(url.database()).isEqualTo("other");
        assertThat(url.password()).isEqualTo("p");
        assertThat(url.parameters()).containsEntry("sslmode", "require");
        assertThatThrownBy(() -> url.withDatabase(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("withPassword changes only the password, keeps every host, and never shows it")
    void withPassword() {
        PostgresUrl url = PostgresUrl.parse("postgres://u@h1:1234,h2:5678/d?sslmode=require").withPassword("pw-from-file");
        assertThat(url.password()).isEqualTo("pw-from-file");
        assertThat(url.user()).isEqualTo("u");
        assertThat(url.hosts()).hasSize(2);
        assertThat(url.parameters()).containsEntry("sslmode", "require");
        assertThat(url.masked() + url + url.jdbcUrl()).doesNotContain("pw-from-file");
        assertThat(url.withPassword(null).password()).isNull();
    }

    @Nested
    @DisplayName("the password never shows")
    class Masking {

        private static final String SECRET = "Sup3rS3cret";

        @Test
        @DisplayName("masked() and toString() replace the password with ***")
        void masked() {
            PostgresUrl url = PostgresUrl.parse("postgres://tau:" + SECRET + "@db.example.com/app?sslmode=require");
            assertThat(url.masked()).isEqualTo("postgres://tau:***@db.example.com:5432/app?sslmode=require");
            assertThat(url.toString()).isEqualTo(url.masked()).doesNotContain(SECRET);
            assertThat(url.jdbcUrl()).doesNotContain(SECRET);
        }

        @Test
        @DisplayName("JDBC form: password parameter masked too, as are *password* parameters")
        void maskedJdbc() {
            PostgresUrl url = PostgresUrl.parse("jdbc:postgresql://h/app?user=tau&password=" + SECRET
                    + "&sslpassword=" + SECRET + "x");
            assertThat(url.masked()).isEqualTo("postgres://tau:***@h:5432/app?sslpassword=***");
            assertThat(url.toString()).doesNotContain(SECRET);
        }

        @Test
        @DisplayName("no user, no password")
        void noCredentials() {
            assertThat(PostgresUrl.parse("jdbc:postgresql://h/app").masked()).isEqualTo("postgres://h:5432/app");
        }

        @ParameterizedTest
        @ValueSource(strings = {
                "postgres://tau:Sup3rS3cret@host:notaport/db",
                "postgres://tau:Sup3rS3cret%zz@host/db",
                "postgres://tau:Sup3r/S3cret@host/db",
                "postgres://tau:Sup3rS3cret@host:99999/db",
                "postgres://tau:Sup3rS3cret@[::1/db",
                "postgres://tau:Sup3rS3cret@%2Ftmp,h2/db",
                "jdbc:postgresql://h1:5432,h2:99999/db?password=Sup3rS3cret",
                "postgres://:Sup3rS3cret@host",
                "jdbc:postgresql://host/db?user=x&password=Sup3rS3cret%",
                "jdbc:postgresql://host/db?password=Sup3rS3cret%C3",
                "jdbc:postgresql://tau:Sup3rS3cret@host/db",
                "mysql://tau:Sup3rS3cret@host/db",
        })
        @DisplayName("invalid URLs are refused without quoting the password")
        void invalid(String text) {
            Throwable thrown = catchThrowable(() -> PostgresUrl.parse(text));
            assertThat(thrown).isInstanceOf(IllegalArgumentException.class);
            assertThat(thrown.getMessage()).startsWith("PostgreSQL URL:").doesNotContain("Sup3r").doesNotContain("S3cret");
        }
    }

    @Nested
    @DisplayName("several hosts")
    class SeveralHosts {

        @Test
        @DisplayName("a JDBC URL with several hosts is parsed by pgjdbc and kept in order")
        void jdbc() {
            PostgresUrl url = PostgresUrl.parse(
                    "jdbc:postgresql://db1:5433,[::1]:5434,db3/app?targetServerType=primary&user=u&password=p%26w");
            assertThat(url.hosts()).containsExactly(new PostgresUrl.Host("db1", 5433),
                    new PostgresUrl.Host("::1", 5434), new PostgresUrl.Host("db3", 5432));
            assertThat(url.password()).isEqualTo("p&w");
            assertThat(url.jdbcUrl())
                    .isEqualTo("jdbc:postgresql://db1:5433,[::1]:5434,db3:5432/app?targetServerType=primary");
            assertThat(url.masked()).isEqualTo("postgres://u:***@db1:5433,[::1]:5434,db3:5432/app?targetServerType=primary");
        }

        @Test
        @DisplayName("a libpq URL with several hosts gives the same JDBC URL")
        void libpq() {
            PostgresUrl url = PostgresUrl.parse("postgresql://u:p@db1:5433,db2/app?target_session_attrs=any");
            assertThat(url.hosts()).extracting(PostgresUrl.Host::name).containsExactly("db1", "db2");
            assertThat(url.hosts()).extracting(PostgresUrl.Host::port).containsExactly(5433, 5432);
            assertThat(url.jdbcUrl()).startsWith("jdbc:postgresql://db1:5433,db2:5432/app");
        }

        @Test
        @DisplayName("libpq's host=h1,h2&port=p1,p2 query form")
        void libpqQueryForm() {
            PostgresUrl url = PostgresUrl.parse("postgres:///app?host=db1,db2&port=6001,6002&user=u");
            assertThat(url.hosts()).containsExactly(new PostgresUrl.Host("db1", 6001), new PostgresUrl.Host("db2", 6002));
        }
    }

    @Nested
    @DisplayName("Unix-domain socket")
    class UnixSocket {

        @ParameterizedTest
        @ValueSource(strings = {
                "postgres://app:secret@%2Fvar%2Frun%2Fpostgresql/agents",
                "postgres:///agents?host=/var/run/postgresql&user=app&password=secret",
                "postgresql://app:secret@%2Fvar%2Frun%2Fpostgresql:5432/agents",
        })
        @DisplayName("a host that is a directory is a socket, reached through junixsocket's factory")
        void socketHost(String text) {
            PostgresUrl url = PostgresUrl.parse(text);
            assertThat(url.isUnixSocket()).isTrue();
            assertThat(url.host()).isEqualTo("/var/run/postgresql");
            assertThat(url.database()).isEqualTo("agents");
            assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/agents?socketFactory="
                    + "org.newsclub.net.unix.AFUNIXSocketFactory%24FactoryArg"
                    + "&socketFactoryArg=%2Fvar%2Frun%2Fpostgresql%2F.s.PGSQL.5432");
            assertThat(url.masked()).isEqualTo("postgres://app:***@%2Fvar%2Frun%2Fpostgresql:5432/agents")
                    .doesNotContain("secret");
            assertThat(PostgresUrl.parse(url.masked()).hosts()).isEqualTo(url.hosts());
        }

        @Test
        @DisplayName("a TCP host is not a socket")
        void tcp() {
            assertThat(PostgresUrl.parse("postgres://u@localhost/db").isUnixSocket()).isFalse();
        }
    }

    @Test
    @DisplayName("empty input is refused")
    void empty() {
        assertThatThrownBy(() -> PostgresUrl.parse(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PostgresUrl.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("an sslmode neither libpq nor pgjdbc knows is refused at parse time, not reported later as transient")
    void unknownSslMode() {
        assertThatThrownBy(() -> PostgresUrl.parse("postgres://u:secret@h/db?sslmode=requir"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sslmode must be one of")
                .hasMessageNotContaining("secret");
        assertThat(PostgresUrl.parse("postgres://u@h/db?sslmode=verify-full").parameters())
                .containsEntry("sslmode", "verify-full");
    }
}
