package org.jobqueue.serdes.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.stream.Collectors;

/** A JSON schema of jobqueue's inputs, loaded once from the class path, with format assertions on. */
final class JsonSchemaCheck {
    static final String JOB_EVENT = "jsonschema/mediawiki-job-1.0.0.json";
    static final String LINK_CHANGE = "jsonschema/jobqueue-link-1.0.0.json";

    private final JsonSchema schema;

    private JsonSchemaCheck(final JsonSchema schema) {
        this.schema = schema;
    }

    static JsonSchemaCheck load(final ObjectMapper json, final String resource) {
        final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .formatAssertionsEnabled(true)
                .pathType(PathType.JSON_PATH)
                .build();
        final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
        final JsonSchema schema =
                factory.getSchema(SchemaLocation.of("classpath:" + resource), read(json, resource), config);
        schema.initializeValidators();
        return new JsonSchemaCheck(schema);
    }

    private static JsonNode read(final ObjectMapper json, final String resource) {
        try (InputStream in = JsonSchemaCheck.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing JSON schema resource " + resource);
            return json.readTree(in);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read JSON schema resource " + resource, e);
        }
    }

    /** @throws RejectedEventException listing every violation if {@code event} does not conform */
    void check(final JsonNode event) {
        final Set<ValidationMessage> violations = schema.validate(event);
        if (violations.isEmpty()) return;
        throw new RejectedEventException("schema: "
                + violations.stream().map(ValidationMessage::getMessage).collect(Collectors.joining("; ")));
    }
}
