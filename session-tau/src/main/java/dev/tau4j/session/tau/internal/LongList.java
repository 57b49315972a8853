package dev.tau4j.session.tau.internal;

import java.util.Arrays;

/** A growable array of primitive longs: eight bytes per value, no boxing. Not thread-safe. */
public final class LongList {

    private long[] values = new long[16];
    private int size;

    public void add(long value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size + (size >> 1));
        }
        values[size++] = value;
    }

    public long get(int index) {
        if (index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        return values[index];
    }

    public void set(int index, long value) {
        if (index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        values[index] = value;
    }

    public int size() {
        return size;
    }

    /** The index of {@code value} in a list sorted ascending, or a negative number when absent. */
    public int binarySearch(long value) {
        return Arrays.binarySearch(values, 0, size, value);
    }

    /** A trimmed copy. */
    public long[] toArray() {
        return Arrays.copyOf(values, size);
    }
}
