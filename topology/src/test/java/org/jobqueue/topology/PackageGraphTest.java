package org.jobqueue.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The topology's packages depend on each other one way: a package never uses one above it (its parent, or the root
 * {@code org.jobqueue.topology}), and the graph of package uses has no cycle. A use is any name of a jobqueue class in
 * the main sources, in an import or written out in full (in code or in Javadoc).
 */
class PackageGraphTest {
    private static final Path SOURCES = Path.of("src/main/java");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");
    // A lower-case package path, then a class name (or a wildcard import).
    private static final Pattern USE = Pattern.compile("\\b(org\\.jobqueue(?:\\.[a-z_][a-z0-9_]*)+)\\.(?:[A-Z]|\\*)");

    private final Map<String, Set<String>> graph = packageGraph();

    @Test
    void shouldReadTheTopologyPackages() {
        assertThat(graph).containsKeys("org.jobqueue.topology", "org.jobqueue.topology.queue");
    }

    @Test
    void shouldNeverUseAPackageAbove() {
        final List<String> upwards = new ArrayList<>();
        graph.forEach((from, uses) ->
                uses.stream().filter(to -> from.startsWith(to + ".")).forEach(to -> upwards.add(from + " → " + to)));
        assertThat(upwards).isEmpty();
    }

    @Test
    void shouldHaveNoCycle() {
        assertThat(findCycle()).isEmpty();
    }

    private Optional<List<String>> findCycle() {
        final Set<String> done = new TreeSet<>();
        for (final String start : graph.keySet()) {
            final Optional<List<String>> cycle = cycleFrom(start, new ArrayList<>(), done);
            if (cycle.isPresent()) return cycle;
        }
        return Optional.empty();
    }

    /** Depth first; {@code path} is the chain being explored, {@code done} the packages known to reach no cycle. */
    private Optional<List<String>> cycleFrom(final String node, final List<String> path, final Set<String> done) {
        final int seen = path.indexOf(node);
        if (seen >= 0) {
            final List<String> cycle = new ArrayList<>(path.subList(seen, path.size()));
            cycle.add(node);
            return Optional.of(cycle);
        }
        if (done.contains(node)) return Optional.empty();
        path.add(node);
        for (final String next : graph.getOrDefault(node, Set.of())) {
            final Optional<List<String>> cycle = cycleFrom(next, path, done);
            if (cycle.isPresent()) return cycle;
        }
        path.remove(path.size() - 1);
        done.add(node);
        return Optional.empty();
    }

    /** Package → the other jobqueue packages its classes use. */
    private static Map<String, Set<String>> packageGraph() {
        final Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(file -> file.toString().endsWith(".java")).forEach(file -> {
                final String source = read(file);
                final Matcher declared = PACKAGE.matcher(source);
                if (!declared.find()) throw new IllegalStateException(file + " declares no package");
                final Set<String> uses = graph.computeIfAbsent(declared.group(1), p -> new TreeSet<>());
                final Matcher use = USE.matcher(source);
                while (use.find()) {
                    if (!use.group(1).equals(declared.group(1))) uses.add(use.group(1));
                }
            });
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return graph;
    }

    private static String read(final Path file) {
        try {
            return Files.readString(file);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
