package dev.tau4j.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One atomic append: a chain of messages written under a parent (or as a new root), optionally guarded
 * by the head the caller last saw, optionally with the usage of the same turn. The first message becomes
 * a child of {@code parentId} (a root when empty), each next one a child of the previous.
 *
 * <pre>{@code
 * Append.to(path).under(7).message(Message.user("hi")).message(Message.assistant("hello"))
 *       .expectHead(7).usage(UsageDelta.of(10, 3, 13, "0.007")).build();
 * }</pre>
 *
 * @param path         the session
 * @param parentId     the parent of the first message, empty for a root
 * @param messages     one or more messages, in order
 * @param expectedHead when present, the append succeeds only if the session's head is this id
 *                     ({@code 0}: only if the session has no entry); otherwise {@link StaleHeadException}
 * @param usage        usage added in the same atomic write ({@link UsageDelta#ZERO} for none)
 */
public record Append(SessionPath path, OptionalLong parentId, List<Message> messages, OptionalLong expectedHead,
        UsageDelta usage) {

    /** Upper bound on the messages of one append. */
    public static final int MAX_MESSAGES = 10_000;

    public Append {
        if (path == null) {
            throw new InvalidInputException("append needs a session path");
        }
        Objects.requireNonNull(parentId, "parentId");
        if (parentId.isPresent() && parentId.getAsLong() < 1) {
            throw new InvalidInputException("parent id must be >= 1, got " + parentId.getAsLong());
        }
        if (messages == null || messages.isEmpty()) {
            throw new InvalidInputException("append needs at least one message");
        }
        if (messages.size() > MAX_MESSAGES) {
            throw new InvalidInputException("append has " + messages.size() + " messages, above the limit of "
                    + MAX_MESSAGES);
        }
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i) == null) {
                throw new InvalidInputException("message " + i + " of the append is null");
            }
        }
        messages = List.copyOf(messages);
        Objects.requireNonNull(expectedHead, "expectedHead");
        if (expectedHead.isPresent() && expectedHead.getAsLong() < 0) {
            throw new InvalidInputException("expected head must be >= 0, got " + expectedHead.getAsLong());
        }
        usage = usage == null ? UsageDelta.ZERO : usage;
    }

    /** Starts an append to {@code path}. */
    public static Builder to(SessionPath path) {
        return new Builder(path);
    }

    /** Starts an append to {@code path}, parsed with {@link SessionPath#of(String)}. */
    public static Builder to(String path) {
        return new Builder(SessionPath.of(path));
    }

    /** Builds an {@link Append}; {@link #build()} validates. */
    public static final class Builder {
        private final SessionPath path;
        private OptionalLong parentId = OptionalLong.empty();
        private final List<Message> messages = new ArrayList<>();
        private OptionalLong expectedHead = OptionalLong.empty();
        private UsageDelta usage = UsageDelta.ZERO;

        private Builder(SessionPath path) {
            this.path = path;
        }

        /** The first message becomes a child of {@code parentId}. */
        public Builder under(long parentId) {
            this.parentId = OptionalLong.of(parentId);
            return this;
        }

        /** The first message becomes a child of {@code parentId}, or a root when empty. */
        public Builder under(OptionalLong parentId) {
            this.parentId = Objects.requireNonNull(parentId, "parentId");
            return this;
        }

        public Builder message(Message message) {
            messages.add(message);
            return this;
        }

        public Builder messages(List<Message> messages) {
            this.messages.addAll(messages);
            return this;
        }

        /** Fails with {@link StaleHeadException} unless the session's head is {@code headId}. */
        public Builder expectHead(long headId) {
            if (headId < 1) {
                throw new InvalidInputException("expected head id must be >= 1, got " + headId
                        + " (use expectEmpty() for a session with no entry)");
            }
            this.expectedHead = OptionalLong.of(headId);
            return this;
        }

        /** Fails with {@link StaleHeadException} unless the session has no entry yet. */
        public Builder expectEmpty() {
            this.expectedHead = OptionalLong.of(0);
            return this;
        }

        /** Usage recorded in the same atomic write as the messages. */
        public Builder usage(UsageDelta usage) {
            this.usage = usage;
            return this;
        }

        public Append build() {
            return new Append(path, parentId, messages, expectedHead, usage);
        }
    }
}
