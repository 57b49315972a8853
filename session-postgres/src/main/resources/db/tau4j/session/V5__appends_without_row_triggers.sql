-- tau4j session store, schema version 5: appends without per-row foreign-key triggers.
-- A foreign key is checked by a trigger fired once per inserted row (a query on the referenced table and a
-- lock on the referenced row): on a 1,000-message append that was most of the statement's time. The rules
-- they kept are now kept by the only statements that write entries:
--   * entries_parent_fk (a parent exists, in the same session): an append under a parent reserves its ids
--     with an UPDATE of the session row whose WHERE requires the parent in that session (EXISTS on the
--     primary key), so without it nothing is written; every other parent in the append is the entry just
--     before it, assigned by the statement itself. Entries are never deleted one by one, so a parent that
--     existed stays. CHECK (parent_id < entry_id) stays as written in V1.
--   * entries_session_fk (entries belong to an existing session, deleted with it): an append takes its
--     session id from the session row it has just locked and updated; deleting a session locks that row
--     first (waiting for appends in flight), then deletes its entries in a later statement of the same
--     transaction, which sees every committed append, then the row.
-- entries_parent_idx served the parent key's checks and tips; tips now read the chain starts of V4.
ALTER TABLE entries DROP CONSTRAINT entries_parent_fk;
ALTER TABLE entries DROP CONSTRAINT entries_session_fk;
DROP INDEX entries_parent_idx;

-- Deleting a session: its row is locked first (waiting for an append in flight), then its entries are deleted
-- by a statement of its own, whose snapshot (READ COMMITTED, a new one per statement of a function) sees every
-- append that committed before the lock, then the row (its keys follow by write_keys_session_fk). One call,
-- one round trip. A session created after the lock was tried is not this one: it stays. The function reads
-- the tables of the schema it was created in (search_path fixed at creation).
-- [jooq ignore start]
CREATE FUNCTION delete_session(session_path text) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
DECLARE
    locked bigint;
BEGIN
    SELECT id INTO locked FROM sessions WHERE path = session_path FOR UPDATE;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    DELETE FROM entries WHERE session_id = locked;
    DELETE FROM sessions WHERE id = locked;
    RETURN true;
END
$$;
-- [jooq ignore stop]
