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

    @Test
    @ConformanceCase(id = "C-78")
    @DisplayName("C-78 pages that end exactly at the last entry lose and repeat nothing")
    void pagesEndingExactlyAtTheLastEntry() {
        SessionStore store = newStore();
        SessionPath path = path("exact-pages");
        int count = 3 * SessionStore.ENTRY_PAGE_SIZE;
        List<SessionEntry> written = new ArrayList<>(appendChain(store, path, "m", count, 1_000));
        // Limits that divide the count exactly, and limits one off.
        for (int limit : new int[] {500, 1_000, 1_500, count, 499, 501, 999, 1_001, count - 1, count + 1}) {
            assertPagedBy(store, path, limit, written);
        }
        assertSameEntries("entries() over exactly three default pages", store.entries(path), written);
        // From cursors at, before and after a boundary.
        assertSameEntries("the last 1,000 entries, as one full page", store.entries(path, count - 1_000, 1_000),
                written.subList(count - 1_000, count));
        assertSameEntries("the page after " + (count - 999), store.entries(path, count - 999, 1_000),
                written.subList(count - 999, count));
        assertSameEntries("the page after " + (count - 1_001), store.entries(path, count - 1_001, 1_000),
                written.subList(count - 1_001, count - 1));
        // One entry more: the last page holds a single entry.
        written.addAll(appendChain(store, path, "one-more", 1, 1));
        for (int limit : new int[] {500, 1_000, count}) {
            assertPagedBy(store, path, limit, written);
        }
        assertSameEntries("entries() over three default pages and one entry", store.entries(path), written);
    }

    /**
     * Reads the session page by page with {@code limit}, each page after the last id of the one before, and
     * checks that every page is full until the last entry, that an empty page follows, and that together
     * they are exactly {@code expected}.
     */
    private static void assertPagedBy(SessionStore store, SessionPath path, int limit, List<SessionEntry> expected) {
        List<SessionEntry> read = new ArrayList<>();
        long after = 0;
        while (true) {
            List<SessionEntry> page = store.entries(path, after, limit);
            int remaining = expected.size() - read.size();
            assertThat(page.size()).as("entries of %s after %d by %d: %d remain", path, after, limit, remaining)
                    .isEqualTo(Math.max(0, Math.min(limit, remaining)));
            if (page.isEmpty()) {
                break;
            }
            read.addAll(page);
            after = page.get(page.size() - 1).id();
        }
        assertSameEntries("entries read by pages of " + limit, read, expected);
    }
}
