package dev.tau4j.session.tau;

/** How an import treats the target session's existing entries. */
public enum ImportMode {
    /** Existing entries stay; the imported trees are added as new roots with new ids (Tau's default). */
    MERGE,
    /** The target becomes exactly the imported entries (it is deleted, then written, ids from 1). */
    REPLACE
}
