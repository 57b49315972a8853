package dev.tau4j.session.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.CustomMessage;
import dev.langchain4j.data.message.PdfFileContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.store.memory.chat.InMemoryChatMemoryStore;
import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.langchain4j.internal.MessageMapping;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The chat-memory kit: {@link SessionChatMemoryStore} driven by LangChain4j's own
 * {@link MessageWindowChatMemory}, compared after every step with the same memory over LangChain4j's
 * {@link InMemoryChatMemoryStore}. A binding gives a session store and a way to reopen it (a new
 * instance over the same storage, what a restart gives); the PostgreSQL binding lives in verify-live.
 */
public abstract class ChatMemoryStoreKit {

    /** A session store over fresh or shared storage (the kit isolates its memories by a random prefix). */
    protected abstract SessionStore newSessionStore();

    /** A new session store instance over the same storage as {@code store}. */
    protected abstract SessionStore reopen(SessionStore store);

    private final List<SessionStore> opened = new ArrayList<>();
    private final String prefix = "kit-lc4j/" + UUID.randomUUID();

    private SessionStore track(SessionStore store) {
        opened.add(store);
        return store;
    }

    @AfterEach
    void closeStores() {
        opened.forEach(SessionStore::close);
        opened.clear();
    }

    private SessionChatMemoryStore adapter(SessionStore store) {
        return SessionChatMemoryStore.builder(store).pathPrefix(prefix).build();
    }

    private static MessageWindowChatMemory window(Object id, int max, dev.langchain4j.store.memory.chat.ChatMemoryStore store) {
        return MessageWindowChatMemory.builder().id(id).maxMessages(max).chatMemoryStore(store).build();
    }

    @Test
    @DisplayName("a scripted conversation of several hundred steps keeps LangChain4j's window at every step, across restarts")
    void scriptedConversation() {
        for (int max : List.of(20, 7)) {
            runScript("chat-window-" + max, max, 240, 42 + max);
        }
    }

    private void runScript(String id, int max, int turns, long seed) {
        SessionStore sessions = track(newSessionStore());
        SessionChatMemoryStore store = adapter(sessions);
        ChatMemory memory = window(id, max, store);
        InMemoryChatMemoryStore referenceStore = new InMemoryChatMemoryStore();
        ChatMemory reference = window(id, max, referenceStore);
        List<ScriptedConversation.Step> steps = ScriptedConversation.steps(turns, seed);
        assertThat(steps.size()).as("steps of the script").isGreaterThan(500);
        Set<Message> added = new HashSet<>();
        int restarts = 0;
        for (int i = 0; i < steps.size(); i++) {
            ScriptedConversation.Step step = steps.get(i);
            step.applyTo(reference);
            step.applyTo(memory);
            referenceStore.getMessages(id).forEach(m -> added.add(new Message(m)));
            assertThat(memory.messages()).as("window after step %d: %s", i, step).isEqualTo(reference.messages());
            assertThat(store.getMessages(id)).as("stored list after step %d", i).isEqualTo(referenceStore.getMessages(id));
            if (step.restartAfter() || i == steps.size() / 2) {
                sessions = track(reopen(sessions));
                store = adapter(sessions);
                memory = window(id, max, store);
                assertThat(memory.messages()).as("window after a restart at step %d", i).isEqualTo(reference.messages());
                restarts++;
            }
        }
        assertThat(restarts).as("restarts in the script").isGreaterThanOrEqualTo(3);
        // The whole history stays: every message that was ever in the window is an entry of the session.
        SessionPath path = store.pathOf(id);
        Set<Message> history = new HashSet<>();
        for (SessionEntry entry : sessions.entries(path)) {
            history.add(new Message(MessageMapping.toLangChain4j(entry.message())));
        }
        assertThat(history).as("history holds every message ever in the window").containsAll(added);
        assertThat(sessions.lineage(path, sessions.head(path).orElseThrow().id()))
                .as("history is one chain").hasSize(sessions.entries(path).size());
    }

    /** Equality of LangChain4j messages, as a set element. */
    private record Message(ChatMessage message) {
    }

    @Test
    @DisplayName("an AiServices agent with a tool keeps LangChain4j's window at every turn, across a restart")
    void agent() {
        SessionStore sessions = track(newSessionStore());
        InMemoryChatMemoryStore referenceStore = new InMemoryChatMemoryStore();
        ScriptedAgent.Assistant reference = ScriptedAgent.assistant(id -> window(id, 12, referenceStore));
        SessionChatMemoryStore[] store = {adapter(sessions)};
        ScriptedAgent.Assistant agent = ScriptedAgent.assistant(id -> window(id, 12, store[0]));
        int turns = 80;
        for (int i = 0; i < turns; i++) {
            String memoryId = "agent-" + (i % 2);
            String question = ScriptedAgent.question(i);
            assertThat(agent.chat(memoryId, question)).as("answer %d", i).isEqualTo(reference.chat(memoryId, question));
            assertThat(store[0].getMessages(memoryId)).as("window of %s after turn %d", memoryId, i)
                    .isEqualTo(referenceStore.getMessages(memoryId));
            if (i == turns / 2) {
                sessions = track(reopen(sessions));
                store[0] = adapter(sessions);
            }
        }
        SessionPath path = store[0].pathOf("agent-0");
        long toolCalls = sessions.entries(path).stream()
                .filter(e -> e.message().role() == dev.tau4j.session.Role.TOOL).count();
        assertThat(toolCalls).as("tool results in the history of agent-0").isGreaterThanOrEqualTo(turns / 4);
    }

