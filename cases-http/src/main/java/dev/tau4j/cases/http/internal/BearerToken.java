package dev.tau4j.cases.http.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Pattern;

/**
 * An API token and the check of an {@code Authorization} header against it. The header's token and
 * the expected one are both hashed (SHA-256) and compared with {@link MessageDigest#isEqual}, so the
 * time taken says nothing about the token, not even its length. The token itself is never kept.
 */
public final class BearerToken {

    /** Shortest accepted token: a guessable token is refused when the server is built. */
    public static final int MIN_LENGTH = 16;
    /** Longest accepted token. */
    public static final int MAX_LENGTH = 4096;
    private static final Pattern VISIBLE_ASCII = Pattern.compile("[\\x21-\\x7e]+");
    private static final String SCHEME = "Bearer ";

    private final byte[] digest;

    private BearerToken(byte[] digest) {
        this.digest = digest;
    }

    /**
     * The token, checked: {@value #MIN_LENGTH} to {@value #MAX_LENGTH} visible ASCII characters.
     *
     * @throws IllegalArgumentException otherwise; the message never quotes the token
     */
    public static BearerToken of(String token) {
        if (token == null || token.length() < MIN_LENGTH || token.length() > MAX_LENGTH
                || !VISIBLE_ASCII.matcher(token).matches()) {
            throw new IllegalArgumentException("the API token must be " + MIN_LENGTH + " to " + MAX_LENGTH
                    + " visible ASCII characters (no spaces)");
        }
        return new BearerToken(sha256(token));
    }

    /** Whether {@code authorization} (an {@code Authorization} header value, or null) carries this token. */
    public boolean accepts(String authorization) {
        if (authorization == null || authorization.length() <= SCHEME.length()
                || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return false;
        }
        return MessageDigest.isEqual(sha256(authorization.substring(SCHEME.length()).strip()), digest);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
