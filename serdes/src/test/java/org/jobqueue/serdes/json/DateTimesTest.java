package org.jobqueue.serdes.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DateTimesTest {
    @Property(tries = 2_000)
    void shouldReadTheUtcShapeAsJavaTimeDoes(
            @ForAll @LongRange(min = 0, max = 253_402_300_799_999L) final long epochMillis,
            @ForAll @IntRange(min = 0, max = 9) final int fractionDigits) {
        final Instant instant = Instant.ofEpochMilli(epochMillis).plusNanos(fractionDigits * 11_111L);
        final String pattern = fractionDigits == 0 ? "" : "." + "S".repeat(fractionDigits);
        final String text = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss" + pattern + "'Z'")
                .withZone(ZoneOffset.UTC)
                .format(instant);

        assertThat(DateTimes.utcEpochMillis(text))
                .isEqualTo(OffsetDateTime.parse(text).toInstant().toEpochMilli());
        assertThat(DateTimes.toEpochMillis(text, "$.meta.dt"))
                .isEqualTo(OffsetDateTime.parse(text).toInstant().toEpochMilli());
    }

    @Test
    void shouldReadOtherOffsetsAndLowerCaseSeparators() {
        final long expected = Instant.parse("2026-01-05T08:00:00.500Z").toEpochMilli();
        assertThat(DateTimes.toEpochMillis("2026-01-05T10:00:00.5+02:00", "$.meta.dt"))
                .isEqualTo(expected);
        assertThat(DateTimes.toEpochMillis("2026-01-05t08:00:00.5z", "$.meta.dt"))
                .isEqualTo(expected);
        assertThat(DateTimes.toEpochMillis("2026-01-05T08:00:00.500000000Z", "$.meta.dt"))
                .isEqualTo(expected);
    }

    /** Anything the fast path does not read goes to java.time's parser, which decides. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-01-05T00:60:00Z",
                "2026-01-05T00:00:00.1xZ",
                "2026-01-05 00:00:00Z",
                "-026-01-05T00:00:00Z",
                "2026-01-05T00:00:00"
            })
    void shouldRejectWhatIsNotADateTimeNamingTheField(final String text) {
        assertThatThrownBy(() -> DateTimes.toEpochMillis(text, "$.meta.dt"))
                .isInstanceOf(RejectedEventException.class)
                .hasMessageStartingWith("date-time: $.meta.dt cannot be read");
    }
}
