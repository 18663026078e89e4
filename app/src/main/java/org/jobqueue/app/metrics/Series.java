package org.jobqueue.app.metrics;

import io.prometheus.metrics.model.snapshots.Labels;

/** One Prometheus series: the name of its family (without a counter's {@code _total}) and its labels. */
record Series(String family, Labels labels) {
    static Series of(final String family, final String... labelNamesAndValues) {
        return new Series(family, Labels.of(labelNamesAndValues));
    }

    Series with(final String name, final String value) {
        return new Series(family, labels.add(name, value));
    }
}
