package dev.tau4j.session;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One block of a message's content, tagged on the wire by {@code type}: {@code text},
 * {@code tool_call}, {@code image} or {@code audio}. Values are immutable.
 */
public sealed interface ContentBlock {

    /** Plain text. */
    record Text(String text) implements ContentBlock {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * A tool invocation requested by the assistant; {@code arguments} is any JSON value, held in a
     * canonical form so that equality survives a round trip through storage.
     */
    record ToolCall(String id, String name, JsonNode arguments) implements ContentBlock {
        public ToolCall {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            arguments = MessageCodec.canonical(arguments);
        }

        /** A copy of the arguments: the block stays immutable whatever the caller does with it. */
        @Override
        public JsonNode arguments() {
            return arguments.deepCopy();
        }
    }

    /** An image. */
    record Image(MediaSource source) implements ContentBlock {
        public Image {
            Objects.requireNonNull(source, "source");
        }
    }

    /** An audio clip. */
    record Audio(MediaSource source) implements ContentBlock {
        public Audio {
            Objects.requireNonNull(source, "source");
        }
    }

    static ContentBlock text(String text) {
        return new Text(text);
    }

    static ContentBlock toolCall(String id, String name, JsonNode arguments) {
        return new ToolCall(id, name, arguments);
    }

    static ContentBlock image(MediaSource source) {
        return new Image(source);
    }

    static ContentBlock audio(MediaSource source) {
        return new Audio(source);
    }
}
