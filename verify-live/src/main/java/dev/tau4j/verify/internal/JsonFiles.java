package dev.tau4j.verify.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Reads and writes the evidence files of a live run; a reader never sees a half-written one. */
public final class JsonFiles {

    /** snake_case, indented, tolerant of fields added by later versions. */
    public static final ObjectMapper EVIDENCE_JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private JsonFiles() {
    }

    /** Reads a JSON file written by {@link #writeAtomically}; an empty file is an error. */
    public static <T> T read(ObjectMapper json, Path file, Class<T> type) throws IOException {
        T value = json.readValue(file.toFile(), type);
        if (value == null) {
            throw new IOException(file + " is empty");
        }
        return value;
    }

    /** Writes {@code value} as JSON to {@code file}, replacing it atomically where the file system allows. */
    public static void writeAtomically(ObjectMapper json, Path file, Object value) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path temp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
            json.writeValue(temp.toFile(), value);
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException atomicNotSupported) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }
}
