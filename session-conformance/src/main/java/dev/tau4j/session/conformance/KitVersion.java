package dev.tau4j.session.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The kit's own version, from the Maven-filtered {@code kit.properties}; "unknown" when not filtered. */
final class KitVersion {

    private KitVersion() {
    }

    static String get() {
        Properties properties = new Properties();
        try (InputStream in = KitVersion.class.getResourceAsStream("kit.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        String version = properties.getProperty("kit.version", "").strip();
        return version.isEmpty() || version.startsWith("${") ? "unknown" : version;
    }
}
