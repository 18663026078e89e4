package org.jobqueue.app.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.jobqueue.topology.config.ExecutorConfig;
import org.junit.jupiter.api.Test;

/** The circuit's rules, on explicit times (nanoseconds from an arbitrary origin). */
class LaneCircuitTest {
    private static final long S = 1_000_000_000L;
    private static final long START = Long.MAX_VALUE - 100 * S; // times near overflow must still compare right

    private final LaneCircuit circuit = new LaneCircuit(
            new ExecutorConfig.Circuit(0.5, 4, Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(3)));

    @Test
    void shouldOpenWhenEnoughCallsEndedAndMostFailed() {
        // Given two answers and one failure: too few calls, however many failed
        circuit.answered(START, START);
        circuit.answered(START, START + S);
        assertThat(circuit.failed(START + 2 * S)).isFalse();

        // When a fourth call fails (2 of 4 failed), Then it opens
        assertThat(circuit.failed(START + 3 * S)).isTrue();
        assertThat(circuit.state()).isEqualTo(LaneCircuit.State.OPEN);
    }

    @Test
    void shouldForgetCallsOlderThanTheWindow() {
        // Given three failures long ago
        for (int i = 0; i < 3; i++) circuit.failed(START + i);

        // When one more fails past the window, Then it is alone in the window: too few calls to open
        assertThat(circuit.failed(START + 20 * S)).isFalse();
        assertThat(circuit.isClosed()).isTrue();
    }

    @Test
    void shouldStayClosedWhileFewerThanTheRatioFail() {
        for (int i = 0; i < 10; i++) circuit.answered(START + i, START + i);
        for (int i = 0; i < 9; i++) assertThat(circuit.failed(START + S + i)).isFalse();
        assertThat(circuit.isClosed()).isTrue();
    }

    @Test
    void shouldProbeWithADoublingCappedBackOffAndCloseOnAnAnswer() {
        // Given an open circuit
        for (int i = 0; i < 4; i++) circuit.failed(START + i);
        final long opened = START + 3;

        // Then the first probe is due after 1 s
        assertThat(circuit.probeDue(opened + S - 1)).isFalse();
        assertThat(circuit.probeDue(opened + S)).isTrue();

        // When probes fail, Then the waits are 2 s, then 3 s (the cap), then 3 s
        long now = opened + S;
        for (final long wait : new long[] {2 * S, 3 * S, 3 * S}) {
            circuit.probing();
            assertThat(circuit.probeDue(now)).isFalse();
            circuit.probeFailed(now);
            assertThat(circuit.probeDue(now + wait - 1)).isFalse();
            assertThat(circuit.probeDue(now + wait)).isTrue();
            now += wait;
        }

        // When a probe gets an answer, Then the circuit closes, with an empty window and the first back-off again
        circuit.probing();
        circuit.probeAnswered();
        assertThat(circuit.isClosed()).isTrue();
        assertThat(circuit.failed(now)).isFalse();
        for (int i = 1; i < 4; i++) circuit.failed(now + i);
        assertThat(circuit.probeDue(now + 3 + S)).isTrue();
    }

    @Test
    void shouldTellWhetherACallThatStartedAfterAFailureGotAnAnswer() {
        // Given a failure at START + 5 s
        final long failedAt = START + 5 * S;
        assertThat(circuit.answeredSince(failedAt)).isFalse();

        // When a call that started before it is answered, Then that says nothing
        circuit.answered(START + 4 * S, START + 6 * S);
        assertThat(circuit.answeredSince(failedAt)).isFalse();

        // When one that started after it is answered, Then the endpoint was alive after the failure
        circuit.answered(START + 6 * S, START + 7 * S);
        assertThat(circuit.answeredSince(failedAt)).isTrue();
    }
}
