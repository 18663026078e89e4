package org.jobqueue.topology.inspect;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The states whose jobs {@link PartitionView#list} lists. */
public enum ListedState {
    READY("ready"),
    DELAYED("delayed"),
    IN_FLIGHT("in-flight");

    private final String text;

    ListedState(final String text) {
        this.text = text;
    }

    /** The state named {@code text}: {@code ready}, {@code delayed} or {@code in-flight}. */
    public static ListedState parse(final String text) {
        for (final ListedState state : values()) {
            if (state.text.equals(text)) return state;
        }
        throw new IllegalArgumentException("unknown state '" + text + "': choose one of "
                + Arrays.stream(values()).map(ListedState::text).collect(Collectors.joining(", ")));
    }

    public String text() {
        return text;
    }
}