    @Test
    @DisplayName("the list LangChain4j last wrote reads back equal from a new store instance")
    void readsBackAfterRestart() {
        SessionStore sessions = track(newSessionStore());
        SessionChatMemoryStore store = adapter(sessions);
        List<ChatMessage> list = new ArrayList<>();
        for (ScriptedConversation.Step step : ScriptedConversation.steps(30, 7)) {
            InMemoryChatMemoryStore scratch = new InMemoryChatMemoryStore();
            scratch.updateMessages("x", list);
            ChatMemory m = window("x", 1000, scratch);
            step.applyTo(m);
            list = m.messages();
        }
        store.updateMessages("restart", list);
        assertThat(adapter(track(reopen(sessions))).getMessages("restart")).isEqualTo(list);
        assertThat(store.getMessages("never-written")).isEmpty();
    }

    @Test
    @DisplayName("writes append only what is new, and an unchanged window writes nothing")
    void appendsOnlyWhatIsNew() {
        SessionStore sessions = track(newSessionStore());
        SessionChatMemoryStore store = adapter(sessions);
        SessionPath path = store.pathOf("append-only");
        ChatMemory memory = window("append-only", 4, store);
        for (int i = 0; i < 10; i++) {
            memory.add(UserMessage.from("q" + i));
            memory.add(AiMessage.from("a" + i));
        }
        assertThat(sessions.entries(path)).as("one entry per message, none rewritten").hasSize(20);
        long head = sessions.head(path).orElseThrow().id();
        Map<String, String> metadata = sessions.metadata(path);
        store.updateMessages("append-only", memory.messages());
        assertThat(sessions.head(path).orElseThrow().id()).isEqualTo(head);
        assertThat(sessions.metadata(path)).isEqualTo(metadata);
        assertThat(metadata.get(SessionChatMemoryStore.WINDOW)).as("a window of 4 is one run of ids").isEqualTo("17-20");
    }

    @Test
    @DisplayName("concurrent writers of one memory never lose a message")
    void concurrentWriters() throws Exception {
        SessionStore sessions = track(newSessionStore());
        SessionChatMemoryStore store = adapter(sessions);
        int threads = 6;
        int perThread = 15;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    ChatMemory memory = window("shared", 10, store);
                    for (int i = 0; i < perThread; i++) {
                        memory.add(UserMessage.from("t" + thread + "-" + i));
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        SessionPath path = store.pathOf("shared");
        Set<String> texts = new HashSet<>();
        sessions.entries(path).forEach(e -> texts.add(e.message().text()));
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                assertThat(texts).as("history").contains("t" + t + "-" + i);
            }
        }
        assertThat(store.getMessages("shared")).hasSizeLessThanOrEqualTo(10);
    }

    @Test
    @DisplayName("clear() empties the window and keeps the history; DELETE_SESSION erases it")
    void deletion() {
        SessionStore sessions = track(newSessionStore());
        SessionChatMemoryStore store = adapter(sessions);
        ChatMemory memory = window("clear", 10, store);
        memory.add(SystemMessage.from("s"));
        memory.add(UserMessage.from("u"));
        memory.clear();
        assertThat(memory.messages()).isEmpty();
        SessionPath path = store.pathOf("clear");
        assertThat(sessions.entries(path)).hasSize(2);
        memory.add(UserMessage.from("again"));
        assertThat(memory.messages()).containsExactly(UserMessage.from("again"));

        SessionChatMemoryStore erasing = SessionChatMemoryStore.builder(sessions).pathPrefix(prefix)
                .deletePolicy(SessionChatMemoryStore.DeletePolicy.DELETE_SESSION).build();
        erasing.deleteMessages("clear");
        assertThat(sessions.entries(path)).isEmpty();
        assertThat(erasing.getMessages("clear")).isEmpty();
    }

    @Test
    @DisplayName("what cannot be kept exactly is refused with a typed error and nothing is written")
    void refusals() {
        SessionStore sessions = track(newSessionStore());
        SessionChatMemoryStore store = adapter(sessions);
        store.updateMessages("refuse", List.of(UserMessage.from("kept")));
        SessionPath path = store.pathOf("refuse");
        List<SessionEntry> before = sessions.entries(path);
        Map<String, String> metadata = sessions.metadata(path);
        for (ChatMessage bad : List.of(CustomMessage.from(Map.of("k", "v")), UserMessage.from("bob", "named"),
                UserMessage.from(PdfFileContent.from("https://example.com/a.pdf")),
                AiMessage.builder().text("t").thinking("hmm").build())) {
            assertThatThrownBy(() -> store.updateMessages("refuse", List.of(UserMessage.from("kept"), UserMessage.from("x"),
                    bad))).as("%s", bad).isInstanceOf(UnsupportedChatMessageException.class);
        }
        assertThat(sessions.entries(path)).isEqualTo(before);
        assertThat(sessions.metadata(path)).isEqualTo(metadata);
        for (Object id : new Object[] {null, "", "a/b", "..", "tab\there"}) {
            assertThatThrownBy(() -> store.getMessages(id)).as("id %s", id).isInstanceOf(InvalidMemoryIdException.class);
            assertThatThrownBy(() -> store.updateMessages(id, List.of(UserMessage.from("x"))))
                    .isInstanceOf(InvalidMemoryIdException.class);
        }
    }
}
