package dev.tau4j.session.tau;

import dev.tau4j.session.SessionPath;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What an import did.
 *
 * @param path     the target session
 * @param mode     merge or replace
 * @param imported entries written (every entry of the file)
 * @param ids      each Tau id of the file and the tau4j id it became
 * @param newHead  the tau4j id of the entry from the file's last entry line (Tau's "active head" after an
 *                 import), empty for a file without entries
 * @param usage    the usage added from the sidecar, and whether its cost was rounded
 * @param importId the id every idempotency key of this import derives from (see {@link TauJsonlImport})
 * @param appends  how many appends the import issued
 */
public record TauImportReport(SessionPath path, ImportMode mode, long imported, TauIdMap ids, OptionalLong newHead,
        SidecarUsage usage, String importId, int appends) {

    public TauImportReport {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(newHead, "newHead");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(importId, "importId");
    }
}
