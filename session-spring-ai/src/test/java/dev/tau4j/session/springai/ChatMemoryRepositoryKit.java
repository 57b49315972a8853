package dev.tau4j.session.springai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tau4j.session.PriceTable;
import dev.tau4j.session.Role;
import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.UsageSummary;
import dev.tau4j.session.springai.internal.MessageMapping;
import java.math.BigDecimal;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.ChatMemoryRepository;
import org.springframework.ai.chat.memory.InMemoryChatMemoryRepository;
import org.springframework.ai.chat.memory.MessageWindowChatMemory;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.content.Media;
import org.springframework.util.MimeType;

/**
 * The Spring AI chat-memory kit: {@link SessionChatMemoryRepository} driven by Spring AI's own
 * {@link MessageWindowChatMemory} and by a {@link ChatClient}, compared after every step with the same
 * memory over Spring AI's {@link InMemoryChatMemoryRepository}. A binding gives a session store and a way to
 * reopen it (a new instance over the same storage, what a restart gives); the PostgreSQL binding lives in
 * verify-live.
 */
public abstract class ChatMemoryRepositoryKit {

    /** A session store over fresh or shared storage (the kit isolates its conversations by a random prefix). */
    protected abstract SessionStore newSessionStore();

    /** A new session store instance over the same storage as {@code store}. */
    protected abstract SessionStore reopen(SessionStore store);

    private final List<SessionStore> opened = new ArrayList<>();
    /** A prefix of each test's own, so that listings see only its conversations, whatever the test lifecycle. */
    private String prefix;

    @BeforeEach
    void newPrefix() {
        prefix = "kit-spring-ai/" + UUID.randomUUID();
    }

    private SessionStore track(SessionStore store) {
        opened.add(store);
        return store;
    }

    @AfterEach
    void closeStores() {
        opened.forEach(SessionStore::close);
        opened.clear();
    }

    private SessionChatMemoryRepository repository(SessionStore store) {
        return SessionChatMemoryRepository.builder(store).pathPrefix(prefix).build();
    }

    private static ChatMemory window(int max, ChatMemoryRepository repository) {
        return MessageWindowChatMemory.builder().maxMessages(max).chatMemoryRepository(repository).build();
    }

    /** Equal as Spring AI compares them, and media equal too (Spring AI's equals ignores media). */
    static void assertSameWindow(List<Message> actual, List<Message> expected, String what) {
        assertThat(actual).as(what).isEqualTo(expected);
        for (int i = 0; i < actual.size(); i++) {
            if (actual.get(i) instanceof UserMessage user) {
                List<Media> want = ((UserMessage) expected.get(i)).getMedia();
                assertThat(user.getMedia()).as("%s: media of message %d", what, i).hasSameSizeAs(want);
                for (int m = 0; m < want.size(); m++) {
                    assertThat(user.getMedia().get(m).getMimeType()).isEqualTo(want.get(m).getMimeType());
                    assertThat(user.getMedia().get(m).getDataAsByteArray()).isEqualTo(want.get(m).getDataAsByteArray());
                }
            }
        }
    }

    @Test
    @DisplayName("a scripted conversation of several hundred steps keeps Spring AI's window at every step, across restarts")
    void scriptedConversation() {
        for (int max : List.of(20, 7)) {
            runScript("chat-window-" + max, max, 240, 42 + max);
        }
    }

