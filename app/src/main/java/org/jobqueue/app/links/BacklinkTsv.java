package org.jobqueue.app.links;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jobqueue.schemas.LinkChange;

/**
 * Reads one line of a backlinks TSV file: {@value #COLUMNS}, tab-separated, one backlink per line, strict UTF-8. A
 * line that is blank or starts with {@code #} is skipped. Titles are stored in MediaWiki's database form: spaces become
 * underscores, so {@code Ada Lovelace} and {@code Ada_Lovelace} are the same page, as in MediaWiki's links tables and
 * job parameters. The rules are those of the links topic's JSON schema ({@code jobqueue/link/1.0.0}), so every line
 * this accepts is a change the topology accepts. Not thread-safe (it reuses one decoder).
 */
public final class BacklinkTsv {
    public static final String COLUMNS =
            "database, table, target namespace, target title, source page id, source namespace, source title";
    static final int COLUMN_COUNT = 7;
    /** The largest page id the links topic's JSON carries exactly (2^53 - 1). */
    static final long MAX_PAGE_ID = 9_007_199_254_740_991L;

    private static final Pattern TABLE = Pattern.compile("[a-z_]+");

    /** What one line holds. */
    public sealed interface Line permits Skipped, Backlink, Bad {}

    /** A blank line or a {@code #} comment. */
    public record Skipped() implements Line {}

    /** One backlink, as the change to send. */
    public record Backlink(LinkChange change) implements Line {}

    /** A line that is no backlink, and what is wrong with it. */
    public record Bad(String reason) implements Line {}

    private static final Skipped SKIPPED = new Skipped();

    private final boolean add;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    /** A reader of lines whose backlinks are to be added ({@code add}) or removed. */
    public BacklinkTsv(final boolean add) {
        this.add = add;
    }

    /** The line in {@code bytes[0, length)}, without its line ending. */
    public Line parse(final byte[] bytes, final int length) {
        final String text;
        try {
            text = utf8.decode(ByteBuffer.wrap(bytes, 0, length)).toString();
        } catch (final CharacterCodingException notUtf8) {
            return new Bad("not valid UTF-8");
        }
        return parse(text);
    }

    /** The line {@code text}, without its line ending. */
    public Line parse(final String text) {
        Objects.requireNonNull(text, "text");
        final String line = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        final String stripped = line.strip();
        if (stripped.isEmpty() || stripped.startsWith("#")) return SKIPPED;
        final String[] columns = line.split("\t", -1);
        if (columns.length != COLUMN_COUNT) {
            return new Bad(
                    "expected " + COLUMN_COUNT + " tab-separated columns (" + COLUMNS + "), found " + columns.length);
        }
        try {
            return new Backlink(new LinkChange(
                    database(columns[0]),
                    table(columns[1]),
                    namespace("target namespace", columns[2]),
                    title("target title", columns[3]),
                    pageId(columns[4]),
                    namespace("source namespace", columns[5]),
                    title("source title", columns[6]),
                    add));
        } catch (final BadColumn bad) {
            return new Bad(bad.getMessage());
        }
    }

    private static String database(final String column) {
        if (column.isEmpty()) throw new BadColumn("database is empty");
        if (column.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c)))
            throw new BadColumn("database " + quoted(column) + " contains white space");
        return column;
    }

    private static String table(final String column) {
        if (!TABLE.matcher(column).matches()) {
            throw new BadColumn(
                    "table " + quoted(column) + " must be lower-case letters and underscores, e.g. templatelinks");
        }
        return column;
    }

    private static int namespace(final String name, final String column) {
        try {
            return Integer.parseInt(column);
        } catch (final NumberFormatException notAnInt) {
            throw new BadColumn(name + " " + quoted(column) + " is not a whole number");
        }
    }

    private static long pageId(final String column) {
        final long id;
        try {
            id = Long.parseLong(column);
        } catch (final NumberFormatException notALong) {
            throw new BadColumn("source page id " + quoted(column) + " is not a whole number");
        }
        if (id < 1 || id > MAX_PAGE_ID)
            throw new BadColumn("source page id " + id + " is out of range (1 to " + MAX_PAGE_ID + ")");
        return id;
    }

    private static String title(final String name, final String column) {
        if (column.isBlank()) throw new BadColumn(name + " is empty");
        if (column.codePoints().anyMatch(Character::isISOControl))
            throw new BadColumn(name + " " + quoted(column) + " contains a control character");
        return column.replace(' ', '_');
    }

    private static String quoted(final String column) {
        final String shown = column.length() > 60 ? column.substring(0, 60) + "…" : column;
        return "'" + shown + "'";
    }

    /** One column is wrong; the message says which and how. */
    private static final class BadColumn extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadColumn(final String message) {
            super(message, null, false, false);
        }
    }
}
