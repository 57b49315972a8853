package dev.tau4j.session.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tau4j.session.Append;
import dev.tau4j.session.ContentBlock;
import dev.tau4j.session.InvalidMessageException;
import dev.tau4j.session.MediaSource;
import dev.tau4j.session.Message;
import dev.tau4j.session.Role;
import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.UsageDelta;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Strings that break naive storage: quotes, SQL, escapes, every plane of Unicode, NUL, lone surrogates. */
abstract class HostileStringCases extends KitCases {

    /** Text that SQL, JSON, LIKE, shells or Unicode handling commonly get wrong. */
    static final List<String> HOSTILE = List.of(
            "\"double\" 'single' `back` \u2018curly\u2019 \u201cdouble curly\u201d",
            "back\\slash \\\\ \\n \\t \\u0000 \\\" \\' \\x00",
            "'; drop table x; --",
            "Robert'); DROP TABLE sessions;--",
            "1' OR '1'='1",
            "$$ dollar $$ $tag$ quoting $tag$",
            "%_ like wildcards [a-z]* ^$ .* \\% \\_",
            "{\"role\":\"system\",\"content\":[]} </script><script>alert(1)</script>",
            "null",
            "",
            " ",
            "\t\r\n line\nbreaks\r\n and \u2028\u2029 separators",
            "emoji \ud83d\ude00 \ud83d\udc69\u200d\ud83d\udcbb \ud83c\udff3\ufe0f\u200d\ud83c\udf08 \ud83d\udc4d\ud83c\udffd",
            "\u0645\u0631\u062d\u0628\u0627 \u0628\u0627\u0644\u0639\u0627\u0644\u0645 \u05e9\u05dc\u05d5\u05dd \u202eRTL override\u202c",
            "combining e\u0301 n\u0303 a\u030a Z\u0324\u0354\u0367\u0311\u0313a\u0308\u0356\u032d",
            "\u6f22\u5b57 \u304b\u306a \ud55c\uae00 \u0e44\u0e17\u0e22 \u0939\u093f\u0928\u094d\u0926\u0940",
            "\ufeffBOM \u200bzero width\u200c\u200d \u00ad soft hyphen \ufffd replacement",
            "supplementary planes \ud800\udc00 \udbff\udfff \ud835\udd38",
            "control \u0001\u0002\u001b[31m ANSI \u007f \u0085");

    /** Reads numbers exactly; the message model canonicalizes tool call arguments on top of that. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    HostileStringCases(SessionStoreConformanceKit kit) {
        super(kit);
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Appends the messages as one chain, reads them back through a new store instance, and compares. */
    private void assertRoundTrip(SessionStore store, SessionPath path, List<Message> messages) {
        List<SessionEntry> written = store.append(Append.to(path).messages(messages).build());
        assertThat(messages(written)).as("messages returned by the append").isEqualTo(messages);
        SessionStore reopened = reopenClosing(store);
        List<SessionEntry> read = reopened.entries(path);
        assertThat(read).hasSameSizeAs(messages);
        for (int i = 0; i < messages.size(); i++) {
            assertThat(read.get(i).message()).as("message %d read by a new store instance", i).isEqualTo(messages.get(i));
        }
        assertThat(read).isEqualTo(written);
    }

    @Test
    @ConformanceCase(id = "C-50")
    @DisplayName("C-50 quotes, SQL, escapes and Unicode text round-trip exactly")
    void hostileTextRoundTrips() {
        List<Message> messages = new ArrayList<>();
        for (String text : HOSTILE) {
            messages.add(Message.user(text));
            messages.add(new Message(Role.TOOL, List.of(ContentBlock.text(text), ContentBlock.text(text + text)),
                    "call " + text, "tool " + text, true));
        }
        assertRoundTrip(newStore(), path("hostile-text"), messages);
    }

    @Test
    @ConformanceCase(id = "C-51")
    @DisplayName("C-51 a 1 MB text round-trips exactly")
    void megabyteTextRoundTrips() {
        // Deterministic mix of ASCII, two- and three-byte characters, emoji and quotes: 1 MiB in UTF-8.
        String alphabet = "abcdefghijklmnopqrstuvwxyz ABC 0123456789 '\"\\\n\t\u00e9\u00fc\u00df\u20ac\u6f22\u5b57\u0645";
        Random random = new Random(20251122);
        StringBuilder text = new StringBuilder();
        int bytes = 0;
        while (bytes < 1024 * 1024 - 8) {
            if (random.nextInt(1000) == 0) {
                text.append("\ud83d\ude80");
                bytes += 4;
            } else {
                char c = alphabet.charAt(random.nextInt(alphabet.length()));
                text.append(c);
                bytes += String.valueOf(c).getBytes(StandardCharsets.UTF_8).length;
            }
        }
        Message big = Message.assistant(text.toString());
        assertThat(big.text().getBytes(StandardCharsets.UTF_8).length).isGreaterThanOrEqualTo(1024 * 1024 - 8);
        assertRoundTrip(newStore(), path("megabyte"), List.of(big, Message.user("after the big one")));
    }

