package dev.tau4j.session.internal;

import dev.tau4j.session.StoreFailureException;
import java.util.ArrayList;
import java.util.List;

/**
 * The entry ids of a window, in window order, as compact text: runs of consecutive ids become
 * {@code first-last}, separated by commas ({@code "3,10-29"}: entry 3, then entries 10 to 29). A window
 * that follows the conversation is one or two runs, whatever its length. Not supported API.
 */
public final class WindowIds {

    private WindowIds() {
    }

    /** A run of consecutive ids, {@code first..last}. */
    public record Run(long first, long last) {
        /** How many ids the run holds. */
        public long size() {
            return last - first + 1;
        }
    }

    public static String encode(List<Long> ids) {
        StringBuilder text = new StringBuilder();
        for (Run run : runs(ids)) {
            if (text.length() > 0) {
                text.append(',');
            }
            text.append(run.first());
            if (run.last() != run.first()) {
                text.append('-').append(run.last());
            }
        }
        return text.toString();
    }

    /** The runs of {@code ids}, in order. */
    public static List<Run> runs(List<Long> ids) {
        List<Run> runs = new ArrayList<>();
        long first = 0;
        long last = 0;
        for (long id : ids) {
            if (first != 0 && id == last + 1) {
                last = id;
                continue;
            }
            if (first != 0) {
                runs.add(new Run(first, last));
            }
            first = id;
            last = id;
        }
        if (first != 0) {
            runs.add(new Run(first, last));
        }
        return runs;
    }

    /**
     * The runs of an encoded window; none for {@code null} or empty text.
     *
     * @throws StoreFailureException when the text was not written by {@link #encode}
     */
    public static List<Run> decode(String text) {
        List<Run> runs = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return runs;
        }
        try {
            for (String part : text.split(",", -1)) {
                int dash = part.indexOf('-');
                long first = Long.parseLong(dash < 0 ? part : part.substring(0, dash));
                long last = dash < 0 ? first : Long.parseLong(part.substring(dash + 1));
                if (first < 1 || last < first) {
                    throw new NumberFormatException(part);
                }
                runs.add(new Run(first, last));
            }
        } catch (NumberFormatException e) {
            throw new StoreFailureException("stored window '" + text + "' is not a list of entry ids", e);
        }
        return runs;
    }
}