    private void runScript(String id, int max, int turns, long seed) {
        SessionStore sessions = track(newSessionStore());
        SessionChatMemoryRepository repository = repository(sessions);
        ChatMemory memory = window(max, repository);
        InMemoryChatMemoryRepository referenceRepository = new InMemoryChatMemoryRepository();
        ChatMemory reference = window(max, referenceRepository);
        List<ScriptedConversation.Step> steps = ScriptedConversation.steps(turns, seed);
        assertThat(steps.size()).as("steps of the script").isGreaterThan(500);
        Set<Message> added = new HashSet<>();
        int restarts = 0;
        for (int i = 0; i < steps.size(); i++) {
            ScriptedConversation.Step step = steps.get(i);
            step.applyTo(reference, id);
            step.applyTo(memory, id);
            added.addAll(referenceRepository.findByConversationId(id));
            assertSameWindow(memory.get(id), reference.get(id), "window after step " + i + ": " + step);
            assertSameWindow(repository.findByConversationId(id), referenceRepository.findByConversationId(id),
                    "stored list after step " + i);
            if (step.restartAfter() || i == steps.size() / 2) {
                sessions = track(reopen(sessions));
                repository = repository(sessions);
                memory = window(max, repository);
                assertSameWindow(memory.get(id), reference.get(id), "window after a restart at step " + i);
                restarts++;
            }
        }
        assertThat(restarts).as("restarts in the script").isGreaterThanOrEqualTo(3);
        // The whole history stays: every message that was ever in the window is in the session.
        SessionPath path = repository.pathOf(id);
        List<dev.tau4j.session.Message> stored = new ArrayList<>();
        sessions.entries(path).forEach(e -> stored.add(e.message()));
        Set<dev.tau4j.session.Message> history = new HashSet<>(stored);
        for (Message message : added) {
            assertThat(history).as("history holds %s", message).containsAll(MessageMapping.toSession(List.of(message)));
        }
        assertThat(sessions.lineage(path, sessions.head(path).orElseThrow().id()))
                .as("history is one chain").hasSize(stored.size());
    }

    @Test
    @DisplayName("a ChatClient agent with a tool keeps Spring AI's window at every turn, across a restart, and records usage")
    void agent() {
        SessionStore sessions = track(newSessionStore());
        InMemoryChatMemoryRepository referenceRepository = new InMemoryChatMemoryRepository();
        ChatClient reference = ScriptedAgent.client(window(12, referenceRepository));
        PriceTable prices = PriceTable.builder().model(ScriptedAgent.MODEL, "0.15", "0.60").build();
        SessionChatMemoryRepository repository = repository(sessions);
        ChatClient agent = ScriptedAgent.client(window(12, repository),
                SessionUsageAdvisor.builder(repository).prices(prices).build());
        int turns = 80;
        for (int i = 0; i < turns; i++) {
            String conversationId = "agent-" + (i % 2);
            String question = ScriptedAgent.question(i);
            assertThat(ScriptedAgent.ask(agent, conversationId, question)).as("answer %d", i)
                    .isEqualTo(ScriptedAgent.ask(reference, conversationId, question));
            assertSameWindow(repository.findByConversationId(conversationId),
                    referenceRepository.findByConversationId(conversationId),
                    "window of " + conversationId + " after turn " + i);
            if (i == turns / 2) {
                sessions = track(reopen(sessions));
                repository = repository(sessions);
                agent = ScriptedAgent.client(window(12, repository),
                        SessionUsageAdvisor.builder(repository).prices(prices).build());
            }
        }
        SessionPath path = repository.pathOf("agent-0");
        List<SessionEntry> history = sessions.entries(path);
        assertThat(history.stream().filter(e -> e.message().role() == Role.TOOL).count())
                .as("tool responses in the history of agent-0").isGreaterThanOrEqualTo(turns / 4);
        assertThat(history.stream().filter(e -> e.message().role() == Role.ASSISTANT
                && e.message().content().stream().anyMatch(b -> b instanceof dev.tau4j.session.ContentBlock.ToolCall)).count())
                .as("tool calls in the history of agent-0").isGreaterThanOrEqualTo(turns / 4);
        UsageSummary usage = sessions.usage(path);
        // agent-0 is asked the even turns, all weather questions: two model calls each (tool call, answer)
        assertThat(usage.outputTokens()).as("5 output tokens per model call, tool rounds included")
                .isEqualTo(5L * 2 * (turns / 2));
        assertThat(usage.estimatedCostUsd()).as("exact cost")
                .isEqualByComparingTo(new BigDecimal("0.15").multiply(BigDecimal.valueOf(usage.inputTokens()))
                        .add(new BigDecimal("0.60").multiply(BigDecimal.valueOf(usage.outputTokens()))).movePointLeft(6));
    }

