-- tau4j session store, schema version 1.
-- Applied by Flyway into the configured schema (search_path points at it), history table
-- tau4j_session_schema_history. Never edit a released migration: add V2__... instead.

-- One row per session. last_entry_id is the session's id counter: it only grows (an append adds the
-- number of its entries and holds this row's lock until it commits), so ids are never reused and the
-- session's head is always last_entry_id (0: no entry yet).
CREATE TABLE sessions (
    id                 bigint GENERATED ALWAYS AS IDENTITY,
    path               text COLLATE "C" NOT NULL,
    last_entry_id      bigint NOT NULL,
    input_tokens       bigint NOT NULL DEFAULT 0,
    output_tokens      bigint NOT NULL DEFAULT 0,
    total_tokens       bigint NOT NULL DEFAULT 0,
    estimated_cost_usd numeric(30, 12) NOT NULL DEFAULT 0,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT sessions_pkey PRIMARY KEY (id),
    -- The C collation orders by UTF-8 bytes, i.e. by code point, and makes prefix ranges index-friendly.
    -- (The build's code generator simulates this DDL on H2, which cannot index a text column, hence
    -- the ignore markers: PostgreSQL applies the constraint as written.)
    -- [jooq ignore start]
    CONSTRAINT sessions_path_key UNIQUE (path),
    -- [jooq ignore stop]
    CONSTRAINT sessions_path_length CHECK (octet_length(path) BETWEEN 1 AND 512),
    CONSTRAINT sessions_last_entry_id_check CHECK (last_entry_id >= 0),
    CONSTRAINT sessions_input_tokens_check CHECK (input_tokens >= 0),
    CONSTRAINT sessions_output_tokens_check CHECK (output_tokens >= 0),
    CONSTRAINT sessions_total_tokens_check CHECK (total_tokens >= 0),
    CONSTRAINT sessions_estimated_cost_usd_check CHECK (estimated_cost_usd >= 0)
);

-- The entries of every session: immutable once written. message is the MessageCodec JSON, kept as text
-- (not jsonb) so it reads back byte for byte.
CREATE TABLE entries (
    session_id  bigint NOT NULL,
    entry_id    bigint NOT NULL,
    parent_id   bigint,
    message     text NOT NULL,
    accepted_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT entries_pkey PRIMARY KEY (session_id, entry_id),
    CONSTRAINT entries_session_fk FOREIGN KEY (session_id) REFERENCES sessions (id) ON DELETE CASCADE,
    -- A parent lives in the same session: a parent from another session cannot be referenced.
    CONSTRAINT entries_parent_fk FOREIGN KEY (session_id, parent_id) REFERENCES entries (session_id, entry_id),
    CONSTRAINT entries_entry_id_check CHECK (entry_id >= 1),
    -- A parent precedes its children, so lineages are finite and cycles impossible.
    CONSTRAINT entries_parent_precedes_check CHECK (parent_id < entry_id)
);

-- Children of an entry: tips (entries without a child) and the parent foreign key's checks.
CREATE INDEX entries_parent_idx ON entries (session_id, parent_id);
