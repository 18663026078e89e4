package org.jobqueue.tools.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The figures of a run, each with its conditions: printed as a table, written as JSON. */
final class BenchReport {
    /**
     * One figure.
     *
     * @param met whether it meets its target; {@code null} when it has none
     */
    record Figure(
            String scenario,
            String guarantee,
            String name,
            double value,
            String unit,
            String target,
            Boolean met,
            Map<String, Object> conditions) {}

    private final Map<String, Object> machine;
    private final List<Figure> figures = new ArrayList<>();
    private final Instant started = Instant.now();
    private String command = "";
    private List<String> notes = List.of();

    BenchReport(final Map<String, Object> machine) {
        this.machine = machine;
    }

    void command(final String line) {
        this.command = line;
    }

    /** Which figures cannot stand for the full run's (for quick or tiny sizes). */
    synchronized void notes(final List<String> caveats) {
        this.notes = List.copyOf(caveats);
    }

    synchronized void add(final Figure figure) {
        figures.add(figure);
    }

    synchronized List<Figure> figures() {
        return List.copyOf(figures);
    }

    synchronized void printTable(final PrintWriter out) {
        out.printf("%nconditions: %s%n", machine);
        final String format = "%-26s %-16s %-38s %14s %-9s %-12s %s%n";
        out.printf(format, "scenario", "guarantee", "figure", "value", "unit", "target", "met");
        out.printf(
                format,
                "-".repeat(26),
                "-".repeat(16),
                "-".repeat(38),
                "-".repeat(14),
                "-".repeat(9),
                "-".repeat(12),
                "---");
        for (final Figure figure : figures) {
            out.printf(
                    format,
                    figure.scenario(),
                    figure.guarantee(),
                    figure.name(),
                    format(figure.value()),
                    figure.unit(),
                    figure.target() == null ? "" : figure.target(),
                    figure.met() == null ? "" : figure.met() ? "yes" : "NO");
        }
        if (!notes.isEmpty()) out.printf("%nNot to be read as the full run's figures:%n");
        notes.forEach(note -> out.printf("- %s%n", note));
        out.flush();
    }

    synchronized void writeJson(final Path file) {
        final Map<String, Object> document = new LinkedHashMap<>();
        document.put("command", command);
        document.put("started", started.toString());
        document.put("finished", Instant.now().toString());
        document.put("conditions", machine);
        document.put("notes", notes);
        document.put("figures", figures);
        try {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), document);
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    static String format(final double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) return String.format(Locale.ROOT, "%,d", (long) value);
        return String.format(Locale.ROOT, Math.abs(value) < 10 ? "%.3f" : "%,.1f", value);
    }
}
