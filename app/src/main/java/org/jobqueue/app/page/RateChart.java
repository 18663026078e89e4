package org.jobqueue.app.page;

import java.util.List;
import java.util.Locale;

/** A small line chart, inline SVG: per second over the last 15 minutes, one line per series, newest on the right. */
final class RateChart {
    static final long WINDOW_MS = 15 * 60 * 1000;
    private static final int WIDTH = 320;
    private static final int HEIGHT = 72;

    private final List<Long> times;
    private final long intervalMs;
    private final long now;

    RateChart(final List<Long> times, final long intervalMs, final long now) {
        this.times = times;
        this.intervalMs = intervalMs;
        this.now = now;
    }

    /** {@code series} (counts per interval, with their CSS classes) drawn against the same scale. */
    String render(final String label, final List<Series> series) {
        final double max =
                Math.max(1, series.stream().mapToDouble(this::peak).max().orElse(0));
        final StringBuilder svg = new StringBuilder()
                .append("<svg class=\"chart\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(HEIGHT)
                .append("\" width=\"")
                .append(WIDTH)
                .append("\" height=\"")
                .append(HEIGHT)
                .append("\" role=\"img\" aria-label=\"")
                .append(Html.escape(label))
                .append("\"><line class=\"axis\" x1=\"0\" y1=\"")
                .append(HEIGHT - 1)
                .append("\" x2=\"")
                .append(WIDTH)
                .append("\" y2=\"")
                .append(HEIGHT - 1)
                .append("\"/>");
        series.forEach(line -> svg.append(polyline(line, max)));
        svg.append("<text class=\"scale\" x=\"2\" y=\"10\">")
                .append(String.format(Locale.ROOT, "%.1f/s", max))
                .append("</text></svg>");
        return svg.toString();
    }

    /** The highest rate per second of {@code line} within the window. */
    private double peak(final Series line) {
        double peak = 0;
        for (int i = 0; i < times.size() && i < line.counts().size(); i++) {
            if (now - times.get(i) <= WINDOW_MS)
                peak = Math.max(peak, line.counts().get(i) * 1000.0 / intervalMs);
        }
        return peak;
    }

    private String polyline(final Series line, final double max) {
        final StringBuilder points = new StringBuilder();
        for (int i = 0; i < times.size() && i < line.counts().size(); i++) {
            final double age = now - times.get(i);
            if (age > WINDOW_MS) continue;
            final double x = WIDTH * (1 - age / WINDOW_MS);
            final double y = (HEIGHT - 2) * (1 - line.counts().get(i) * 1000.0 / intervalMs / max) + 1;
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", Math.min(WIDTH, x), y));
        }
        return "<polyline class=\"" + Html.escape(line.cssClass()) + "\" points=\""
                + points.toString().strip() + "\"/>";
    }

    /** One line: its counts per interval and the CSS class that colours it. */
    record Series(String cssClass, List<Long> counts) {}
}
