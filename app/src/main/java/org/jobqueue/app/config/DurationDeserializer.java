package org.jobqueue.app.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import java.io.IOException;
import java.time.Duration;
import org.jobqueue.topology.config.Durations;

/** Reads the configuration's durations ({@code 500ms}, {@code 60s}, {@code 7d}) with {@link Durations#parse}. */
final class DurationDeserializer extends StdScalarDeserializer<Duration> {
    private static final long serialVersionUID = 1L;

    DurationDeserializer() {
        super(Duration.class);
    }

    @Override
    public Duration deserialize(final JsonParser parser, final DeserializationContext context) throws IOException {
        if (!parser.currentToken().isScalarValue()) {
            return (Duration) context.handleUnexpectedToken(Duration.class, parser);
        }
        final String text = parser.getValueAsString();
        try {
            return Durations.parse(text);
        } catch (final IllegalArgumentException notADuration) {
            throw InvalidFormatException.from(parser, notADuration.getMessage(), text, Duration.class);
        }
    }
}
