package org.jobqueue.app.page;

import com.sun.net.httpserver.HttpHandler;
import java.time.Clock;
import org.jobqueue.app.api.PageReads;

/**
 * The web page of the queue, served by the admin server at {@value #PATH}: the overview, a type's page
 * ({@code /types/<type>}) and a job's page ({@code /jobs/<id>}), plain HTML rendered here from what the API answers.
 * Reading is open; the buttons post to the token-guarded API.
 */
public final class Page {
    public static final String PATH = "/";

    private Page() {}

    public static HttpHandler of(final PageReads reads) {
        return new PageHandler(reads, Clock.systemUTC());
    }
}
