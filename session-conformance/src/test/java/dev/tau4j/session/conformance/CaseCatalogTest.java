package dev.tau4j.session.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CaseCatalogTest {

    private final List<CaseCatalog.Case> cases = CaseCatalog.of(UnboundKit.class);

    @Test
    @DisplayName("the kit's cases run from C-02 without a gap, each id once")
    void idsAreContiguousAndUnique() {
        assertThat(cases.size()).as("cases beyond C-02..C-04").isGreaterThanOrEqualTo(3 + 40);
        List<String> expected = new ArrayList<>();
        for (int i = 2; i < 2 + cases.size(); i++) {
            expected.add(String.format("C-%02d", i));
        }
        assertThat(cases).extracting(CaseCatalog.Case::id).containsExactlyElementsOf(expected);
    }

    @Test
    @DisplayName("the contractual cases keep the names of the spec and are required")
    void contractualCases() {
        assertThat(cases.subList(0, 3)).extracting(CaseCatalog.Case::id, CaseCatalog.Case::name, CaseCatalog.Case::required)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("C-02", "round trip preserves lineage", true),
                        org.assertj.core.groups.Tuple.tuple("C-03", "usage summary persists", true),
                        org.assertj.core.groups.Tuple.tuple("C-04", "session paths are isolated", true));
    }

    @Test
    @DisplayName("only the cases of optional capabilities are optional")
    void optionalCases() {
        assertThat(cases).filteredOn(c -> !c.required()).extracting(CaseCatalog.Case::id)
                .containsExactly("C-57", "C-59", "C-68", "C-69", "C-70", "C-71", "C-72", "C-73", "C-74", "C-75", "C-90");
    }

    @Test
    @DisplayName("every case sits in a group named like the spec")
    void groups() {
        assertThat(cases).extracting(CaseCatalog.Case::group).containsOnly(
                "Spec cases C-02 to C-04", "Appending", "Lineage and tips", "Paging", "Usage", "Isolation and listing",
                "Optimistic appends", "Concurrency", "Atomicity", "Validation (invalid input writes nothing)",
                "Hostile strings and Unicode", "Persistence across instances", "Deletion", "Idempotency keys",
                "Session metadata");
    }

    @Test
    @DisplayName("docs/conformance.md lists every case, with its exact name, and no other")
    void docsListEveryCase() throws IOException {
        Path docs = Path.of("..", "docs", "conformance.md");
        assertThat(docs).isRegularFile();
        String text = Files.readString(docs, StandardCharsets.UTF_8);
        for (CaseCatalog.Case c : cases) {
            assertThat(text).as("row of %s in %s", c.id(), docs)
                    .contains("| " + c.id() + " | " + c.name() + " | " + (c.required() ? "required" : "optional") + " |");
        }
        Set<String> documented = new TreeSet<>();
        Matcher rows = Pattern.compile("(?m)^\\| (C-\\d+) \\|").matcher(text);
        while (rows.find()) {
            documented.add(rows.group(1));
        }
        assertThat(documented).containsExactlyInAnyOrderElementsOf(cases.stream().map(CaseCatalog.Case::id).toList());
    }

    @Test
    @DisplayName("ids order by number")
    void idOrder() {
        List<String> ids = new ArrayList<>(List.of("C-100", "C-10", "C-9", "C-02"));
        ids.sort(CaseCatalog.ID_ORDER);
        assertThat(ids).containsExactly("C-02", "C-9", "C-10", "C-100");
    }

    @Test
    @DisplayName("a binding that reuses a case id is malformed")
    void duplicateIdIsRefused() {
        assertThatThrownBy(() -> CaseCatalog.of(ReusesAnId.class))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("C-02 is used twice");
    }

    @Test
    @DisplayName("a case whose display name does not start with its id is malformed")
    void displayNameMustStartWithId() {
        assertThatThrownBy(() -> CaseCatalog.of(MisnamedCase.class))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("starting with 'C-99 '");
    }

    /** Not run: inspected by {@link #duplicateIdIsRefused()}. */
    abstract static class ReusesAnId extends UnboundKit {
        @Nested
        class Extra {
            @Test
            @ConformanceCase(id = "C-02")
            @DisplayName("C-02 again")
            void again() {
            }
        }
    }

    /** Not run: inspected by {@link #displayNameMustStartWithId()}. */
    abstract static class MisnamedCase extends UnboundKit {
        @Nested
        class Extra {
            @Test
            @ConformanceCase(id = "C-99")
            @DisplayName("a case without its id")
            void misnamed() {
            }
        }
    }
}
