-- tau4j session store, schema version 2: idempotency keys.
-- One row per keyed write: the first write with a key in a session stores what it returned here, in the
-- same statement as the write; a repeat finds the row (the primary key refuses a second one) and is
-- answered from it. Keys go with their session (ON DELETE CASCADE).
CREATE TABLE write_keys (
    session_id         bigint NOT NULL,
    idempotency_key    varchar(200) NOT NULL,
    -- SHA-256 (hex) of the write's canonical form: a repeat must match it, another write is refused.
    fingerprint        char(64) NOT NULL,
    -- A keyed append: the ids it wrote are first_entry_id .. first_entry_id + entry_count - 1.
    first_entry_id     bigint,
    entry_count        integer,
    -- A keyed usage record: the session's usage right after it.
    input_tokens       bigint,
    output_tokens      bigint,
    total_tokens       bigint,
    estimated_cost_usd numeric(30, 12),
    created_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT write_keys_pkey PRIMARY KEY (session_id, idempotency_key),
    CONSTRAINT write_keys_session_fk FOREIGN KEY (session_id) REFERENCES sessions (id) ON DELETE CASCADE,
    CONSTRAINT write_keys_kind_check CHECK ((first_entry_id IS NOT NULL AND entry_count >= 1)
                                           OR (first_entry_id IS NULL AND total_tokens IS NOT NULL))
);
