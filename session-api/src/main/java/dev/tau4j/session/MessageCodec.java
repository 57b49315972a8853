package dev.tau4j.session;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and decodes {@link Message}s in Tau's JSON wire format (snake_case fields, blocks tagged by
 * {@code type}). For example {@code Message.system("sys")} encodes as
 * {@code {"role":"system","content":[{"type":"text","text":"sys"}],"is_error":false}}.
 *
 * <p>The encoding is storage-safe: control characters (NUL included) and every UTF-16 surrogate are
 * written as {@code \\uXXXX} escapes, so the JSON text holds no NUL and is valid UTF-8 even for text
 * with a lone surrogate; decoding restores the exact string.
 *
 * <p>Decoding is as strict as Tau's reader where Tau refuses input: a duplicated key, a {@code null}
 * {@code is_error}, or a {@code tool_call} block without {@code arguments} is an
 * {@link InvalidMessageException}. Numbers in tool arguments keep their exact decimal value, and a negative
 * zero ({@code -0.0}, also {@code -0}) stays negative zero and is written {@code -0.0}. What tau4j stores but
 * Tau cannot load (a lone surrogate, a number beyond the range of a double) is reported by
 * {@link TauCompatibility}. Thread-safe.
 */
public final class MessageCodec {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final JsonFactory FACTORY = new JsonFactoryBuilder()
            .characterEscapes(new SurrogateEscapes())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

    private MessageCodec() {
    }

    /** The message as one line of JSON. */
    public static String encode(Message message) {
        try {
            return MAPPER.writeValueAsString(toJson(message));
        } catch (JsonProcessingException e) {
            throw new InvalidMessageException("message cannot be encoded as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Parses one JSON message; throws {@link InvalidMessageException} naming what is wrong. */
    public static Message decode(String json) {
        if (json == null) {
            throw new InvalidMessageException("message JSON must not be null");
        }
        return fromJson(parseJson(json));
    }

    /**
     * Parses any JSON text the way {@link #decode(String)} does: one value and nothing after it, a duplicated
     * key refused, decimals kept exact (trailing zeros included), negative zero kept negative.
     *
     * @throws InvalidMessageException when the text is not one valid JSON value
     */
    public static JsonNode parseJson(String json) {
        if (json == null) {
            throw new InvalidMessageException("JSON text must not be null");
        }
        try (JsonParser parser = FACTORY.createParser(json)) {
            if (parser.nextToken() == null) {
                throw new InvalidMessageException("JSON text is empty");
            }
            JsonNode value = readValue(parser);
            if (parser.nextToken() != null) {
                throw new InvalidMessageException("JSON text has content after its value, at column "
                        + parser.currentTokenLocation().getColumnNr());
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new InvalidMessageException("not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidMessageException("JSON text cannot be read: " + e.getMessage(), e);
        }
    }

    /** The message as a Jackson tree, in wire format. */
    public static ObjectNode toJson(Message message) {
        ObjectNode node = NODES.objectNode();
        node.put("role", message.role().wireName());
        ArrayNode content = node.putArray("content");
        for (ContentBlock block : message.content()) {
            content.add(blockToJson(block));
        }
        if (message.toolCallId() != null) {
            node.put("tool_call_id", message.toolCallId());
        }
        if (message.toolName() != null) {
            node.put("tool_name", message.toolName());
        }
        node.put("is_error", message.isError());
        return node;
    }

    /** Reads a message from a Jackson tree in wire format. */
    public static Message fromJson(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new InvalidMessageException("message must be a JSON object");
        }
        Role role = Role.fromWireName(requiredText(node, "role", "message"));
        JsonNode contentNode = node.get("content");
        if (contentNode == null || !contentNode.isArray()) {
            throw new InvalidMessageException("message field 'content' must be an array");
        }
        List<ContentBlock> content = new ArrayList<>();
        for (JsonNode block : contentNode) {
            content.add(blockFromJson(block));
        }
        JsonNode isError = node.get("is_error");
        if (isError != null && !isError.isBoolean()) {
            throw new InvalidMessageException("message field 'is_error' must be a boolean");
        }
        return new Message(role, content, optionalText(node, "tool_call_id"), optionalText(node, "tool_name"),
                isError != null && isError.asBoolean());
    }

    /** A canonical, detached copy of any JSON value: what a decode of its encoding would produce. */
    static JsonNode canonical(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return NullNode.getInstance();
        }
        String text;
        try {
            text = MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new InvalidMessageException("tool call arguments are not valid JSON: " + e.getOriginalMessage(), e);
        }
        return parseJson(text);
    }

    /** The value at the parser's current token, built node by node so that number types stay exact. */
    private static JsonNode readValue(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT: {
                ObjectNode object = NODES.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    object.set(name, readValue(parser));
                }
                return object;
            }
            case START_ARRAY: {
                ArrayNode array = NODES.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(readValue(parser));
                }
                return array;
            }
            case VALUE_STRING:
                return NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT:
                if (isNegativeZero(parser)) {
                    return DoubleNode.valueOf(-0.0);
                }
                return switch (parser.getNumberType()) {
                    case INT -> IntNode.valueOf(parser.getIntValue());
                    case LONG -> LongNode.valueOf(parser.getLongValue());
                    default -> BigIntegerNode.valueOf(parser.getBigIntegerValue());
                };
            case VALUE_NUMBER_FLOAT:
                if (isNegativeZero(parser)) {
                    return DoubleNode.valueOf(-0.0);
                }
                return DecimalNode.valueOf(parser.getDecimalValue());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NullNode.getInstance();
            default:
                throw new InvalidMessageException("unexpected JSON token " + token);
        }
    }

