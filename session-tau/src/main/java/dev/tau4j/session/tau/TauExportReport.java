package dev.tau4j.session.tau;

import dev.tau4j.session.UsageSummary;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What an export wrote.
 *
 * @param entries      entry lines written
 * @param lastId       the id of the last entry written, empty when none
 * @param usage        the session's usage when the export started (what the sidecar holds)
 * @param incompatible entries Tau could not load, written anyway under {@link IncompatibleContent#REPORT}
 */
public record TauExportReport(long entries, OptionalLong lastId, UsageSummary usage, List<IncompatibleEntry> incompatible) {

    public TauExportReport {
        Objects.requireNonNull(lastId, "lastId");
        Objects.requireNonNull(usage, "usage");
        incompatible = List.copyOf(incompatible);
    }

    /** An entry Tau could not load, and why. */
    public record IncompatibleEntry(long entryId, List<String> problems) {
        public IncompatibleEntry {
            problems = List.copyOf(problems);
        }
    }

    /** True when Tau can load every line written. */
    public boolean tauCompatible() {
        return incompatible.isEmpty();
    }
}
