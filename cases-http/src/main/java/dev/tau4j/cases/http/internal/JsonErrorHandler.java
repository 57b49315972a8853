package dev.tau4j.cases.http.internal;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error responses (requests refused before they reach a route: bad URI escapes,
 * oversized headers, malformed request lines) as the API's JSON errors instead of HTML pages.
 * The message is generic: Jetty's text may quote the request.
 */
public final class JsonErrorHandler extends ErrorHandler {

    private static final String JSON_UTF8 = "application/json; charset=utf-8";

    private final CaseJson json;

    public JsonErrorHandler(CaseJson json) {
        this.json = json;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        byte[] body = body(code);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON_UTF8);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, JSON_UTF8);
        return ByteBuffer.wrap(body(status));
    }

    private byte[] body(int status) {
        String code;
        String message;
        switch (status) {
            case 400:
                code = "bad_request";
                message = "the request could not be parsed (check the URL escapes and headers)";
                break;
            case 404:
                code = "not_found";
                message = "no such route";
                break;
            case 405:
                code = "method_not_allowed";
                message = "method not allowed";
                break;
            case 413:
                code = "payload_too_large";
                message = "request too large";
                break;
            case 414:
                code = "uri_too_long";
                message = "request URI too long";
                break;
            case 431:
                code = "headers_too_large";
                message = "request headers too large";
                break;
            default:
                code = status >= 500 ? "internal_error" : "http_error";
                message = status >= 500 ? "internal error" : "request refused with status " + status;
        }
        return json.bytes(json.errorNode(code, message, null));
    }
}
