package org.jobqueue.topology.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;
import org.apache.kafka.common.utils.Bytes;
import org.jobqueue.schemas.Priority;
import org.junit.jupiter.api.Test;

/** The index keys sort in release order and due order under RocksDB's unsigned byte order ({@link Bytes#compareTo}). */
class QueueKeysTest {
    /** Job types as MediaWiki names them: ASCII letters, digits and a few punctuation marks, never a NUL. */
    private static final Comparator<String> UTF8_ORDER = (a, b) -> Arrays.compareUnsigned(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    private static final Comparator<ReadyEntry> RELEASE_ORDER = Comparator.comparing(ReadyEntry::lane)
            .thenComparingLong(ReadyEntry::round)
            .thenComparing(ReadyEntry::type, UTF8_ORDER)
            .thenComparingLong(ReadyEntry::seq);

    private record ReadyEntry(Priority lane, long round, String type, long seq) {
        Bytes key() {
            return QueueKeys.ready(lane, round, type, seq);
        }
    }

    @Property(tries = 2_000)
    void shouldSortReadyKeysByLaneThenRoundThenTypeThenSeq(
            @ForAll final Priority laneA,
            @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) final long roundA,
            @ForAll @AlphaChars @NumericChars @Chars({'_', '-', '.'}) @StringLength(min = 1, max = 12) final String typeA,
            @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) final long seqA,
            @ForAll final Priority laneB,
            @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) final long roundB,
            @ForAll @AlphaChars @NumericChars @Chars({'_', '-', '.'}) @StringLength(min = 1, max = 12) final String typeB,
            @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) final long seqB) {
        // Given
        final ReadyEntry a = new ReadyEntry(laneA, roundA, typeA, seqA);
        final ReadyEntry b = new ReadyEntry(laneB, roundB, typeB, seqB);
        // When
        final int byKey = a.key().compareTo(b.key());
        // Then
        assertThat(Integer.signum(byKey)).isEqualTo(Integer.signum(RELEASE_ORDER.compare(a, b)));
    }

    @Property(tries = 2_000)
    void shouldSortDueKeysByTimeThenId(
            @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) final long timeA,
            @ForAll @AlphaChars @NumericChars @Chars({'|', '/', '-'}) @StringLength(min = 1, max = 40) final String idA,
            @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) final long timeB,
            @ForAll @AlphaChars @NumericChars @Chars({'|', '/', '-'}) @StringLength(min = 1, max = 40) final String idB) {
        // Given
        final Bytes a = QueueKeys.due(timeA, idA);
        final Bytes b = QueueKeys.due(timeB, idB);
        // When
        final int byKey = a.compareTo(b);
        // Then
        final int expected = timeA != timeB ? Long.compare(timeA, timeB) : UTF8_ORDER.compare(idA, idB);
        assertThat(Integer.signum(byKey)).isEqualTo(Integer.signum(expected));
    }

    @Test
    void shouldPutAShorterTypeBeforeALongerTypeItPrefixes() {
        // Given
        final Bytes shorter = QueueKeys.ready(Priority.normal, 3, "refresh", Long.MAX_VALUE);
        final Bytes longer = QueueKeys.ready(Priority.normal, 3, "refreshLinks", 0);
        // When
        final int order = shorter.compareTo(longer);
        // Then
        assertThat(order).isNegative();
    }

    @Test
    void shouldSortARoundAbove127AfterLowerRounds() {
        // Given: round 128 has a byte with the high bit set, which a signed byte comparison would put first
        final Bytes low = QueueKeys.ready(Priority.normal, 127, "a", 0);
        final Bytes high = QueueKeys.ready(Priority.normal, 128, "a", 0);
        // When
        final int order = low.compareTo(high);
        // Then
        assertThat(order).isNegative();
    }

    @Test
    void shouldBracketEveryReadyKeyOfALaneByItsLaneStartAndEnd() {
        for (final Priority lane : Priority.values()) {
            // Given
            final Bytes first = QueueKeys.ready(lane, 0, "a", 0);
            final Bytes last = QueueKeys.ready(lane, Long.MAX_VALUE, "\u00ff\u00ff", Long.MAX_VALUE);
            // When
            final Bytes start = QueueKeys.laneStart(lane);
            final Bytes end = QueueKeys.laneEnd(lane);
            // Then
            assertThat(start.compareTo(first)).isNegative();
            assertThat(last.compareTo(end)).isNegative();
            for (final Priority other : Priority.values()) {
                if (other.ordinal() > lane.ordinal()) {
                    assertThat(end.compareTo(QueueKeys.ready(other, 0, "a", 0))).isNegative();
                }
            }
        }
    }

    @Test
    void shouldReadTheRoundBackFromAReadyKey() {
        // Given
        final Bytes key = QueueKeys.ready(Priority.low, 1_234_567_890_123L, "htmlCacheUpdate", 42);
        // When
        final long round = QueueKeys.roundOf(key);
        // Then
        assertThat(round).isEqualTo(1_234_567_890_123L);
    }

    @Test
    void shouldIncludeKeysDueAtTheBoundAndExcludeLaterOnesInADueRange() {
        // Given
        final long now = 1_767_571_200_000L;
        final Bytes dueNow = QueueKeys.due(now, "enwiki|id|x");
        final Bytes dueLater = QueueKeys.due(now + 1, "enwiki|id|x");
        final Bytes dueEarliest = QueueKeys.due(0, "enwiki|id|x");
        // When
        final Bytes from = QueueKeys.dueFromStart();
        final Bytes to = QueueKeys.dueAfter(now);
        // Then: KeyValueStore#range is inclusive of both bounds
        assertThat(from.compareTo(dueEarliest)).isNegative();
        assertThat(dueNow.compareTo(to)).isNegative();
        assertThat(dueLater.compareTo(to)).isPositive();
    }
}
