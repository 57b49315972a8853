package dev.tau4j.session.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tau4j.session.Append;
import dev.tau4j.session.ContentBlock;
import dev.tau4j.session.InvalidInputException;
import dev.tau4j.session.InvalidSessionPathException;
import dev.tau4j.session.MediaSource;
import dev.tau4j.session.Message;
import dev.tau4j.session.MessageCodec;
import dev.tau4j.session.MessageTooLargeException;
import dev.tau4j.session.Role;
import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.UsageDelta;
import dev.tau4j.session.UsageSummary;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Input that breaks a rule is refused with a typed exception, before anything is written. */
abstract class ValidationCases extends KitCases {

    ValidationCases(SessionStoreConformanceKit kit) {
        super(kit);
    }

    @Test
    @ConformanceCase(id = "C-45")
    @DisplayName("C-45 each session path rule is refused with InvalidSessionPathException")
    void pathRulesAreRefused() {
        String[][] invalid = {
                {"empty", ""},
                {"leading slash", "/a/b"},
                {"trailing slash", "a/b/"},
                {"only a slash", "/"},
                {"empty segment", "a//b"},
                {"dot segment", "a/./b"},
                {"dot segment alone", "."},
                {"dot-dot segment", "a/../b"},
                {"dot-dot at the end", "a/.."},
                {"NUL", "a/b\u0000c"},
                {"newline", "a/b\nc"},
                {"tab", "a\tb"},
                {"carriage return", "a\rb"},
                {"DEL", "a\u007fb"},
                {"C1 control", "a\u0085b"},
                {"lone high surrogate", "a/\ud800"},
                {"lone low surrogate", "a/\udc00b"},
                {"reversed surrogate pair", "a/\ude00\ud83d"},
                {"513 ASCII bytes", "x".repeat(SessionPath.MAX_BYTES + 1)},
                {"514 bytes of two-byte characters", "\u00e9".repeat(257)},
                {"516 bytes of emoji", "\ud83d\ude00".repeat(129)},
        };
        for (String[] rule : invalid) {
            assertThatThrownBy(() -> SessionPath.of(rule[1])).as("path with %s", rule[0])
                    .isInstanceOf(InvalidSessionPathException.class).hasMessageFindingMatch("\\S");
            assertThatThrownBy(() -> Append.to(rule[1])).as("append to a path with %s", rule[0])
                    .isInstanceOf(InvalidSessionPathException.class);
        }
        assertThatThrownBy(() -> SessionPath.of(null)).isInstanceOf(InvalidSessionPathException.class);
        assertThatThrownBy(() -> root.child("a/b")).isInstanceOf(InvalidSessionPathException.class);
        assertThatThrownBy(() -> root.child("..")).isInstanceOf(InvalidSessionPathException.class);

        for (String valid : List.of("a", "a/b/c", "...", "a..b", ".hidden", "x".repeat(SessionPath.MAX_BYTES),
                "\u00e9".repeat(256), "\ud83d\ude00".repeat(128), "tenants/acme/users/42/chat-7")) {
            assertThat(SessionPath.of(valid).value()).isEqualTo(valid);
        }
        SessionStore store = newStore();
        assertThat(listedPaths(store, root)).isEmpty();
    }

    @Test
    @ConformanceCase(id = "C-46")
    @DisplayName("C-46 store operations refuse missing arguments with InvalidInputException")
    void missingArgumentsAreRefused() {
        SessionStore store = newStore();
        SessionPath path = path("nulls");
        List<ThrowingCallable> calls = List.of(
                () -> store.append(null),
                () -> store.entries(null, 0, 10),
                () -> store.entries(null),
                () -> store.entry(null, 1),
                () -> store.head(null),
                () -> store.tips(null),
                () -> store.lineage(null, 1),
                () -> store.usage(null),
                () -> store.recordUsage(null, UsageDelta.of(1, 1, 2, "0.1")),
                () -> store.recordUsage(path, null),
                () -> store.listSessions(null),
                () -> store.deleteSession(null),
                () -> Append.to((SessionPath) null).message(Message.user("x")).build(),
                () -> Append.to(path).build(),
                () -> Append.to(path).message(null).build(),
                () -> Append.to(path).under(0).message(Message.user("x")).build(),
                () -> Append.to(path).expectHead(0).message(Message.user("x")).build());
        for (int i = 0; i < calls.size(); i++) {
            assertThatThrownBy(calls.get(i)).as("call #%d", i).isInstanceOf(InvalidInputException.class);
        }
        assertAbsent(store, path);
        assertThat(listedPaths(store, root)).isEmpty();
    }

