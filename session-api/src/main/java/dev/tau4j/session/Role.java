package dev.tau4j.session;

import java.util.Locale;

/** Who speaks a {@link Message}; encoded on the wire as the lower-case name. */
public enum Role {
    SYSTEM, USER, ASSISTANT, TOOL;

    /** The name Tau's JSON format uses: {@code system}, {@code user}, {@code assistant}, {@code tool}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name; throws {@link InvalidMessageException} for anything else. */
    public static Role fromWireName(String name) {
        for (Role role : values()) {
            if (role.wireName().equals(name)) {
                return role;
            }
        }
        throw new InvalidMessageException("unknown role '" + name + "' (expected system, user, assistant or tool)");
    }
}
