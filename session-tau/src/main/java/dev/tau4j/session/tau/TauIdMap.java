package dev.tau4j.session.tau;

import java.util.Arrays;
import java.util.OptionalLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The ids an import gave: each Tau id of the file (an unsigned 64-bit value held in a {@code long}) and the
 * tau4j id of the entry written for it. Held as two primitive arrays (16 bytes per entry). Immutable.
 */
public final class TauIdMap {

    /** One Tau id and the tau4j id it became. */
    public record IdPair(long tauId, long newId) {
        @Override
        public String toString() {
            return Long.toUnsignedString(tauId) + " -> " + newId;
        }
    }

    /** Tau ids with the sign bit flipped, so that signed order is the unsigned order of the ids. */
    private final long[] keys;
    private final long[] newIds;

    /** From parallel arrays, in any order; the Tau ids must be distinct. */
    public TauIdMap(long[] tauIds, long[] newIds) {
        if (tauIds.length != newIds.length) {
            throw new IllegalArgumentException("tauIds and newIds differ in length");
        }
        this.keys = new long[tauIds.length];
        for (int i = 0; i < tauIds.length; i++) {
            keys[i] = tauIds[i] ^ Long.MIN_VALUE;
        }
        Arrays.sort(keys);
        this.newIds = new long[tauIds.length];
        for (int i = 0; i < tauIds.length; i++) {
            this.newIds[Arrays.binarySearch(keys, tauIds[i] ^ Long.MIN_VALUE)] = newIds[i];
        }
    }

    public int size() {
        return keys.length;
    }

    /** The tau4j id written for {@code tauId}, or empty when the file had no such entry. */
    public OptionalLong newId(long tauId) {
        int k = Arrays.binarySearch(keys, tauId ^ Long.MIN_VALUE);
        return k < 0 ? OptionalLong.empty() : OptionalLong.of(newIds[k]);
    }

    /** How many entries got an id other than their Tau id. */
    public long remappedCount() {
        return pairs().filter(p -> p.tauId() != p.newId()).count();
    }

    /** Every pair, by Tau id (unsigned order). */
    public Stream<IdPair> pairs() {
        return IntStream.range(0, keys.length).mapToObj(k -> new IdPair(keys[k] ^ Long.MIN_VALUE, newIds[k]));
    }

    @Override
    public String toString() {
        return "TauIdMap[" + size() + " ids, " + remappedCount() + " remapped]";
    }
}
