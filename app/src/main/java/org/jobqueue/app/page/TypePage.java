package org.jobqueue.app.page;

import org.jobqueue.app.api.PageReads;

/** {@code /types/<type>}: its counts, its oldest ready and delayed jobs, its dead letters, and what steers it. */
final class TypePage {
    private static final int OLDEST = 10;
    private static final int DEAD_LETTERS = 20;

    private final PageReads reads;
    private final long now;

    TypePage(final PageReads reads, final long now) {
        this.reads = reads;
        this.now = now;
    }

    String render(final String type) {
        if (type.isBlank() || type.contains("/")) throw new IllegalArgumentException("no such type: " + type);
        final String lane = reads.laneOf(type);
        final Rules rules = new Rules(reads.control());
        final String action = rules.actionOn(lane, type);
        final String body = "<h1>" + Html.escape(type) + " <span class=\"lane lane-" + lane + "\">" + lane + "</span>"
                + (action == null
                        ? ""
                        : " <span class=\"badge " + Html.escape(action) + "\" id=\"type-state\">" + Html.escape(action)
                                + "d</span>")
                + "</h1>"
                + actions(type)
                + "<section><h2>Waiting</h2>" + QueueTable.render(reads.queue(type), rules) + "</section>"
                + "<section><h2>Oldest ready</h2>"
                + JobsTable.render("oldest-ready", reads.jobs(type, "ready", OLDEST), now) + "</section>"
                + "<section><h2>Oldest delayed</h2>"
                + JobsTable.render("oldest-delayed", reads.jobs(type, "delayed", OLDEST), now) + "</section>"
                + "<section><h2>Dead letters <small>the newest " + DEAD_LETTERS + "</small></h2>"
                + DeadLettersTable.render(reads.deadLetters(type, DEAD_LETTERS), now) + "</section>";
        return Layout.page(type, body);
    }

    private static String actions(final String type) {
        return "<div class=\"actions\">"
                + "<input id=\"action-database\" placeholder=\"database (all if empty)\" size=\"20\">"
                + Buttons.post("pause", "Pause", "/api/pause", Buttons.body().put("type", type), null)
                + Buttons.post("resume", "Resume", "/api/resume", Buttons.body().put("type", type), null)
                + Buttons.post(
                        "drop",
                        "Drop arrivals",
                        "/api/drop",
                        Buttons.body().put("type", type),
                        "Drop every arriving job of " + type + "?")
                + Buttons.post(
                        "undrop",
                        "Stop dropping",
                        "/api/drop",
                        Buttons.body().put("type", type).put("remove", true),
                        null)
                + "</div>";
    }
}
