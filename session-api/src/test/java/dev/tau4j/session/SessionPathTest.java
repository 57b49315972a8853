package dev.tau4j.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("SessionPath has one canonical form")
class SessionPathTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "tenants/acme/users/42/chat-7", "a b/c", "ümlaut/中文/😀", "'; drop table x; --",
            "a%b/c_d", "..a/b..", ".hidden"})
    @DisplayName("accepts canonical paths and keeps them verbatim")
    void accepts(String value) {
        assertThat(SessionPath.of(value).value()).isEqualTo(value);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|must not be empty",
            "/a|must not start with '/'",
            "a/|must not end with '/'",
            "a//b|empty segment",
            "a/./b|'.' segment",
            "a/../b|'..' segment",
            "..|'..' segment",
    })
    @DisplayName("rejects each invalid form with a message naming the rule")
    void rejects(String value, String rule) {
        assertThatThrownBy(() -> SessionPath.of(value)).isInstanceOf(InvalidSessionPathException.class)
                .hasMessageContaining(rule);
    }

    @Test
    @DisplayName("rejects null, control characters, NUL, lone surrogates and overlong paths")
    void rejectsHostile() {
        assertThatThrownBy(() -> SessionPath.of(null)).isInstanceOf(InvalidSessionPathException.class);
        assertThatThrownBy(() -> SessionPath.of("a\u0000b")).hasMessageContaining("control characters");
        assertThatThrownBy(() -> SessionPath.of("a\nb")).hasMessageContaining("control characters");
        assertThatThrownBy(() -> SessionPath.of("a\ud800b")).hasMessageContaining("lone surrogate");
        assertThatThrownBy(() -> SessionPath.of("a\udc00")).hasMessageContaining("lone surrogate");
        assertThat(SessionPath.of("x".repeat(512)).value()).hasSize(512);
        assertThatThrownBy(() -> SessionPath.of("x".repeat(513))).hasMessageContaining("above the limit of 512");
        assertThatThrownBy(() -> SessionPath.of("é".repeat(257))).hasMessageContaining("514 bytes");
    }

    @Test
    @DisplayName("prefix tests are segment-aware and case-sensitive")
    void prefixIsSegmentAware() {
        SessionPath ab = SessionPath.of("a/b");
        assertThat(SessionPath.of("a/b").startsWith(ab)).isTrue();
        assertThat(SessionPath.of("a/b/c").startsWith(ab)).isTrue();
        assertThat(SessionPath.of("a/bc").startsWith(ab)).isFalse();
        assertThat(SessionPath.of("a").startsWith(ab)).isFalse();
        assertThat(SessionPath.of("A/b").startsWith(ab)).isFalse();
        assertThat(ab).isNotEqualTo(SessionPath.of("A/b"));
    }

    @Test
    @DisplayName("orders by code point, the order of UTF-8 bytes")
    void codePointOrder() {
        List<SessionPath> paths = new ArrayList<>(List.of(SessionPath.of("a/\uffff"), SessionPath.of("a/😀"),
                SessionPath.of("a/b"), SessionPath.of("a"), SessionPath.of("a/b/c"), SessionPath.of("a-b")));
        Collections.sort(paths);
        assertThat(paths).extracting(SessionPath::value)
                .containsExactly("a", "a-b", "a/b", "a/b/c", "a/\uffff", "a/😀");
    }

    @Test
    @DisplayName("child appends one segment")
    void child() {
        assertThat(SessionPath.of("a").child("b")).isEqualTo(SessionPath.of("a/b"));
        assertThat(SessionPath.of("a").child("b").segments()).containsExactly("a", "b");
        assertThatThrownBy(() -> SessionPath.of("a").child("b/c")).isInstanceOf(InvalidSessionPathException.class);
        assertThatThrownBy(() -> SessionPath.of("a").child("..")).isInstanceOf(InvalidSessionPathException.class);
    }
}
