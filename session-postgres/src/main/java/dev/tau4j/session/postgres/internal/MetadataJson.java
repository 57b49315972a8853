package dev.tau4j.session.postgres.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tau4j.session.StoreFailureException;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Session metadata as the JSON object of the {@code sessions.metadata} column. Not supported API. */
final class MetadataJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<TreeMap<String, String>> MAP = new TypeReference<>() {
    };

    private MetadataJson() {
    }

    static String write(Map<String, String> metadata) {
        try {
            return JSON.writeValueAsString(metadata);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always encodes", e);
        }
    }

    static SortedMap<String, String> read(String json) {
        try {
            return Collections.unmodifiableSortedMap(JSON.readValue(json, MAP));
        } catch (JsonProcessingException e) {
            throw new StoreFailureException("stored session metadata cannot be decoded", e);
        }
    }
}
