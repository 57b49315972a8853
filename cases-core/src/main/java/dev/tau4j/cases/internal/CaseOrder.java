package dev.tau4j.cases.internal;

import dev.tau4j.cases.CaseRecord;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.UUID;

/** The listing order shared by every repository, and the timestamps they stamp. */
public final class CaseOrder {

    /** UUIDs compared as unsigned 128-bit numbers, the way PostgreSQL orders {@code uuid}. */
    public static final Comparator<UUID> UUID_ORDER = (a, b) -> {
        int c = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return c != 0 ? c : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    };

    /** Newest first: createdAt descending, then id descending. */
    public static final Comparator<CaseRecord> NEWEST_FIRST =
            Comparator.comparing(CaseRecord::createdAt).thenComparing(CaseRecord::id, UUID_ORDER).reversed();

    private CaseOrder() {
    }

    /** Whether {@code c} comes strictly after the cursor position in newest-first order. */
    public static boolean isAfter(CaseRecord c, CaseCursor cursor) {
        int byTime = c.createdAt().compareTo(cursor.createdAt());
        if (byTime != 0) {
            return byTime < 0;
        }
        return UUID_ORDER.compare(c.id(), cursor.id()) < 0;
    }

    /** The clock's now, at microsecond precision. */
    public static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** The time a change is stamped with: now, but never before {@code notBefore}. */
    public static Instant nowNotBefore(Clock clock, Instant notBefore) {
        Instant now = now(clock);
        return now.isBefore(notBefore) ? notBefore : now;
    }
}
