package dev.tau4j.session;

/** An entry id (a parent, a lineage head, a page cursor) does not exist in the named session. */
public final class EntryNotFoundException extends SessionStoreException {
    private static final long serialVersionUID = 1L;
    private final SessionPath path;
    private final long entryId;

    public EntryNotFoundException(SessionPath path, long entryId) {
        super("entry " + entryId + " does not exist in session '" + path + "'");
        this.path = path;
        this.entryId = entryId;
    }

    public SessionPath path() {
        return path;
    }

    public long entryId() {
        return entryId;
    }
}
