package dev.tau4j.session.conformance;

import dev.tau4j.session.SessionStore;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The conformance kit for {@link SessionStore} backends: every rule of the SPI as a JUnit 5 test case
 * with a stable id ({@code C-02}, {@code C-03}, ...). A backend binds it with one small subclass:
 *
 * <pre>{@code
 * class MyStoreConformanceTest extends SessionStoreConformanceKit {
 *     @Override
 *     protected SessionStore newStore() {
 *         return MyStore.open(dataSource);           // fresh or shared storage
 *     }
 *
 *     @Override
 *     protected SessionStore reopen(SessionStore store) {
 *         return MyStore.open(dataSource);           // a NEW instance over the SAME storage
 *     }
 * }
 * }</pre>
 *
 * <p>Guarantees to the binding:
 * <ul>
 *   <li>Every case works under its own random path prefix ({@code kit/<uuid>/...}), so any number of
 *       runs may share one database; the kit never lists or deletes outside that prefix.</li>
 *   <li>The kit closes every store it obtains, after each case. It may close the store passed to
 *       {@link #reopen(SessionStore)} as soon as it holds the new one: the new store must not depend on
 *       the old one staying open.</li>
 *   <li>Cases may run concurrently with cases of other bindings; within one case the kit uses up to 8
 *       threads on one store.</li>
 * </ul>
 *
 * <p>After the binding class has run, the kit writes {@value ConformanceReport#JSON_FILE} and
 * {@value ConformanceReport#MARKDOWN_FILE} to {@link #reportDirectory()}, a directory per binding class,
 * and fails the run when a
 * required case was skipped or did not run at all (a filtered run, a class that failed to start): a
 * backend cannot pass by running less. The kit's instance lifecycle is per class, so a binding may use
 * non-static {@code @BeforeAll} and {@code @AfterAll} methods to start and stop its storage.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(ConformanceWatcher.class)
public abstract class SessionStoreConformanceKit {

    /** System property naming the directory below which each binding writes its report; default {@code target/conformance}. */
    public static final String REPORT_DIR_PROPERTY = "tau4j.conformance.reportDir";

    /**
     * A store to test, over fresh storage or storage shared with earlier calls (the kit isolates its
     * cases by path prefix). Called at least once per case.
     */
    protected abstract SessionStore newStore();

    /**
     * A new store instance over the same storage as {@code store}: what a process restart would give.
     * Must not return {@code store} itself, nor a view that only caches what {@code store} wrote.
     */
    protected abstract SessionStore reopen(SessionStore store);

    /** The optional {@link Capability capabilities} this backend lacks; none by default. */
    protected Set<Capability> unsupportedCapabilities() {
        return EnumSet.noneOf(Capability.class);
    }

    /** The backend's name in the report; the binding class's simple name by default. */
    protected String backendName() {
        return getClass().getSimpleName();
    }

    /**
     * Where this binding's report is written: a directory of its own, named after the binding class, below
     * the system property {@value #REPORT_DIR_PROPERTY} when set, else below {@code target/conformance}
     * (relative to the working directory, the module's directory under Maven). So two bindings in one
     * module keep both reports. A binding that overrides this must choose a directory no other binding
     * uses: in one JVM, a second binding class writing to the same directory fails its run and leaves the
     * first one's report in place.
     */
    protected Path reportDirectory() {
        return reportDirectoryOf(baseReportDirectory(), getClass().getName());
    }

    /**
     * The report directory of the binding class named {@code bindingClassName} below {@code base}:
     * {@code base/<binding class name>}, e.g.
     * {@code target/conformance/com.acme.MyStoreConformanceTest}.
     */
    public static Path reportDirectoryOf(Path base, String bindingClassName) {
        return base.resolve(bindingClassName);
    }

    /** The system property {@value #REPORT_DIR_PROPERTY} when set, else {@code target/conformance}. */
    static Path baseReportDirectory() {
        String configured = System.getProperty(REPORT_DIR_PROPERTY);
        return configured == null || configured.isBlank() ? Path.of("target", "conformance") : Path.of(configured);
    }

    @Nested
    @DisplayName("Spec cases C-02 to C-04")
    class Spec extends SpecCases {
        Spec() {
            super(SessionStoreConformanceKit.this);
        }
    }

    @Nested
    @DisplayName("Appending")
    class Appending extends AppendingCases {
        Appending() {
            super(SessionStoreConformanceKit.this);
        }
    }

    @Nested
    @DisplayName("Lineage and tips")
    class LineageAndTips extends LineageCases {
        LineageAndTips() {
            super(SessionStoreConformanceKit.this);
        }
    }

    @Nested
    @DisplayName("Paging")
    class Paging extends PagingCases {
        Paging() {
            super(SessionStoreConformanceKit.this);
        }
    }

    @Nested
    @DisplayName("Usage")
    class Usage extends UsageCases {
        Usage() {
            super(SessionStoreConformanceKit.this);
        }
    }

    @Nested
    @DisplayName("Isolation and listing")
    class IsolationAndListing extends ListingCases {
        IsolationAndListing() {
            super(SessionStoreConformanceKit.this);
        }
    }

    @Nested
    @DisplayName("Optimistic appends")
    class OptimisticAppends extends OptimisticCases {
        OptimisticAppends() {
            super(SessionStoreConformanceKit.this);
        }
    }

    @Nested
    @DisplayName("Concurrency")
    class Concurrency extends ConcurrencyCases {
        Concurrency() {
            super(SessionStoreConformanceKit.this);
        }
    }

    @Nested
    @DisplayName("Atomicity")
    class Atomicity extends AtomicityCases {
        Atomicity() {
            super(SessionStoreConformanceKit.this);
        }
    }

    @Nested
    @DisplayName("Validation (invalid input writes nothing)")
    class Validation extends ValidationCases {
        Validation() {
            super(SessionStoreConformanceKit.this);
        }
    }

    @Nested
    @DisplayName("Hostile strings and Unicode")
    class HostileStrings extends HostileStringCases {
        HostileStrings() {
            super(SessionStoreConformanceKit.this);
        }
    }

    @Nested
    @DisplayName("Persistence across instances")
    class Persistence extends PersistenceCases {
        Persistence() {
            super(SessionStoreConformanceKit.this);
        }
    }

    @Nested
    @DisplayName("Deletion")
    class Deletion extends DeletionCases {
        Deletion() {
            super(SessionStoreConformanceKit.this);
        }
    }

    @Nested
    @DisplayName("Idempotency keys")
    class IdempotencyKeys extends IdempotencyCases {
        IdempotencyKeys() {
            super(SessionStoreConformanceKit.this);
        }
    }

    @Nested
    @DisplayName("Session metadata")
    class SessionMetadata extends MetadataCases {
        SessionMetadata() {
            super(SessionStoreConformanceKit.this);
        }
    }
}
