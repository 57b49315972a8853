package dev.tau4j.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A message of an agent conversation, in the shape of Tau's JSON message format. Immutable; equality
 * is by value over every field, so what was appended equals what is read back.
 *
 * @param role       who speaks
 * @param content    the blocks, in order (may be empty)
 * @param toolCallId the tool call this message answers, or {@code null}
 * @param toolName   the tool that produced this message, or {@code null}
 * @param isError    whether a tool result reports an error
 */
public record Message(Role role, List<ContentBlock> content, String toolCallId, String toolName, boolean isError) {

    public Message {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
        content = List.copyOf(content);
    }

    public static Message system(String text) {
        return of(Role.SYSTEM, text);
    }

    public static Message user(String text) {
        return of(Role.USER, text);
    }

    public static Message assistant(String text) {
        return of(Role.ASSISTANT, text);
    }

    /** A tool result answering {@code toolCallId}. */
    public static Message toolResult(String toolCallId, String toolName, String text, boolean isError) {
        return new Message(Role.TOOL, List.of(ContentBlock.text(text)), toolCallId, toolName, isError);
    }

    /** A message of one text block. */
    public static Message of(Role role, String text) {
        return new Message(role, List.of(ContentBlock.text(text)), null, null, false);
    }

    public static Builder builder(Role role) {
        return new Builder(role);
    }

    /** The text of every text block, joined by newlines. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (ContentBlock block : content) {
            if (block instanceof ContentBlock.Text t) {
                if (sb.length() > 0) {
                    sb.append('\n');
                }
                sb.append(t.text());
            }
        }
        return sb.toString();
    }

    /** Builds a {@link Message} block by block. */
    public static final class Builder {
        private final Role role;
        private final List<ContentBlock> content = new ArrayList<>();
        private String toolCallId;
        private String toolName;
        private boolean isError;

        private Builder(Role role) {
            this.role = Objects.requireNonNull(role, "role");
        }

        public Builder block(ContentBlock block) {
            content.add(Objects.requireNonNull(block, "block"));
            return this;
        }

        public Builder text(String text) {
            return block(ContentBlock.text(text));
        }

        public Builder toolCallId(String toolCallId) {
            this.toolCallId = toolCallId;
            return this;
        }

        public Builder toolName(String toolName) {
            this.toolName = toolName;
            return this;
        }

        public Builder isError(boolean isError) {
            this.isError = isError;
            return this;
        }

        public Message build() {
            return new Message(role, content, toolCallId, toolName, isError);
        }
    }
}
