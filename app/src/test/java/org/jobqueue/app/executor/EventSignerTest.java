package org.jobqueue.app.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EventSignerTest {
    private static final String SECRET = "wgSecretKey-ünï";

    @Test
    void shouldSignTheCompactJsonOfTheEvent() throws Exception {
        // Given an event written with spaces, slashes, non-ASCII text, an emoji, an empty array and nested objects
        final String event = "{ \"$schema\": \"/mediawiki/job/1.0.0\",\n"
                + "  \"meta\": { \"uri\": \"https://de.wikipedia.org/wiki/Z%C3%BCrich\", \"request_id\": \"r-1\" },\n"
                + "  \"database\": \"dewiki\", \"type\": \"refreshLinks\",\n"
                + "  \"params\": { \"title\": \"Zürich/Ärger \uD83D\uDE00\", \"namespace\": 0, \"pages\": [], \"ratio\": 1.5,"
                + " \"flag\": true, \"none\": null } }";

        // When it is signed
        final String body = new EventSigner(SECRET).sign(event);

        // Then the signature is the HMAC-SHA1 of the compact event, added as the last field
        final String compact = "{\"$schema\":\"/mediawiki/job/1.0.0\","
                + "\"meta\":{\"uri\":\"https://de.wikipedia.org/wiki/Z%C3%BCrich\",\"request_id\":\"r-1\"},"
                + "\"database\":\"dewiki\",\"type\":\"refreshLinks\","
                + "\"params\":{\"title\":\"Zürich/Ärger \uD83D\uDE00\",\"namespace\":0,\"pages\":[],\"ratio\":1.5,"
                + "\"flag\":true,\"none\":null}}";
        assertThat(body).isEqualTo(signed(compact));
    }

    @Test
    void shouldIgnoreAndReplaceASignatureTheEventAlreadyCarries() throws Exception {
        // Given an event with a stale signature in the middle
        final String event = "{\"database\":\"dewiki\",\"mediawiki_signature\":\"stale\",\"type\":\"refreshLinks\"}";

        // When
        final String body = new EventSigner(SECRET).sign(event);

        // Then it is signed as if the field were not there, and the field moves to the end
        assertThat(body).isEqualTo(signed("{\"database\":\"dewiki\",\"type\":\"refreshLinks\"}"));
    }

    @Test
    void shouldEscapeStringsLikePhpsJsonEncode() throws Exception {
        // Given text with quotes, a backslash, control characters, HTML metacharacters and the JS line terminators
        final String event = "{\"text\":\"say \\\"hi\\\" \\\\ tab\\tnl\\n\\u0001\\u001F <a href='x'>&amp;</a>"
                + " \\u2028\\u2029 \\u00e9\"}";

        // When
        final String body = new EventSigner(SECRET).sign(event);

        // Then short escapes where JSON has them, lowercase \\u00xx otherwise, U+2028/2029 escaped, the rest raw
        final String compact = "{\"text\":\"say \\\"hi\\\" \\\\ tab\\tnl\\n\\u0001\\u001f <a href='x'>&amp;</a>"
                + " \\u2028\\u2029 é\"}";
        assertThat(body).isEqualTo(signed(compact));
    }

    @Test
    void shouldLeaveTheGivenEventUnchanged() {
        // Given a parsed event
        final var event = EventSigner.parseObject("{\"database\":\"dewiki\"}");

        // When it is signed
        new EventSigner(SECRET).sign(event);

        // Then
        assertThat(event.has(EventSigner.SIGNATURE_FIELD)).isFalse();
    }

    @Test
    void shouldRefuseAnEventThatIsNotAJsonObject() {
        // Given a signer, When given an array or broken JSON, Then
        final EventSigner signer = new EventSigner(SECRET);
        assertThatThrownBy(() -> signer.sign("[1]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the event is not a JSON object");
        assertThatThrownBy(() -> signer.sign("{\"database\":"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the event is not JSON");
    }

    private static String signed(final String compact) throws Exception {
        final String signature = JobCallerTest.hmacSha1(SECRET, compact);
        return compact.substring(0, compact.length() - 1) + ",\"mediawiki_signature\":\"" + signature + "\"}";
    }
}
