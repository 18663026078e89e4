package org.jobqueue.app.page;

import java.util.List;
import java.util.Locale;
import org.jobqueue.app.api.PageReads;
import org.jobqueue.app.page.Rates.Outcome;

/** The deployment's rates: per second over the last minute and counts over 15 minutes, and a chart per lane. */
final class RatesSection {
    private RatesSection() {}

    static String render(final Rates rates, final PageReads reads, final long now) {
        final StringBuilder html = new StringBuilder("<table class=\"rates\"><thead><tr><th></th>");
        Rates.OUTCOMES.forEach(outcome ->
                html.append("<th class=\"num\">").append(outcome.label()).append("</th>"));
        html.append("</tr></thead><tbody><tr><th>per second, last minute</th>");
        for (final Outcome outcome : Rates.OUTCOMES) {
            html.append("<td class=\"num rate\" data-outcome=\"")
                    .append(outcome.label())
                    .append("\">")
                    .append(String.format(Locale.ROOT, "%.1f", rates.perSecondLastMinute(rates.total(outcome))))
                    .append("</td>");
        }
        html.append("</tr><tr><th>last 15 minutes</th>");
        for (final Outcome outcome : Rates.OUTCOMES) {
            html.append("<td class=\"num total\" data-outcome=\"")
                    .append(outcome.label())
                    .append("\">")
                    .append(Rates.sum(rates.total(outcome)))
                    .append("</td>");
        }
        html.append("</tr></tbody></table>");
        return html.append(charts(rates, reads, now)).toString();
    }

    private static String charts(final Rates rates, final PageReads reads, final long now) {
        final RateChart chart = new RateChart(rates.times(), rates.intervalMs(), now);
        final StringBuilder html = new StringBuilder("<div class=\"charts\">");
        for (final String lane : reads.lanes()) {
            final List<Long> arrived =
                    rates.ofTypes(Rates.ARRIVED, type -> reads.laneOf(type).equals(lane));
            final List<Long> done =
                    rates.ofTypes(Rates.DONE, type -> reads.laneOf(type).equals(lane));
            html.append("<figure><figcaption><span class=\"lane lane-")
                    .append(lane)
                    .append("\">")
                    .append(lane)
                    .append("</span> <span class=\"key arrived\">arrived</span> <span class=\"key done\">done</span>")
                    .append("</figcaption>")
                    .append(chart.render(
                            lane + ": arrived and done per second over the last 15 minutes",
                            List.of(new RateChart.Series("arrived", arrived), new RateChart.Series("done", done))))
                    .append("<div class=\"axis-labels\"><span>15 min ago</span><span>now</span></div></figure>");
        }
        return html.append("</div>").toString();
    }
}
