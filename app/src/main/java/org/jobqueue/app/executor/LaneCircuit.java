package org.jobqueue.app.executor;

import java.util.ArrayDeque;
import java.util.Deque;
import org.jobqueue.topology.config.ExecutorConfig;

/**
 * Whether one lane's endpoint looks sick. Closed, it counts the calls that ended within {@code window}, and opens
 * when at least {@code min_calls} did and at least {@code failure_ratio} of them failed. Open, it lets one probe run
 * after {@code probe_backoff}; a probe that fails doubles the back-off (up to {@code max_probe_backoff}), one that gets
 * an answer closes the circuit.
 *
 * <p>It also remembers when the latest call that got an answer started: a failure followed by a call that started
 * after it and got an answer is the job's own, not the endpoint's. A failure followed by no such call for a whole
 * window, while no call that could answer is running, opens the circuit too ({@link #silentSince}).
 *
 * <p>Times are {@link System#nanoTime()} values. Not thread-safe: the lane's poll thread owns it.
 */
final class LaneCircuit {
    enum State {
        CLOSED,
        OPEN,
        PROBING
    }

    private record Ended(long atNanos, boolean failed) {}

    private final ExecutorConfig.Circuit config;
    private final Deque<Ended> window = new ArrayDeque<>();
    private int failuresInWindow;
    private State state = State.CLOSED;
    private long probeAtNanos;
    private long backoffNanos;
    private long lastAnsweredStartNanos;
    private boolean answeredAtAll;

    LaneCircuit(final ExecutorConfig.Circuit config) {
        this.config = config;
        this.backoffNanos = config.probeBackoff().toNanos();
    }

    State state() {
        return state;
    }

    boolean isClosed() {
        return state == State.CLOSED;
    }

    /** A call that started at {@code startNanos} got an answer (not a failure) at {@code nowNanos}. */
    void answered(final long startNanos, final long nowNanos) {
        if (!answeredAtAll || startNanos - lastAnsweredStartNanos > 0) lastAnsweredStartNanos = startNanos;
        answeredAtAll = true;
        if (state == State.CLOSED) record(nowNanos, false);
    }

    /**
     * A call failed at {@code nowNanos}.
     *
     * @return whether this failure opened the circuit
     */
    boolean failed(final long nowNanos) {
        if (state != State.CLOSED) return false;
        record(nowNanos, true);
        if (window.size() < config.minCalls() || failuresInWindow < config.failureRatio() * window.size()) return false;
        open(nowNanos);
        return true;
    }

    /**
     * A call failed {@code window} ago, and no call started since could tell whether the endpoint is alive: the lane is
     * too quiet for the ratio, and its calls fail. Opens the circuit, so that probes find out.
     *
     * @return whether this opened the circuit
     */
    boolean silentSince(final long nowNanos) {
        if (state != State.CLOSED) return false;
        open(nowNanos);
        return true;
    }

    /** Whether a call that started after {@code failedAtNanos} got an answer. */
    boolean answeredSince(final long failedAtNanos) {
        return answeredAtAll && lastAnsweredStartNanos - failedAtNanos > 0;
    }

    /** Whether the open circuit's probe is due. */
    boolean probeDue(final long nowNanos) {
        return state == State.OPEN && nowNanos - probeAtNanos >= 0;
    }

    void probing() {
        state = State.PROBING;
    }

    /** The probe got an answer: the endpoint is back. */
    void probeAnswered() {
        state = State.CLOSED;
        window.clear();
        failuresInWindow = 0;
        backoffNanos = config.probeBackoff().toNanos();
    }

    /** The probe failed: wait longer before the next one. */
    void probeFailed(final long nowNanos) {
        backoffNanos = Math.min(backoffNanos * 2, config.maxProbeBackoff().toNanos());
        open(nowNanos);
    }

    /** The probe told nothing about the endpoint (nothing was sent): the next one may go at once. */
    void probeInconclusive(final long nowNanos) {
        state = State.OPEN;
        probeAtNanos = nowNanos;
    }

    private void open(final long nowNanos) {
        state = State.OPEN;
        probeAtNanos = nowNanos + backoffNanos;
    }

    private void record(final long nowNanos, final boolean failed) {
        window.addLast(new Ended(nowNanos, failed));
        if (failed) failuresInWindow++;
        final long windowNanos = config.window().toNanos();
        while (!window.isEmpty() && nowNanos - window.peekFirst().atNanos() > windowNanos) {
            if (window.pollFirst().failed()) failuresInWindow--;
        }
    }
}
