-- tau4j session store, schema version 6: the session row without its value CHECK constraints.
-- PostgreSQL checks every CHECK constraint of a row on every UPDATE, whichever columns change, and parses
-- each constraint's stored expression again for every statement that writes the table (ExecRelCheck). The
-- session's row is updated by every append (its id counter and lock), so its six value checks cost an
-- append about 12 µs of server time (of about 45), the largest part of what separates a single append from
-- a plain INSERT. The rules they kept are kept before and by the only statements that write the row:
--   * sessions_path_length (1..512 bytes): a path is checked by the library (SessionPath, at most 512 bytes
--     of UTF-8, never empty) before any statement runs, and only the statement creating a session writes it.
--   * sessions_last_entry_id_check (>= 0): the counter starts at the first append's message count (>= 1)
--     and only grows, by the count of each later append.
--   * sessions_{input,output,total}_tokens_check, sessions_estimated_cost_usd_check (>= 0): the totals start
--     at 0 and only grow by usage deltas the library refuses when negative (UsageDelta); an overflow is
--     still refused by the column types (bigint, numeric(30,12)) with SQLSTATE 22003.
-- The checks the statements rely on stay: sessions_metadata_names_check (refuses a 65th metadata name), and
-- on entries (written once per row, never updated) entries_entry_id_check and entries_parent_precedes_check.
ALTER TABLE sessions DROP CONSTRAINT sessions_path_length;
ALTER TABLE sessions DROP CONSTRAINT sessions_last_entry_id_check;
ALTER TABLE sessions DROP CONSTRAINT sessions_input_tokens_check;
ALTER TABLE sessions DROP CONSTRAINT sessions_output_tokens_check;
ALTER TABLE sessions DROP CONSTRAINT sessions_total_tokens_check;
ALTER TABLE sessions DROP CONSTRAINT sessions_estimated_cost_usd_check;