    @Test
    @ConformanceCase(id = "C-52")
    @DisplayName("C-52 tool calls with nested JSON arguments round-trip exactly")
    void toolCallsRoundTrip() {
        JsonNode arguments = json("""
                {"query": "'; drop table x; --", "limit": 42, "offset": 0, "negative": -17,
                 "big": 123456789012345678901234567890, "long_max": 9223372036854775807,
                 "decimal": 0.1, "precise": 3.14159265358979323846264338327950288, "trailing_zero": 1.50,
                 "exp": 6.02214076e23, "tiny": 1e-300, "minus_zero": -0.0,
                 "flag": true, "off": false, "nothing": null,
                 "list": [1, "two", null, 3.5, [], {}, [[{"deep": {"deeper": [true, null, "no NUL here"]}}]]],
                 "unicode \\u043a\\u043b\\u044e\\u0447": "\\u0437\\u043d\\u0430\\u0447\\u0435\\u043d\\u0438\\u0435 \\ud83d\\ude00",
                 "quote\\"key": "back\\\\slash", "": "empty key", "nested": {"a": {"b": {"c": {"d": [1, 2, 3]}}}}}
                """);
        List<Message> messages = List.of(
                Message.builder(Role.ASSISTANT).text("calling tools")
                        .block(ContentBlock.toolCall("call_1", "search", arguments))
                        .block(ContentBlock.toolCall("call-2 \"quoted\"", "calc.add", json("[1, 2.5, \"3\", null]")))
                        .block(ContentBlock.toolCall("call_3", "noop", json("null")))
                        .block(ContentBlock.toolCall("call_4", "echo", json("\"just a string\"")))
                        .block(ContentBlock.toolCall("call_5", "count", json("12.000")))
                        .block(ContentBlock.toolCall("call_6", "empty", json("{}")))
                        .build(),
                Message.toolResult("call_1", "search", "{\"results\": []}", false));
        assertRoundTrip(newStore(), path("tool-calls"), messages);
    }

    @Test
    @ConformanceCase(id = "C-53")
    @DisplayName("C-53 image and audio blocks with url and base64 sources round-trip exactly")
    void mediaRoundTrips() {
        byte[] png = new byte[2048];
        new Random(7).nextBytes(png);
        String data = Base64.getEncoder().encodeToString(png);
        List<Message> messages = List.of(
                Message.builder(Role.USER).text("what is in these?")
                        .block(ContentBlock.image(MediaSource.url("https://example.com/a%20b.png?x=1&y='2'#\u00e9")))
                        .block(ContentBlock.image(MediaSource.base64("image/png", data)))
                        .block(ContentBlock.audio(MediaSource.url("https://example.com/clip.wav")))
                        .block(ContentBlock.audio(MediaSource.base64("audio/wav; codecs=\"1\"", data)))
                        .build(),
                Message.builder(Role.ASSISTANT).block(ContentBlock.image(MediaSource.base64("image/svg+xml", ""))).build());
        assertRoundTrip(newStore(), path("media"), messages);
    }

    @Test
    @ConformanceCase(id = "C-54")
    @DisplayName("C-54 roles, tool result fields and empty content round-trip exactly")
    void messageFieldsRoundTrip() {
        List<Message> messages = List.of(
                Message.system("system prompt"),
                Message.user("user"),
                Message.assistant("assistant"),
                Message.toolResult("call_9", "search", "failed: timeout", true),
                Message.toolResult("call_10", "search", "ok", false),
                new Message(Role.TOOL, List.of(ContentBlock.text("no name")), "call_11", null, false),
                new Message(Role.TOOL, List.of(), null, "name only", true),
                new Message(Role.ASSISTANT, List.of(), null, null, false),
                new Message(Role.USER, List.of(ContentBlock.text(""), ContentBlock.text("")), "", "", false));
        assertRoundTrip(newStore(), path("fields"), messages);
    }

