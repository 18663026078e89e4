package org.jobqueue.app.executor;

import java.time.Duration;
import org.jobqueue.schemas.JobCommand;

/** Commands as the topology releases them, for tests. */
final class Commands {
    /** The claim of a command made now: far beyond any test, like the dispatcher's default of 1 h. */
    static final Duration CLAIM_TTL = Duration.ofHours(1);

    static final String EVENT =
            "{\"$schema\":\"/mediawiki/job/1.0.0\",\"meta\":{\"uri\":\"https://placeholder.invalid/wiki/Special:Badtitle\","
                    + "\"request_id\":\"6e1f5b2a-req\",\"id\":\"ev-1\",\"dt\":\"2026-01-05T10:00:00Z\",\"domain\":\"de.wikipedia.org\","
                    + "\"stream\":\"mediawiki.job.refreshLinks\"},\"database\":\"dewiki\",\"type\":\"refreshLinks\","
                    + "\"params\":{\"title\":\"Zürich/Ärger\",\"namespace\":0}}";

    private Commands() {}

    static JobCommand command(final String commandId, final String event) {
        return JobCommand.newBuilder()
                .setCommandId(commandId)
                .setJobKey("dewiki|id|" + commandId)
                .setEventId("event-" + commandId)
                .setDatabase("dewiki")
                .setType("refreshLinks")
                .setLane("normal")
                .setAttempt(1)
                .setReleasedAt(1_767_607_200_000L)
                .setClaimExpiresAt(System.currentTimeMillis() + CLAIM_TTL.toMillis())
                .setEvent(event)
                .build();
    }

    static JobCommand command(final String commandId) {
        return command(commandId, EVENT);
    }
}
