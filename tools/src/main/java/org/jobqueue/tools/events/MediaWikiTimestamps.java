package org.jobqueue.tools.events;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** MediaWiki's {@code TS_MW} timestamps: {@code yyyyMMddHHmmss} in UTC. */
final class MediaWikiTimestamps {
    private static final DateTimeFormatter TS_MW =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    private MediaWikiTimestamps() {}

    static String of(final Instant instant) {
        return TS_MW.format(instant);
    }
}
