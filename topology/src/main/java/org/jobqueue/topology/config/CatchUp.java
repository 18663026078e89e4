package org.jobqueue.topology.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a periodic schedule does with the periods it missed while nothing ran it. */
public enum CatchUp {
    /** skip them: the next firing is the current period's */
    @JsonProperty("none")
    NONE,
    /** fire once, for the latest period */
    @JsonProperty("one")
    ONE,
    /** fire each, oldest first, at most {@code max_catch_up} of them */
    @JsonProperty("all")
    ALL
}
