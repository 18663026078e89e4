package org.jobqueue.app.page;

import org.jobqueue.app.api.PageReads;

/** {@code /}: the rates, the queue per lane and type, the instances, the rules in force, the periodic schedules. */
final class OverviewPage {
    private final PageReads reads;
    private final long now;

    OverviewPage(final PageReads reads, final long now) {
        this.reads = reads;
        this.now = now;
    }

    String render() {
        final Rules rules = new Rules(reads.control());
        final Rates rates = new Rates(reads.rates());
        final String body = "<h1>Queue <label class=\"live\"><input type=\"checkbox\" id=\"live\"> refresh every 5 s"
                + "</label></h1>"
                + "<section id=\"rates\"><h2>Rates <small>the whole deployment</small></h2>"
                + RatesSection.render(rates, reads, now)
                + "</section><section id=\"queue\"><h2>Waiting <small>per lane and type</small></h2>"
                + QueueTable.render(reads.queue(null), rules)
                + "</section><section id=\"instances\"><h2>Instances</h2>"
                + InstancesTable.render(reads.instances())
                + "</section><section id=\"rules\"><h2>Pauses and drops</h2>"
                + rules.table()
                + "</section>"
                + periodic();
        return Layout.page("Queue", body);
    }

    private String periodic() {
        if (!reads.hasSchedules()) return "";
        return "<section id=\"periodic\"><h2>Periodic <small>last and next firing per wiki</small></h2>"
                + PeriodicTable.render(reads.periodic(), now)
                + "</section>";
    }
}
