package org.jobqueue.topology.queue.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;
import org.apache.kafka.common.utils.Bytes;
import org.jobqueue.topology.config.LaneNames;
import org.junit.jupiter.api.Test;

/** The index keys sort in release order and due order under RocksDB's unsigned byte order ({@link Bytes#compareTo}). */
class QueueKeysTest {
    /** RocksDB's order of the strings' UTF-8 bytes (code point order). The properties generate types and ids as
     * MediaWiki names them: ASCII letters, digits and a few punctuation marks, never a NUL. */
    private static final Comparator<String> UTF8_ORDER =
            (a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    // Each lane's keys are a range of their own; the releaser reads the lanes in its order, one range at a time.
    private static final Comparator<ReadyEntry> RELEASE_ORDER = Comparator.comparingInt(
                    (ReadyEntry entry) -> LaneNames.keyByte(entry.lane()))
            .thenComparing(ReadyEntry::type, UTF8_ORDER)
            .thenComparingLong(ReadyEntry::seq);

    private record ReadyEntry(String lane, String type, long seq) {
        Bytes key() {
            return QueueKeys.ready(lane, type, seq);
        }
    }

    @Provide
    Arbitrary<String> lanes() {
        return Arbitraries.of("high", "normal", "low", "video", "heavy");
    }

    @Property(tries = 2_000)
    void shouldSortReadyKeysByLaneThenTypeThenSeq(
            @ForAll("lanes") final String laneA,
            @ForAll @AlphaChars @NumericChars @Chars({'_', '-', '.'}) @StringLength(min = 1, max = 12)
                    final String typeA,
            @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) final long seqA,
            @ForAll("lanes") final String laneB,
            @ForAll @AlphaChars @NumericChars @Chars({'_', '-', '.'}) @StringLength(min = 1, max = 12)
                    final String typeB,
            @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) final long seqB) {
        // Given
        final ReadyEntry a = new ReadyEntry(laneA, typeA, seqA);
        final ReadyEntry b = new ReadyEntry(laneB, typeB, seqB);
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
            @ForAll @AlphaChars @NumericChars @Chars({'|', '/', '-'}) @StringLength(min = 1, max = 40)
                    final String idB) {
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
    void shouldKeepALongerTypeOutOfTheTypePrefixRangeOfAShorterTypeItStartsWith() {
        // Given
        final Bytes prefix = QueueKeys.typePrefix("normal", "refresh");
        final Bytes own = QueueKeys.ready("normal", "refresh", Long.MAX_VALUE);
        final Bytes longer = QueueKeys.ready("normal", "refreshLinks", 0);
        // When
        final Bytes end = QueueKeys.prefixEnd(prefix);
        // Then
        assertThat(prefix.compareTo(own)).isNegative();
        assertThat(own.compareTo(end)).isNegative();
        assertThat(longer.compareTo(end)).isPositive();
    }

    @Test
    void shouldSortASeqAbove127AfterLowerSeqs() {
        // Given: seq 128 has a byte with the high bit set, which a signed byte comparison would put first
        final Bytes low = QueueKeys.ready("normal", "a", 127);
        final Bytes high = QueueKeys.ready("normal", "a", 128);
        // When
        final int order = low.compareTo(high);
        // Then
        assertThat(order).isNegative();
    }

    @Test
    void shouldBracketEveryReadyKeyOfALaneByItsLaneStartAndEnd() {
        for (final String lane : List.of("high", "normal", "low", "video")) {
            // Given
            final Bytes first = QueueKeys.ready(lane, "a", 0);
            final Bytes last = QueueKeys.ready(lane, "\u00ff\u00ff", Long.MAX_VALUE);
            // When
            final Bytes start = QueueKeys.laneStart(lane);
            final Bytes end = QueueKeys.laneEnd(lane);
            // Then
            assertThat(start.compareTo(first)).isNegative();
            assertThat(last.compareTo(end)).isNegative();
            for (final String other : List.of("high", "normal", "low", "video")) {
                if (LaneNames.keyByte(other) > LaneNames.keyByte(lane)) {
                    assertThat(end.compareTo(QueueKeys.ready(other, "a", 0))).isNegative();
                }
            }
        }
    }

    @Test
    void shouldKeepTheBuiltInLanesBytesOfTheStoresWrittenBeforeLanesHadNames() {
        // Given: the lanes there were, and two of one's own
        // When
        final List<Integer> bytes = List.of("high", "normal", "low", "video", "heavy").stream()
                .map(LaneNames::keyByte)
                .toList();
        // Then: high, normal and low keep their enum ordinals; the others get bytes of their own above them
        assertThat(bytes.subList(0, 3)).containsExactly(0, 1, 2);
        assertThat(bytes.subList(3, 5))
                .allSatisfy(keyByte -> assertThat(keyByte).isBetween(3, 254));
        assertThat(bytes).doesNotHaveDuplicates();
    }

    @Test
    void shouldReadTheTypeBackFromALaneTypeKey() {
        // Given
        final Bytes key = QueueKeys.laneType("low", "htmlCacheUpdate");
        // When
        final String type = QueueKeys.typeOf(key);
        // Then
        assertThat(type).isEqualTo("htmlCacheUpdate");
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

    @Test
    void shouldGoFromAReadyKeyToAPausedKeyAndBackToTheSamePlace() {
        // Given: a ready job of the high lane (whose byte is 0x00, like the separators)
        final Bytes ready = QueueKeys.ready("high", "refreshLinks", 42);
        // When
        final Bytes paused = QueueKeys.paused(ready, "enwiki");
        // Then
        assertThat(QueueKeys.readyOfPaused(paused)).isEqualTo(ready);
        assertThat(QueueKeys.pausedGroup(paused, Map.of(0, "high")::get))
                .isEqualTo(new PausedGroup("high", "refreshLinks", "enwiki"));
    }

    @Test
    void shouldGroupPausedKeysByDatabaseInSeqOrderAndEndTheGroupBeforeTheNextDatabase() {
        // Given
        final Bytes first = QueueKeys.paused(QueueKeys.ready("normal", "refreshLinks", 7), "enwiki");
        final Bytes second = QueueKeys.paused(QueueKeys.ready("normal", "refreshLinks", 300), "enwiki");
        final Bytes otherDatabase = QueueKeys.paused(QueueKeys.ready("normal", "refreshLinks", 1), "enwikibooks");
        // When
        final Bytes end = new PausedGroup("normal", "refreshLinks", "enwiki").end();
        // Then
        assertThat(first.compareTo(second)).isNegative();
        assertThat(second.compareTo(end)).isNegative();
        assertThat(end.compareTo(otherDatabase)).isNegative();
    }
}
