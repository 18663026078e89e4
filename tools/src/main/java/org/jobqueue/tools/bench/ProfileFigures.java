package org.jobqueue.tools.bench;

/**
 * What {@code --profile} reports of one scenario's topology JVM, per job: CPU-seconds per 100,000 jobs, and the state
 * store operations and records produced per job, from two {@link Sample}s and the jobs between them.
 */
record ProfileFigures(
        double cpuSecondsPer100kJobs, double storeReadsPerJob, double storeWritesPerJob, double recordsSentPerJob) {

    static final double JOBS_PER_FIGURE = 100_000;

    /**
     * A topology JVM at one moment.
     *
     * @param cpuNanos the JVM's user and system CPU time so far
     * @param storeReads state store reads so far (get, range, prefix scan, all)
     * @param storeWrites state store writes so far (put, put-if-absent, put-all, delete)
     * @param recordsSent records its producers sent so far
     */
    record Sample(long cpuNanos, double storeReads, double storeWrites, long recordsSent) {}

    static ProfileFigures between(final Sample start, final Sample end, final long jobs) {
        if (jobs < 1) throw new IllegalArgumentException("a profile needs at least one job, got " + jobs);
        return new ProfileFigures(
                round((end.cpuNanos() - start.cpuNanos()) / 1e9 * JOBS_PER_FIGURE / jobs),
                round((end.storeReads() - start.storeReads()) / jobs),
                round((end.storeWrites() - start.storeWrites()) / jobs),
                round((double) (end.recordsSent() - start.recordsSent()) / jobs));
    }

    private static double round(final double value) {
        return Math.round(value * 100) / 100.0;
    }
}
