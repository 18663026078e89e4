package org.jobqueue.serdes.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** Job events of {@code src/test/resources/fixtures/}, as they are or edited. */
final class Fixtures {
    static final String REFRESH_LINKS = "refresh-links.json";
    static final String HTML_CACHE_UPDATE = "html-cache-update-recursive.json";
    static final String CDN_PURGE = "cdn-purge-delayed.json";
    static final String LEAF_WITH_PAGES = "refresh-links-leaf-pages.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {}

    static byte[] bytes(final String name) {
        try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream("fixtures/" + name)) {
            if (in == null) throw new IllegalStateException("no fixture " + name);
            return in.readAllBytes();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(final String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    /** The fixture with {@code edit} applied to its root object, re-serialized. */
    static byte[] edited(final String name, final Consumer<ObjectNode> edit) {
        try {
            final ObjectNode root = (ObjectNode) JSON.readTree(bytes(name));
            edit.accept(root);
            return JSON.writeValueAsBytes(root);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes the field at a dotted {@code path}, such as {@code meta.dt}. */
    static Consumer<ObjectNode> removing(final String path) {
        return root -> parentOf(root, path).remove(lastName(path));
    }

    /** Sets the field at a dotted {@code path} to {@code value}, given as JSON text. */
    static Consumer<ObjectNode> setting(final String path, final String value) {
        return root -> parentOf(root, path).set(lastName(path), parse(value));
    }

    /** Sets the field at a dotted {@code path} to the string {@code text}. */
    static Consumer<ObjectNode> settingText(final String path, final String text) {
        return root -> parentOf(root, path).put(lastName(path), text);
    }

    private static ObjectNode parentOf(final ObjectNode root, final String path) {
        ObjectNode parent = root;
        final String[] names = path.split("\\.");
        for (int i = 0; i < names.length - 1; i++) {
            parent = (ObjectNode) parent.get(names[i]);
        }
        return parent;
    }

    private static String lastName(final String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    private static JsonNode parse(final String value) {
        try {
            return JSON.readTree(value);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
