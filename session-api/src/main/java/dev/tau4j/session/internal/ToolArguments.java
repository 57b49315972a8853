package dev.tau4j.session.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.tau4j.session.ContentBlock;

/**
 * Tool call argument text, as frameworks hand it over, kept byte for byte in a tool call block: a JSON
 * object or array whose compact canonical form is the text itself is kept as JSON (readable by Tau); any
 * other text (spaces, pretty printing, number forms the codec would change, invalid JSON) is kept as a JSON
 * string holding the text. {@link #text} gives the text back exactly either way. Not supported API.
 */
public final class ToolArguments {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ToolArguments() {
    }

    /** The JSON to keep for argument {@code text} ({@code null} text becomes JSON null). */
    public static JsonNode of(String text) {
        if (text == null) {
            return NullNode.getInstance();
        }
        try {
            JsonNode parsed = JSON.readTree(text);
            if (parsed != null && parsed.isContainerNode()) {
                JsonNode kept = ((ContentBlock.ToolCall) ContentBlock.toolCall("-", "-", parsed)).arguments();
                if (JSON.writeValueAsString(kept).equals(text)) {
                    return kept;
                }
            }
        } catch (JsonProcessingException e) {
            // not JSON: kept as text
        }
        return TextNode.valueOf(text);
    }

    /** The argument text {@link #of} was given. */
    public static String text(JsonNode arguments) {
        if (arguments == null || arguments.isNull()) {
            return null;
        }
        if (arguments.isTextual()) {
            return arguments.textValue();
        }
        try {
            return JSON.writeValueAsString(arguments);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always encodes", e);
        }
    }
}
