package org.jobqueue.app.inspect;

/** A duration in milliseconds as an operator reads it: {@code 850ms}, {@code 42s}, {@code 2m13s}, {@code 3h05m}, {@code 2d04h}. */
final class Age {
    private Age() {}

    static String of(final Long millis) {
        if (millis == null) return "-";
        if (millis < 1_000) return millis + "ms";
        final long seconds = millis / 1_000;
        if (seconds < 60) return seconds + "s";
        if (seconds < 3_600) return (seconds / 60) + "m" + String.format("%02ds", seconds % 60);
        if (seconds < 86_400) return (seconds / 3_600) + "h" + String.format("%02dm", seconds / 60 % 60);
        return (seconds / 86_400) + "d" + String.format("%02dh", seconds / 3_600 % 24);
    }
}
