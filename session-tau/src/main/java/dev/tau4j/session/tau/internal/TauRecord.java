package dev.tau4j.session.tau.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tau4j.session.InvalidMessageException;
import dev.tau4j.session.Message;
import dev.tau4j.session.MessageCodec;
import dev.tau4j.session.tau.TauFormatException;
import dev.tau4j.session.tau.TauFormatException.Reason;
import java.math.BigInteger;

/**
 * One parsed line of a Tau session file: a meta record, or an entry (with {@code record_type} or a legacy
 * line without it). Entry ids are Tau's unsigned 64-bit integers, held in a {@code long}'s bits; compare
 * them with {@link Long#compareUnsigned} and print them with {@link Long#toUnsignedString(long)}.
 *
 * @param meta      true for a meta line (then the other fields are unused)
 * @param id        the entry id
 * @param hasParent whether the entry has a parent
 * @param parentId  the parent id when {@code hasParent}
 * @param message   the decoded message
 */
public record TauRecord(boolean meta, long id, boolean hasParent, long parentId, Message message) {

    /** The highest schema version this reader understands. */
    public static final int SCHEMA_VERSION = 1;

    private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    /** Parses a non-blank line; throws {@link TauFormatException} naming the line and the problem. */
    public static TauRecord parse(String text, long lineNumber) {
        JsonNode node;
        try {
            node = MessageCodec.parseJson(text);
        } catch (InvalidMessageException e) {
            throw new TauFormatException(Reason.MALFORMED_LINE, lineNumber, e.getMessage(), e);
        }
        if (!node.isObject()) {
            throw new TauFormatException(Reason.MALFORMED_LINE, lineNumber, "a record must be a JSON object");
        }
        JsonNode type = node.get("record_type");
        if (type == null) {
            return entry(node, lineNumber);
        }
        if (!type.isTextual()) {
            throw new TauFormatException(Reason.MALFORMED_LINE, lineNumber, "'record_type' must be a string");
        }
        return switch (type.textValue()) {
            case "meta" -> meta(node, lineNumber);
            case "entry" -> entry(node, lineNumber);
            default -> throw new TauFormatException(Reason.UNKNOWN_RECORD_TYPE, lineNumber,
                    "unknown record_type '" + type.textValue() + "'");
        };
    }

    /** True for a line Tau skips: empty or only whitespace. */
    public static boolean isBlank(String text) {
        return text.isBlank();
    }

    private static TauRecord meta(JsonNode node, long lineNumber) {
        long version = unsigned(node.get("schema_version"), "schema_version", lineNumber);
        if (Long.compareUnsigned(version, SCHEMA_VERSION) > 0) {
            throw new TauFormatException(Reason.UNSUPPORTED_SCHEMA_VERSION, lineNumber,
                    "unsupported session schema version " + Long.toUnsignedString(version) + " (this reader knows "
                            + SCHEMA_VERSION + ")");
        }
        return new TauRecord(true, 0, false, 0, null);
    }

    private static TauRecord entry(JsonNode node, long lineNumber) {
        long id = unsigned(node.get("id"), "id", lineNumber);
        JsonNode parent = node.get("parent_id");
        boolean hasParent = parent != null && !parent.isNull();
        long parentId = hasParent ? unsigned(parent, "parent_id", lineNumber) : 0;
        JsonNode messageNode = node.get("message");
        if (messageNode == null) {
            throw new TauFormatException(Reason.MALFORMED_LINE, lineNumber, "an entry needs a 'message'");
        }
        Message message;
        try {
            message = MessageCodec.fromJson(messageNode);
        } catch (InvalidMessageException e) {
            throw new TauFormatException(Reason.INVALID_MESSAGE, lineNumber, e.getMessage(), e);
        }
        return new TauRecord(false, id, hasParent, parentId, message);
    }

    private static long unsigned(JsonNode value, String field, long lineNumber) {
        if (value == null || !value.isIntegralNumber()) {
            throw new TauFormatException(Reason.MALFORMED_LINE, lineNumber, "'" + field + "' must be an unsigned integer");
        }
        BigInteger n = value.bigIntegerValue();
        if (n.signum() < 0 || n.compareTo(U64_MAX) > 0) {
            throw new TauFormatException(Reason.MALFORMED_LINE, lineNumber,
                    "'" + field + "' must be between 0 and 2^64-1, got " + n);
        }
        return n.longValue();
    }
}
