package org.jobqueue.topology.periodic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jobqueue.serdes.JobKeys;
import org.jobqueue.topology.config.PeriodicConfig;
import org.jobqueue.topology.config.Periods;

/**
 * One schedule's firing for one wiki, owned by the partition its job key lands in: that partition's task fires it,
 * and keeps its mark and its jobs.
 */
record OwnedSchedule(String name, PeriodicConfig config, String wiki, String jobKey, Periods periods) {

    /** The (schedule, wiki) pairs that {@code partition} of {@code partitions} owns. */
    static List<OwnedSchedule> of(
            final Map<String, PeriodicConfig> schedules, final int partition, final int partitions) {
        final List<OwnedSchedule> owned = new ArrayList<>();
        schedules.forEach((name, config) -> config.wikis().forEach(wiki -> {
            final String jobKey = PeriodicJobs.jobKey(name, wiki);
            if (JobKeys.partition(jobKey, partitions) == partition) {
                owned.add(new OwnedSchedule(name, config, wiki, jobKey, config.periods()));
            }
        }));
        return owned;
    }
}
