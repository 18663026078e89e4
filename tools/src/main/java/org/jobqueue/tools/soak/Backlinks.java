package org.jobqueue.tools.soak;

import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.apache.kafka.streams.KeyValue;
import org.jobqueue.app.links.LinkImporter;
import org.jobqueue.schemas.LinkChange;
import org.jobqueue.serdes.JobQueueTopics;
import org.jobqueue.serdes.json.LinkChangeParser;
import org.jobqueue.tools.events.JobEventFactory;
import org.jobqueue.tools.processes.KafkaCluster;

/**
 * The soak's templates on enwiki and their backlinks: each template is used by {@link #PER_TEMPLATE} pages of its own,
 * so a page id names its template ({@code (template + 1) * 1000 + n}) and a leaf's pages in the stub's log tell which
 * recursive jobs it served.
 */
final class Backlinks {
    static final int TEMPLATES = 20;
    static final int PER_TEMPLATE = 50;
    static final String DATABASE = "enwiki";
    static final String TABLE = "templatelinks";
    static final int TEMPLATE_NAMESPACE = 10;

    private Backlinks() {}

    static String title(final int template) {
        return "Soak_template_" + template;
    }

    /** The page ids that use {@code template}. */
    static List<Long> pages(final int template) {
        final long first = (template + 1) * 1000L + 1;
        return LongStream.range(first, first + PER_TEMPLATE).boxed().toList();
    }

    static int count() {
        return TEMPLATES * PER_TEMPLATE;
    }

    /** Writes every backlink to the links topic and waits until the broker has them all. */
    static void write(final KafkaCluster kafka, final JobQueueTopics topics) {
        final List<KeyValue<byte[], byte[]>> changes = IntStream.range(0, TEMPLATES)
                .boxed()
                .flatMap(template -> pages(template).stream().map(page -> change(template, page)))
                .map(change -> KeyValue.pair(LinkImporter.key(change), LinkChangeParser.write(change)))
                .toList();
        kafka.produce(topics.links(), changes);
    }

    private static LinkChange change(final int template, final long page) {
        return new LinkChange(
                DATABASE,
                TABLE,
                TEMPLATE_NAMESPACE,
                title(template),
                page,
                0,
                JobEventFactory.pageTitle((int) page),
                true);
    }
}
