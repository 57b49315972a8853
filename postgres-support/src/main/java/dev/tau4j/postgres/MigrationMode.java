package dev.tau4j.postgres;

/** What a store does with its schema at start-up. */
public enum MigrationMode {
    /** Apply pending migrations (the default for most applications). */
    MIGRATE,
    /** Apply nothing; fail unless the schema is exactly at the shipped version. */
    VALIDATE,
    /** Touch nothing: the schema is managed elsewhere. */
    NONE
}
