package dev.tau4j.session.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tau4j.session.Message;
import dev.tau4j.session.SessionListing;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.SessionSummary;
import dev.tau4j.session.UsageDelta;
import dev.tau4j.session.UsageSummary;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Paths as isolation keys, and listing sessions by prefix. */
abstract class ListingCases extends KitCases {

    ListingCases(SessionStoreConformanceKit kit) {
        super(kit);
    }

    private SessionPath create(SessionStore store, String relative) {
        SessionPath path = path(relative);
        appendRoot(store, path, Message.user(relative));
        return path;
    }

    private static List<SessionPath> sorted(List<SessionPath> paths) {
        List<SessionPath> copy = new ArrayList<>(paths);
        copy.sort(null);
        return copy;
    }

    @Test
    @ConformanceCase(id = "C-28")
    @DisplayName("C-28 paths are case-sensitive and compared exactly")
    void pathsAreComparedExactly() {
        SessionStore store = newStore();
        // Case, Unicode normalization (precomposed vs combining accent), width and trailing blanks all count.
        List<String> variants = List.of("chat", "Chat", "CHAT", "caf\u00e9", "cafe\u0301", "\uff43hat", "chat ", " chat");
        List<SessionPath> paths = new ArrayList<>();
        for (String variant : variants) {
            paths.add(create(store, "exact/" + variant));
        }
        for (int i = 0; i < paths.size(); i++) {
            SessionPath path = paths.get(i);
            assertThat(texts(store.entries(path))).as("entries of '%s'", path).containsExactly("exact/" + variants.get(i));
            store.recordUsage(path, new UsageDelta(i + 1, 0, 0, BigDecimal.ZERO));
        }
        for (int i = 0; i < paths.size(); i++) {
            assertThat(store.usage(paths.get(i)).inputTokens()).as("usage of '%s'", paths.get(i)).isEqualTo(i + 1L);
        }
        assertThat(listedPaths(store, path("exact"))).containsExactlyElementsOf(sorted(paths));
    }

    @Test
    @ConformanceCase(id = "C-29")
    @DisplayName("C-29 listing by prefix is segment-aware")
    void listingIsSegmentAware() {
        SessionStore store = newStore();
        SessionPath a = create(store, "a");
        SessionPath ab = create(store, "a/b");
        SessionPath abx = create(store, "a/b/x");
        SessionPath abxy = create(store, "a/b/x/y");
        SessionPath abc = create(store, "a/bc");
        SessionPath abDash = create(store, "a/b-x");
        SessionPath abDot = create(store, "a/b.x");
        SessionPath abSpace = create(store, "a/b x");
        SessionPath b = create(store, "b");

        assertThat(listedPaths(store, ab)).as("listing a/b").containsExactly(ab, abx, abxy);
        assertThat(listedPaths(store, abx)).as("listing a/b/x").containsExactly(abx, abxy);
        assertThat(listedPaths(store, abxy)).as("listing a/b/x/y").containsExactly(abxy);
        assertThat(listedPaths(store, a)).as("listing a")
                .containsExactlyElementsOf(sorted(List.of(a, ab, abx, abxy, abc, abDash, abDot, abSpace)));
        assertThat(listedPaths(store, root)).as("listing the case's prefix")
                .containsExactlyElementsOf(sorted(List.of(a, ab, abx, abxy, abc, abDash, abDot, abSpace, b)));
        assertThat(listedPaths(store, path("a/b/z"))).isEmpty();
        assertThat(listedPaths(store, path("c"))).isEmpty();
    }

