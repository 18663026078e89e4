package org.jobqueue.topology.inspect;

import java.util.List;

/** The jobs a listing found, oldest first; {@code truncated} if there were more than it returns or had time to see. */
public record Listing(List<ListedJob> jobs, boolean truncated) {
    public Listing {
        jobs = List.copyOf(jobs);
    }
}
