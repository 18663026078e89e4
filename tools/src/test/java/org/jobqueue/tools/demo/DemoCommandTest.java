package org.jobqueue.tools.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.jobqueue.tools.JobQueueTools;
import org.jobqueue.tools.events.JobTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;
import picocli.CommandLine.ExitCode;

class DemoCommandTest {

    @Test
    @Timeout(180)
    void shouldAccountForEveryJob() {
        // Given
        final DemoCommand demo = new DemoCommand();
        final StringWriter out = new StringWriter();
        final CommandLine command = new CommandLine(demo).setOut(new PrintWriter(out, true));

        // When
        final int exitCode = command.execute("--jobs", "200", "--duration", "90s");

        // Then
        assertThat(exitCode).as(out.toString()).isEqualTo(ExitCode.OK);
        final DemoRun run = demo.lastRun();
        assertThat(run.accountedFor()).isTrue();
        assertThat(run.produced()).isEqualTo(200);
        assertThat(run.invalid()).isEqualTo(DemoPlanner.INVALID_INPUTS);
        assertThat(run.planned(JobKind.RECURSIVE)).isEqualTo(2);
        assertThat(run.finished()).isGreaterThanOrEqualTo(run.expected());
        assertThat(run.expected()).isEqualTo(run.produced() - run.invalid() - 2 + 1_500 + 15);
        assertThat(run.deadLettered()).isEqualTo(run.plannedToFailAlways());
        assertThat(run.deduplicatedByReason())
                .containsEntry("event-id", run.planned(JobKind.REPLAY))
                .containsEntry("root-superseded", run.planned(JobKind.SUPERSEDED));
        assertThat(run.stub().duplicateExecutions()).isZero();
        // The template edit: 1,500 backlinks, expanded once by each recursive job
        final DemoRun.Fanout fanout = run.fanout();
        assertThat(fanout.backlinksSeeded()).isEqualTo(DemoPlanner.DEFAULT_BACKLINKS);
        assertThat(fanout.expansionsStarted()).isEqualTo(2);
        assertThat(fanout.expansionsFinished()).isEqualTo(2);
        assertThat(fanout.expansionsDropped()).isZero();
        assertThat(fanout.backlinksExpanded()).isEqualTo(2L * DemoPlanner.DEFAULT_BACKLINKS);
        assertThat(fanout.leaves(JobTypes.REFRESH_LINKS)).isEqualTo(1_500);
        assertThat(fanout.leaves(JobTypes.HTML_CACHE_UPDATE)).isEqualTo(15);
        assertThat(run.stub().executed()).isGreaterThanOrEqualTo(run.ok());
        assertThat(out.toString())
                .contains("jobqueue demo: summary")
                .contains("leaves emitted")
                .contains("Every job is accounted for");
    }

    @Test
    void shouldRefuseTooFewJobs() {
        // Given
        final StringWriter err = new StringWriter();
        final CommandLine jobqueue = JobQueueTools.commandLine().setErr(new PrintWriter(err, true));

        // When
        final int exitCode = jobqueue.execute("demo", "--jobs", "5");

        // Then
        assertThat(exitCode).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("--jobs must be 50 or more");
    }
}
