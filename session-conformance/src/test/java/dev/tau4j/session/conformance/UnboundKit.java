package dev.tau4j.session.conformance;

import dev.tau4j.session.SessionStore;

/** The kit bound to nothing: only its cases are inspected (abstract, so no engine runs it). */
abstract class UnboundKit extends SessionStoreConformanceKit {

    @Override
    protected SessionStore newStore() {
        throw new UnsupportedOperationException("the unbound kit is inspected, not run");
    }

    @Override
    protected SessionStore reopen(SessionStore store) {
        throw new UnsupportedOperationException("the unbound kit is inspected, not run");
    }
}
