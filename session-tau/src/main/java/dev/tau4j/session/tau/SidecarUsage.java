package dev.tau4j.session.tau;

import dev.tau4j.session.UsageDelta;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * The usage read from a Tau usage sidecar: as a tau4j {@link UsageDelta}, the cost exactly as the file spelled
 * it, and whether reading it rounded the cost (Tau's cost is a binary double, such as
 * {@code 0.013999999999999999}; tau4j keeps at most {@value UsageDelta#MAX_COST_SCALE} decimal places and
 * rounds half-even to them).
 */
public record SidecarUsage(UsageDelta usage, BigDecimal costAsWritten, boolean rounded) {

    public SidecarUsage {
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(costAsWritten, "costAsWritten");
    }

    /** No usage (no sidecar). */
    public static final SidecarUsage NONE = new SidecarUsage(UsageDelta.ZERO, BigDecimal.ZERO, false);
}
