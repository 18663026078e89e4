package org.jobqueue.tools.stub;

import java.util.Map;

/** What the stub answers: a status, a JSON body, and any extra headers. */
record StubResponse(int status, String body, Map<String, String> headers) {
    static final int OK = 200;
    static final int FORBIDDEN = 403;
    static final int METHOD_NOT_ALLOWED = 405;
    static final int UNPROCESSABLE = 422;
    static final int SERVER_ERROR = 500;

    static StubResponse executed() {
        return new StubResponse(OK, MediaWikiStub.EXECUTED_BODY, Map.of());
    }

    static StubResponse failed(final String message) {
        return new StubResponse(SERVER_ERROR, failureBody(message, false), Map.of());
    }

    static StubResponse readOnly() {
        return new StubResponse(
                SERVER_ERROR, failureBody("The wiki is in read-only mode", true), Map.of("X-Readonly", "true"));
    }

    static StubResponse rejected(final int status, final String message) {
        return new StubResponse(status, "{\"error\":" + quoted(message) + "}", Map.of());
    }

    static StubResponse methodNotAllowed() {
        return new StubResponse(METHOD_NOT_ALLOWED, "{\"error\":\"Request must be POSTed.\"}", Map.of("Allow", "POST"));
    }

    boolean isExecuted() {
        return status == OK;
    }

    boolean isFailure() {
        return status >= SERVER_ERROR;
    }

    private static String failureBody(final String message, final boolean readonly) {
        return "{\"status\":false,\"readonly\":" + readonly + ",\"message\":" + quoted(message) + "}";
    }

    private static String quoted(final String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
