package dev.tau4j.session.postgres;

import dev.tau4j.session.SessionStore;
import dev.tau4j.session.conformance.SessionStoreConformanceKit;
import dev.tau4j.testing.PostgresTest;
import dev.tau4j.testing.TestPostgres;

/** PostgresSessionStore bound to the conformance kit on a real PostgreSQL, in a fresh schema. */
@PostgresTest
class PostgresSessionStoreConformanceTest extends SessionStoreConformanceKit {

    private final TestPostgres postgres;

    PostgresSessionStoreConformanceTest(TestPostgres postgres) { // a database and a schema of this class
        this.postgres = postgres;
    }

    @Override
    protected SessionStore newStore() {                          // migrates the schema on first use
        return PostgresSessionStore.builder().dataSource(postgres.dataSource()).schema(postgres.schema()).build();
    }

    @Override
    protected SessionStore reopen(SessionStore store) {          // a new instance over the same schema
        return newStore();
    }
}
