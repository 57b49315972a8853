package dev.tau4j.cases.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tau4j.cases.CaseStoreUnavailableException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A PostgreSQL repository whose database is down (nothing listens on its port): fast, honest failures. */
class DatabaseDownTest {

    private static String downUrl() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        return "postgres://tau:secret@127.0.0.1:" + port + "/cases?sslmode=disable";
    }

    @Test
    @DisplayName("build() against a down database fails at once as transient, with the driver's reason and no password")
    void buildFails() throws Exception {
        long start = System.nanoTime();
        assertThatThrownBy(() -> PostgresCaseRepository.builder().url(downUrl()).poolSize(1).build())
                .isInstanceOf(CaseStoreUnavailableException.class)
                .hasMessageContaining("refused")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
    }
}
