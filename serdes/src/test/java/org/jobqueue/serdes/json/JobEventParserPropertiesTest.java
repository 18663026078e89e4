package org.jobqueue.serdes.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class JobEventParserPropertiesTest {
    private static final JobEventParser PARSER = new JobEventParser(64 * 1024);

    private static void assertWellFormed(final ParseResult result) {
        assertThat(result).isNotNull().isInstanceOfAny(ParseResult.Valid.class, ParseResult.Invalid.class);
        if (result instanceof ParseResult.Invalid invalid) {
            assertThat(invalid.reason()).hasSizeLessThanOrEqualTo(300).doesNotContain("\n", "\r");
        }
    }

    @Property
    void shouldNeverThrowForArbitraryBytes(@ForAll final byte[] value, @ForAll final String topic) {
        // When
        final ParseResult result = PARSER.parse(value, topic);

        // Then
        assertWellFormed(result);
    }

    @Property
    void shouldNeverThrowForArbitraryText(@ForAll final String text, @ForAll final String topic) {
        // When
        final ParseResult result = PARSER.parse(text.getBytes(StandardCharsets.UTF_8), topic);

        // Then
        assertWellFormed(result);
    }

    @Property
    void shouldNeverThrowForArbitraryDateTimesAndIds(
            @ForAll final String dt, @ForAll final String id, @ForAll final String type) {
        // Given
        final byte[] value = Fixtures.edited(Fixtures.HTML_CACHE_UPDATE, root -> {
            Fixtures.settingText("meta.dt", dt).accept(root);
            Fixtures.settingText("meta.id", id).accept(root);
            Fixtures.settingText("type", type).accept(root);
        });

        // When
        final ParseResult result = PARSER.parse(value, "eqiad.mediawiki.job.htmlCacheUpdate");

        // Then
        assertWellFormed(result);
    }
}
