package org.jobqueue.app.steer;

import java.io.PrintWriter;
import java.util.Map;
import java.util.stream.Collectors;
import org.jobqueue.schemas.ControlAction;
import org.jobqueue.schemas.ControlRule;
import org.jobqueue.serdes.ControlKeys;

/**
 * Sets or removes one rule in the control topic, or on a dry run only says what it would do, and prints one line.
 * Lines are given by the command in two forms: what was done ({@code paused ...}) and, after {@code dry run: would},
 * what would be ({@code pause ...}).
 */
final class RuleChange {
    private final ControlTopic control;
    private final PrintWriter out;
    private final boolean dryRun;

    RuleChange(final ControlTopic control, final PrintWriter out, final boolean dryRun) {
        this.control = control;
        this.out = out;
        this.dryRun = dryRun;
    }

    void set(final ControlRule rule, final String done, final String wouldDo) {
        final String key = ControlKeys.of(rule);
        final ControlRule old = control.rules().get(key);
        if (!dryRun) control.write(key, rule);
        out.println(line(done, wouldDo) + (old == null ? "" : ", replacing " + RuleText.replaced(old)));
        out.flush();
    }

    /** Returns whether there was such a rule; if not, prints {@code nothing} and the rules of that action in force. */
    boolean remove(
            final ControlAction action,
            final Scope scope,
            final String done,
            final String wouldDo,
            final String nothing) {
        final Map<String, ControlRule> rules = control.rules();
        final String key = scope.key(action);
        if (!rules.containsKey(key)) {
            out.println(nothing + " (" + inForce(rules, action) + ")");
            out.flush();
            return false;
        }
        if (!dryRun) control.write(key, null);
        out.println(line(done, wouldDo));
        out.flush();
        return true;
    }

    private String line(final String done, final String wouldDo) {
        return dryRun ? "dry run: would " + wouldDo : done;
    }

    private static String inForce(final Map<String, ControlRule> rules, final ControlAction action) {
        final String scopes = rules.entrySet().stream()
                .filter(rule -> rule.getValue().getAction() == action)
                .map(rule -> Scope.textOf(rule.getKey(), action))
                .collect(Collectors.joining(", "));
        final String kind = action == ControlAction.pause ? "pauses" : "drop rules";
        return scopes.isEmpty() ? "no " + kind + " in force" : kind + " in force: " + scopes;
    }
}
