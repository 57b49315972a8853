package dev.tau4j.session.internal;

import dev.tau4j.session.Append;
import dev.tau4j.session.UsageDelta;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The fingerprint of a keyed write: SHA-256 (hex) of a canonical form of everything the write says, so
 * a repeat of the same write under its idempotency key is recognised and a different write under the
 * same key is not. Every backend computes it the same way. Not supported API.
 */
public final class WriteFingerprint {

    private WriteFingerprint() {
    }

    /**
     * Of an append, given the {@link dev.tau4j.session.MessageCodec} encodings of its messages: the
     * parent, the expected head, the usage, every message, and the metadata change when there is one
     * (an append without one digests as it did before metadata existed, so stored keys stay valid).
     */
    public static String of(Append append, List<String> encodedMessages) {
        MessageDigest digest = sha256();
        update(digest, "append");
        update(digest, append.parentId().isPresent() ? Long.toString(append.parentId().getAsLong()) : "-");
        update(digest, append.expectedHead().isPresent() ? Long.toString(append.expectedHead().getAsLong()) : "-");
        usage(digest, append.usage());
        for (String message : encodedMessages) {
            update(digest, message);
        }
        if (!append.metadata().isEmpty()) {
            update(digest, "metadata");
            append.metadata().puts().forEach((name, value) -> {
                update(digest, "put:" + name);
                update(digest, value);
            });
            append.metadata().removals().forEach(name -> update(digest, "remove:" + name));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Of a usage record. */
    public static String of(UsageDelta delta) {
        MessageDigest digest = sha256();
        update(digest, "usage");
        usage(digest, delta);
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void usage(MessageDigest digest, UsageDelta usage) {
        update(digest, usage.inputTokens() + "/" + usage.outputTokens() + "/" + usage.totalTokens() + "/"
                + usage.estimatedCostUsd().toPlainString());
    }

    /** Each part is length-prefixed, so no two different sequences of parts digest alike. */
    private static void update(MessageDigest digest, String part) {
        byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
        digest.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
        digest.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
