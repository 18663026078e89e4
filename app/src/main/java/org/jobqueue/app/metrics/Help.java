package org.jobqueue.app.metrics;

import java.util.Map;

/** The {@code # HELP} text of each family jobqueue exposes. */
final class Help {
    private static final Map<String, String> TEXTS = Map.ofEntries(
            Map.entry("jobqueue_jobs", "Jobs by outcome, per type and the lane its configuration gives it"),
            Map.entry("jobqueue_jobs_deduplicated", "Duplicate jobs dropped, by reason"),
            Map.entry(
                    "jobqueue_fanout", "Fan-out of recursive jobs: expansions and the backlinks and leaves they made"),
            Map.entry("jobqueue_fanout_expansions_running", "Expansions running in this instance's partitions"),
            Map.entry(
                    "jobqueue_fanout_leaf_wait_ms",
                    "How long the oldest leaf not yet read by this instance's queue partitions has waited"),
            Map.entry(
                    "jobqueue_fanout_ticks_paced",
                    "Fan-out ticks that expanded nothing: the leaves before waited over queue.max_leaf_wait"),
            Map.entry(
                    "jobqueue_lane_jobs",
                    "Jobs in this instance's partitions per lane and state, refreshed every tick"),
            Map.entry("jobqueue_release_delay_seconds", "From a job's meta.dt to its first release"),
            Map.entry(
                    "jobqueue_queue_jobs",
                    "Jobs in this instance's partitions per lane, type and state, at the scrape"),
            Map.entry(
                    "jobqueue_queue_oldest_seconds",
                    "Age of the oldest ready job of a type in this instance's partitions, 0 when none is ready"),
            Map.entry("jobqueue_executor_results", "Results the executors wrote, by status"),
            Map.entry("jobqueue_executor_call_seconds", "Duration of the executors' calls of the job endpoint"),
            Map.entry("jobqueue_executor_start_delay_seconds", "From a command's release to its first call"),
            Map.entry("jobqueue_executor_in_flight", "Commands an executor took and has not finished"),
            Map.entry("jobqueue_executor_circuit_open", "1 while a lane's circuit is open"),
            Map.entry(
                    "jobqueue_executor_throttled", "Throttling answers of the job endpoint, called again after a wait"),
            Map.entry("jobqueue_executor_kept", "Failed calls kept for a call after the circuit closes"),
            Map.entry("jobqueue_executor_circuit_opened", "Times a lane's circuit opened"),
            Map.entry("jobqueue_executor_result_write_failures", "Results the producer gave up on"),
            Map.entry("jobqueue_standby_lag_records", "Changelog records this instance's standby replicas are behind"),
            Map.entry(
                    "jobqueue_standby_records_applied", "Changelog records this instance's standby replicas applied"));

    private Help() {}

    static String of(final String family) {
        return TEXTS.getOrDefault(family, "Dropwizard metric " + family);
    }
}
