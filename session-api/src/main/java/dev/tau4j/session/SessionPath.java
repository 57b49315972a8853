package dev.tau4j.session;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The logical address of a session, such as {@code tenants/acme/users/42/chat-7}; also its isolation
 * key. Not a file path.
 *
 * <p>Canonical form, checked by {@link #of(String)}: segments separated by {@code /}; no empty
 * segment; no {@code .} or {@code ..} segment; no control character (NUL included); no leading or
 * trailing {@code /}; at most {@value #MAX_BYTES} bytes in UTF-8. Paths are case-sensitive and compared
 * exactly: two different paths never share an entry, an id counter or a usage total.
 */
public record SessionPath(String value) implements Comparable<SessionPath> {

    /** Upper bound on the UTF-8 length of a path. */
    public static final int MAX_BYTES = 512;

    /** Validates the canonical form; throws {@link InvalidSessionPathException} naming the rule. */
    public SessionPath {
        validate(value);
    }

    /** Parses a path; throws {@link InvalidSessionPathException} naming the rule it breaks. */
    public static SessionPath of(String value) {
        return new SessionPath(value);
    }

    /** This path with {@code segment} appended; the segment must itself be a single valid segment. */
    public SessionPath child(String segment) {
        if (segment == null || segment.indexOf('/') >= 0) {
            throw new InvalidSessionPathException("child segment must be one segment without '/': " + quote(segment));
        }
        return new SessionPath(value + "/" + segment);
    }

    /** The segments of this path, in order. */
    public List<String> segments() {
        return List.of(value.split("/", -1));
    }

    /**
     * Segment-aware prefix test: {@code a/b} is a prefix of {@code a/b} and {@code a/b/c}, never of
     * {@code a/bc}.
     */
    public boolean startsWith(SessionPath prefix) {
        String p = prefix.value;
        return value.equals(p) || (value.startsWith(p) && value.charAt(p.length()) == '/');
    }

    /**
     * Orders by Unicode code point, which is also the order of the paths' UTF-8 bytes (and of
     * PostgreSQL's {@code "C"} collation), so every backend lists sessions in the same order.
     */
    @Override
    public int compareTo(SessionPath other) {
        String a = value;
        String b = other.value;
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    @Override
    public String toString() {
        return value;
    }

    private static void validate(String value) {
        if (value == null) {
            throw new InvalidSessionPathException("session path must not be null");
        }
        if (value.isEmpty()) {
            throw new InvalidSessionPathException("session path must not be empty");
        }
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw new InvalidSessionPathException(
                    "session path is " + bytes + " bytes in UTF-8, above the limit of " + MAX_BYTES);
        }
        if (value.startsWith("/")) {
            throw new InvalidSessionPathException("session path must not start with '/': " + quote(value));
        }
        if (value.endsWith("/")) {
            throw new InvalidSessionPathException("session path must not end with '/': " + quote(value));
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                throw new InvalidSessionPathException(String.format(
                        "session path must not contain control characters (U+%04X at index %d)", (int) c, i));
            }
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(i + 1));
                if (!paired) {
                    throw new InvalidSessionPathException("session path must not contain a lone surrogate (index " + i + ")");
                }
                i++;
            }
        }
        for (String segment : value.split("/", -1)) {
            if (segment.isEmpty()) {
                throw new InvalidSessionPathException("session path must not contain an empty segment: " + quote(value));
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw new InvalidSessionPathException(
                        "session path must not contain a '" + segment + "' segment: " + quote(value));
            }
        }
    }

    private static String quote(String s) {
        return s == null ? "null" : "'" + s + "'";
    }
}
