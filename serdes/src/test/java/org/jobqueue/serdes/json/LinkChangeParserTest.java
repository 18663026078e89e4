package org.jobqueue.serdes.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LinkChangeParserTest {
    private final LinkChangeParser parser = new LinkChangeParser();

    private static byte[] change(final String targetTitle) {
        return ("{\"database\":\"enwiki\",\"table\":\"templatelinks\",\"target\":{\"namespace\":10,\"title\":\""
                        + targetTitle
                        + "\"},\"source\":{\"page_id\":42,\"namespace\":0,\"title\":\"Foo\"},\"op\":\"add\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldReadAChange() {
        // When
        final LinkChangeParser.Result result = parser.parse(change("Infobox"));

        // Then
        assertThat(result).isInstanceOf(LinkChangeParser.Valid.class);
        assertThat(((LinkChangeParser.Valid) result).change().getTargetTitle()).isEqualTo("Infobox");
    }

    @Test
    void shouldRejectATitleWithANul() {
        // Given a title that would end the backlink store's prefix early
        final byte[] change = change("Info\\u0000box");

        // When
        final LinkChangeParser.Result result = parser.parse(change);

        // Then
        assertThat(result)
                .isEqualTo(new LinkChangeParser.Invalid("title holds the control character U+0000 at index 4"));
    }

    @Test
    void shouldRejectATitleOverMediaWikisLimit() {
        // When
        final LinkChangeParser.Result result = parser.parse(change("T".repeat(256)));

        // Then
        assertThat(result)
                .isEqualTo(new LinkChangeParser.Invalid("title is too long: 256 characters, the limit is 255"));
    }
}
