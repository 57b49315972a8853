package dev.tau4j.session.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tau4j.session.Append;
import dev.tau4j.session.Message;
import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The SPI's default whole-session reads go page by page, never holding more than a page they do not need. */
@DisplayName("Streaming reads of the SPI's defaults")
class StreamingReadTest {

    private static final SessionPath PATH = SessionPath.of("stream/test");

    /** Counts the pages the defaults ask for. */
    private static final class PageCounting extends ForwardingSessionStore {
        final AtomicInteger pages = new AtomicInteger();

        PageCounting(InMemorySessionStore delegate) {
            super(delegate);
        }

        @Override
        public List<SessionEntry> entries(SessionPath path, long afterId, int limit) {
            pages.incrementAndGet();
            return super.entries(path, afterId, limit);
        }
    }

    private static PageCounting storeWith(int entries) {
        InMemorySessionStore memory = InMemorySessionStore.create();
        long parent = 0;
        for (int start = 0; start < entries; start += 1_000) {
            List<Message> batch = new ArrayList<>();
            for (int i = start; i < Math.min(entries, start + 1_000); i++) {
                batch.add(Message.user("m" + i));
            }
            Append.Builder append = Append.to(PATH).messages(batch);
            if (parent > 0) {
                append.under(parent);
            }
            List<SessionEntry> written = memory.append(append.build());
            parent = written.get(written.size() - 1).id();
        }
        return new PageCounting(memory);
    }

    @Test
    @DisplayName("stream reads a page only when it reaches it, and every entry once in id order")
    void lazyPages() {
        PageCounting store = storeWith(2_500);
        try (Stream<SessionEntry> stream = store.stream(PATH)) {
            assertThat(stream.limit(10)).hasSize(10);
        }
        assertThat(store.pages).hasValue(1);
        store.pages.set(0);
        try (Stream<SessionEntry> stream = store.stream(PATH)) {
            assertThat(stream.map(SessionEntry::id)).containsExactlyElementsOf(
                    LongStream.rangeClosed(1, 2_500).boxed().toList());
        }
        assertThat(store.pages).as("pages of 1,000, 1,000 and 500").hasValue(3);
    }

    @Test
    @DisplayName("a session of exactly two pages takes one more (empty) read to know it ended")
    void exactPages() {
        PageCounting store = storeWith(2_000);
        assertThat(store.entries(PATH)).hasSize(2_000);
        assertThat(store.pages).hasValue(3);
        assertThat(((SessionStore) store).stream(SessionPath.of("stream/none"))).isEmpty();
    }

    @Test
    @DisplayName("tips over pages equal tips over the whole list, branches across page boundaries included")
    void tipsOverPages() {
        PageCounting store = storeWith(2_500);
        SessionEntry branchEarly = store.append(Append.to(PATH).under(999).message(Message.user("b1")).build()).get(0);
        SessionEntry branchLate = store.append(Append.to(PATH).under(1_000).message(Message.user("b2")).build()).get(0);
        store.append(Append.to(PATH).message(Message.system("second root")).build());
        List<SessionEntry> tips = store.tips(PATH);
        assertThat(tips).extracting(SessionEntry::id).containsExactly(2_500L, branchEarly.id(), branchLate.id(), 2_503L);
    }
}
