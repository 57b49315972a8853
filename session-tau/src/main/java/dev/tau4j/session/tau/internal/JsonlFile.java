package dev.tau4j.session.tau.internal;

import dev.tau4j.session.tau.TauFormatException;
import dev.tau4j.session.tau.TauFormatException.Reason;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A JSONL file read line by line, each line with its byte offset and length so it can be read again by
 * position. Lines end with {@code \n} (a {@code \r} before it is dropped, as Tau's reader does); text must be
 * valid UTF-8. Also computes the SHA-256 of the bytes it has read.
 */
public final class JsonlFile implements AutoCloseable {

    /** One line: 1-based number, byte offset, byte length (without the terminator), text. */
    public record Line(long number, long offset, int length, String text) {
    }

    private final InputStream in;
    private final MessageDigest digest;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
    private long offset;
    private long lineNumber;

    private JsonlFile(InputStream in) {
        this.in = in;
        this.digest = sha256();
    }

    /** Opens {@code file} for one sequential pass. */
    public static JsonlFile open(Path file) {
        try {
            return new JsonlFile(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file, e);
        }
    }

    /** The next line, or null at the end of the file. */
    public Line next() {
        try {
            buffer.reset();
            long start = offset;
            int b;
            while ((b = in.read()) != -1) {
                digest.update((byte) b);
                offset++;
                if (b == '\n') {
                    break;
                }
                buffer.write(b);
            }
            if (b == -1 && buffer.size() == 0 && offset == start) {
                return null;
            }
            lineNumber++;
            byte[] bytes = buffer.toByteArray();
            int length = bytes.length;
            if (length > 0 && bytes[length - 1] == '\r') {
                length--;
            }
            return new Line(lineNumber, start, length, decode(bytes, length, lineNumber));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The SHA-256 of every byte read so far. */
    public byte[] sha256Digest() {
        try {
            return ((MessageDigest) digest.clone()).digest();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads the text of one line again by position. */
    public static String readAt(FileChannel channel, long offset, int length, long lineNumber) {
        ByteBuffer bytes = ByteBuffer.allocate(length);
        try {
            while (bytes.hasRemaining()) {
                if (channel.read(bytes, offset + bytes.position()) < 0) {
                    throw new TauFormatException(Reason.SOURCE_CHANGED, lineNumber, "the file became shorter during the import");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return decode(bytes.array(), length, lineNumber);
    }

    /** Opens {@code file} for reading lines by position. */
    public static FileChannel channel(Path file) {
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file, e);
        }
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static String decode(byte[] bytes, int length, long lineNumber) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes, 0, length));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new TauFormatException(Reason.MALFORMED_LINE, lineNumber, "the line is not valid UTF-8");
        }
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
