package org.jobqueue.serdes.json;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReasonsTest {
    @Test
    void shouldKeepAShortLineAsItIs() {
        // When
        final String reason = Reasons.oneLine("schema: $.meta.dt: must be at most 128 characters long");

        // Then
        assertThat(reason).isEqualTo("schema: $.meta.dt: must be at most 128 characters long");
    }

    @Test
    void shouldReplaceLineBreaksAndControlCharactersWithSpaces() {
        // When
        final String reason = Reasons.oneLine("not JSON: 'a\r\nb\tc\u0000d\u2028e'");

        // Then
        assertThat(reason).isEqualTo("not JSON: 'a  b c d e'");
    }

    @Test
    void shouldCutALongReasonTo300CharactersEndingInAnEllipsis() {
        // Given
        final String longReason = "schema: " + "$.x: integer found, string expected; ".repeat(20);

        // When
        final String reason = Reasons.oneLine(longReason);

        // Then
        assertThat(reason).hasSize(300).startsWith("schema: $.x: ").endsWith("...");
        assertThat(longReason).startsWith(reason.substring(0, 297));
    }

    @Test
    void shouldNotSplitASurrogatePairWhenCutting() {
        // Given
        final String text = "x".repeat(296) + "\uD83C\uDDE8" + "tail";

        // When
        final String reason = Reasons.oneLine(text);

        // Then
        assertThat(reason).isEqualTo("x".repeat(296) + "...");
    }

    @Test
    void shouldKeepExactly300Characters() {
        // Given
        final String text = "y".repeat(300);

        // When
        final String reason = Reasons.oneLine(text);

        // Then
        assertThat(reason).isEqualTo(text);
    }
}
