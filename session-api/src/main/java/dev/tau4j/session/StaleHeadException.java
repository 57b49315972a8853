package dev.tau4j.session;

import java.util.OptionalLong;

/**
 * An optimistic append stated a head the session no longer has: another writer appended first.
 * Nothing was written. Re-read the session, then decide whether to append again.
 */
public final class StaleHeadException extends SessionStoreException {
    private static final long serialVersionUID = 1L;
    private final SessionPath path;
    private final long expectedHead;
    private final long actualHead;

    /** Heads are entry ids; 0 stands for "the session has no entry". */
    public StaleHeadException(SessionPath path, long expectedHead, long actualHead) {
        super("session '" + path + "' has head " + describe(actualHead) + ", the append expected "
                + describe(expectedHead));
        this.path = path;
        this.expectedHead = expectedHead;
        this.actualHead = actualHead;
    }

    private static String describe(long head) {
        return head == 0 ? "none (empty session)" : String.valueOf(head);
    }

    public SessionPath path() {
        return path;
    }

    /** The head the caller stated, or empty when it expected an empty session. */
    public OptionalLong expectedHead() {
        return expectedHead == 0 ? OptionalLong.empty() : OptionalLong.of(expectedHead);
    }

    /** The session's head at the time of the append, or empty when the session had no entry. */
    public OptionalLong actualHead() {
        return actualHead == 0 ? OptionalLong.empty() : OptionalLong.of(actualHead);
    }
}
