package dev.tau4j.session;

import java.util.Objects;

/** Where the bytes of an image or audio block come from: a URL, or inline base64 data. */
public sealed interface MediaSource {

    /** A source fetched from a URL. */
    record Url(String url) implements MediaSource {
        public Url {
            Objects.requireNonNull(url, "url");
        }
    }

    /** Inline data, base64-encoded, with its MIME type. */
    record Base64(String mimeType, String data) implements MediaSource {
        public Base64 {
            Objects.requireNonNull(mimeType, "mimeType");
            Objects.requireNonNull(data, "data");
        }
    }

    static MediaSource url(String url) {
        return new Url(url);
    }

    static MediaSource base64(String mimeType, String data) {
        return new Base64(mimeType, data);
    }
}
