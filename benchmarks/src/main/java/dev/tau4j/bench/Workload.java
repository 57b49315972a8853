package dev.tau4j.bench;

import dev.tau4j.session.Append;
import dev.tau4j.session.Message;
import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.UsageDelta;
import java.util.ArrayList;
import java.util.List;

/**
 * What the benchmarks write and read: the messages, the usage delta, and the sessions. Read-only
 * fixtures live under {@link #FIXTURES} and are written once per trial; everything written while
 * measuring lives under {@link #WRITES} and is deleted after every iteration, so sessions never grow
 * beyond one iteration's worth of appends.
 */
final class Workload {

    /** A plain-text message of 256 characters, about 300 bytes once encoded. */
    static final Message MESSAGE = Message.user(text(256));

    /** One message: the unit of a single append. */
    static final List<Message> ONE_MESSAGE = List.of(MESSAGE);

    /** Ten messages, alternately user and assistant, 256 characters each: one batch append. */
    static final List<Message> TEN_MESSAGES = batch(10);

    /** One model call's usage. */
    static final UsageDelta USAGE = UsageDelta.of(1_200, 300, 1_500, "0.0045");

    /** The depth of the chain {@code lineage} walks, and the size of the page {@code entries} reads. */
    static final int CHAIN_DEPTH = 100;
    static final int PAGE_SIZE = 100;

    /** Read-only sessions, written in the trial's setup. */
    static final SessionPath FIXTURES = SessionPath.of("bench/fixtures");

    /** A single chain of {@link #HISTORY_LENGTH} entries, each the child of the one before. */
    static final SessionPath HISTORY = FIXTURES.child("history");
    static final int HISTORY_LENGTH = 1_000;

    /** The page {@code entries} reads starts after this id, in the middle of {@link #HISTORY}. */
    static final long PAGE_AFTER = HISTORY_LENGTH / 2;

    /** The session {@code recordUsage} adds to. */
    static final SessionPath USAGE_SESSION = FIXTURES.child("usage");

    /** Sessions written while measuring; deleted after every iteration. */
    static final SessionPath WRITES = SessionPath.of("bench/writes");

    /** The one session all threads append to. */
    static final SessionPath SHARED = WRITES.child("shared");

    private Workload() {
    }

    /** Writes the read-only fixtures: {@link #HISTORY} as one chain, appended {@link #CHAIN_DEPTH} at a time. */
    static void writeFixtures(SessionStore store) {
        List<Message> hundred = batch(CHAIN_DEPTH);
        long head = 0;
        for (int written = 0; written < HISTORY_LENGTH; written += hundred.size()) {
            Append.Builder append = Append.to(HISTORY).messages(hundred);
            if (head > 0) {
                append.under(head);
            }
            List<SessionEntry> entries = store.append(append.build());
            head = entries.get(entries.size() - 1).id();
        }
    }

    private static List<Message> batch(int size) {
        List<Message> messages = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            messages.add(i % 2 == 0 ? Message.user(text(256)) : Message.assistant(text(256)));
        }
        return List.copyOf(messages);
    }

    private static String text(int length) {
        String words = "The agent reads the ticket, checks the order history and drafts a reply for the customer. ";
        StringBuilder text = new StringBuilder(length);
        while (text.length() < length) {
            text.append(words);
        }
        return text.substring(0, length);
    }
}
