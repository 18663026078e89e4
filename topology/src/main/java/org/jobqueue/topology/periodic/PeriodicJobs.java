package org.jobqueue.topology.periodic;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import org.jobqueue.serdes.JobKeys;
import org.jobqueue.topology.config.PeriodicConfig;

/**
 * The jobs of a periodic schedule, as {@code mediawiki/job/1.0.0} events. Their {@code meta.id} is a name-based UUID
 * of (schedule, wiki, period start), so a second firing of a period is an event-id duplicate; their {@code sha1} is
 * one per (schedule, wiki), so every period of a wiki has one job key: it queues where its schedule is fired from.
 */
public final class PeriodicJobs {
    /** The params naming the schedule and the period a job was fired for. */
    public static final String SCHEDULE_PARAM = "periodicSchedule";

    public static final String PERIOD_PARAM = "periodicPeriod";

    private static final ObjectMapper JSON = new ObjectMapper();

    private PeriodicJobs() {}

    public static String eventId(final String schedule, final String wiki, final long period) {
        final String name = "jobqueue-periodic\n" + schedule + "\n" + wiki + "\n" + period;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    public static String sha1(final String schedule, final String wiki) {
        try {
            final byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest(("jobqueue-periodic\n" + schedule + "\n" + wiki).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (final NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    public static String jobKey(final String schedule, final String wiki) {
        return JobKeys.of(wiki, sha1(schedule, wiki), null);
    }

    /** The event of {@code schedule}'s job for {@code wiki} and the period starting at {@code period}. */
    public static byte[] event(
            final String schedule, final PeriodicConfig config, final String wiki, final long period, final long now) {
        final ObjectNode event = JSON.createObjectNode();
        event.put("$schema", "/mediawiki/job/1.0.0");
        event.put("type", config.type());
        event.put("database", wiki);
        event.put("sha1", sha1(schedule, wiki));
        final ObjectNode meta = event.putObject("meta");
        meta.put("id", eventId(schedule, wiki, period));
        meta.put("dt", Instant.ofEpochMilli(now).toString());
        meta.put("stream", "mediawiki.job." + config.type());
        final ObjectNode params = event.putObject("params");
        params.setAll(JSON.<ObjectNode>valueToTree(config.params()));
        params.put(SCHEDULE_PARAM, schedule);
        params.put(PERIOD_PARAM, Instant.ofEpochMilli(period).toString());
        return event.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The period start in a periodic job's event, or null if it is not one. */
    public static Long periodOf(final String event) {
        try {
            final String period =
                    JSON.readTree(event).path("params").path(PERIOD_PARAM).asText(null);
            return period != null ? Instant.parse(period).toEpochMilli() : null;
        } catch (final Exception unreadable) {
            return null;
        }
    }
}
