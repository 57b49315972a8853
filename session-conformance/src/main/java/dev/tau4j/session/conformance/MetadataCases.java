package dev.tau4j.session.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tau4j.session.Append;
import dev.tau4j.session.EntryNotFoundException;
import dev.tau4j.session.InvalidMetadataException;
import dev.tau4j.session.Message;
import dev.tau4j.session.MetadataUpdate;
import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.SessionSummary;
import dev.tau4j.session.StaleHeadException;
import dev.tau4j.session.UsageDelta;
import dev.tau4j.session.UsageSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A session's small durable map of named values: set and removed atomically, with appends too. */
abstract class MetadataCases extends KitCases {

    MetadataCases(SessionStoreConformanceKit kit) {
        super(kit);
    }

    @Test
    @ConformanceCase(id = "C-82")
    @DisplayName("C-82 metadata names are set and removed together and read back")
    void setRemoveRead() {
        SessionStore store = newStore();
        SessionPath path = path("meta/basic");
        assertThat(store.metadata(path)).isEmpty();
        assertThat(store.updateMetadata(path, MetadataUpdate.builder().put("title", "Trip to Lyon")
                .put("owner", "user-42").put("labels", "travel,fr").build()))
                .containsExactly(Map.entry("labels", "travel,fr"), Map.entry("owner", "user-42"),
                        Map.entry("title", "Trip to Lyon"));
        Map<String, String> after = store.updateMetadata(path, MetadataUpdate.builder().put("title", "Lyon, 3 days")
                .remove("labels").remove("never-set").put("window-start", "").build());
        assertThat(after).as("the map returned by the update")
                .containsExactly(Map.entry("owner", "user-42"), Map.entry("title", "Lyon, 3 days"),
                        Map.entry("window-start", ""));
        assertThat(store.metadata(path)).as("metadata read alone").isEqualTo(after);
        assertThat(store.updateMetadata(path, MetadataUpdate.NONE)).as("an empty update").isEqualTo(after);
        assertThat(store.entries(path)).as("metadata writes no entry").isEmpty();
        assertThat(store.usage(path)).isEqualTo(UsageSummary.ZERO);

        SessionPath untouched = path("meta/removal-only");
        assertThat(store.updateMetadata(untouched, MetadataUpdate.remove("title"))).isEmpty();
        assertAbsent(store, untouched);
    }

    @Test
    @ConformanceCase(id = "C-83")
    @DisplayName("C-83 metadata written with an append is written with it or not at all")
    void atomicWithAppend() {
        SessionStore store = newStore();
        SessionPath path = path("meta/append");
        List<SessionEntry> first = store.append(Append.to(path).message(Message.user("hi"))
                .message(Message.assistant("hello")).metadata("window-start", "1").metadata("title", "greeting")
                .build());
        assertThat(store.metadata(path)).containsExactly(Map.entry("title", "greeting"), Map.entry("window-start", "1"));
        List<SessionEntry> before = store.entries(path);
        assertThat(before).isEqualTo(first);

        Append unknownParent = Append.to(path).under(99).message(Message.user("lost"))
                .metadata("window-start", "99").removeMetadata("title").build();
        assertThatThrownBy(() -> store.append(unknownParent)).isInstanceOf(EntryNotFoundException.class);
        Append stale = Append.to(path).under(2).expectHead(1).message(Message.user("late"))
                .metadata("window-start", "3").build();
        assertThatThrownBy(() -> store.append(stale)).isInstanceOf(StaleHeadException.class);
        assertUnchanged(store, path, before, UsageSummary.ZERO);
        assertThat(store.metadata(path)).as("metadata after failed appends")
                .containsExactly(Map.entry("title", "greeting"), Map.entry("window-start", "1"));

        List<SessionEntry> next = store.append(Append.to(path).under(2).expectHead(2).message(Message.user("more"))
                .usage(UsageDelta.of(5, 1, 6, "0.001")).metadata("window-start", "3").removeMetadata("title").build());
        assertThat(next).extracting(SessionEntry::id).containsExactly(3L);
        assertThat(store.metadata(path)).containsExactly(Map.entry("window-start", "3"));

        SessionPath fresh = path("meta/append-fresh");
        assertThatThrownBy(() -> store.append(Append.to(fresh).under(1).message(Message.user("x"))
                .metadata("title", "never").build())).isInstanceOf(EntryNotFoundException.class);
        assertAbsent(store, fresh);
    }

