package org.jobqueue.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jobqueue.schemas.DeadLetter;
import org.jobqueue.schemas.JobCommand;
import org.jobqueue.schemas.Priority;
import org.jobqueue.serdes.Topic;

/**
 * What a fault did to a workload, once everything has run: jobs lost (never executed), commands emitted twice (the
 * same event and attempt twice in the committed command topics), executions repeated at the stub, and dead letters.
 */
public record FaultReport(
        int jobs,
        long hopeless,
        long lost,
        long commands,
        long commandsEmittedTwice,
        long stubDuplicates,
        long deadLetters,
        long deadLettersTwice) {
    private static final Duration QUIET = Duration.ofSeconds(5);

    /** Waits until every job has run and every hopeless one is dead-lettered, then reads the topics and counts. */
    public static FaultReport awaitEveryJob(final Deployment deployment, final Workload workload) {
        deployment.awaitDeadLetters(workload);
        deployment.awaitEveryJobExecuted(workload);
        return of(deployment, workload);
    }

    private static FaultReport of(final Deployment deployment, final Workload workload) {
        final Map<String, Long> executions = deployment.executionsById();
        final List<Topic<String, JobCommand>> lanes = Arrays.stream(Priority.values())
                .map(deployment.topics()::commands)
                .toList();
        final List<ConsumerRecord<String, JobCommand>> commands = readToTheEnd(deployment.kafka(), lanes);
        final List<DeadLetter> letters =
                readToTheEnd(deployment.kafka(), List.of(deployment.topics().deadLetter())).stream()
                        .map(ConsumerRecord::value)
                        .toList();
        return new FaultReport(
                workload.jobs().size(),
                workload.jobs().stream()
                        .filter(job -> "always".equals(job.stubFail()))
                        .count(),
                Deployment.executionsPerJob(workload, executions).values().stream()
                        .filter(count -> count == 0)
                        .count(),
                commands.size(),
                moreThanOnce(commands.stream()
                        .map(command -> command.value().getEventId() + " attempt "
                                + command.value().getAttempt())
                        .toList()),
                executions.values().stream().mapToLong(count -> count - 1).sum(),
                letters.size(),
                moreThanOnce(letters.stream().map(DeadLetter::getEventId).toList()));
    }

    /** Every committed record of {@code topics}: read until none has come for a while. */
    private static <K, V> List<ConsumerRecord<K, V>> readToTheEnd(
            final KafkaCluster kafka, final List<Topic<K, V>> topics) {
        try (TopicReader<K, V> reader = kafka.reader(topics)) {
            long lastArrival = System.nanoTime();
            while (System.nanoTime() - lastArrival < QUIET.toNanos()) {
                if (!reader.poll().isEmpty()) lastArrival = System.nanoTime();
            }
            return reader.records();
        }
    }

    private static long moreThanOnce(final List<String> ids) {
        return ids.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting())).values().stream()
                .filter(count -> count > 1)
                .count();
    }

    /**
     * Asserts that no job was lost, no command or dead letter was emitted twice, every hopeless job was dead-lettered,
     * and the stub saw at most {@code duplicateBound} repeated executions.
     */
    public void assertNoneLostOrEmittedTwice(final long duplicateBound) {
        assertThat(lost).as("jobs never executed").isZero();
        assertThat(commandsEmittedTwice).as("commands emitted twice").isZero();
        assertThat(deadLettersTwice).as("dead letters twice").isZero();
        assertThat(deadLetters).as("dead letters").isEqualTo(hopeless);
        assertThat(stubDuplicates).as("duplicate executions").isLessThanOrEqualTo(duplicateBound);
    }

    /** One line for the test's output. */
    public String summary() {
        return String.format(
                "%,d jobs: lost %d; %,d commands, %d emitted twice; %d duplicate executions at the stub;"
                        + " %d dead letters, %d twice",
                jobs, lost, commands, commandsEmittedTwice, stubDuplicates, deadLetters, deadLettersTwice);
    }
}
