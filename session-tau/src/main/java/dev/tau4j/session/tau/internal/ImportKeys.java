package dev.tau4j.session.tau.internal;

import dev.tau4j.session.Append;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The deterministic idempotency keys of an import: the same source, sidecar and mode give the same import
 * id, and chunk {@code k} of that import always carries the key {@code tau-import/<import id>/<k>}. Running a
 * failed import again therefore repeats each append with its first key, which a store with idempotency keys
 * answers with the first append's entries instead of writing them twice.
 */
public final class ImportKeys {

    private ImportKeys() {
    }

    /** The import id: 32 hex digits of SHA-256 over the file's digest, the sidecar usage and the mode. */
    public static String importId(byte[] fileDigest, String usage, String mode) {
        MessageDigest sha = JsonlFile.sha256();
        sha.update(fileDigest);
        sha.update((byte) 0);
        sha.update(usage.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(mode.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha.digest(), 0, 16);
    }

    /** The key of chunk {@code chunk} (0-based) of import {@code importId}. */
    public static String key(String importId, int chunk) {
        return "tau-import/" + importId + "/" + chunk;
    }

    /**
     * Puts {@code key} on the append: a store with idempotency keys writes the chunk once, and answers a
     * retried import's repeat of it with the entries it first wrote.
     */
    public static Append.Builder withKey(Append.Builder builder, String key) {
        return builder.idempotencyKey(key);
    }
}
