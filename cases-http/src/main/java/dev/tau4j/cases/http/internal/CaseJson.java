package dev.tau4j.cases.http.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tau4j.cases.CasePage;
import dev.tau4j.cases.CaseRecord;
import dev.tau4j.cases.CaseType;
import dev.tau4j.cases.Decision;
import dev.tau4j.cases.NewCase;
import dev.tau4j.cases.NewDecision;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.Set;

/** The JSON wire format of the cases API (snake_case), in both directions. */
public final class CaseJson {

    /** ISO-8601 in UTC with exactly six fraction digits, e.g. {@code 2025-01-31T09:15:00.123456Z}. */
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSX").withZone(ZoneOffset.UTC);

    private static final Set<String> CASE_FIELDS = Set.of("case_type", "title", "lot");
    private static final Set<String> DECISION_FIELDS =
            Set.of("chosen_supplier", "decision_reason", "next_action", "decided_by");
    private static final Set<String> DECIDE_REQUEST_FIELDS =
            Set.of("case_id", "chosen_supplier", "decision_reason", "next_action", "decided_by");

    /** The body of {@code POST /api/decide}: the case id as sent (checked by the caller) and the decision. */
    public record DecideRequest(String caseId, NewDecision decision) {
    }

    private final JsonMapper mapper = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // emoji and other non-BMP characters as raw UTF-8, not as \uD83D\uDE80 escape pairs
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();

    /** Parses the body of {@code POST /api/cases}. */
    public NewCase readNewCase(byte[] body) {
        ObjectNode o = readObject(body, CASE_FIELDS);
        CaseType type = CaseType.parse(text(o, "case_type", true));
        return new NewCase(type, text(o, "title", true), text(o, "lot", false));
    }

    /** Parses the body of {@code POST /api/decide/{case_id}}. */
    public NewDecision readNewDecision(byte[] body) {
        return decision(readObject(body, DECISION_FIELDS));
    }

    /** Parses the body of {@code POST /api/decide}: a decision plus its {@code case_id} (required). */
    public DecideRequest readDecideRequest(byte[] body) {
        ObjectNode o = readObject(body, DECIDE_REQUEST_FIELDS);
        String caseId = text(o, "case_id", true);
        return new DecideRequest(caseId, decision(o));
    }

    private static NewDecision decision(ObjectNode o) {
        return new NewDecision(text(o, "chosen_supplier", true), text(o, "decision_reason", true),
                text(o, "next_action", true), text(o, "decided_by", false));
    }

    private ObjectNode readObject(byte[] body, Set<String> allowed) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new ApiError(400, "malformed_json", "request body is not valid UTF-8");
        }
        if (text.isBlank()) {
            throw new ApiError(400, "malformed_json", "request body is empty; expected a JSON object");
        }
        JsonNode node;
        try {
            node = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new ApiError(400, "malformed_json", "request body is not valid JSON" + where);
        }
        if (node == null || !node.isObject()) {
            throw new ApiError(400, "malformed_json", "request body must be a JSON object");
        }
        ObjectNode o = (ObjectNode) node;
        for (Iterator<String> names = o.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                String shown = name.length() > 64 ? name.substring(0, 64) + "…" : name;
                throw new ApiError(400, "invalid_field", "unknown field: " + shown
                        + " (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")", shown);
            }
        }
        return o;
    }

    private static String text(ObjectNode o, String field, boolean required) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new ApiError(400, "invalid_field", field + " is required", field);
            }
            return null;
        }
        if (!v.isTextual()) {
            throw new ApiError(400, "invalid_field", field + " must be a string", field);
        }
        return v.textValue();
    }

    public ObjectNode caseNode(CaseRecord c) {
        ObjectNode n = mapper.createObjectNode();
        n.put("id", c.id().toString());
        n.put("case_type", c.caseType().name());
        n.put("title", c.title());
        n.put("lot", c.lot());
        n.put("status", c.status().name());
        n.put("created_at", timestamp(c.createdAt()));
        n.put("updated_at", timestamp(c.updatedAt()));
        Decision d = c.decision();
        if (d == null) {
            n.putNull("decision");
        } else {
            ObjectNode dn = n.putObject("decision");
            dn.put("chosen_supplier", d.chosenSupplier());
            dn.put("decision_reason", d.decisionReason());
            dn.put("next_action", d.nextAction());
            dn.put("decided_by", d.decidedBy());
            dn.put("decided_at", timestamp(d.decidedAt()));
        }
        return n;
    }

    public ObjectNode pageNode(CasePage page) {
        ObjectNode n = mapper.createObjectNode();
        var array = n.putArray("cases");
        page.cases().forEach(c -> array.add(caseNode(c)));
        n.put("next_cursor", page.nextCursor());
        return n;
    }

    /** {@code {"status": status}}, the body of a health answer. */
    public ObjectNode statusNode(String status) {
        ObjectNode n = mapper.createObjectNode();
        n.put("status", status);
        return n;
    }

    public ObjectNode errorNode(String code, String message, String field) {
        ObjectNode n = mapper.createObjectNode();
        n.put("error", code);
        n.put("message", message);
        if (field != null) {
            n.put("field", field);
        }
        return n;
    }

    /** UTF-8 bytes of the node. */
    public byte[] bytes(JsonNode node) {
        try {
            return mapper.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    public static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }
}
