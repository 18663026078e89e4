package org.jobqueue.app.links;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.jobqueue.schemas.LinkChange;
import org.jobqueue.serdes.json.LinkChangeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class BacklinkTsvTest {
    private final BacklinkTsv adds = new BacklinkTsv(true);

    @Test
    void shouldReadABacklink() {
        // When
        final BacklinkTsv.Line line = adds.parse("enwiki\ttemplatelinks\t10\tInfobox\t123\t0\tFoo");

        // Then
        assertThat(line)
                .isEqualTo(new BacklinkTsv.Backlink(
                        new LinkChange("enwiki", "templatelinks", 10, "Infobox", 123L, 0, "Foo", true)));
    }

    @Test
    void shouldReadRemovalsWhenAskedTo() {
        // When
        final BacklinkTsv.Line line = new BacklinkTsv(false).parse("enwiki\ttemplatelinks\t10\tInfobox\t123\t0\tFoo");

        // Then
        assertThat(change(line).getAdd()).isFalse();
    }

    @Test
    void shouldKeepUtf8TitlesAndWriteThemInDatabaseForm() {
        // Given titles with spaces, underscores and non-ASCII letters, as UTF-8 bytes
        final byte[] bytes = "dewiki\ttemplatelinks\t10\tInfobox Stadt\t42\t0\tZürich_(Kanton) Übersicht"
                .getBytes(StandardCharsets.UTF_8);

        // When
        final LinkChange change = change(adds.parse(bytes, bytes.length));

        // Then spaces become underscores, underscores and letters stay
        assertThat(change.getTargetTitle()).isEqualTo("Infobox_Stadt");
        assertThat(change.getSourceTitle()).isEqualTo("Zürich_(Kanton)_Übersicht");
    }

    @Test
    void shouldReadOnlyThePartOfTheBufferThatIsTheLine() {
        // Given a buffer longer than the line
        final byte[] bytes = "jawiki\tpagelinks\t0\t東京\t7\t0\t日本 の 首都\tGARBAGE".getBytes(StandardCharsets.UTF_8);
        final int length = "jawiki\tpagelinks\t0\t東京\t7\t0\t日本 の 首都".getBytes(StandardCharsets.UTF_8).length;

        // When
        final LinkChange change = change(adds.parse(bytes, length));

        // Then
        assertThat(change.getTargetTitle()).isEqualTo("東京");
        assertThat(change.getSourceTitle()).isEqualTo("日本_の_首都");
    }

    @Test
    void shouldAcceptNegativeNamespacesAndTheLargestPageId() {
        // When
        final LinkChange change = change(adds.parse("enwiki\timagelinks\t-2\tX.png\t9007199254740991\t-1\tY"));

        // Then
        assertThat(change.getTargetNamespace()).isEqualTo(-2);
        assertThat(change.getSourcePageId()).isEqualTo(9_007_199_254_740_991L);
    }

    @Test
    void shouldDropACarriageReturnBeforeTheLineEnd() {
        // When
        final LinkChange change = change(adds.parse("enwiki\ttemplatelinks\t10\tInfobox\t1\t0\tFoo\r"));

        // Then
        assertThat(change.getSourceTitle()).isEqualTo("Foo");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\r", "# database\ttable\t...", "  # indented comment", "#"})
    void shouldSkipBlankAndCommentLines(final String text) {
        assertThat(adds.parse(text)).isInstanceOf(BacklinkTsv.Skipped.class);
    }

    private static final String COLUMNS_EXPECTED = "expected 7 tab-separated columns (database, table, target"
            + " namespace, target title, source page id, source namespace, source title), found ";

    static Stream<Arguments> badLines() {
        return Stream.of(
                Arguments.of("enwiki\ttemplatelinks\t10\tInfobox\t123\t0", COLUMNS_EXPECTED + "6"),
                Arguments.of("enwiki\ttemplatelinks\t10\tInfobox\t123\t0\tFoo\textra", COLUMNS_EXPECTED + "8"),
                Arguments.of("enwiki templatelinks 10 Infobox 123 0 Foo", COLUMNS_EXPECTED + "1"),
                Arguments.of("\ttemplatelinks\t10\tInfobox\t123\t0\tFoo", "database is empty"),
                Arguments.of(
                        "en wiki\ttemplatelinks\t10\tInfobox\t123\t0\tFoo", "database 'en wiki' contains white space"),
                Arguments.of(
                        "enwiki\tTemplateLinks\t10\tInfobox\t123\t0\tFoo",
                        "table 'TemplateLinks' must be lower-case letters and underscores, e.g. templatelinks"),
                Arguments.of(
                        "enwiki\ttemplatelinks\tTemplate\tInfobox\t123\t0\tFoo",
                        "target namespace 'Template' is not a whole number"),
                Arguments.of("enwiki\ttemplatelinks\t10\t\t123\t0\tFoo", "target title is empty"),
                Arguments.of(
                        "enwiki\ttemplatelinks\t10\tInfobox\tabc\t0\tFoo",
                        "source page id 'abc' is not a whole number"),
                Arguments.of(
                        "enwiki\ttemplatelinks\t10\tInfobox\t0\t0\tFoo",
                        "source page id 0 is out of range (1 to 9007199254740991)"),
                Arguments.of(
                        "enwiki\ttemplatelinks\t10\tInfobox\t-5\t0\tFoo",
                        "source page id -5 is out of range (1 to 9007199254740991)"),
                Arguments.of(
                        "enwiki\ttemplatelinks\t10\tInfobox\t9007199254740992\t0\tFoo",
                        "source page id 9007199254740992 is out of range (1 to 9007199254740991)"),
                Arguments.of(
                        "enwiki\ttemplatelinks\t10\tInfobox\t123\t1.5\tFoo",
                        "source namespace '1.5' is not a whole number"),
                Arguments.of("enwiki\ttemplatelinks\t10\tInfobox\t123\t0\t  ", "source title is empty"));
    }

    @ParameterizedTest
    @MethodSource("badLines")
    void shouldSayWhatIsWrongWithABadLine(final String text, final String reason) {
        assertThat(adds.parse(text)).isEqualTo(new BacklinkTsv.Bad(reason));
    }

    @Test
    void shouldRejectBytesThatAreNotUtf8() {
        // Given a Latin-1 title
        final byte[] bytes =
                "enwiki\ttemplatelinks\t10\tInfobox\t1\t0\tZ\u00fcrich".getBytes(StandardCharsets.ISO_8859_1);

        // Then
        assertThat(adds.parse(bytes, bytes.length)).isEqualTo(new BacklinkTsv.Bad("not valid UTF-8"));
    }

    @Test
    void shouldRejectAControlCharacterInATitle() {
        assertThat(adds.parse("enwiki\ttemplatelinks\t10\tInfo\u0001box\t1\t0\tFoo"))
                .isInstanceOf(BacklinkTsv.Bad.class);
    }

    @Test
    void shouldOnlyAcceptLinesWhoseChangeTheTopologyAccepts() {
        // Given
        final LinkChangeParser parser = new LinkChangeParser();
        final LinkChange change =
                change(adds.parse("commonswiki\timagelinks\t6\tSunset at sea.jpg\t77\t2\tUser:Ada Lovelace"));

        // When
        final LinkChangeParser.Result parsed = parser.parse(LinkChangeParser.write(change));

        // Then
        assertThat(parsed).isEqualTo(new LinkChangeParser.Valid(change));
    }

    private static LinkChange change(final BacklinkTsv.Line line) {
        assertThat(line).isInstanceOf(BacklinkTsv.Backlink.class);
        return ((BacklinkTsv.Backlink) line).change();
    }
}
