package dev.tau4j.session;

import dev.tau4j.session.internal.StoreArguments;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What tau4j can store but Tau (Rust) cannot load. Tau's reader refuses a whole session file when one
 * message holds a lone UTF-16 surrogate in any string, or a number in tool arguments beyond the range of
 * a double (such as {@code 1e400}). tau4j keeps both exactly, so a message that must move to Tau is
 * checked here: by the Tau JSONL export, and by a caller who wants to refuse such content at append time
 * ({@link #requireCompatible(Append)}).
 *
 * <p>Not a problem: integers beyond 64 bits and decimals beyond 17 significant digits, which Tau reads
 * but rounds. Stateless and thread-safe.
 */
public final class TauCompatibility {

    private TauCompatibility() {
    }

    /** Every reason Tau could not load {@code message}, in block order; empty when Tau can load it. */
    public static List<String> check(Message message) {
        List<String> problems = new ArrayList<>();
        List<ContentBlock> content = message.content();
        for (int i = 0; i < content.size(); i++) {
            String where = "content[" + i + "]";
            ContentBlock block = content.get(i);
            if (block instanceof ContentBlock.Text text) {
                checkString(where + ".text", text.text(), problems);
            } else if (block instanceof ContentBlock.ToolCall call) {
                checkString(where + ".id", call.id(), problems);
                checkString(where + ".name", call.name(), problems);
                checkJson(where + ".arguments", call.arguments(), problems);
            } else if (block instanceof ContentBlock.Image image) {
                checkSource(where + ".source", image.source(), problems);
            } else if (block instanceof ContentBlock.Audio audio) {
                checkSource(where + ".source", audio.source(), problems);
            }
        }
        checkString("tool_call_id", message.toolCallId(), problems);
        checkString("tool_name", message.toolName(), problems);
        return problems;
    }

    /** Whether Tau can load {@code message}. */
    public static boolean isCompatible(Message message) {
        return check(message).isEmpty();
    }

    /**
     * Refuses an append holding a message Tau could not load.
     *
     * @throws InvalidMessageException naming the message (0-based, in the append) and every problem
     */
    public static Append requireCompatible(Append append) {
        StoreArguments.requireAppend(append);
        for (int i = 0; i < append.messages().size(); i++) {
            List<String> problems = check(append.messages().get(i));
            if (!problems.isEmpty()) {
                throw new InvalidMessageException("message " + i + " of the append cannot be read by Tau: "
                        + String.join("; ", problems));
            }
        }
        return append;
    }

    private static void checkSource(String where, MediaSource source, List<String> problems) {
        if (source instanceof MediaSource.Url url) {
            checkString(where + ".url", url.url(), problems);
        } else if (source instanceof MediaSource.Base64 b64) {
            checkString(where + ".mime_type", b64.mimeType(), problems);
            checkString(where + ".data", b64.data(), problems);
        }
    }

    private static void checkJson(String where, JsonNode value, List<String> problems) {
        if (value.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                checkString(where + " key " + quote(field.getKey()), field.getKey(), problems);
                checkJson(where + "." + field.getKey(), field.getValue(), problems);
            }
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                checkJson(where + "[" + i + "]", value.get(i), problems);
            }
        } else if (value.isTextual()) {
            checkString(where, value.textValue(), problems);
        } else if (value.isNumber() && Double.isInfinite(value.decimalValue().doubleValue())) {
            problems.add(where + ": number " + value.asText() + " is beyond the range of a double");
        }
    }

    private static void checkString(String where, String value, List<String> problems) {
        if (value == null) {
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                problems.add(String.format("%s: lone surrogate U+%04X at index %d", where, (int) c, i));
            }
        }
    }

    private static String quote(String key) {
        return "'" + key.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