    @Test
    @DisplayName("the list Spring AI last saved reads back equal from a new repository instance")
    void readsBackAfterRestart() {
        SessionStore sessions = track(newSessionStore());
        SessionChatMemoryRepository repository = repository(sessions);
        ChatMemory scratch = window(1000, new InMemoryChatMemoryRepository());
        for (ScriptedConversation.Step step : ScriptedConversation.steps(30, 7)) {
            step.applyTo(scratch, "x");
        }
        List<Message> list = scratch.get("x");
        repository.saveAll("restart", list);
        assertSameWindow(repository(track(reopen(sessions))).findByConversationId("restart"), list, "after a restart");
        assertThat(repository.findByConversationId("never-written")).isEmpty();
    }

    @Test
    @DisplayName("saves append only what is new, and an unchanged window writes nothing")
    void appendsOnlyWhatIsNew() {
        SessionStore sessions = track(newSessionStore());
        SessionChatMemoryRepository repository = repository(sessions);
        SessionPath path = repository.pathOf("append-only");
        ChatMemory memory = window(4, repository);
        for (int i = 0; i < 10; i++) {
            memory.add("append-only", new UserMessage("q" + i));
            memory.add("append-only", new AssistantMessage("a" + i));
        }
        assertThat(sessions.entries(path)).as("one entry per message, none rewritten").hasSize(20);
        long head = sessions.head(path).orElseThrow().id();
        Map<String, String> metadata = sessions.metadata(path);
        repository.saveAll("append-only", memory.get("append-only"));
        assertThat(sessions.head(path).orElseThrow().id()).isEqualTo(head);
        assertThat(sessions.metadata(path)).isEqualTo(metadata);
        assertThat(metadata.get(SessionChatMemoryRepository.WINDOW)).as("a window of 4 is one run of ids").isEqualTo("17-20");
    }

    @Test
    @DisplayName("tool call arguments are kept byte for byte and tool responses keep their grouping")
    void toolCallsExact() {
        SessionStore sessions = track(newSessionStore());
        SessionChatMemoryRepository repository = repository(sessions);
        List<Message> list = new ArrayList<>();
        list.add(new UserMessage("go"));
        for (int turn = 0; turn < 5; turn++) {
            String arguments = ScriptedConversation.arguments(turn);
            list.add(AssistantMessage.builder().toolCalls(List.of(
                    new AssistantMessage.ToolCall("c" + turn, "function", "weather", arguments))).build());
            list.add(ToolResponseMessage.builder().responses(List.of(
                    new ToolResponseMessage.ToolResponse("c" + turn, "weather", "r" + turn))).build());
        }
        repository.saveAll("tools", list);
        List<Message> back = repository(track(reopen(sessions))).findByConversationId("tools");
        assertThat(back).isEqualTo(list);
        for (int turn = 0; turn < 5; turn++) {
            assertThat(((AssistantMessage) back.get(1 + 2 * turn)).getToolCalls().get(0).arguments())
                    .isEqualTo(ScriptedConversation.arguments(turn));
        }
    }

