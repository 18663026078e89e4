package org.jobqueue.serdes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A serde for a generated Avro class in Avro's single-object encoding: a 2-byte marker, the schema's 8-byte
 * fingerprint, then the binary record. Older versions of the schema, registered in a {@link SchemaStore}, stay
 * readable: their records are resolved into the current class.
 *
 * @param <T> the generated record class
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;
    private final String recordName;

    private AvroSerde(final Schema schema, final SchemaStore history) {
        this.encoder = new BinaryMessageEncoder<>(SpecificData.get(), schema);
        this.decoder = new BinaryMessageDecoder<>(SpecificData.get(), schema, history);
        this.recordName = schema.getFullName();
    }

    /** A serde for {@code schema}'s class that also reads every schema in {@code olderVersions}. */
    public static <T extends SpecificRecord> AvroSerde<T> of(final Schema schema, final List<Schema> olderVersions) {
        final SchemaStore.Cache history = new SchemaStore.Cache();
        olderVersions.forEach(history::addSchema);
        return new AvroSerde<>(schema, history);
    }

    /** A serde for {@code schema}'s class, with the older versions kept under {@code avro/history/<Name>/} on the class path. */
    public static <T extends SpecificRecord> AvroSerde<T> of(final Schema schema) {
        return of(schema, SchemaHistory.olderVersionsOf(schema));
    }

    public byte[] encode(final T record) {
        try {
            final ByteBuffer buffer = encoder.encode(record);
            final byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public T decode(final byte[] bytes) {
        try {
            return decoder.decode(bytes);
        } catch (final IOException | RuntimeException e) {
            throw new SerializationException("cannot decode " + recordName + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, record) -> record == null ? null : encode(record);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(bytes);
    }

    /** Reads the older versions of a schema from the class path. */
    static final class SchemaHistory {
        private SchemaHistory() {}

        static List<Schema> olderVersionsOf(final Schema schema) {
            final String index = "avro/history/" + schema.getName() + "/versions";
            try (InputStream in = AvroSerde.class.getClassLoader().getResourceAsStream(index)) {
                if (in == null) return List.of();
                return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                        .lines()
                        .map(String::trim)
                        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                        .map(file -> parse("avro/history/" + schema.getName() + "/" + file))
                        .toList();
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static Schema parse(final String resource) {
            try (InputStream in = AvroSerde.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) throw new IllegalStateException("missing schema resource " + resource);
                return new Schema.Parser().parse(in);
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
