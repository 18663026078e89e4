package org.jobqueue.benchmarks;

/** Job events as MediaWiki's EventBus writes them, about 1 KB each, as the bench's job stream makes them. */
final class SampleEvents {
    static final String REFRESH_LINKS = "{\"$schema\":\"/mediawiki/job/1.0.0\",\"meta\":{\"uri\":"
            + "\"https://en.wikipedia.org/wiki/Ada_Lovelace\",\"request_id\":\"5d6c0b8e-52e4-4bb3-9f4a-1c6f3c0e2a11\","
            + "\"id\":\"b0a4f1e2-9c3d-4e5f-8a7b-6c5d4e3f2a10\",\"dt\":\"2025-11-28T09:00:00.123Z\","
            + "\"domain\":\"en.wikipedia.org\",\"stream\":\"mediawiki.job.refreshLinks\"},\"database\":\"enwiki\","
            + "\"type\":\"refreshLinks\",\"page_namespace\":0,\"page_title\":\"Ada_Lovelace\",\"params\":{"
            + "\"namespace\":0,\"title\":\"Ada_Lovelace\",\"requestId\":\"5d6c0b8e-52e4-4bb3-9f4a-1c6f3c0e2a11\","
            + "\"causeAction\":\"edit-page\",\"causeAgent\":\"Materialscientist\",\"parseThreshold\":"
            + "\"20250101000000\",\"rootJobSignature\":\"0f3c2a9b8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b\","
            + "\"rootJobTimestamp\":\"20251128090000\",\"context\":\"" + "x".repeat(300) + "\"},"
            + "\"root_event\":{\"signature\":\"0f3c2a9b8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b\","
            + "\"dt\":\"2025-11-28T09:00:00Z\"},\"sha1\":\"8a1f0c2d3e4b5a69788796a5b4c3d2e1f0a9b8c7\"}";

    static final String DELAYED_CDN_PURGE = "{\"$schema\":\"/mediawiki/job/1.0.0\",\"meta\":{\"uri\":"
            + "\"https://de.wikipedia.org/wiki/Berlin\",\"request_id\":\"6e7d1c9f-63f5-4cc4-8a5b-2d7a4d1f3b22\","
            + "\"id\":\"c1b5a2f3-ad4e-4f6a-9b8c-7d6e5f4a3b21\",\"dt\":\"2025-11-28T09:00:01.456Z\","
            + "\"domain\":\"de.wikipedia.org\",\"stream\":\"mediawiki.job.cdnPurge\"},\"database\":\"dewiki\","
            + "\"type\":\"cdnPurge\",\"page_namespace\":0,\"page_title\":\"Berlin\",\"params\":{\"urls\":["
            + "\"https://de.wikipedia.org/wiki/Berlin\",\"https://de.wikipedia.org/w/index.php?title=Berlin"
            + "&action=history\"],\"jobReleaseTimestamp\":1764320461,\"context\":\"" + "y".repeat(500) + "\"},"
            + "\"delay_until\":\"2025-11-28T09:01:01Z\"}";

    private SampleEvents() {}
}
