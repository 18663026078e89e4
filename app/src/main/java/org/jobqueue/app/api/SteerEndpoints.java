package org.jobqueue.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jobqueue.app.steer.ControlCommand;
import org.jobqueue.app.steer.DeadLetterCommand;
import org.jobqueue.app.steer.DropCommand;
import org.jobqueue.app.steer.PauseCommand;
import org.jobqueue.app.steer.ResumeCommand;
import picocli.CommandLine;

/**
 * The API's steering: each endpoint runs the command of the same name with the instance's configuration file, so that
 * the API and the commands check, do and print the same. A request's JSON fields become the command's flags
 * ({@code dry_run: true} is {@code --dry-run}); only the fields each command takes are accepted.
 */
final class SteerEndpoints {
    private static final Map<String, Endpoint> ENDPOINTS = Map.of(
            "pause", new Endpoint(PauseCommand::new, List.of(), Set.of("type", "database", "lane", "until", "dry_run")),
            "resume", new Endpoint(ResumeCommand::new, List.of(), Set.of("type", "database", "lane", "dry_run")),
            "drop",
                    new Endpoint(
                            DropCommand::new,
                            List.of(),
                            Set.of("type", "database", "until", "purge", "remove", "dry_run")),
            "dead-letter/retry",
                    new Endpoint(DeadLetterCommand::new, List.of("retry"), Set.of("id", "type", "since", "dry_run")));
    private static final Endpoint CONTROL = new Endpoint(ControlCommand::new, List.of(), Set.of());
    private static final Endpoint DEAD_LETTERS =
            new Endpoint(DeadLetterCommand::new, List.of("list"), Set.of("type", "since", "limit"));

    private final List<String> configFlags;

    /**
     * Steering with the configuration of {@code configFile}, but the brokers the instance itself uses
     * ({@code bootstrapServers}): {@code run --bootstrap-server} overrides the file's.
     */
    SteerEndpoints(final Path configFile, final String bootstrapServers) {
        this.configFlags = List.of("--config", configFile.toString(), "--bootstrap-server", bootstrapServers);
    }

    static boolean has(final String name) {
        return ENDPOINTS.containsKey(name);
    }

    /** Runs the steering command {@code name} with the flags of {@code request}. */
    Ran steer(final String name, final JsonNode request) {
        return ENDPOINTS.get(name).run(configFlags, flags(ENDPOINTS.get(name), request));
    }

    /** The rules in force, one JSON object each ({@code jobqueue control --json}). */
    Ran control() {
        return CONTROL.run(configFlags, List.of("--json"));
    }

    /** Dead letters, one JSON object each ({@code jobqueue dead-letter list --json}). */
    Ran deadLetters(final Map<String, String> query) {
        final List<String> flags = new ArrayList<>(List.of("--json"));
        query.forEach((name, value) -> {
            if (DEAD_LETTERS.fields().contains(name)) flags.addAll(List.of("--" + name, value));
        });
        return DEAD_LETTERS.run(configFlags, flags);
    }

    private static List<String> flags(final Endpoint endpoint, final JsonNode request) {
        if (request == null || !request.isObject())
            throw new IllegalArgumentException("the body must be a JSON object");
        final List<String> flags = new ArrayList<>();
        final Iterator<Map.Entry<String, JsonNode>> fields = request.fields();
        while (fields.hasNext()) {
            final Map.Entry<String, JsonNode> field = fields.next();
            if (!endpoint.fields().contains(field.getKey())) {
                throw new IllegalArgumentException(
                        "unknown field '" + field.getKey() + "'; this endpoint takes " + endpoint.fields());
            }
            final String flag = "--" + field.getKey().replace('_', '-');
            final JsonNode value = field.getValue();
            if (value.isBoolean()) {
                if (value.booleanValue()) flags.add(flag);
            } else if (!value.isNull()) {
                flags.addAll(List.of(flag, value.asText()));
            }
        }
        return flags;
    }

    /** A command's exit code and what it printed, line by line. */
    record Ran(int exitCode, List<String> output, List<String> errors) {}

    private record Endpoint(Supplier<Object> command, List<String> subcommand, Set<String> fields) {
        Ran run(final List<String> configFlags, final List<String> flags) {
            final StringWriter out = new StringWriter();
            final StringWriter err = new StringWriter();
            final List<String> args = new ArrayList<>(subcommand);
            args.addAll(configFlags);
            args.addAll(flags);
            final int exitCode = new CommandLine(command.get())
                    .setOut(new PrintWriter(out, true))
                    .setErr(new PrintWriter(err, true))
                    .execute(args.toArray(String[]::new));
            return new Ran(exitCode, lines(out), lines(err));
        }

        private static List<String> lines(final StringWriter text) {
            return text.toString().lines().toList();
        }
    }
}
