package dev.tau4j.session.conformance;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test method of the kit as the conformance case {@link #id()}. Ids ({@code C-02}, {@code C-03},
 * ...) are stable: a case keeps its id for good and an id is never given to another case. The case's
 * {@code @DisplayName} starts with its id.
 *
 * <p>A {@link #required() required} case can never be skipped: a run in which one is skipped or does not
 * run at all fails. An optional case may be skipped with a reason, for example when the backend declares
 * a {@link Capability} unsupported.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ConformanceCase {

    /** The case id, {@code C-} followed by at least two digits. */
    String id();

    /** Whether every backend must pass the case; {@code true} unless stated. */
    boolean required() default true;
}
