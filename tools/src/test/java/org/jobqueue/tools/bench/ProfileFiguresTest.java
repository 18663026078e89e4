package org.jobqueue.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProfileFiguresTest {

    @Test
    void shouldGiveCpuSecondsPer100kJobsAndOperationsPerJobBetweenTwoSamples() {
        // Given
        final ProfileFigures.Sample start = new ProfileFigures.Sample(2_000_000_000L, 100, 200, 50);
        final ProfileFigures.Sample end = new ProfileFigures.Sample(12_000_000_000L, 50_100, 400_200, 250_050);

        // When
        final ProfileFigures figures = ProfileFigures.between(start, end, 50_000);

        // Then
        assertThat(figures.cpuSecondsPer100kJobs()).isEqualTo(20.0);
        assertThat(figures.storeReadsPerJob()).isEqualTo(1.0);
        assertThat(figures.storeWritesPerJob()).isEqualTo(8.0);
        assertThat(figures.recordsSentPerJob()).isEqualTo(5.0);
    }

    @Test
    void shouldRefuseAProfileOfNoJobs() {
        final ProfileFigures.Sample sample = new ProfileFigures.Sample(0, 0, 0, 0);

        assertThatThrownBy(() -> ProfileFigures.between(sample, sample, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldSumARateTimesTheTimeSinceTheSampleBefore() {
        // Given
        final RateIntegral integral = new RateIntegral();

        // When
        integral.add(1_000, 500);
        integral.add(1_200, 1_000);
        integral.add(1_400, 1_000);
        integral.add(1_400, 9_999);
        integral.add(1_600, 0);

        // Then
        assertThat(integral.total()).isEqualTo(400.0);
    }
}