    @Test
    @ConformanceCase(id = "C-30")
    @DisplayName("C-30 listing pages with a cursor, in path order, without loss or repeat")
    void listingPagesInPathOrder() {
        SessionStore store = newStore();
        List<SessionPath> paths = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            paths.add(create(store, String.format("paged/s-%02d", i)));
        }
        // Code point order (also UTF-8 byte order): U+FF21 sorts before U+1F600 although its UTF-16 unit does not.
        for (String odd : List.of("s-\u00fc", "s-\uff21", "s-\ud83d\ude00", "s-Z", "s-", "s-0/child")) {
            paths.add(create(store, "paged/" + odd));
        }
        List<SessionPath> expected = sorted(paths);
        SessionListing listing = SessionListing.under(path("paged")).limit(7);
        List<SessionPath> read = new ArrayList<>();
        Set<SessionPath> seen = new HashSet<>();
        int pages = 0;
        while (true) {
            List<SessionSummary> page = store.listSessions(listing);
            pages++;
            assertThat(page.size()).as("size of page %d", pages).isLessThanOrEqualTo(7);
            for (SessionSummary summary : page) {
                assertThat(seen.add(summary.path())).as("%s listed once", summary.path()).isTrue();
                read.add(summary.path());
            }
            if (page.size() < 7) {
                break;
            }
            listing = listing.after(page.get(page.size() - 1).path());
            assertThat(pages).as("pages").isLessThan(10);
        }
        assertThat(read).as("every session, in path order").containsExactlyElementsOf(expected);
        assertThat(store.listSessions(SessionListing.under(path("paged")).limit(7).after(expected.get(expected.size() - 1))))
                .as("the page after the last session").isEmpty();
        assertThat(store.listSessions(SessionListing.under(path("paged")).limit(3).after(expected.get(9))))
                .extracting(SessionSummary::path).containsExactlyElementsOf(expected.subList(10, 13));
    }

    @Test
    @ConformanceCase(id = "C-31")
    @DisplayName("C-31 listing summaries carry the head and the usage")
    void listingSummariesCarryHeadAndUsage() {
        SessionStore store = newStore();
        SessionPath path = path("summary");
        appendChain(store, path, "m", 3, 2);
        store.recordUsage(path, UsageDelta.of(10, 3, 13, "0.007"));
        assertThat(listAll(store, path)).singleElement().satisfies(s -> {
            assertThat(s.path()).isEqualTo(path);
            assertThat(s.headId()).isEqualTo(OptionalLong.of(3));
            assertThat(s.usage()).isEqualTo(new UsageSummary(10, 3, 13, new BigDecimal("0.007")));
            assertThat(s.createdAt()).isNotNull();
            assertThat(s.updatedAt()).isNotNull().isAfterOrEqualTo(s.createdAt());
        });
    }

    @Test
    @ConformanceCase(id = "C-32")
    @DisplayName("C-32 LIKE wildcards and escapes in a prefix match literally")
    void wildcardsInPrefixMatchLiterally() {
        SessionStore store = newStore();
        SessionPath underscore = create(store, "a_b");
        SessionPath underscoreChild = create(store, "a_b/c");
        create(store, "axb");
        create(store, "axb/c");
        SessionPath percent = create(store, "a%b");
        SessionPath percentChild = create(store, "a%b/c");
        create(store, "a%xb");
        create(store, "azzb");
        SessionPath backslash = create(store, "a\\b");
        SessionPath backslashChild = create(store, "a\\b/c");
        create(store, "ab");
        create(store, "a\\\\b");
        SessionPath star = create(store, "a*");
        create(store, "a*b");
        create(store, "abc");

        assertThat(listedPaths(store, path("a_b"))).containsExactly(underscore, underscoreChild);
        assertThat(listedPaths(store, path("a%b"))).containsExactly(percent, percentChild);
        assertThat(listedPaths(store, path("a\\b"))).containsExactly(backslash, backslashChild);
        assertThat(listedPaths(store, path("a*"))).containsExactly(star);
        assertThat(listedPaths(store, path("%"))).isEmpty();
        assertThat(listedPaths(store, path("_"))).isEmpty();
        assertThat(listedPaths(store, path("a_"))).isEmpty();
    }

    @Test
    @ConformanceCase(id = "C-33")
    @DisplayName("C-33 a session with usage but no entry is listed with an empty head")
    void usageOnlySessionIsListed() {
        SessionStore store = newStore();
        SessionPath path = path("usage-only");
        store.recordUsage(path, UsageDelta.of(4, 2, 6, "0.5"));
        assertThat(listAll(store, root)).singleElement().satisfies(s -> {
            assertThat(s.path()).isEqualTo(path);
            assertThat(s.headId()).isEmpty();
            assertThat(s.usage()).isEqualTo(new UsageSummary(4, 2, 6, new BigDecimal("0.5")));
        });
        assertThat(store.head(path)).isEmpty();
        assertThat(store.entries(path)).isEmpty();
    }

    @Test
    @ConformanceCase(id = "C-79")
    @DisplayName("C-79 listing pages that end exactly at the last session lose and repeat nothing")
    void listingPagesEndingExactlyAtTheLastSession() {
        SessionStore store = newStore();
        int count = 2 * SessionListing.DEFAULT_LIMIT;
        List<Callable<List<SessionPath>>> writers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int first = t;
            writers.add(() -> {
                List<SessionPath> created = new ArrayList<>();
                for (int i = first; i < count; i += THREADS) {
                    created.add(create(store, String.format("exact/s-%03d", i)));
                }
                return created;
            });
        }
        List<SessionPath> paths = new ArrayList<>();
        concurrently(writers).forEach(paths::addAll);
        List<SessionPath> expected = sorted(paths);
        SessionPath prefix = path("exact");

        assertThat(listedPaths(store, prefix)).as("sessions listed by default pages of %d", SessionListing.DEFAULT_LIMIT)
                .containsExactlyElementsOf(expected);
        for (int limit : new int[] {50, 100, 40, count, 99, 101, 49, 51, count - 1, count + 1}) {
            List<SessionPath> read = new ArrayList<>();
            SessionListing listing = SessionListing.under(prefix).limit(limit);
            while (true) {
                List<SessionSummary> page = store.listSessions(listing);
                int remaining = expected.size() - read.size();
                assertThat(page.size()).as("sessions listed after %s by %d: %d remain", listing.after(), limit, remaining)
                        .isEqualTo(Math.max(0, Math.min(limit, remaining)));
                if (page.isEmpty()) {
                    break;
                }
                page.forEach(summary -> read.add(summary.path()));
                listing = listing.after(page.get(page.size() - 1).path());
            }
            assertThat(read).as("sessions listed by pages of %d", limit).containsExactlyElementsOf(expected);
        }
        assertThat(store.listSessions(SessionListing.under(prefix).after(expected.get(count - 101))))
                .as("the last 100 sessions, as one full page")
                .extracting(SessionSummary::path).containsExactlyElementsOf(expected.subList(count - 100, count));
    }
}
