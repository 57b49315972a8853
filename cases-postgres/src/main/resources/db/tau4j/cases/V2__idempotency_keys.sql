-- tau4j cases: idempotency keys of keyed creates and decides.
-- A keyed write inserts its key row in the same transaction as the case or decision it wrote, so the
-- key exists exactly when the write committed; the primary key makes concurrent calls with one key
-- write once (the losers get a unique violation, read the stored row and replay it).

CREATE TABLE case_idempotency_keys (
    idempotency_key  text        NOT NULL,
    operation        text        NOT NULL,
    request_sha256   text        NOT NULL,
    case_id          uuid        NOT NULL,
    created_at       timestamptz NOT NULL,
    CONSTRAINT case_idempotency_keys_pk PRIMARY KEY (idempotency_key),
    CONSTRAINT case_idempotency_keys_case_fk FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE RESTRICT,
    CONSTRAINT case_idempotency_keys_key_check
        CHECK (char_length(idempotency_key) BETWEEN 1 AND 255 AND idempotency_key ~ '^[!-~]+$'),
    CONSTRAINT case_idempotency_keys_operation_check CHECK (operation IN ('CREATE', 'DECIDE')),
    CONSTRAINT case_idempotency_keys_sha256_check CHECK (request_sha256 ~ '^[0-9a-f]{64}$')
);

-- Replaying a create or decide reads the case by id; the foreign key needs this index to check
-- deletes of cases cheaply.
CREATE INDEX case_idempotency_keys_case_idx ON case_idempotency_keys (case_id);
