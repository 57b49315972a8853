-- tau4j session store, schema version 4: where chains start.
-- An entry whose parent is not the entry just before it (a root, or the first entry of a branch) starts a
-- chain segment: the entries after it up to the next such entry are each the child of the one before.
-- This partial index holds those starts only, so a lineage is read one segment at a time (a probe of this
-- index, then a primary-key range) instead of one entry at a time. An agent appending under its head
-- adds nothing to it. (V3 is left to the session metadata migration.)
-- [jooq ignore start]
CREATE INDEX entries_chain_start_idx ON entries (session_id, entry_id)
    WHERE parent_id IS NULL OR parent_id <> entry_id - 1;
-- [jooq ignore stop]
