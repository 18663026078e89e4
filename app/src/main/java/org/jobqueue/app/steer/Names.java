package org.jobqueue.app.steer;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Checks a type or database name given on the command line against intake's limits: a rule for a name no job can
 * carry would never match.
 */
final class Names {
    private Names() {}

    static String type(final CommandSpec spec, final String type) {
        return check(spec, "--type", type, false);
    }

    static String database(final CommandSpec spec, final String database) {
        return database == null ? null : check(spec, "--database", database, true);
    }

    private static String check(
            final CommandSpec spec, final String option, final String name, final boolean pipeForbidden) {
        if (name.isBlank()) throw new ParameterException(spec.commandLine(), option + " must not be empty");
        if (name.chars().anyMatch(c -> Character.isISOControl(c) || (pipeForbidden && c == '|'))) {
            throw new ParameterException(
                    spec.commandLine(),
                    option + " '" + name + "' holds a character no job's " + option.substring(2) + " can hold");
        }
        return name;
    }
}