    private static boolean isNegativeZero(JsonParser parser) throws IOException {
        String text = parser.getText();
        return text.startsWith("-") && new BigDecimal(text).signum() == 0;
    }

    private static ObjectNode blockToJson(ContentBlock block) {
        ObjectNode node = NODES.objectNode();
        if (block instanceof ContentBlock.Text text) {
            node.put("type", "text");
            node.put("text", text.text());
        } else if (block instanceof ContentBlock.ToolCall call) {
            node.put("type", "tool_call");
            node.put("id", call.id());
            node.put("name", call.name());
            node.set("arguments", call.arguments().deepCopy());
        } else if (block instanceof ContentBlock.Image image) {
            node.put("type", "image");
            node.set("source", sourceToJson(image.source()));
        } else if (block instanceof ContentBlock.Audio audio) {
            node.put("type", "audio");
            node.set("source", sourceToJson(audio.source()));
        } else {
            throw new IllegalStateException("unknown block " + block);
        }
        return node;
    }

    private static ContentBlock blockFromJson(JsonNode node) {
        if (!node.isObject()) {
            throw new InvalidMessageException("content block must be a JSON object");
        }
        String type = requiredText(node, "type", "content block");
        return switch (type) {
            case "text" -> ContentBlock.text(requiredText(node, "text", "text block"));
            case "tool_call" -> ContentBlock.toolCall(requiredText(node, "id", "tool_call block"),
                    requiredText(node, "name", "tool_call block"), requiredArguments(node));
            case "image" -> ContentBlock.image(sourceFromJson(node.get("source")));
            case "audio" -> ContentBlock.audio(sourceFromJson(node.get("source")));
            default -> throw new InvalidMessageException("unknown content block type '" + type + "'");
        };
    }

    private static JsonNode requiredArguments(JsonNode node) {
        JsonNode arguments = node.get("arguments");
        if (arguments == null) {
            throw new InvalidMessageException("tool_call block field 'arguments' is missing (write null for none)");
        }
        return arguments;
    }

    private static ObjectNode sourceToJson(MediaSource source) {
        ObjectNode node = NODES.objectNode();
        if (source instanceof MediaSource.Url url) {
            node.put("type", "url");
            node.put("url", url.url());
        } else if (source instanceof MediaSource.Base64 b64) {
            node.put("type", "base64");
            node.put("mime_type", b64.mimeType());
            node.put("data", b64.data());
        }
        return node;
    }

    private static MediaSource sourceFromJson(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new InvalidMessageException("media block field 'source' must be a JSON object");
        }
        String type = requiredText(node, "type", "media source");
        return switch (type) {
            case "url" -> MediaSource.url(requiredText(node, "url", "url source"));
            case "base64" -> MediaSource.base64(requiredText(node, "mime_type", "base64 source"),
                    requiredText(node, "data", "base64 source"));
            default -> throw new InvalidMessageException("unknown media source type '" + type + "'");
        };
    }

    private static String requiredText(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new InvalidMessageException(where + " field '" + field + "' must be a string");
        }
        return value.textValue();
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidMessageException("message field '" + field + "' must be a string");
        }
        return value.textValue();
    }

    /** Escapes every surrogate code unit, so lone surrogates survive UTF-8 storage. */
    private static final class SurrogateEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] asciiEscapes = CharacterEscapes.standardAsciiEscapesForJSON();

        @Override
        public int[] getEscapeCodesForAscii() {
            return asciiEscapes;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if (ch >= Character.MIN_SURROGATE && ch <= Character.MAX_SURROGATE) {
                return new SerializedString(String.format("\\u%04x", ch));
            }
            return null;
        }
    }
}
