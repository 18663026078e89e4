package org.jobqueue.tools.events;

import java.util.List;

/** The job types the tools' workloads (the demo, the bench, the soak) produce. */
public final class JobTypes {
    public static final String CDN_PURGE = "cdnPurge";
    public static final String REFRESH_LINKS = "refreshLinks";
    public static final String HTML_CACHE_UPDATE = "htmlCacheUpdate";
    public static final String ENOTIF_NOTIFY = "enotifNotify";
    public static final List<String> ALL = List.of(CDN_PURGE, REFRESH_LINKS, HTML_CACHE_UPDATE, ENOTIF_NOTIFY);

    private JobTypes() {}
}
