package org.jobqueue.tools.demo;

import java.time.Duration;

/** One record the demo produces: its kind, its topic, when to send it (after the start), and its bytes. */
record PlannedEvent(JobKind kind, String topic, Duration sendAfter, byte[] json) {}
