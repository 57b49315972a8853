package dev.tau4j.cases.internal;

import dev.tau4j.cases.CaseRecord;
import dev.tau4j.cases.InvalidCaseInputException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The keyset position of a listing: the (createdAt, id) of the last case returned. Encoded as an
 * opaque base64url token so clients do not build it themselves. Its time lies in the years 1 to 9999,
 * those of the API's timestamps: a token outside them was not made here (and one beyond PostgreSQL's
 * timestamp range would fail the query instead of being refused).
 */
public record CaseCursor(Instant createdAt, UUID id) {

    private static final String VERSION = "c1";
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");
    private static final Pattern BODY = Pattern.compile(
            "c1\\|-?[0-9]{1,19}\\|[0-9]{1,9}\\|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    public static CaseCursor after(CaseRecord last) {
        return new CaseCursor(last.createdAt(), last.id());
    }

    public String encode() {
        String body = VERSION + "|" + createdAt.getEpochSecond() + "|" + createdAt.getNano() + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(body.getBytes(StandardCharsets.US_ASCII));
    }

    /** @throws InvalidCaseInputException naming {@code cursor} when the token was not made here */
    public static CaseCursor decode(String token) {
        try {
            if (token.length() > 200) {
                throw new IllegalArgumentException();
            }
            String body = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII);
            if (!BODY.matcher(body).matches()) {
                throw new IllegalArgumentException();
            }
            String[] parts = body.split("\\|");
            Instant at = Instant.ofEpochSecond(Long.parseLong(parts[1]), Long.parseLong(parts[2]));
            if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
                throw new IllegalArgumentException();
            }
            return new CaseCursor(at, UUID.fromString(parts[3]));
        } catch (RuntimeException e) {
            throw new InvalidCaseInputException("cursor", "cursor is not a cursor returned by this API");
        }
    }
}
