package dev.tau4j.session.tau;

import dev.tau4j.session.InvalidInputException;
import java.util.List;

/**
 * An export met an entry Tau could not load (see {@link dev.tau4j.session.TauCompatibility}) while
 * {@link IncompatibleContent#FAIL} was chosen. Names the entry and every reason. An export to a file
 * leaves no file behind; an export to a stream has written the entries before this one.
 */
public final class TauIncompatibleContentException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    private final long entryId;
    private final List<String> problems;

    public TauIncompatibleContentException(long entryId, List<String> problems) {
        super("entry " + entryId + " cannot be read by Tau: " + String.join("; ", problems));
        this.entryId = entryId;
        this.problems = List.copyOf(problems);
    }

    public long entryId() {
        return entryId;
    }

    public List<String> problems() {
        return problems;
    }
}
