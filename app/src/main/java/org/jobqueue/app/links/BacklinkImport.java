package org.jobqueue.app.links;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Streams a backlinks TSV file into a {@link LinkImporter}, line by line in constant memory. A bad line stops the
 * import with an error naming its number and what is wrong (what came before it is sent and flushed, and importing it
 * again changes nothing), or, when bad lines are to be skipped, is counted and reported.
 */
final class BacklinkImport {
    static final int MAX_LINE_BYTES = 64 * 1024;
    /** Skipped bad lines reported one by one; the rest are only counted. */
    static final int REPORTED_BAD_LINES = 10;

    /** What an import did. */
    record Result(long lines, long backlinks, long badLines, Duration took) {
        double perSecond() {
            return backlinks / Math.max(took.toMillis() / 1000.0, 0.001);
        }
    }

    private final LinkImporter importer;
    private final BacklinkTsv tsv;
    private final boolean skipBadLines;
    private final Consumer<String> warn;
    private final Clock clock;
    private volatile LineReader reader;
    private volatile long linesRead;
    private volatile Instant startedAt;

    /**
     * @param warn where skipped bad lines are reported
     */
    BacklinkImport(
            final LinkImporter importer,
            final BacklinkTsv tsv,
            final boolean skipBadLines,
            final Consumer<String> warn,
            final Clock clock) {
        this.importer = importer;
        this.tsv = tsv;
        this.skipBadLines = skipBadLines;
        this.warn = warn;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    /**
     * Imports every backlink of {@code in}, named {@code source} in messages, and waits until the brokers have
     * acknowledged them all.
     *
     * @throws LinkImportException on a bad line (unless skipped), a read error or a failed send
     */
    Result run(final InputStream in, final String source) {
        startedAt = clock.instant();
        long badLines = 0;
        try (LineReader lines = new LineReader(in, MAX_LINE_BYTES)) {
            reader = lines;
            while (lines.next()) {
                final long number = ++linesRead;
                final BacklinkTsv.Line line = lines.tooLong()
                        ? new BacklinkTsv.Bad("longer than " + MAX_LINE_BYTES + " bytes")
                        : tsv.parse(lines.bytes(), lines.length());
                if (line instanceof BacklinkTsv.Backlink backlink) {
                    importer.send(backlink.change());
                } else if (line instanceof BacklinkTsv.Bad bad) {
                    final String where = source + ":" + number + ": " + bad.reason();
                    if (!skipBadLines) throw stopAt(where);
                    if (++badLines <= REPORTED_BAD_LINES) warn.accept(where + " (skipped)");
                }
            }
        } catch (final IOException unreadable) {
            importer.flush();
            throw new LinkImportException(
                    "cannot read " + source + " after line " + linesRead + ": " + unreadable, unreadable);
        }
        importer.flush();
        return new Result(linesRead, importer.acknowledged(), badLines, Duration.between(startedAt, clock.instant()));
    }

    /** Where the import is now; safe to call from another thread. */
    ImportProgress progress(final long totalBytes) {
        final LineReader lines = reader;
        return new ImportProgress(
                linesRead,
                importer.sent(),
                importer.acknowledged(),
                lines == null ? 0 : lines.bytesRead(),
                totalBytes,
                Duration.between(startedAt, clock.instant()));
    }

    private LinkImportException stopAt(final String where) {
        importer.flush();
        return new LinkImportException(where + ". The " + importer.acknowledged() + " backlinks before it were"
                + " imported; fix the line and import the file again (a backlink imported twice changes nothing),"
                + " or pass --skip-bad-lines.");
    }
}
