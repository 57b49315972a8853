package dev.tau4j.session.langchain4j;

import dev.tau4j.session.InvalidInputException;
import dev.tau4j.session.SessionPath;

/**
 * Which session holds the memory of a LangChain4j memory id. Must be a function: the same id always
 * maps to the same path, and two ids that must not share a memory map to different paths.
 */
@FunctionalInterface
public interface MemoryIdMapping {

    /** The default prefix: memory {@code chat-7} lives in session {@code langchain4j/chat-7}. */
    String DEFAULT_PREFIX = "langchain4j";

    /**
     * The session of {@code memoryId}.
     *
     * @throws InvalidMemoryIdException when the id cannot name a session
     */
    SessionPath pathOf(Object memoryId);

    /** {@link #DEFAULT_PREFIX} plus the id. */
    static MemoryIdMapping defaults() {
        return prefixed(DEFAULT_PREFIX);
    }

    /**
     * {@code prefix/<id>}: the id's {@code toString()} becomes one more path segment (for example
     * {@code tenants/acme/users/42} and id {@code chat-7} give {@code tenants/acme/users/42/chat-7}). An id
     * that is null, empty or not a single valid segment (a {@code /}, {@code .} or {@code ..}, a control
     * character, too long) is refused with {@link InvalidMemoryIdException}, never altered.
     *
     * @throws InvalidInputException when {@code prefix} is not a valid session path
     */
    static MemoryIdMapping prefixed(String prefix) {
        SessionPath base = SessionPath.of(prefix);
        return memoryId -> {
            if (memoryId == null) {
                throw new InvalidMemoryIdException("memory id must not be null", null);
            }
            String id = memoryId.toString();
            if (id == null || id.isEmpty() || id.indexOf('/') >= 0) {
                throw new InvalidMemoryIdException("memory id '" + id + "' must be one non-empty path segment (no '/')",
                        null);
            }
            try {
                return SessionPath.of(base.value() + "/" + id);
            } catch (InvalidInputException e) {
                throw new InvalidMemoryIdException("memory id cannot name a session: " + e.getMessage(), e);
            }
        };
    }
}
