-- tau4j session store, schema version 3: session metadata.
-- A small map of named string values per session (title, owner, labels, a framework's window pointer),
-- kept on the session's own row: an append that changes it does so in the statement that reserves its
-- ids, under the same row lock, so concurrent writers are serialized and lose no name; listings read it
-- with the row; it goes with the session (no table of its own to clean up). The names and values are
-- checked by the library before any write (names [a-z0-9._-]{1,64}, values <= 4 KiB, no NUL);
-- metadata_names counts the names of the map as written, so the database refuses a 65th.
ALTER TABLE sessions ADD COLUMN metadata jsonb NOT NULL DEFAULT '{}';
ALTER TABLE sessions ADD COLUMN metadata_names integer NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD CONSTRAINT sessions_metadata_names_check CHECK (metadata_names BETWEEN 0 AND 64);
