package dev.tau4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tau4j.session.MessageCodec;
import dev.tau4j.session.SessionEntry;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/** Prints results for people (aligned lines) or, with {@code --json}, one JSON document for scripts. */
final class Printer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TEXT_WIDTH = 72;

    private final PrintWriter out;
    private final boolean json;

    Printer(PrintWriter out, boolean json) {
        this.out = out;
        this.json = json;
    }

    boolean json() {
        return json;
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    void line(String text) {
        out.println(text);
    }

    void json(JsonNode node) {
        try {
            out.println(JSON.writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An entry as JSON: id, parent_id, accepted_at, message (Tau's format). */
    static ObjectNode entry(SessionEntry entry) {
        ObjectNode node = object();
        node.put("id", entry.id());
        if (entry.parentId().isPresent()) {
            node.put("parent_id", entry.parentId().getAsLong());
        } else {
            node.putNull("parent_id");
        }
        node.put("accepted_at", entry.acceptedAt().toString());
        node.set("message", MessageCodec.toJson(entry.message()));
        return node;
    }

    /** An entry on one line: id, parent, role and the start of its text. */
    static String entryLine(SessionEntry entry) {
        String text = entry.message().text().replaceAll("\\s+", " ").strip();
        if (text.length() > TEXT_WIDTH) {
            text = text.substring(0, TEXT_WIDTH) + "…";
        }
        String parent = entry.parentId().isPresent() ? Long.toString(entry.parentId().getAsLong()) : "-";
        return String.format("%6d  %6s  %-9s  %s", entry.id(), parent, entry.message().role().wireName(), text);
    }

    static String entryHeader() {
        return String.format("%6s  %6s  %-9s  %s", "id", "parent", "role", "text");
    }
}
