package dev.tau4j.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The PostgreSQL provider chain")
class PostgresProvisionerTest {

    @Test
    @DisplayName("tries the environment URL, then Testcontainers, then embedded binaries")
    void standardOrder() {
        PostgresSettings settings = PostgresSettings.resolve(Map.of(), Map.of(PostgresSettings.MAJOR_PROPERTY, "15"));
        assertThat(PostgresProvisioner.standard(settings).providers()).extracting(PostgresProvider::name)
                .containsExactly("environment-url", "testcontainers", "embedded");
    }

    @Test
    @DisplayName("fails naming every provider and why, when none can start")
    void nothingCanStart() {
        FakeProvider env = FakeProvider.unavailable("environment-url", "no URL given");
        FakeProvider docker = FakeProvider.unavailable("testcontainers", "no Docker engine");
        FakeProvider embedded = FakeProvider.failingToStart("embedded", "initdb: could not run");

        assertThatThrownBy(() -> new PostgresProvisioner(List.of(env, docker, embedded)).provision())
                .isInstanceOfSatisfying(ProvisioningException.class, e -> {
                    assertThat(e.attempts()).extracting(ProviderAttempt::outcome).containsExactly(
                            ProviderAttempt.Outcome.NOT_AVAILABLE, ProviderAttempt.Outcome.NOT_AVAILABLE,
                            ProviderAttempt.Outcome.FAILED);
                    assertThat(e.getMessage())
                            .contains("No PostgreSQL could be provisioned.")
                            .contains("1. environment-url: not available: no URL given")
                            .contains("2. testcontainers: not available: no Docker engine")
                            .contains("3. embedded: failed: initdb: could not run");
                });
    }

    @Test
    @DisplayName("moves on from a non-explicit provider whose database never became ready, and tears it down")
    void fallsThroughAfterAFailedStart() {
        FakeProvider docker = FakeProvider.neverReady("testcontainers", false);
        FakeProvider embedded = FakeProvider.unavailable("embedded", "no binaries");

        assertThatThrownBy(() -> new PostgresProvisioner(List.of(docker, embedded)).provision())
                .isInstanceOfSatisfying(ProvisioningException.class, e -> assertThat(e.attempts())
                        .extracting(ProviderAttempt::provider).containsExactly("testcontainers", "embedded"));
        assertThat(docker.stops.get()).isEqualTo(1);
    }

    @Test
    @DisplayName("never falls back when an explicitly given database cannot be used")
    void explicitNeverFallsBack() {
        FakeProvider given = FakeProvider.neverReady("environment-url", true);
        FakeProvider embedded = FakeProvider.failingToStart("embedded", "must not be tried");

        assertThatThrownBy(() -> new PostgresProvisioner(List.of(given, embedded)).provision())
                .isInstanceOfSatisfying(ProvisioningException.class, e -> {
                    assertThat(e.attempts()).hasSize(1);
                    assertThat(e.getMessage()).contains("never replaced by another one")
                            .doesNotContain("fake-provider-password");
                });
        assertThat(embedded.starts.get()).isZero();
    }

    @Test
    @DisplayName("fails fast on an unreachable URL from the environment, without falling back or showing the password")
    void unreachableUrl() {
        String password = "unreachable-url-password";
        Map<String, String> env = Map.of(PostgresSettings.URL_VARIABLE,
                "postgres://nobody:" + password + "@127.0.0.1:1/none?sslmode=disable");
        PostgresSettings settings = new PostgresSettings(15, PostgresSettings.EnvironmentUrl.from(env),
                Path.of("target/no-binaries-here"), Duration.ofSeconds(60),
                Duration.ofSeconds(2));
        long start = System.nanoTime();

        assertThatThrownBy(() -> PostgresProvisioner.standard(settings).provision())
                .isInstanceOfSatisfying(ProvisioningException.class, e -> {
                    assertThat(e.attempts()).singleElement().satisfies(a -> {
                        assertThat(a.provider()).isEqualTo("environment-url");
                        assertThat(a.outcome()).isEqualTo(ProviderAttempt.Outcome.FAILED);
                        assertThat(a.detail()).contains("postgres://nobody:***@127.0.0.1:1/none")
                                .contains("did not answer select version() within 2 s");
                    });
                    assertThat(e.getMessage()).doesNotContain(password);
                });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    @DisplayName("fails on an unparsable URL from the environment without quoting it")
    void unparsableUrl() {
        Map<String, String> env = Map.of(PostgresSettings.TAU_DSN_VARIABLE, "mysql://root:hunter2@db/x");
        PostgresSettings settings = new PostgresSettings(18, PostgresSettings.EnvironmentUrl.from(env),
                Path.of("target/no-binaries-here"), Duration.ofSeconds(60),
                Duration.ofSeconds(2));

        assertThatThrownBy(() -> PostgresProvisioner.standard(settings).provision())
                .isInstanceOfSatisfying(ProvisioningException.class, e -> {
                    assertThat(e.getMessage()).contains(PostgresSettings.TAU_DSN_VARIABLE + " is set but is not a usable"
                            + " PostgreSQL URL").doesNotContain("hunter2");
                    assertThat(e.attempts()).hasSize(1);
                });
    }

    @Test
    @DisplayName("reports a missing Docker engine as not available, never as a silent skip")
    void noDocker() {
        PostgresSettings settings = PostgresSettings.resolve(Map.of(), Map.of());
        Optional<String> reason = PostgresProvisioner.standard(settings).providers().get(1).unavailableReason();
        // No Docker engine runs on the build machines; where one does, the provider is simply available.
        reason.ifPresent(r -> assertThat(r).startsWith("no Docker engine"));
    }
}
