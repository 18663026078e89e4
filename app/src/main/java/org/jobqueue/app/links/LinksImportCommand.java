package org.jobqueue.app.links;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jobqueue.app.config.ConfigException;
import org.jobqueue.app.config.ConfigOptions;
import org.jobqueue.app.console.ProgressLine;
import org.jobqueue.app.kafka.TopicAdmin;
import org.jobqueue.topology.config.JobQueueConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jobqueue links import}: bulk-loads backlinks from a TSV file into {@code <dc>.jobqueue.links}, one change per
 * line, keyed by target.
 */
@Command(
        name = "import",
        description = {
            "Bulk-load backlinks from a TSV file into <dc>.jobqueue.links, one 'add' (or 'remove') change per line.",
            "Columns, tab-separated: " + BacklinkTsv.COLUMNS + ". Lines that are blank or start with # are skipped;"
                    + " spaces in titles become underscores (MediaWiki's database form).",
            "Creates the topic when it is missing (topics.partitions partitions). Progress goes to stderr; the last"
                    + " line on stdout is 'imported N backlinks in T s (R/s)'.",
            "Exits 0 when every backlink was acknowledged, 1 on a bad line (unless --skip-bad-lines), an unreachable"
                    + " cluster or a failed send, 2 on a bad configuration or a missing file."
        },
        mixinStandardHelpOptions = true)
public final class LinksImportCommand implements Callable<Integer> {
    /** What each line's change does. */
    enum Op {
        add,
        remove
    }

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConfigOptions configOptions;

    @Option(names = "--file", required = true, paramLabel = "F", description = "The TSV file of backlinks")
    private Path file;

    @Option(
            names = "--op",
            defaultValue = "add",
            paramLabel = "OP",
            description = "add or remove the file's backlinks. Default: ${DEFAULT-VALUE}")
    private Op op;

    @Option(
            names = "--skip-bad-lines",
            description = "Count and skip malformed lines (the first " + BacklinkImport.REPORTED_BAD_LINES
                    + " are listed) instead of stopping at the first")
    private boolean skipBadLines;

    @Override
    public Integer call() throws InterruptedException {
        final JobQueueConfig config = configOptions.load();
        final PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            return fail(err, file + ": no such file, or not readable", ExitCode.USAGE);
        }
        final String topic = config.topicRegistry().links().name();
        try {
            ensureTopic(config, topic);
            final BacklinkImport.Result result = importFile(config, topic, err);
            report(result);
            return ExitCode.OK;
        } catch (final LinkImportException failed) {
            return fail(err, failed.getMessage(), ExitCode.SOFTWARE);
        } catch (final KafkaException failed) {
            return fail(
                    err, "cannot import into " + topic + " at " + bootstrap(config) + ": " + failed, ExitCode.SOFTWARE);
        }
    }

    // Any partition count will do: the topology re-partitions backlink changes by target itself.
    private void ensureTopic(final JobQueueConfig config, final String topic) {
        try (Admin admin = Admin.create(LinkClientProperties.admin(config))) {
            new TopicAdmin(admin).createMissing(List.of(TopicAdmin.newTopic(topic, config.topics())));
        } catch (final org.apache.kafka.common.config.ConfigException invalidKafkaSetting) {
            throw invalidKafka(invalidKafkaSetting);
        } catch (final KafkaException unreachable) {
            throw new LinkImportException(
                    "cannot set up topic " + topic + ": " + unreachable + " (bootstrap.servers=" + bootstrap(config)
                            + ")",
                    unreachable);
        }
    }

    private BacklinkImport.Result importFile(final JobQueueConfig config, final String topic, final PrintWriter err) {
        final long size = size(file);
        final boolean terminal = System.console() != null;
        try (LinkImporter importer = new LinkImporter(producer(config), topic);
                InputStream in = Files.newInputStream(file);
                ProgressLine progress = new ProgressLine(err, terminal)) {
            final BacklinkImport backlinks = new BacklinkImport(
                    importer,
                    new BacklinkTsv(op == Op.add),
                    skipBadLines,
                    warning -> progress.message("jobqueue: " + warning),
                    Clock.systemUTC());
            progress.start(() -> (terminal ? "" : "links import: ")
                    + backlinks.progress(size).line(terminal));
            return backlinks.run(in, file.toString());
        } catch (final IOException unreadable) {
            throw new LinkImportException("cannot read " + file + ": " + unreadable, unreadable);
        }
    }

    private KafkaProducer<byte[], byte[]> producer(final JobQueueConfig config) {
        try {
            return new KafkaProducer<>(
                    LinkClientProperties.producer(config), new ByteArraySerializer(), new ByteArraySerializer());
        } catch (final org.apache.kafka.common.config.ConfigException invalidKafkaSetting) {
            throw invalidKafka(invalidKafkaSetting);
        }
    }

    private void report(final BacklinkImport.Result result) {
        final PrintWriter out = spec.commandLine().getOut();
        if (result.badLines() > 0) {
            out.println("skipped " + result.badLines() + " bad line" + (result.badLines() == 1 ? "" : "s"));
        }
        out.println(String.format(
                Locale.ROOT,
                "imported %d %s in %.1f s (%.0f/s)",
                result.backlinks(),
                op == Op.add ? "backlinks" : "backlink removals",
                result.took().toMillis() / 1000.0,
                result.perSecond()));
        out.flush();
    }

    private ConfigException invalidKafka(final org.apache.kafka.common.config.ConfigException invalid) {
        return new ConfigException(configOptions.file() + ": 'kafka': " + invalid.getMessage(), invalid);
    }

    private int fail(final PrintWriter err, final String message, final int exitCode) {
        err.println(spec.commandLine().getColorScheme().errorText("jobqueue: " + message));
        err.flush();
        return exitCode;
    }

    private static String bootstrap(final JobQueueConfig config) {
        return config.kafka().getOrDefault("bootstrap.servers", "?");
    }

    private static long size(final Path file) {
        try {
            return Files.size(file);
        } catch (final IOException unknown) {
            return 0;
        }
    }
}
