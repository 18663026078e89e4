package org.jobqueue.app.stub;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code mediawiki_signature} of a job event, as MediaWiki's EventBus computes it and its job endpoint checks it:
 * lowercase hex HMAC-SHA1, keyed by the secret, over the event without that field written like
 * {@code FormatJson::encode($event, false, FormatJson::ALL_OK)}: compact, with UTF-8 and slashes unescaped.
 */
public final class EventSignature {
    public static final String FIELD = "mediawiki_signature";
    private static final String ALGORITHM = "HmacSHA1";
    private static final ObjectMapper PHP_JSON = phpJson();

    private final SecretKeySpec key;

    public EventSignature(final String secret) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    /** The signature of {@code event}, ignoring any signature it already carries. */
    public String sign(final ObjectNode event) {
        final ObjectNode unsigned = event.deepCopy();
        unsigned.remove(FIELD);
        return HexFormat.of().formatHex(mac().doFinal(compact(unsigned).getBytes(StandardCharsets.UTF_8)));
    }

    /** Whether {@code signature} signs {@code event}, compared in constant time like PHP's {@code hash_equals}. */
    public boolean verifies(final ObjectNode event, final String signature) {
        final byte[] expected = sign(event).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.UTF_8));
    }

    private Mac mac() {
        try {
            final Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA1 is not available", e);
        }
    }

    // To a String, then UTF-8: Jackson's byte writer would escape characters outside the BMP, PHP writes them raw.
    private static String compact(final ObjectNode event) {
        try {
            return PHP_JSON.writeValueAsString(event);
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("A parsed event could not be written back", e);
        }
    }

    private static ObjectMapper phpJson() {
        final JsonFactoryBuilder factory = new JsonFactoryBuilder();
        factory.disable(JsonWriteFeature.ESCAPE_FORWARD_SLASHES);
        factory.disable(JsonWriteFeature.ESCAPE_NON_ASCII);
        factory.disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE);
        factory.characterEscapes(new LineTerminatorEscapes());
        return new ObjectMapper(factory.build());
    }

    /** PHP's {@code json_encode} escapes U+2028 and U+2029 even when it leaves the rest of UTF-8 alone. */
    private static final class LineTerminatorEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;

        @Override
        public int[] getEscapeCodesForAscii() {
            return standardAsciiEscapesForJSON();
        }

        @Override
        public SerializableString getEscapeSequence(final int ch) {
            if (ch == '\u2028') return new SerializedString("\\u2028");
            return ch == '\u2029' ? new SerializedString("\\u2029") : null;
        }
    }
}
