package dev.tau4j.session.tau.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tau4j.session.Message;
import dev.tau4j.session.MessageCodec;
import dev.tau4j.session.TauCompatibility;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes JSON the way Tau's serde_json does: compact, UTF-8 text as is, control characters escaped with
 * lower-case hex, exponents spelled {@code 1e21} / {@code 1e-7}. A message Tau could not load anyway (a
 * lone surrogate) is written in {@link MessageCodec}'s storage-safe form instead, so tau4j reads it back
 * exactly.
 */
public final class TauJsonWriter {

    private static final JsonFactory FACTORY = new JsonFactoryBuilder()
            .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
            .build();

    static {
        new ObjectMapper(FACTORY); // becomes the factory's codec, which writes the scalar nodes
    }

    private TauJsonWriter() {
    }

    /** The message as Tau writes it; {@code tauCompatible} is {@link TauCompatibility#isCompatible(Message)}. */
    public static String message(Message message, boolean tauCompatible) {
        if (!tauCompatible) {
            return MessageCodec.encode(message);
        }
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(g, MessageCodec.toJson(message));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** A JSON string literal as Tau writes it. */
    public static String string(String value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void write(JsonGenerator g, JsonNode node) throws IOException {
        if (node.isObject()) {
            g.writeStartObject();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                g.writeFieldName(field.getKey());
                write(g, field.getValue());
            }
            g.writeEndObject();
        } else if (node.isArray()) {
            g.writeStartArray();
            for (JsonNode item : node) {
                write(g, item);
            }
            g.writeEndArray();
        } else if (node.isBigDecimal()) {
            g.writeNumber(tauSpelling(node.decimalValue().toString()));
        } else if (node.isDouble()) {
            g.writeNumber(tauSpelling(Double.toString(node.doubleValue())));
        } else {
            g.writeTree(node);
        }
    }

    /** {@code 1E+21} becomes {@code 1e21}, {@code 1E-7} becomes {@code 1e-7}: the same value, Tau's spelling. */
    static String tauSpelling(String number) {
        return number.replace("E+", "e").replace('E', 'e');
    }
}
