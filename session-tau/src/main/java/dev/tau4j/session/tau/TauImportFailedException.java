package dev.tau4j.session.tau;

import dev.tau4j.session.SessionStoreException;

/**
 * The store failed while an import was writing, after the source was validated. Says how far the import
 * got and whether it was undone: a session the import created is deleted again ({@link #rolledBack()});
 * a merge into a session that already had entries keeps the appends that succeeded
 * ({@link #entriesWritten()}), and is completed by running the same import again (see
 * {@link TauJsonlImport}). {@link #isTransient()} follows the store's error.
 */
public final class TauImportFailedException extends SessionStoreException {
    private static final long serialVersionUID = 1L;

    private final long entriesWritten;
    private final boolean rolledBack;
    private final boolean causeTransient;

    public TauImportFailedException(String message, long entriesWritten, boolean rolledBack, RuntimeException cause) {
        super(message + (rolledBack ? " (the entries written were deleted again)"
                : " (" + entriesWritten + " entries were written and kept)") + ": " + cause.getMessage(), cause);
        this.entriesWritten = entriesWritten;
        this.rolledBack = rolledBack;
        this.causeTransient = cause instanceof SessionStoreException s && s.isTransient();
    }

    /** Entries the import had appended when it failed (before any roll back). */
    public long entriesWritten() {
        return entriesWritten;
    }

    /** Whether the session was deleted again, leaving the store as before the import. */
    public boolean rolledBack() {
        return rolledBack;
    }

    @Override
    public boolean isTransient() {
        return causeTransient;
    }
}
