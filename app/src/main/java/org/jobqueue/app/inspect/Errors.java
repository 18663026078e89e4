package org.jobqueue.app.inspect;

/** The failure for an answer that is not the one expected. */
final class Errors {
    private Errors() {}

    static InspectException of(final String path, final AdminApi.Answer answer) {
        final String error = answer.body().path("error").asText("");
        return new InspectException(path + " answered " + answer.status() + (error.isEmpty() ? "" : ": " + error));
    }
}
