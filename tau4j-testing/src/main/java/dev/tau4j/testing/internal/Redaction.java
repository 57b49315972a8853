package dev.tau4j.testing.internal;

import dev.tau4j.postgres.PostgresUrl;

/** Removes a URL's password from text that came from elsewhere (a driver message, a log line). */
public final class Redaction {

    private static final String MASK = "***";

    private Redaction() {
    }

    /** {@code text} with every occurrence of the URL's password replaced by {@code ***}. */
    public static String redact(String text, PostgresUrl url) {
        if (text == null) {
            return "";
        }
        if (url == null || url.password() == null || url.password().isEmpty()) {
            return text;
        }
        return text.replace(url.password(), MASK);
    }

    /** The message of {@code t} (with its type when it has none), with the URL's password removed. */
    public static String describe(Throwable t, PostgresUrl url) {
        String message = t.getMessage();
        String text = message == null || message.isBlank() ? t.getClass().getName() : message;
        return redact(text, url);
    }
}
