package dev.tau4j.session.tau;

import dev.tau4j.session.Role;
import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.internal.StoreArguments;
import dev.tau4j.session.tau.internal.EntryScan;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Finds entries by the text of their text blocks and by role, page by page, in id order.
 *
 * <pre>{@code
 * SessionSearch.Page page = SessionSearch.in(store, path).text("invoice").roles(Role.USER).limit(20).run();
 * page = SessionSearch.in(store, path).text("invoice").roles(Role.USER).limit(20).after(page.next().getAsLong()).run();
 * }</pre>
 *
 * <p>Matching is a substring test, case-insensitive by default (Unicode lower case, root locale); an empty
 * text matches every entry of the roles. The scan reads the store page by page and stops as soon as
 * {@code limit} hits are found: memory is one store page plus the hits.
 */
public final class SessionSearch {

    /**
     * One page of hits. {@code next} is the cursor of the following page ({@link #after(long)}); it is empty
     * when the scan reached the end, and present whenever the page is full (the next page may be empty).
     */
    public record Page(List<SessionEntry> hits, OptionalLong next) {
        public Page {
            hits = List.copyOf(hits);
            Objects.requireNonNull(next, "next");
        }
    }

    private final SessionStore store;
    private final SessionPath path;
    private String text = "";
    private boolean ignoreCase = true;
    private Set<Role> roles = EnumSet.allOf(Role.class);
    private long after;
    private int limit = 100;

    private SessionSearch(SessionStore store, SessionPath path) {
        this.store = store;
        this.path = path;
    }

    /** Starts a search of {@code path}. */
    public static SessionSearch in(SessionStore store, SessionPath path) {
        return new SessionSearch(Objects.requireNonNull(store, "store"), StoreArguments.requirePath(path));
    }

    public SessionSearch text(String text) {
        this.text = Objects.requireNonNull(text, "text");
        return this;
    }

    public SessionSearch ignoreCase(boolean ignoreCase) {
        this.ignoreCase = ignoreCase;
        return this;
    }

    /** Only entries of these roles (all roles by default). */
    public SessionSearch roles(Role first, Role... more) {
        this.roles = EnumSet.of(first, more);
        return this;
    }

    /** Only entries with an id above {@code afterId} (the {@link Page#next()} of the previous page). */
    public SessionSearch after(long afterId) {
        this.after = StoreArguments.requireCursor(afterId);
        return this;
    }

    /** Hits per page, 1..{@value SessionStore#MAX_ENTRY_PAGE} (default 100). */
    public SessionSearch limit(int limit) {
        this.limit = StoreArguments.requirePageLimit(limit, SessionStore.MAX_ENTRY_PAGE);
        return this;
    }

    /** Runs the search for one page. */
    public Page run() {
        String needle = ignoreCase ? text.toLowerCase(Locale.ROOT) : text;
        List<SessionEntry> hits = new ArrayList<>();
        long[] last = {after};
        EntryScan.scan(store, path, SessionStore.ENTRY_PAGE_SIZE, after, Long.MAX_VALUE, entry -> {
            last[0] = entry.id();
            String haystack = ignoreCase ? entry.message().text().toLowerCase(Locale.ROOT) : entry.message().text();
            if (roles.contains(entry.message().role()) && haystack.contains(needle)) {
                hits.add(entry);
            }
            return hits.size() < limit;
        });
        return new Page(hits, hits.size() == limit ? OptionalLong.of(last[0]) : OptionalLong.empty());
    }
}
