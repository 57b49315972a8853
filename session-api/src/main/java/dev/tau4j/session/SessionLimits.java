package dev.tau4j.session;

import java.util.ArrayList;
import java.util.List;

/**
 * Limits a store enforces on its input, fixed when the store is built.
 *
 * @param maxMessageBytes upper bound on one message's size, counted as the UTF-8 bytes of its
 *                        {@link MessageCodec} encoding
 */
public record SessionLimits(int maxMessageBytes) {

    /** 4 MiB per message. */
    public static final SessionLimits DEFAULTS = new SessionLimits(4 * 1024 * 1024);

    public SessionLimits {
        if (maxMessageBytes < 1024) {
            throw new IllegalArgumentException("maxMessageBytes must be at least 1024, got " + maxMessageBytes);
        }
    }

    /**
     * Encodes every message of {@code append} and checks its size, before anything is written.
     *
     * @return the encodings, in the order of the messages
     * @throws MessageTooLargeException when a message is above {@link #maxMessageBytes()}
     */
    public List<String> encodeChecked(Append append) {
        List<String> encoded = new ArrayList<>(append.messages().size());
        for (Message message : append.messages()) {
            String json = MessageCodec.encode(message);
            long size = utf8Length(json);
            if (size > maxMessageBytes) {
                throw new MessageTooLargeException(size, maxMessageBytes);
            }
            encoded.add(json);
        }
        return encoded;
    }

    /** UTF-8 length of a codec encoding, which holds no surrogate (they are escaped). */
    private static long utf8Length(String s) {
        long bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
        }
        return bytes;
    }
}