    @Test
    @ConformanceCase(id = "C-55")
    @DisplayName("C-55 hostile characters in paths are kept exactly and isolated")
    void hostilePathsAreKept() {
        SessionStore store = newStore();
        List<String> segments = List.of("it's \"quoted\"", "100%", "under_score", "'; drop table x; --", "emoji-\ud83d\ude00",
                "back\\slash", "space here", "*?[]{}()", "\u65e5\u672c\u8a9e", "%", "_", "$1", "colon:semi;",
                "\u0645\u0631\u062d\u0628\u0627", "e\u0301", "\u00e9", "...dots", "~tilde", "#hash&amp=", "<tag>");
        List<SessionPath> paths = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            SessionPath path = path("hostile/" + segments.get(i));
            paths.add(path);
            appendRoot(store, path, Message.user(segments.get(i)));
            store.recordUsage(path, new UsageDelta(i + 1, 0, 0, java.math.BigDecimal.ZERO));
        }
        SessionStore reopened = reopenClosing(store);
        for (int i = 0; i < paths.size(); i++) {
            SessionPath path = paths.get(i);
            assertThat(texts(reopened.entries(path))).as("entries of '%s'", path).containsExactly(segments.get(i));
            assertThat(reopened.usage(path).inputTokens()).as("usage of '%s'", path).isEqualTo(i + 1L);
            assertThat(listedPaths(reopened, path)).as("listing '%s'", path).containsExactly(path);
        }
        List<SessionPath> expected = new ArrayList<>(paths);
        expected.sort(null);
        assertThat(listedPaths(reopened, path("hostile"))).containsExactlyElementsOf(expected);
        assertThat(reopened.deleteSession(path("hostile/%"))).isTrue();
        assertThat(reopened.deleteSession(path("hostile/_"))).isTrue();
        assertThat(listedPaths(reopened, path("hostile"))).hasSize(paths.size() - 2);
        assertThat(reopened.entries(path("hostile/100%"))).hasSize(1);
        assertThat(reopened.entries(path("hostile/under_score"))).hasSize(1);
    }

    // ---- NUL and lone surrogates: optional capabilities ----------------------------------------------

    private static final String NUL_TEXT = "before\u0000after \u0000\u0000 end\u0000";
    private static final String SURROGATE_TEXT = "lone high \ud800, lone low \udc00, reversed \ude00\ud83d, end \udbff";

    /** Required: the text is either kept exactly, or refused with InvalidMessageException writing nothing. */
    private void keptOrRefused(Capability capability, String text) {
        SessionStore store = newStore();
        SessionPath path = path("kept-or-refused");
        Message message = Message.user(text);
        if (supports(capability)) {
            SessionEntry written = appendRoot(store, path, message);
            assertThat(reopen(store).entry(path, written.id()))
                    .hasValueSatisfying(e -> assertThat(e.message()).isEqualTo(message));
        } else {
            assertThatThrownBy(() -> store.append(Append.to(path).message(Message.user("fine")).message(message)
                    .usage(UsageDelta.of(1, 1, 2, "0.1")).build()))
                    .as("%s declares %s unsupported: the message must be refused", backend(), capability)
                    .isInstanceOf(InvalidMessageException.class).hasMessageFindingMatch("\\S");
            assertAbsent(store, path);
        }
    }

    /**
     * Optional: every string field of a message keeps the text exactly, through a new store instance.
     * JSON object keys take part only when {@code inKeys}: the message model itself cannot hold a lone
     * surrogate in a tool call argument's key.
     */
    private void roundTripEverywhere(String text, boolean inKeys) {
        ObjectNode arguments = JsonNodeFactory.instance.objectNode();
        arguments.put("value", text);
        if (inKeys) {
            arguments.put(text, "as a key");
        }
        arguments.putArray("list").add(text);
        List<Message> messages = List.of(
                Message.user(text),
                new Message(Role.TOOL, List.of(ContentBlock.text(text)), text, text, false),
                Message.builder(Role.ASSISTANT).block(ContentBlock.toolCall(text, text, arguments))
                        .block(ContentBlock.image(MediaSource.url(text)))
                        .block(ContentBlock.audio(MediaSource.base64(text, text))).build());
        assertRoundTrip(newStore(), path("everywhere"), messages);
    }

    @Test
    @ConformanceCase(id = "C-56")
    @DisplayName("C-56 NUL in text is kept exactly or refused before anything is written")
    void nulKeptOrRefused() {
        keptOrRefused(Capability.NUL_IN_TEXT, NUL_TEXT);
    }

    @Test
    @ConformanceCase(id = "C-57", required = false)
    @DisplayName("C-57 NUL in every message field round-trips exactly")
    void nulRoundTrips() {
        assumeSupported(Capability.NUL_IN_TEXT);
        roundTripEverywhere(NUL_TEXT, true);
    }

    @Test
    @ConformanceCase(id = "C-58")
    @DisplayName("C-58 lone surrogates in text are kept exactly or refused before anything is written")
    void loneSurrogatesKeptOrRefused() {
        keptOrRefused(Capability.LONE_SURROGATES, SURROGATE_TEXT);
    }

    @Test
    @ConformanceCase(id = "C-59", required = false)
    @DisplayName("C-59 lone surrogates in every message field round-trip exactly")
    void loneSurrogatesRoundTrip() {
        assumeSupported(Capability.LONE_SURROGATES);
        roundTripEverywhere(SURROGATE_TEXT, false);
    }
}
