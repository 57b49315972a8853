package dev.tau4j.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
 * @param idempotencyKey when present, the append is written at most once per session under this key:
 *                     a repeat with the same key returns the entries the first one wrote (same ids,
 *                     parents and accepted-at) and writes nothing, instead of failing with
 *                     {@link StaleHeadException}; a repeat with the same key and any other content is
 *                     refused with {@link IdempotencyKeyReusedException}
 * @param metadata     a change to the session's metadata written in the same atomic write
 *                     ({@link MetadataUpdate#NONE} for none): a framework appends its messages and moves
 *                     its pointer (e.g. where its window starts) at once, or neither happens
 */
public record Append(SessionPath path, OptionalLong parentId, List<Message> messages, OptionalLong expectedHead,
        UsageDelta usage, Optional<IdempotencyKey> idempotencyKey, MetadataUpdate metadata) {

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
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        metadata = metadata == null ? MetadataUpdate.NONE : metadata;
    }

    /** An append without a metadata change. */
    public Append(SessionPath path, OptionalLong parentId, List<Message> messages, OptionalLong expectedHead,
                  UsageDelta usage, Optional<IdempotencyKey> idempotencyKey) {
        this(path, parentId, messages, expectedHead, usage, idempotencyKey, MetadataUpdate.NONE);
    }

    /** An append without an idempotency key. */
    public Append(SessionPath path, OptionalLong parentId, List<Message> messages, OptionalLong expectedHead,
                  UsageDelta usage) {
        this(path, parentId, messages, expectedHead, usage, Optional.empty(), MetadataUpdate.NONE);
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
        private Optional<IdempotencyKey> idempotencyKey = Optional.empty();
        private final MetadataUpdate.Builder metadata = MetadataUpdate.builder();

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

        /** Makes the append safe to retry: see {@link IdempotencyKey}. */
        public Builder idempotencyKey(IdempotencyKey key) {
            this.idempotencyKey = Optional.of(Objects.requireNonNull(key, "key"));
            return this;
        }

        /**
         * Makes the append safe to retry under this key (e.g. a random UUID chosen once per logical
         * write): see {@link IdempotencyKey}.
         *
         * @throws InvalidInputException when the key is empty, too long or holds a control character
         */
        public Builder idempotencyKey(String key) {
            return idempotencyKey(IdempotencyKey.of(key));
        }

        /** Sets the session's metadata {@code name} to {@code value} in the same atomic write. */
        public Builder metadata(String name, String value) {
            metadata.put(name, value);
            return this;
        }

        /** Removes the session's metadata {@code name} in the same atomic write. */
        public Builder removeMetadata(String name) {
            metadata.remove(name);
            return this;
        }

        /** Applies {@code update} to the session's metadata in the same atomic write. */
        public Builder metadata(MetadataUpdate update) {
            metadata.addAll(Objects.requireNonNull(update, "update"));
            return this;
        }

        /** @throws InvalidInputException when the append breaks a rule (see {@link Append}) */
        public Append build() {
            return new Append(path, parentId, messages, expectedHead, usage, idempotencyKey, metadata.build());
        }
    }
}