    @Test
    @ConformanceCase(id = "C-47")
    @DisplayName("C-47 an oversized message is refused with MessageTooLargeException and nothing is written")
    void oversizedMessageIsRefused() {
        SessionStore store = newStore();
        int limit = store.limits().maxMessageBytes();
        SessionPath path = path("oversized");
        List<SessionEntry> before = List.of(appendRoot(store, path, Message.user("small")));
        List<Message> oversized = List.of(
                Message.user("x".repeat(limit + 1)),
                Message.user("\u00e9".repeat(limit / 2 + 1)),
                Message.builder(Role.USER).text("caption").block(ContentBlock.image(MediaSource.base64("image/png",
                        "A".repeat(limit)))).build(),
                Message.toolResult("call-1", "t".repeat(limit), "", false));
        for (Message message : oversized) {
            assertThatThrownBy(() -> store.append(Append.to(path).under(1).message(message)
                    .usage(UsageDelta.of(1, 1, 2, "0.1")).build()))
                    .isInstanceOfSatisfying(MessageTooLargeException.class, e -> {
                        assertThat(e.limitBytes()).isEqualTo(limit);
                        assertThat(e.sizeBytes()).isGreaterThan(limit);
                    });
        }
        assertUnchanged(store, path, before, UsageSummary.ZERO);
        assertThat(listedPaths(store, root)).containsExactly(path);
    }

    @Test
    @ConformanceCase(id = "C-48")
    @DisplayName("C-48 a message of exactly the size limit is accepted and read back")
    void messageAtLimitIsAccepted() {
        SessionStore store = newStore();
        int limit = store.limits().maxMessageBytes();
        int overhead = MessageCodec.encode(Message.user("")).getBytes(StandardCharsets.UTF_8).length;
        // Two-byte characters plus ASCII padding: exactly `limit` bytes encoded.
        int payload = limit - overhead;
        String text = "\u00e9".repeat(payload / 4) + "x".repeat(payload - 2 * (payload / 4));
        Message atLimit = Message.user(text);
        assertThat(MessageCodec.encode(atLimit).getBytes(StandardCharsets.UTF_8)).hasSize(limit);
        SessionPath path = path("at-limit");
        SessionEntry written = appendRoot(store, path, atLimit);
        assertThat(reopen(store).entry(path, written.id())).hasValueSatisfying(e -> assertThat(e.message()).isEqualTo(atLimit));
        assertThatThrownBy(() -> store.append(Append.to(path).message(Message.user(text + "x")).build()))
                .isInstanceOf(MessageTooLargeException.class);
    }

    @Test
    @ConformanceCase(id = "C-49")
    @DisplayName("C-49 a path of the maximum length works end to end")
    void longestPathWorks() {
        SessionStore store = newStore();
        String prefix = root.value() + "/";
        int room = SessionPath.MAX_BYTES - prefix.getBytes(StandardCharsets.UTF_8).length;
        // Four-byte, two-byte and one-byte characters, in segments, filling the limit exactly.
        List<String> parts = new ArrayList<>(Arrays.asList("\ud83d\ude00\ud83d\ude00", "/", "\u00e9\u00e9\u00e9"));
        int used = 8 + 1 + 6;
        parts.add("/");
        used++;
        parts.add("x".repeat(room - used));
        String value = prefix + String.join("", parts);
        assertThat(value.getBytes(StandardCharsets.UTF_8)).hasSize(SessionPath.MAX_BYTES);
        SessionPath longest = SessionPath.of(value);

        SessionEntry entry = appendRoot(store, longest, Message.user("deep"));
        store.recordUsage(longest, UsageDelta.of(1, 1, 2, "0.01"));
        SessionStore reopened = reopen(store);
        assertThat(reopened.entries(longest)).containsExactly(entry);
        assertThat(reopened.usage(longest).totalTokens()).isEqualTo(2L);
        assertThat(listedPaths(reopened, root)).containsExactly(longest);
        assertThat(listedPaths(reopened, longest)).containsExactly(longest);
        assertThat(reopened.deleteSession(longest)).isTrue();
        assertAbsent(reopened, longest);
    }
}
