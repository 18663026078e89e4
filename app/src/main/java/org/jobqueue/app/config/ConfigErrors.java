package org.jobqueue.app.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/** Turns Jackson's errors into messages for whoever edits the YAML file: the full key, and what was expected. */
final class ConfigErrors {
    private static final ObjectMapper ENUM_NAMES = new ObjectMapper();
    private static final Set<Class<?>> WHOLE_NUMBERS =
            Set.of(Integer.class, int.class, Short.class, short.class, Long.class, long.class);

    private ConfigErrors() {}

    static String describe(final JsonProcessingException error) {
        if (error instanceof UnrecognizedPropertyException unknown) return unknownKey(unknown);
        if (error instanceof InvalidNullException missing) return keyOf(missing) + " has no value";
        if (error instanceof InvalidFormatException invalid) return invalidValue(invalid);
        if (error instanceof ValueInstantiationException rejected) return rejectedValue(rejected);
        if (error instanceof MismatchedInputException mismatch) return mismatchedValue(mismatch);
        if (error instanceof JsonMappingException mapping) return keyOf(mapping) + ": " + mapping.getOriginalMessage();
        return "not valid YAML" + at(error.getLocation()) + ": " + firstLine(error.getOriginalMessage());
    }

    private static String unknownKey(final UnrecognizedPropertyException unknown) {
        return "unknown key " + keyOf(unknown) + " (expected one of: " + knownKeys(unknown) + ")";
    }

    // Jackson's own list is unordered; a record declares its keys in the order the documentation uses.
    private static String knownKeys(final UnrecognizedPropertyException unknown) {
        final Class<?> type = unknown.getReferringClass();
        if (type == null || !type.isRecord()) {
            return unknown.getKnownPropertyIds().stream()
                    .map(String::valueOf)
                    .sorted()
                    .collect(Collectors.joining(", "));
        }
        return Arrays.stream(type.getRecordComponents())
                .map(ConfigErrors::yamlKey)
                .collect(Collectors.joining(", "));
    }

    private static String yamlKey(final RecordComponent component) {
        final JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
        return property != null && !property.value().isEmpty() ? property.value() : component.getName();
    }

    private static String invalidValue(final InvalidFormatException invalid) {
        final Class<?> type = invalid.getTargetType();
        if (type == Duration.class) return keyOf(invalid) + ": " + invalid.getOriginalMessage();
        if ("".equals(invalid.getValue())) return keyOf(invalid) + " has no value";
        return keyOf(invalid) + ": '" + invalid.getValue() + "' is not " + expected(type);
    }

    private static String rejectedValue(final ValueInstantiationException rejected) {
        final Throwable cause = rejected.getCause() != null ? rejected.getCause() : rejected;
        final String reason = cause.getMessage() != null ? cause.getMessage() : cause.toString();
        return rejected.getPath().isEmpty() ? reason : keyOf(rejected) + ": " + reason;
    }

    private static String mismatchedValue(final MismatchedInputException mismatch) {
        if (mismatch.getOriginalMessage().startsWith("Trailing token")) {
            return "holds more than one YAML document (expected exactly one)";
        }
        if (mismatch.getOriginalMessage().startsWith("No content to map")) {
            return "is empty (at least 'dc' is required)";
        }
        if (mismatch.getPath().isEmpty()) return "expected a mapping of settings (key: value) at the top level";
        return keyOf(mismatch) + ": expected " + expected(mismatch.getTargetType());
    }

    private static String expected(final Class<?> type) {
        if (type == null) return "another kind of value";
        if (type.isEnum()) return "one of " + enumNames(type);
        if (WHOLE_NUMBERS.contains(type)) return "a whole number";
        if (Number.class.isAssignableFrom(type) || type == double.class) return "a number";
        if (type == Boolean.class || type == boolean.class) return "true or false";
        if (type == Duration.class) return "a duration (a whole number and one of ms, s, m, h, d, e.g. 60s)";
        if (type == String.class) return "a string";
        if (type == URI.class) return "a URI";
        if (Collection.class.isAssignableFrom(type)) return "a list";
        return "a mapping (key: value)";
    }

    // Enum constants may be renamed by @JsonProperty, so ask Jackson how each one is spelt.
    private static String enumNames(final Class<?> type) {
        return Arrays.stream(type.getEnumConstants())
                .map(constant -> ENUM_NAMES.convertValue(constant, String.class))
                .collect(Collectors.joining(", "));
    }

    private static String keyOf(final JsonMappingException error) {
        final StringBuilder key = new StringBuilder();
        for (final JsonMappingException.Reference step : error.getPath()) {
            if (step.getFieldName() != null) {
                key.append(key.length() > 0 ? "." : "").append(step.getFieldName());
            } else {
                key.append('[').append(step.getIndex()).append(']');
            }
        }
        return "'" + key + "'";
    }

    private static String at(final JsonLocation location) {
        return location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String firstLine(final String message) {
        return message == null ? "" : message.strip().lines().findFirst().orElse("");
    }
}
