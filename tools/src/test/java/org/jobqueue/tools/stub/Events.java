package org.jobqueue.tools.stub;

/** Job events for the stub's tests, written by hand. */
final class Events {
    private Events() {}

    /** A refreshLinks job with event id {@code id}; {@code extraParams} is appended to its params (",\"k\":\"v\""). */
    static String job(final String id, final String extraParams) {
        return "{\"$schema\":\"/mediawiki/job/1.0.0\",\"meta\":{\"id\":\"" + id + "\",\"dt\":\"2025-01-01T00:00:00Z\","
                + "\"stream\":\"mediawiki.job.refreshLinks\"},\"database\":\"enwiki\",\"type\":\"refreshLinks\","
                + "\"sha1\":\"0123456789abcdef0123456789abcdef01234567\","
                + "\"params\":{\"namespace\":0,\"title\":\"Foo\"" + extraParams + "}}";
    }
}
