package dev.tau4j.session;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A change to a session's metadata: names to set and names to remove, applied together, atomically,
 * by {@link SessionStore#updateMetadata(SessionPath, MetadataUpdate)} or within an {@link Append}.
 *
 * <p>Session metadata is a small durable map of named string values per session: a title, an owner,
 * labels, or a pointer a framework keeps next to the conversation (where its window starts). The shape
 * is deliberately minimal: strings only (a caller encodes numbers, ids or lists as it likes), bounded so
 * that a listing can return it whole, and no history (the entries are the history; metadata is the
 * current value). Rules, checked before anything is written ({@link InvalidMetadataException}):
 * <ul>
 *   <li>a name is 1 to {@value #MAX_NAME_LENGTH} characters of {@code [a-z0-9._-]};</li>
 *   <li>a value is at most {@value #MAX_VALUE_BYTES} UTF-8 bytes, without NUL or unpaired surrogates
 *       (the empty string is a value);</li>
 *   <li>a name is either set or removed by one update, not both;</li>
 *   <li>a session holds at most {@value #MAX_NAMES} names after the update.</li>
 * </ul>
 * Removing a name the session does not hold is allowed and changes nothing.
 *
 * @param puts     names to set, with their values, ordered by name
 * @param removals names to remove, ordered
 */
public record MetadataUpdate(SortedMap<String, String> puts, SortedSet<String> removals) {

    /** Most names a session holds. */
    public static final int MAX_NAMES = 64;
    /** Longest name, in characters. */
    public static final int MAX_NAME_LENGTH = 64;
    /** Largest value, in UTF-8 bytes. */
    public static final int MAX_VALUE_BYTES = 4096;
    /** The update that changes nothing. */
    public static final MetadataUpdate NONE = new MetadataUpdate(new TreeMap<>(), new TreeSet<>());

    private static final Pattern NAME = Pattern.compile("[a-z0-9._-]{1," + MAX_NAME_LENGTH + "}");

    /** @throws InvalidMetadataException when a name or value breaks a rule, or a name is both set and removed */
    public MetadataUpdate {
        if (puts == null || removals == null) {
            throw new InvalidMetadataException("metadata update needs puts and removals (maybe empty)");
        }
        if (puts.size() > MAX_NAMES || removals.size() > MAX_NAMES) {
            throw new InvalidMetadataException("metadata update names more than " + MAX_NAMES + " names");
        }
        TreeMap<String, String> p = new TreeMap<>();
        for (Map.Entry<String, String> e : puts.entrySet()) {
            p.put(requireName(e.getKey()), requireValue(e.getKey(), e.getValue()));
        }
        TreeSet<String> r = new TreeSet<>();
        for (String name : removals) {
            r.add(requireName(name));
            if (p.containsKey(name)) {
                throw new InvalidMetadataException("metadata name '" + name + "' is both set and removed");
            }
        }
        puts = Collections.unmodifiableSortedMap(p);
        removals = Collections.unmodifiableSortedSet(r);
    }

    /** Starts an update. */
    public static Builder builder() {
        return new Builder();
    }

    /** An update setting one name. */
    public static MetadataUpdate put(String name, String value) {
        return builder().put(name, value).build();
    }

    /** An update removing one name. */
    public static MetadataUpdate remove(String name) {
        return builder().remove(name).build();
    }

    /** Whether the update changes nothing. */
    public boolean isEmpty() {
        return puts.isEmpty() && removals.isEmpty();
    }

    /**
     * The map {@code current} becomes: removals applied, then puts.
     *
     * @return an unmodifiable map ordered by name
     * @throws InvalidMetadataException when the result would hold more than {@value #MAX_NAMES} names
     */
    public SortedMap<String, String> applyTo(Map<String, String> current) {
        TreeMap<String, String> next = new TreeMap<>(current);
        next.keySet().removeAll(removals);
        next.putAll(puts);
        if (next.size() > MAX_NAMES) {
            throw new InvalidMetadataException("session metadata would hold " + next.size() + " names, above the limit of "
                    + MAX_NAMES);
        }
        return Collections.unmodifiableSortedMap(next);
    }

    /**
     * Checks a metadata name.
     *
     * @throws InvalidMetadataException when it is not 1 to {@value #MAX_NAME_LENGTH} characters of {@code [a-z0-9._-]}
     */
    public static String requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidMetadataException("metadata name " + (name == null ? "null" : "'" + printable(name) + "'")
                    + " must be 1 to " + MAX_NAME_LENGTH + " characters of [a-z0-9._-]");
        }
        return name;
    }

    private static String requireValue(String name, String value) {
        if (value == null) {
            throw new InvalidMetadataException("metadata value of '" + name + "' must not be null (remove the name)");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0) {
                throw new InvalidMetadataException("metadata value of '" + name + "' holds NUL at index " + i);
            }
            if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 == value.length()
                        || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    throw new InvalidMetadataException("metadata value of '" + name
                            + "' holds an unpaired surrogate at index " + i);
                }
                i++;
            }
        }
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_VALUE_BYTES) {
            throw new InvalidMetadataException("metadata value of '" + name + "' has " + bytes
                    + " UTF-8 bytes, above the limit of " + MAX_VALUE_BYTES);
        }
        return value;
    }

    private static String printable(String name) {
        String cut = name.length() > 80 ? name.substring(0, 80) + "..." : name;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    /** Builds a {@link MetadataUpdate}; {@link #build()} validates. */
    public static final class Builder {
        private final TreeMap<String, String> puts = new TreeMap<>();
        private final TreeSet<String> removals = new TreeSet<>();

        private Builder() {
        }

        /** Sets {@code name} to {@code value}. */
        public Builder put(String name, String value) {
            puts.put(Objects.requireNonNull(name, "name"), value);
            return this;
        }

        /** Removes {@code name}. */
        public Builder remove(String name) {
            removals.add(Objects.requireNonNull(name, "name"));
            return this;
        }

        /** The names set and removed by {@code other} too. */
        public Builder addAll(MetadataUpdate other) {
            puts.putAll(other.puts());
            removals.addAll(other.removals());
            return this;
        }

        /** @throws InvalidMetadataException when a name or value breaks a rule */
        public MetadataUpdate build() {
            return new MetadataUpdate(puts, removals);
        }
    }

    /** The names this update touches. */
    public Set<String> names() {
        TreeSet<String> names = new TreeSet<>(puts.keySet());
        names.addAll(removals);
        return names;
    }
}
