package dev.tau4j.cases;

import java.util.Objects;

/**
 * Input was refused before anything was written. {@link #field()} names the offending field by its
 * wire name ({@code case_type}, {@code title}, {@code lot}, {@code chosen_supplier},
 * {@code decision_reason}, {@code next_action}, {@code decided_by}, {@code limit}, {@code cursor},
 * {@code status}), and the message starts with it.
 */
public final class InvalidCaseInputException extends CaseException {

    private final String field;

    public InvalidCaseInputException(String field, String message) {
        super(message);
        this.field = Objects.requireNonNull(field, "field");
    }

    /** The wire name of the field that was refused. */
    public String field() {
        return field;
    }
}
