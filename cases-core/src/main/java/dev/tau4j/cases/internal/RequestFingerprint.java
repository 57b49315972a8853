package dev.tau4j.cases.internal;

import dev.tau4j.cases.NewCase;
import dev.tau4j.cases.NewDecision;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The SHA-256 (64 lower-case hex digits) of a canonical form of a keyed write: the operation, the
 * case id for a decide, then every validated field, each length-prefixed (absent fields marked
 * apart from empty ones), so two requests have the same fingerprint exactly when they are the same
 * request.
 */
public final class RequestFingerprint {

    /** What a keyed write did; stored with its key. */
    public enum Operation { CREATE, DECIDE }

    private RequestFingerprint() {
    }

    public static String of(NewCase c) {
        return sha256(canonical(Operation.CREATE.name(), c.caseType().name(), c.title(), c.lot()));
    }

    public static String of(UUID caseId, NewDecision d) {
        return sha256(canonical(Operation.DECIDE.name(), caseId.toString(), d.chosenSupplier(),
                d.decisionReason(), d.nextAction(), d.decidedBy()));
    }

    private static String canonical(String... fields) {
        StringBuilder b = new StringBuilder();
        for (String f : fields) {
            if (f == null) {
                b.append("-;");
            } else {
                b.append(f.length()).append(':').append(f).append(';');
            }
        }
        return b.toString();
    }

    private static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
