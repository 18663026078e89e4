package org.jobqueue.app.steer;

import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code (--type T [--database D] | --lane L)}: the scope of a pause. */
final class ScopeOptions {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(names = "--type", paramLabel = "T", description = "A job type, e.g. refreshLinks")
    private String type;

    @Option(names = "--database", paramLabel = "D", description = "Only this wiki's jobs of the type, e.g. enwiki")
    private String database;

    @Option(names = "--lane", paramLabel = "L", description = "A whole lane (a key of queue.in_flight), e.g. low")
    private String lane;

    /** @param lanes the configured lanes, one of which {@code --lane} must name */
    Scope scope(final List<String> lanes) {
        if (lane != null && (type != null || database != null)) {
            throw usage("give either --lane, or --type with an optional --database, not both");
        }
        if (lane != null && !lanes.contains(lane))
            throw usage("--lane: unknown lane '" + lane + "' (lanes: " + String.join(", ", lanes) + ")");
        if (lane != null) return new Scope(lane, null, null);
        if (type == null) {
            throw usage(
                    database == null
                            ? "missing scope: give --type T (with an optional --database D) or --lane L"
                            : "--database needs --type: a rule covers a type on one database, not a whole database");
        }
        return new Scope(null, Names.type(spec, type), Names.database(spec, database));
    }

    private ParameterException usage(final String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
