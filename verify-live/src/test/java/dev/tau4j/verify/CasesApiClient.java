package dev.tau4j.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A plain HTTP client of the cases API (java.net.http, HTTP/1.1), as any caller over the network would use it. */
final class CasesApiClient {

    static final String JSON_TYPE = "application/json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final HttpClient client;

    /** One request: method, path (with query), content type (or null), body (or null) and extra headers. */
    record Request(String method, String path, String contentType, byte[] body, Map<String, String> headers) {

        Request {
            headers = Map.copyOf(headers);
        }

        static Request get(String path) {
            return new Request("GET", path, null, null, Map.of());
        }

        static Request post(String path, String json) {
            return new Request("POST", path, JSON_TYPE, json.getBytes(StandardCharsets.UTF_8), Map.of());
        }

        static Request post(String path, String contentType, byte[] body) {
            return new Request("POST", path, contentType, body, Map.of());
        }

        /** This request with one more header, e.g. {@code Idempotency-Key}. */
        Request withHeader(String name, String value) {
            Map<String, String> more = new java.util.LinkedHashMap<>(headers);
            more.put(name, value);
            return new Request(method, path, contentType, body, more);
        }
    }

    /** One answer: its status, content type, raw body (parsed when it is JSON) and headers. */
    record Reply(int status, String contentType, String raw, JsonNode json, HttpHeaders headers) {

        /** The field of the JSON body, or a missing node. */
        JsonNode at(String field) {
            return json == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : json.path(field);
        }

        /** The first value of a response header. */
        Optional<String> header(String name) {
            return headers.firstValue(name);
        }
    }

    CasesApiClient(String host, int port) {
        this.base = "http://" + host + ":" + port;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** {@code http://host:port}. */
    String base() {
        return base;
    }

    /** Sends the request and reads the whole answer. */
    Reply send(Request request) throws IOException, InterruptedException {
        Objects.requireNonNull(request, "request");
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + request.path()))
                .timeout(Duration.ofSeconds(30));
        if (request.contentType() != null) {
            builder.header("Content-Type", request.contentType());
        }
        request.headers().forEach(builder::header);
        builder.method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        HttpResponse<byte[]> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        String raw = new String(response.body(), StandardCharsets.UTF_8);
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        JsonNode json = null;
        if (!raw.isBlank() && contentType.toLowerCase(java.util.Locale.ROOT).startsWith(JSON_TYPE)) {
            json = JSON.readTree(raw);
        }
        return new Reply(response.statusCode(), contentType, raw, json, response.headers());
    }
}
