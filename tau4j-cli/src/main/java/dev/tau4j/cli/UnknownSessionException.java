package dev.tau4j.cli;

import dev.tau4j.session.SessionPath;

/** A command names a session the store does not have. */
final class UnknownSessionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnknownSessionException(SessionPath path) {
        super("no session '" + path + "'");
    }
}