    @Test
    @DisplayName("concurrent savers of one conversation never lose a message")
    void concurrentWriters() throws Exception {
        SessionStore sessions = track(newSessionStore());
        SessionChatMemoryRepository repository = repository(sessions);
        int threads = 6;
        int perThread = 15;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    ChatMemory memory = window(10, repository);
                    for (int i = 0; i < perThread; i++) {
                        memory.add("shared", new UserMessage("t" + thread + "-" + i));
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
        Set<String> texts = new HashSet<>();
        sessions.entries(repository.pathOf("shared")).forEach(e -> texts.add(e.message().text()));
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                assertThat(texts).as("history").contains("t" + t + "-" + i);
            }
        }
        assertThat(repository.findByConversationId("shared")).hasSizeLessThanOrEqualTo(10);
    }

    @Test
    @DisplayName("clear() empties the window and keeps the history; DELETE_SESSION erases it; ids are listed by prefix")
    void deletionAndListing() {
        SessionStore sessions = track(newSessionStore());
        SessionChatMemoryRepository repository = repository(sessions);
        ChatMemory memory = window(10, repository);
        memory.add("clear", List.of(new SystemMessage("s"), new UserMessage("u")));
        memory.add("other", new UserMessage("o"));
        assertThat(repository.findConversationIds()).containsExactly("clear", "other");
        memory.clear("clear");
        assertThat(memory.get("clear")).isEmpty();
        assertThat(repository.findConversationIds()).containsExactly("other");
        SessionPath path = repository.pathOf("clear");
        assertThat(sessions.entries(path)).hasSize(2);
        memory.add("clear", new UserMessage("again"));
        assertThat(memory.get("clear")).containsExactly(new UserMessage("again"));

        SessionChatMemoryRepository erasing = SessionChatMemoryRepository.builder(sessions).pathPrefix(prefix)
                .deletePolicy(SessionChatMemoryRepository.DeletePolicy.DELETE_SESSION).build();
        erasing.deleteByConversationId("clear");
        assertThat(sessions.entries(path)).isEmpty();
        assertThat(erasing.findByConversationId("clear")).isEmpty();
        assertThat(erasing.findConversationIds()).containsExactly("other");
    }

    @Test
    @DisplayName("what cannot be kept is refused with a typed error and nothing is written")
    void refusals() {
        SessionStore sessions = track(newSessionStore());
        SessionChatMemoryRepository repository = repository(sessions);
        repository.saveAll("refuse", List.of(new UserMessage("kept")));
        SessionPath path = repository.pathOf("refuse");
        List<SessionEntry> before = sessions.entries(path);
        Map<String, String> metadata = sessions.metadata(path);
        ToolResponseMessage response = ToolResponseMessage.builder()
                .responses(List.of(new ToolResponseMessage.ToolResponse("c", "t", "r"))).build();
        List<List<Message>> bad = List.of(
                List.of(UserMessage.builder().text("pdf").media(Media.builder().mimeType(MimeType.valueOf("application/pdf"))
                        .data(new byte[] {1}).build()).build()),
                List.of(UserMessage.builder().text("url").media(Media.builder().mimeType(MimeType.valueOf("image/png"))
                        .data(java.net.URI.create("https://example.com/a.png")).build()).build()),
                List.of(AssistantMessage.builder().toolCalls(List.of(new AssistantMessage.ToolCall("c", "mcp", "t", "{}")))
                        .build()),
                List.of(response, response),
                List.of(ToolResponseMessage.builder().build()));
        for (List<Message> messages : bad) {
            List<Message> window = new ArrayList<>(List.of(new UserMessage("kept"), new UserMessage("x")));
            window.addAll(messages);
            assertThatThrownBy(() -> repository.saveAll("refuse", window)).as("%s", messages)
                    .isInstanceOf(UnsupportedMessageException.class);
        }
        assertThat(sessions.entries(path)).isEqualTo(before);
        assertThat(sessions.metadata(path)).isEqualTo(metadata);
        for (String id : new String[] {null, "", "a/b", "..", "tab\there"}) {
            assertThatThrownBy(() -> repository.findByConversationId(id)).as("id %s", id)
                    .isInstanceOf(InvalidConversationIdException.class);
            assertThatThrownBy(() -> repository.saveAll(id, List.of(new UserMessage("x"))))
                    .isInstanceOf(InvalidConversationIdException.class);
        }
    }
}
