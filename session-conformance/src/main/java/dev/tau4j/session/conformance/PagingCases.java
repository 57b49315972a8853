package dev.tau4j.session.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tau4j.session.InvalidInputException;
import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.SessionListing;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Reading entries page by page, over thousands of entries. */
abstract class PagingCases extends KitCases {

    PagingCases(SessionStoreConformanceKit kit) {
        super(kit);
    }

    @Test
    @ConformanceCase(id = "C-16")
    @DisplayName("C-16 entries after an id form the next page in id order")
    void entriesAfterIdFormNextPage() {
        SessionStore store = newStore();
        SessionPath path = path("pages");
        List<SessionEntry> written = appendChain(store, path, "m", 10, 4);
        assertThat(store.entries(path, 0, 3)).isEqualTo(written.subList(0, 3));
        assertThat(store.entries(path, 3, 3)).isEqualTo(written.subList(3, 6));
        assertThat(store.entries(path, 7, 100)).isEqualTo(written.subList(7, 10));
        assertThat(store.entries(path, 9, 3)).isEqualTo(written.subList(9, 10));
        assertThat(store.entries(path, 10, 3)).as("the page after the head").isEmpty();
        assertThat(store.entries(path, 0, SessionStore.MAX_ENTRY_PAGE)).isEqualTo(written);
        assertThat(store.entries(path, 0, 1)).containsExactly(written.get(0));
    }

    @Test
    @ConformanceCase(id = "C-17")
    @DisplayName("C-17 entries() reads every entry across default pages")
    void defaultEntriesReadsAcrossPages() {
        SessionStore store = newStore();
        SessionPath path = path("default-pages");
        int count = SessionStore.ENTRY_PAGE_SIZE * 2 + 500;
        List<SessionEntry> written = appendChain(store, path, "m", count, 500);
        List<SessionEntry> read = store.entries(path);
        assertThat(read).hasSize(count);
        assertThat(ids(read)).isEqualTo(range(1, count));
        assertThat(read).isEqualTo(written);
    }

    @Test
    @ConformanceCase(id = "C-18")
    @DisplayName("C-18 paging 5,250 entries by 500 yields every id once, in order")
    void pagingThousandsOfEntries() {
        SessionStore store = newStore();
        SessionPath path = path("thousands");
        int count = 5_250;
        List<SessionEntry> written = appendChain(store, path, "entry", count, 1_000);
        List<SessionEntry> read = new ArrayList<>();
        long after = 0;
        int pages = 0;
        while (true) {
            List<SessionEntry> page = store.entries(path, after, 500);
            pages++;
            assertThat(page.size()).as("size of page %d", pages).isLessThanOrEqualTo(500);
            if (page.isEmpty()) {
                break;
            }
            for (SessionEntry entry : page) {
                assertThat(entry.id()).as("ids on page %d follow the cursor", pages).isGreaterThan(after);
                after = entry.id();
            }
            read.addAll(page);
            assertThat(pages).as("pages read").isLessThanOrEqualTo(count / 500 + 2);
        }
        assertThat(pages).as("11 pages, then an empty one").isEqualTo(12);
        assertThat(ids(read)).isEqualTo(range(1, count));
        assertThat(read).isEqualTo(written);
        assertThat(read.get(count - 1).message().text()).isEqualTo("entry-" + (count - 1));
    }

    @Test
    @ConformanceCase(id = "C-19")
    @DisplayName("C-19 bad page limits and cursors are refused with InvalidInputException")
    void badPageLimitsAndCursorsAreRefused() {
        SessionStore store = newStore();
        SessionPath path = path("bad-pages");
        appendChain(store, path, "m", 3, 3);
        assertThatThrownBy(() -> store.entries(path, 0, 0)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> store.entries(path, 0, -1)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> store.entries(path, 0, SessionStore.MAX_ENTRY_PAGE + 1))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> store.entries(path, -1, 10)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> store.entries(path, Long.MIN_VALUE, 10)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> store.entries(path("unknown"), 0, 0)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> SessionListing.under(root).limit(0)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> SessionListing.under(root).limit(SessionListing.MAX_LIMIT + 1))
                .isInstanceOf(InvalidInputException.class);
        assertThat(store.entries(path)).hasSize(3);
        assertThat(listedPaths(store, root)).containsExactly(path);
    }
}