    @Test
    @ConformanceCase(id = "C-84")
    @DisplayName("C-84 metadata persists across store instances")
    void persists() {
        SessionStore store = newStore();
        SessionPath path = path("meta/persist");
        store.append(Append.to(path).message(Message.user("q")).metadata("window-start", "1").build());
        store.updateMetadata(path, MetadataUpdate.builder().put("title", "\u00e9t\u00e9 \ud83c\udf1e 'quoted' \"x\"")
                .put("owner", "o").build());
        SessionStore again = reopenClosing(store);
        assertThat(again.metadata(path)).containsExactly(Map.entry("owner", "o"),
                Map.entry("title", "\u00e9t\u00e9 \ud83c\udf1e 'quoted' \"x\""), Map.entry("window-start", "1"));
        assertThat(again.updateMetadata(path, MetadataUpdate.remove("owner")))
                .containsExactly(Map.entry("title", "\u00e9t\u00e9 \ud83c\udf1e 'quoted' \"x\""),
                        Map.entry("window-start", "1"));
        assertThat(reopen(again).metadata(path)).doesNotContainKey("owner").hasSize(2);
    }

    @Test
    @ConformanceCase(id = "C-85")
    @DisplayName("C-85 metadata of one path is never another's")
    void isolated() {
        SessionStore store = newStore();
        List<SessionPath> paths = List.of(path("m/a"), path("m/a/b"), path("m/ab"), path("m/a-b"));
        for (SessionPath p : paths) {
            store.updateMetadata(p, MetadataUpdate.builder().put("title", p.value()).put("only-" + paths.indexOf(p), "x")
                    .build());
        }
        store.updateMetadata(paths.get(0), MetadataUpdate.remove("title"));
        assertThat(store.metadata(paths.get(0))).containsExactly(Map.entry("only-0", "x"));
        for (int i = 1; i < paths.size(); i++) {
            assertThat(store.metadata(paths.get(i))).as("metadata of %s", paths.get(i))
                    .containsExactly(Map.entry("only-" + i, "x"), Map.entry("title", paths.get(i).value()));
        }
        assertThat(store.metadata(path("m"))).as("a prefix holds nothing").isEmpty();
    }

    @Test
    @ConformanceCase(id = "C-86")
    @DisplayName("C-86 listings return each session's metadata")
    void listed() {
        SessionStore store = newStore();
        SessionPath withMeta = path("list/a");
        SessionPath without = path("list/b");
        SessionPath onlyMeta = path("list/c");
        store.append(Append.to(withMeta).message(Message.user("x")).metadata("title", "A").build());
        store.append(Append.to(without).message(Message.user("y")).build());
        store.updateMetadata(onlyMeta, MetadataUpdate.put("owner", "C"));
        List<SessionSummary> listed = listAll(store, path("list"));
        assertThat(listed).extracting(SessionSummary::path).containsExactly(withMeta, without, onlyMeta);
        assertThat(listed).extracting(SessionSummary::metadata)
                .containsExactly(Map.of("title", "A"), Map.of(), Map.of("owner", "C"));
        assertThat(listed.get(2).headId()).as("a session with metadata only has no head").isEmpty();
    }

    @Test
    @ConformanceCase(id = "C-87")
    @DisplayName("C-87 deleting a session deletes its metadata")
    void deletion() {
        SessionStore store = newStore();
        SessionPath path = path("meta/delete");
        store.append(Append.to(path).message(Message.user("x")).metadata("title", "gone").build());
        assertThat(store.deleteSession(path)).isTrue();
        assertAbsent(store, path);
        store.append(Append.to(path).message(Message.user("again")).build());
        assertThat(store.metadata(path)).as("a new session at the same path").isEmpty();
        SessionPath onlyMeta = path("meta/delete-only-meta");
        store.updateMetadata(onlyMeta, MetadataUpdate.put("title", "t"));
        assertThat(store.deleteSession(onlyMeta)).as("a session holding metadata only exists").isTrue();
        assertAbsent(reopen(store), onlyMeta);
    }

