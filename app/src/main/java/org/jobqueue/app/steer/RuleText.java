package org.jobqueue.app.steer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.jobqueue.schemas.ControlAction;
import org.jobqueue.schemas.ControlRule;
import org.jobqueue.serdes.Lanes;

/** How the commands print a control rule. */
final class RuleText {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RuleText() {}

    /** {@code until 2026-12-02T18:00:00Z}, or {@code until <otherwise>} for a rule without an end. */
    static String until(final ControlRule rule, final String otherwise) {
        return "until " + (rule.getUntil() == null ? otherwise : Instant.ofEpochMilli(rule.getUntil()));
    }

    /** Whether the rule's {@code until} has passed: the queue no longer applies it, though it is still written. */
    static boolean expired(final ControlRule rule, final Instant now) {
        return rule.getUntil() != null && rule.getUntil() <= now.toEpochMilli();
    }

    /**
     * One line of {@code jobqueue control}: {@code pause type=refreshLinks database=enwiki
     * until=2026-12-02T18:00:00Z created_by=alice@mw1 created_at=2026-12-02T15:00:00Z}; {@code purge} after the scope
     * of a drop rule that purges, {@code until=-} for a rule without an end, {@code expired} at the end of one whose
     * end has passed.
     */
    static String line(final String key, final ControlRule rule, final Instant now) {
        return key
                + (rule.getPurge() ? " purge" : "")
                + " until=" + (rule.getUntil() == null ? "-" : Instant.ofEpochMilli(rule.getUntil()))
                + " created_by=" + rule.getCreatedBy()
                + " created_at=" + Instant.ofEpochMilli(rule.getCreatedAt())
                + (expired(rule, now) ? " expired" : "");
    }

    /** The rule as one JSON object, for {@code --json}. */
    static String json(final String key, final ControlRule rule, final Instant now) {
        final ObjectNode node = JSON.createObjectNode();
        node.put("key", key);
        node.put("action", rule.getAction().name());
        node.put("lane", Lanes.of(rule));
        node.put("type", rule.getType());
        node.put("database", rule.getDatabase());
        node.put(
                "until",
                rule.getUntil() == null
                        ? null
                        : Instant.ofEpochMilli(rule.getUntil()).toString());
        node.put("purge", rule.getPurge());
        node.put("created_by", rule.getCreatedBy());
        node.put("created_at", Instant.ofEpochMilli(rule.getCreatedAt()).toString());
        node.put("expired", expired(rule, now));
        return node.toString();
    }

    /** What an existing rule that a new one replaces was: {@code the pause until resumed set by alice@mw1}. */
    static String replaced(final ControlRule old) {
        return "the " + old.getAction().name() + (old.getPurge() ? " with purge" : "") + " "
                + until(old, old.getAction() == ControlAction.pause ? "resumed" : "removed") + " set by "
                + old.getCreatedBy();
    }
}
