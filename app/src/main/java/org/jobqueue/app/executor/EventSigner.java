package org.jobqueue.app.executor;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a job event as MediaWiki's EventBus does ({@code EventFactory::signEvent}): {@code mediawiki_signature} is the
 * lowercase hex HMAC-SHA1, keyed by the secret, of the event without that field, serialized like
 * {@code FormatJson::encode($event, false, FormatJson::ALL_OK)}: compact, UTF-8 and slashes unescaped.
 */
public final class EventSigner {
    public static final String SIGNATURE_FIELD = "mediawiki_signature";
    private static final String ALGORITHM = "HmacSHA1";
    private static final ObjectMapper PHP_COMPACT_JSON = phpCompactJson();

    private final SecretKeySpec key;

    public EventSigner(final String secret) {
        Objects.requireNonNull(secret, "secret");
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    /**
     * The body to send for {@code eventJson}: the event as compact JSON with its signature as the last field.
     *
     * @throws IllegalArgumentException when {@code eventJson} is not a JSON object
     */
    public String sign(final String eventJson) {
        return sign(parseObject(eventJson));
    }

    /** The body to send for {@code event} (left unchanged): compact JSON with the signature as the last field. */
    public String sign(final ObjectNode event) {
        final ObjectNode signed = event.deepCopy();
        signed.remove(SIGNATURE_FIELD);
        signed.put(SIGNATURE_FIELD, signature(compact(signed)));
        return compact(signed);
    }

    /** The signature of {@code event}, ignoring any signature it already carries. */
    public String signatureOf(final ObjectNode event) {
        final ObjectNode unsigned = event.deepCopy();
        unsigned.remove(SIGNATURE_FIELD);
        return signature(compact(unsigned));
    }

    /** Whether {@code signature} signs {@code event}, compared in constant time like PHP's {@code hash_equals}. */
    public boolean verifies(final ObjectNode event, final String signature) {
        return MessageDigest.isEqual(
                signatureOf(event).getBytes(StandardCharsets.UTF_8), signature.getBytes(StandardCharsets.UTF_8));
    }

    /** The serialization that is signed: what PHP's {@code json_encode} gives with MediaWiki's options. */
    static String compact(final JsonNode event) {
        try {
            return PHP_COMPACT_JSON.writeValueAsString(event);
        } catch (final JsonProcessingException impossibleForATree) {
            throw new IllegalStateException("a JSON tree could not be written", impossibleForATree);
        }
    }

    static ObjectNode parseObject(final String json) {
        final JsonNode parsed;
        try {
            parsed = PHP_COMPACT_JSON.readTree(json);
        } catch (final JsonProcessingException unparseable) {
            throw new IllegalArgumentException(
                    "the event is not JSON: " + unparseable.getOriginalMessage(), unparseable);
        }
        if (!(parsed instanceof ObjectNode)) throw new IllegalArgumentException("the event is not a JSON object");
        return (ObjectNode) parsed;
    }

    private String signature(final String unsignedJson) {
        return HexFormat.of().formatHex(mac().doFinal(unsignedJson.getBytes(StandardCharsets.UTF_8)));
    }

    private Mac mac() {
        try {
            final Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (final GeneralSecurityException unavailable) {
            throw new IllegalStateException("HMAC-SHA1 is not available", unavailable);
        }
    }

    // Written to a String, not to bytes: Jackson's byte writer escapes surrogate pairs (emoji), PHP writes them raw.
    private static ObjectMapper phpCompactJson() {
        final JsonFactory factory = new JsonFactoryBuilder()
                .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
                .disable(JsonWriteFeature.ESCAPE_FORWARD_SLASHES)
                .disable(JsonWriteFeature.ESCAPE_NON_ASCII)
                .characterEscapes(new PhpLineTerminatorEscapes())
                .build();
        return new ObjectMapper(factory);
    }

    /** JSON's standard escapes, plus U+2028 and U+2029, which PHP's {@code json_encode} escapes even in UTF-8 mode. */
    private static final class PhpLineTerminatorEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private static final SerializableString LINE_SEPARATOR = new SerializedString("\\u2028");
        private static final SerializableString PARAGRAPH_SEPARATOR = new SerializedString("\\u2029");

        @Override
        public int[] getEscapeCodesForAscii() {
            return standardAsciiEscapesForJSON();
        }

        @Override
        public SerializableString getEscapeSequence(final int ch) {
            if (ch == '\u2028') return LINE_SEPARATOR;
            return ch == '\u2029' ? PARAGRAPH_SEPARATOR : null;
        }
    }
}