    @Test
    @ConformanceCase(id = "C-88")
    @DisplayName("C-88 metadata beyond the limits is refused and nothing is written")
    void limits() {
        for (String bad : List.of("", "Title", "with space", "x".repeat(MetadataUpdate.MAX_NAME_LENGTH + 1), "a/b",
                "caf\u00e9", "nul\u0000")) {
            assertThatThrownBy(() -> MetadataUpdate.put(bad, "v")).as("name '%s'", bad)
                    .isInstanceOf(InvalidMetadataException.class);
        }
        for (String bad : List.of("x".repeat(MetadataUpdate.MAX_VALUE_BYTES + 1), "\u00e9".repeat(2049), "a\u0000b",
                "\ud800")) {
            assertThatThrownBy(() -> MetadataUpdate.put("v", bad)).isInstanceOf(InvalidMetadataException.class);
        }
        assertThatThrownBy(() -> MetadataUpdate.builder().put("a", "1").remove("a").build())
                .isInstanceOf(InvalidMetadataException.class);

        SessionStore store = newStore();
        SessionPath path = path("meta/limits");
        MetadataUpdate.Builder full = MetadataUpdate.builder();
        for (int i = 0; i < MetadataUpdate.MAX_NAMES - 1; i++) {
            full.put("n" + i, "v");
        }
        full.put("big", "\u00e9".repeat(MetadataUpdate.MAX_VALUE_BYTES / 2));
        store.append(Append.to(path).message(Message.user("x")).metadata(full.build()).build());
        Map<String, String> before = store.metadata(path);
        assertThat(before).as("exactly the limits are accepted").hasSize(MetadataUpdate.MAX_NAMES);
        List<SessionEntry> entries = store.entries(path);

        assertThatThrownBy(() -> store.updateMetadata(path, MetadataUpdate.put("one-more", "v")))
                .isInstanceOf(InvalidMetadataException.class);
        assertThatThrownBy(() -> store.append(Append.to(path).under(1).message(Message.user("y"))
                .usage(UsageDelta.of(1, 1, 2, "0.1")).metadata("one-more", "v").build()))
                .isInstanceOf(InvalidMetadataException.class);
        assertThat(store.metadata(path)).isEqualTo(before);
        assertUnchanged(store, path, entries, UsageSummary.ZERO);
        assertThat(store.updateMetadata(path, MetadataUpdate.builder().remove("n0").put("one-more", "v").build()))
                .as("a removal makes room in the same update").hasSize(MetadataUpdate.MAX_NAMES)
                .containsKey("one-more").doesNotContainKey("n0");
        assertThatThrownBy(() -> store.updateMetadata(path, null)).isInstanceOf(InvalidMetadataException.class);
    }

    @Test
    @ConformanceCase(id = "C-89")
    @DisplayName("C-89 concurrent metadata updates and appends lose no name and no entry")
    void concurrent() {
        SessionStore store = newStore();
        SessionPath path = path("meta/concurrent");
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            tasks.add(() -> {
                for (int i = 0; i < 7; i++) {
                    String name = "t" + thread + "-" + i;
                    if (i % 2 == 0) {
                        store.updateMetadata(path, MetadataUpdate.put(name, "v"));
                    } else {
                        store.append(Append.to(path).message(Message.user(name)).metadata(name, "v").build());
                    }
                }
                return null;
            });
        }
        concurrently(tasks);
        Map<String, String> metadata = reopen(store).metadata(path);
        assertThat(metadata).hasSize(THREADS * 7);
        for (int t = 0; t < THREADS; t++) {
            for (int i = 0; i < 7; i++) {
                assertThat(metadata).containsEntry("t" + t + "-" + i, "v");
            }
        }
        assertThat(store.entries(path)).hasSize(THREADS * 3);
    }
}
