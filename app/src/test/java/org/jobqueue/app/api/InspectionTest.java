package org.jobqueue.app.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.jobqueue.app.api.Inspection.DepthRow;
import org.jobqueue.topology.inspect.TypeDepth;
import org.junit.jupiter.api.Test;

class InspectionTest {
    private static final long NOW = 1_000_000L;

    @Test
    void shouldSumEachTypeOverThePartitionsAndKeepTheOldestReadyJob() {
        // Given two partitions' depths
        final List<TypeDepth> first = List.of(
                new TypeDepth("normal", "refreshLinks", null, 3, 1, 2, 0, NOW - 5_000),
                new TypeDepth("high", "cdnPurge", null, 1, 0, 0, 0, NOW - 100));
        final List<TypeDepth> second = List.of(
                new TypeDepth("normal", "refreshLinks", null, 4, 0, 1, 2, NOW - 9_000),
                new TypeDepth("low", "htmlCacheUpdate", null, 0, 7, 0, 0, null));

        // When
        final List<DepthRow> rows = DepthRow.sum(List.of(first, second), NOW);

        // Then: high before normal before low, and ages from the oldest ready job
        assertThat(rows)
                .containsExactly(
                        new DepthRow("high", "cdnPurge", null, 1, 0, 0, 0, 100L),
                        new DepthRow("normal", "refreshLinks", null, 7, 1, 3, 2, 9_000L),
                        new DepthRow("low", "htmlCacheUpdate", null, 0, 7, 0, 0, null));
    }

    @Test
    void shouldTellAJobKeyFromAnEventId() {
        // Given / When / Then
        assertThat(Inspection.jobKeyOf("enwiki|sha1|abc", null)).isEqualTo("enwiki|sha1|abc");
        assertThat(Inspection.jobKeyOf("sha1:abc", "enwiki")).isEqualTo("enwiki|sha1|abc");
        assertThat(Inspection.jobKeyOf("5f1c0a8e-2b4c-4c3e-9d51-1b2f1f0e7a10", null))
                .isNull();
        assertThatThrownBy(() -> Inspection.jobKeyOf("sha1:abc", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("database");
    }
}
