package dev.tau4j.cases.http.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The OpenAPI 3.0 description of the cases API, shipped in the jar as {@value #RESOURCE}. */
public final class OpenApi {

    /** The classpath resource holding the description. */
    public static final String RESOURCE = "/dev/tau4j/cases/http/openapi.json";

    private static final byte[] BYTES = load();

    private OpenApi() {
    }

    /** The description, UTF-8 JSON (a copy). */
    public static byte[] bytes() {
        return BYTES.clone();
    }

    private static byte[] load() {
        try (InputStream in = OpenApi.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the cases-http jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
