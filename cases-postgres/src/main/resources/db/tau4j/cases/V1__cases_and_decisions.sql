-- tau4j cases: a case and the single decision that closes it.
-- Applied by Flyway into the configured schema (search_path is set to it), history table
-- tau4j_cases_schema_history. Unqualified names on purpose.

CREATE TABLE cases (
    id          uuid        NOT NULL,
    case_type   text        NOT NULL,
    title       text        NOT NULL,
    lot         text        NULL,
    status      text        NOT NULL DEFAULT 'OPEN',
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    CONSTRAINT cases_pk PRIMARY KEY (id),
    CONSTRAINT cases_case_type_check CHECK (case_type IN ('DAO', 'RFQ')),
    CONSTRAINT cases_status_check CHECK (status IN ('OPEN', 'DECIDED')),
    CONSTRAINT cases_title_check CHECK (char_length(title) BETWEEN 1 AND 200 AND title = btrim(title)),
    CONSTRAINT cases_lot_check CHECK (lot IS NULL OR (char_length(lot) BETWEEN 1 AND 100 AND lot = btrim(lot))),
    CONSTRAINT cases_updated_after_created CHECK (updated_at >= created_at)
);

-- Newest-first listing: ORDER BY created_at DESC, id DESC with a (created_at, id) < (?, ?) keyset.
CREATE INDEX cases_newest_first_idx ON cases (created_at DESC, id DESC);
-- The same, filtered by status.
CREATE INDEX cases_status_newest_first_idx ON cases (status, created_at DESC, id DESC);

CREATE TABLE case_decisions (
    case_id          uuid        NOT NULL,
    chosen_supplier  text        NOT NULL,
    decision_reason  text        NOT NULL,
    next_action      text        NOT NULL,
    decided_by       text        NULL,
    decided_at       timestamptz NOT NULL,
    -- one decision per case, enforced by the database too
    CONSTRAINT case_decisions_pk PRIMARY KEY (case_id),
    CONSTRAINT case_decisions_case_fk FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE RESTRICT,
    CONSTRAINT case_decisions_supplier_check CHECK (char_length(chosen_supplier) BETWEEN 1 AND 200),
    CONSTRAINT case_decisions_reason_check CHECK (char_length(decision_reason) BETWEEN 1 AND 2000),
    CONSTRAINT case_decisions_next_action_check CHECK (char_length(next_action) BETWEEN 1 AND 1000),
    CONSTRAINT case_decisions_decided_by_check CHECK (decided_by IS NULL OR char_length(decided_by) BETWEEN 1 AND 200)
);
