package org.jobqueue.it.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jobqueue.schemas.DeadLetter;
import org.jobqueue.tools.processes.Deployment;
import org.jobqueue.tools.processes.Workload;

/** The integration tests' waits for a deployment's jobs to end, each within {@link #TIMEOUT}. */
public final class Awaits {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    /** Anything still to come would be a second execution: the time given to it to show. */
    private static final Duration SETTLE = Duration.ofSeconds(3);

    private Awaits() {}

    /** Waits until every hopeless job of {@code workload} is dead-lettered, and returns the dead letters. */
    public static List<DeadLetter> deadLetters(final Deployment deployment, final Workload workload) {
        final long hopeless = workload.hopeless();
        return deployment
                .kafka()
                .consumeUntil(deployment.topics().deadLetter(), letters -> letters.size() >= hopeless, TIMEOUT)
                .stream()
                .map(ConsumerRecord::value)
                .toList();
    }

    /** Waits until every job of {@code workload} that must run has run at least once, and then a little longer. */
    public static void everyJobExecuted(final Deployment deployment, final Workload workload) {
        executed(() -> Deployment.executionsPerJob(workload, deployment.executionsById()).values().stream()
                .allMatch(count -> count > 0));
    }

    /** Waits until the stub has run every event of {@code eventIds}, and then a little longer. */
    public static void everyEventExecuted(final Deployment deployment, final Collection<String> eventIds) {
        executed(() -> deployment.executionsById().keySet().containsAll(eventIds));
    }

    private static void executed(final Callable<Boolean> everyOne) {
        await("every job executed")
                .atMost(TIMEOUT)
                .pollInterval(Duration.ofSeconds(1))
                .until(everyOne);
        await().pollDelay(SETTLE).until(() -> true);
    }
}
