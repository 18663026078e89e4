package org.jobqueue.serdes.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jobqueue.serdes.json.Fixtures.CDN_PURGE;
import static org.jobqueue.serdes.json.Fixtures.HTML_CACHE_UPDATE;
import static org.jobqueue.serdes.json.Fixtures.LEAF_WITH_PAGES;
import static org.jobqueue.serdes.json.Fixtures.REFRESH_LINKS;
import static org.jobqueue.serdes.json.Fixtures.bytes;
import static org.jobqueue.serdes.json.Fixtures.edited;
import static org.jobqueue.serdes.json.Fixtures.removing;
import static org.jobqueue.serdes.json.Fixtures.setting;
import static org.jobqueue.serdes.json.Fixtures.settingText;
import static org.jobqueue.serdes.json.Fixtures.text;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.jobqueue.schemas.Job;
import org.jobqueue.schemas.RootEvent;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JobEventParserTest {
    private static final int LIMIT = 64 * 1024;
    private static final String TOPIC = "eqiad.mediawiki.job.refreshLinks";

    private final JobEventParser parser = new JobEventParser(LIMIT);

    private static long millis(final String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    private Job validJob(final byte[] value) {
        final ParseResult result = parser.parse(value, TOPIC);
        assertThat(result).isInstanceOf(ParseResult.Valid.class);
        return ((ParseResult.Valid) result).job();
    }

    private String invalidReason(final byte[] value) {
        final ParseResult result = parser.parse(value, TOPIC);
        assertThat(result).isInstanceOf(ParseResult.Invalid.class);
        final String reason = ((ParseResult.Invalid) result).reason();
        assertThat(reason).hasSizeLessThanOrEqualTo(300).doesNotContain("\n", "\r");
        return reason;
    }

    @Nested
    class ValidEvents {
        @Test
        void shouldBuildJobOfRefreshLinksWithSha1() {
            // Given
            final byte[] value = bytes(REFRESH_LINKS);

            // When
            final Job job = validJob(value);

            // Then
            assertThat(job.getEventId()).isEqualTo("9a7e31c4-55d2-4f0b-8c6e-2b1f4d8a3e90");
            assertThat(job.getJobKey()).isEqualTo("dewiki|sha1|3f2a9c1d8e7b6a5f4c3d2e1f0a9b8c7d6e5f4a3b");
            assertThat(job.getDatabase()).isEqualTo("dewiki");
            assertThat(job.getType()).isEqualTo("refreshLinks");
            assertThat(job.getSha1()).isEqualTo("3f2a9c1d8e7b6a5f4c3d2e1f0a9b8c7d6e5f4a3b");
            assertThat(job.getCreatedAt()).isEqualTo(millis("2024-05-14T09:21:37Z"));
            assertThat(job.getDelayUntil()).isNull();
            assertThat(job.getRootEvent()).isNull();
            assertThat(job.getWorkItems()).isEqualTo(1);
            assertThat(job.getSourceTopic()).isEqualTo(TOPIC);
            assertThat(job.getEvent()).isEqualTo(text(REFRESH_LINKS));
        }

        @Test
        void shouldBuildRecursiveHtmlCacheUpdateWithRootEventAndNoWorkItems() {
            // Given
            final byte[] value = bytes(HTML_CACHE_UPDATE);

            // When
            final Job job = validJob(value);

            // Then
            assertThat(job.getType()).isEqualTo("htmlCacheUpdate");
            assertThat(job.getCreatedAt()).isEqualTo(millis("2024-05-14T09:22:05.482Z"));
            assertThat(job.getRootEvent())
                    .isEqualTo(
                            new RootEvent("d41f0c9e8b7a6f5e4d3c2b1a09f8e7d6c5b4a392", millis("2024-05-14T09:22:04Z")));
            assertThat(job.getWorkItems()).isZero();
        }

        @Test
        void shouldBuildDelayedCdnPurgeKeyedByEventId() {
            // Given
            final byte[] value = bytes(CDN_PURGE);

            // When
            final Job job = validJob(value);

            // Then
            assertThat(job.getCreatedAt()).isEqualTo(millis("2024-05-14T09:23:11Z"));
            assertThat(job.getDelayUntil()).isEqualTo(millis("2024-05-14T09:23:21Z"));
            assertThat(job.getSha1()).isNull();
            assertThat(job.getJobKey()).isEqualTo("eswiki|id|1c9f7e3a-6b2d-4e8f-9a0b-c1d2e3f4a5b6");
            assertThat(job.getWorkItems()).isEqualTo(1);
        }

        @Test
        void shouldCountThePagesOfALeafAndDeriveItsIdFromItsBytes() {
            // Given
            final byte[] value = bytes(LEAF_WITH_PAGES);

            // When
            final Job job = validJob(value);

            // Then
            final String derivedId = UUID.nameUUIDFromBytes(value).toString();
            assertThat(job.getWorkItems()).isEqualTo(3);
            assertThat(job.getEventId()).isEqualTo(derivedId);
            assertThat(job.getJobKey()).isEqualTo("itwiki|id|" + derivedId);
            assertThat(job.getCreatedAt()).isEqualTo(millis("2024-05-14T09:24:42.073Z"));
            assertThat(job.getRootEvent().getDt()).isEqualTo(millis("2024-05-14T09:24:30Z"));
        }

        @Test
        void shouldAcceptTheSmallestValidEvent() {
            // Given
            final byte[] value = ("{\"$schema\":\"/mediawiki/job/1.0.0\",\"database\":\"testwiki\",\"type\":\"null\","
                            + "\"meta\":{\"dt\":\"2024-01-01T00:00:00Z\",\"stream\":\"mediawiki.job.null\"}}")
                    .getBytes(StandardCharsets.UTF_8);

            // When
            final Job job = validJob(value);

            // Then
            assertThat(job.getJobKey()).isEqualTo("testwiki|id|" + UUID.nameUUIDFromBytes(value));
            assertThat(job.getWorkItems()).isEqualTo(1);
            assertThat(job.getRootEvent()).isNull();
        }

        @ParameterizedTest
        @CsvSource({
            "2024-05-14T09:21:37Z, 2024-05-14T09:21:37Z",
            "2024-05-14T09:21:37+00:00, 2024-05-14T09:21:37Z",
            "2024-05-14T11:21:37+02:00, 2024-05-14T09:21:37Z",
            "2024-05-14T04:21:37-05:00, 2024-05-14T09:21:37Z",
            "2024-05-14T09:21:37.5Z, 2024-05-14T09:21:37.500Z",
            "2024-05-14T09:21:37.123456789Z, 2024-05-14T09:21:37.123Z",
            "2024-05-14t09:21:37z, 2024-05-14T09:21:37Z"
        })
        void shouldReadDateTimesWithAnyOffsetAndFraction(final String dt, final String expected) {
            // Given
            final byte[] value = edited(REFRESH_LINKS, setting("meta.dt", "\"" + dt + "\""));

            // When
            final Job job = validJob(value);

            // Then
            assertThat(job.getCreatedAt()).isEqualTo(millis(expected));
        }

        @Test
        void shouldKeepTheEventByteForByte() {
            // Given
            final String unusual =
                    "{ \"type\" : \"refreshLinks\",\n\t\"database\":\"zhwiki\", \"$schema\":\"/mediawiki/job/1.0.0\","
                            + "\"meta\":{\"stream\":\"mediawiki.job.refreshLinks\",\"dt\":\"2024-05-14T09:21:37Z\"},"
                            + "\"params\":{\"title\":\"\\u667a\\u5229\",\"raw\":\"智利 🇨🇱\",\"ratio\":1.50e2,\"n\":-0}}  \n";
            final byte[] value = unusual.getBytes(StandardCharsets.UTF_8);

            // When
            final Job job = validJob(value);

            // Then
            assertThat(job.getEvent().getBytes(StandardCharsets.UTF_8)).isEqualTo(value);
        }

        @Test
        void shouldAcceptAnEventOfExactlyTheLimit() {
            // Given
            final byte[] value = bytes(REFRESH_LINKS);
            final JobEventParser tight = new JobEventParser(value.length);

            // When
            final ParseResult result = tight.parse(value, TOPIC);

            // Then
            assertThat(result).isInstanceOf(ParseResult.Valid.class);
        }
    }

    @Nested
    class DerivedFields {
        @Test
        void shouldDeriveTheSameIdFromTheSameBytes() {
            // Given
            final byte[] value = edited(CDN_PURGE, removing("meta.id"));

            // When
            final Job first = validJob(value);
            final Job replay = validJob(value.clone());

            // Then
            assertThat(first.getEventId()).isEqualTo(replay.getEventId());
            assertThat(first.getJobKey()).isEqualTo(replay.getJobKey());
        }

        @Test
        void shouldDeriveDifferentIdsFromDifferentBytes() {
            // Given
            final byte[] value = edited(CDN_PURGE, removing("meta.id"));
            final byte[] reformatted =
                    (new String(value, StandardCharsets.UTF_8) + " ").getBytes(StandardCharsets.UTF_8);

            // When
            final Job job = validJob(value);
            final Job other = validJob(reformatted);

            // Then
            assertThat(job.getEventId()).isNotEqualTo(other.getEventId());
        }

        @Test
        void shouldDeriveTheIdWhenMetaIdIsEmpty() {
            // Given
            final byte[] value = edited(CDN_PURGE, setting("meta.id", "\"\""));

            // When
            final Job job = validJob(value);

            // Then
            assertThat(job.getEventId()).isEqualTo(UUID.nameUUIDFromBytes(value).toString());
        }

        @Test
        void shouldKeyBySha1WhenPresent() {
            // Given
            final byte[] value = edited(CDN_PURGE, setting("sha1", "\"0123456789abcdef0123456789abcdef01234567\""));

            // When
            final Job job = validJob(value);

            // Then
            assertThat(job.getJobKey()).isEqualTo("eswiki|sha1|0123456789abcdef0123456789abcdef01234567");
        }

        @Test
        void shouldKeyByEventIdWhenSha1IsEmpty() {
            // Given
            final byte[] value = edited(REFRESH_LINKS, setting("sha1", "\"\""));

            // When
            final Job job = validJob(value);

            // Then
            assertThat(job.getJobKey()).isEqualTo("dewiki|id|9a7e31c4-55d2-4f0b-8c6e-2b1f4d8a3e90");
            assertThat(job.getSha1()).isNull();
        }

        @ParameterizedTest
        @CsvSource(
                delimiter = '|',
                value = {
                    "{\"recursive\": true, \"pages\": {\"1\": [0, \"A\"]}} | 0",
                    "{\"recursive\": false, \"pages\": {\"1\": [0, \"A\"], \"2\": [0, \"B\"]}} | 2",
                    "{\"recursive\": \"true\"} | 1",
                    "{\"pages\": {}} | 0",
                    "{\"pages\": [[0, \"A\"], [0, \"B\"]]} | 1",
                    "{} | 1"
                })
        void shouldCountWorkItemsFromParams(final String params, final int expected) {
            // Given
            final byte[] value = edited(REFRESH_LINKS, setting("params", params));

            // When
            final Job job = validJob(value);

            // Then
            assertThat(job.getWorkItems()).isEqualTo(expected);
        }

        @Test
        void shouldCountOneWorkItemWithoutParams() {
            // Given
            final byte[] value = edited(REFRESH_LINKS, removing("params"));

            // When
            final Job job = validJob(value);

            // Then
            assertThat(job.getWorkItems()).isEqualTo(1);
        }
    }

    @Nested
    class SchemaViolations {
        @ParameterizedTest
        @ValueSource(
                strings = {
                    "$schema",
                    "database",
                    "meta",
                    "type",
                    "meta.dt",
                    "meta.stream",
                    "root_event.dt",
                    "root_event.signature"
                })
        void shouldRejectAMissingRequiredField(final String path) {
            // Given
            final byte[] value = edited(HTML_CACHE_UPDATE, removing(path));

            // When
            final String reason = invalidReason(value);

            // Then
            assertThat(reason).startsWith("schema: ").contains(path.substring(path.lastIndexOf('.') + 1));
        }

        @ParameterizedTest
        @CsvSource(
                delimiter = '|',
                value = {
                    "$schema | 1 | $['$schema']",
                    "database | 42 | $.database",
                    "type | true | $.type",
                    "meta | \"meta\" | $.meta",
                    "meta.id | 7 | $.meta.id",
                    "meta.dt | 1715678497 | $.meta.dt",
                    "meta.stream | null | $.meta.stream",
                    "meta.domain | [] | $.meta.domain",
                    "params | [1, 2] | $.params",
                    "params | \"{}\" | $.params",
                    "page_namespace | \"0\" | $.page_namespace",
                    "page_namespace | 0.5 | $.page_namespace",
                    "page_namespace | 9007199254740992 | $.page_namespace",
                    "sha1 | {} | $.sha1",
                    "delay_until | 1715678507 | $.delay_until",
                    "root_event | \"d41f0c9e\" | $.root_event",
                    "root_event.signature | 12 | $.root_event.signature",
                    "mediawiki_signature | false | $.mediawiki_signature"
                })
        void shouldRejectAFieldOfTheWrongType(final String path, final String value, final String location) {
            // Given
            final byte[] event = edited(HTML_CACHE_UPDATE, setting(path, value));

            // When
            final String reason = invalidReason(event);

            // Then
            assertThat(reason).startsWith("schema: ").contains(location);
        }

        @ParameterizedTest
        @ValueSource(strings = {"database", "meta.stream", "meta.domain", "page_title"})
        void shouldRejectAnEmptyStringWhereOneCharacterIsRequired(final String path) {
            // Given
            final byte[] event = edited(REFRESH_LINKS, setting(path, "\"\""));

            // When
            final String reason = invalidReason(event);

            // Then
            assertThat(reason).startsWith("schema: ").contains("$." + path);
        }

        @Test
        void shouldRejectAnEmptyType() {
            // Given
            final byte[] event = edited(REFRESH_LINKS, setting("type", "\"\""));

            // When
            final String reason = invalidReason(event);

            // Then
            assertThat(reason).isEqualTo("type is empty");
        }

        @ParameterizedTest
        @CsvSource({
            "meta.dt, 2024-05-14 09:21:37",
            "meta.dt, 2024-05-14T09:21:37",
            "meta.dt, 20240514092137",
            "meta.dt, 2024-13-01T00:00:00Z",
            "meta.dt, 2024-02-30T00:00:00Z",
            "meta.dt, 2024-05-14T25:00:00Z",
            "meta.dt, 2024-05-14T09:21:37+0200",
            "meta.dt, yesterday",
            "delay_until, 1715678507",
            "delay_until, 2024-05-14",
            "root_event.dt, 20240514092204"
        })
        void shouldRejectABadDateTime(final String path, final String dt) {
            // Given
            final byte[] event = edited(HTML_CACHE_UPDATE, setting(path, "\"" + dt + "\""));

            // When
            final String reason = invalidReason(event);

            // Then
            assertThat(reason).contains("$." + path);
        }

        @Test
        void shouldRejectADateTimeLongerThan128Characters() {
            // Given
            final String dt = "2024-05-14T09:21:37." + "1".repeat(120) + "Z";
            final byte[] event = edited(REFRESH_LINKS, setting("meta.dt", "\"" + dt + "\""));

            // When
            final String reason = invalidReason(event);

            // Then
            assertThat(reason).startsWith("schema: ").contains("$.meta.dt");
        }

        @Test
        void shouldRejectALeapSecondThatJavaTimeCannotRead() {
            // Given
            final byte[] event = edited(REFRESH_LINKS, setting("meta.dt", "\"2016-12-31T23:59:60Z\""));

            // When
            final String reason = invalidReason(event);

            // Then
            assertThat(reason).startsWith("date-time: $.meta.dt cannot be read: ");
        }

        @Test
        void shouldRejectAMetaUriThatIsNoUriReference() {
            // Given
            final byte[] event =
                    edited(REFRESH_LINKS, setting("meta.uri", "\"https://de.wikipedia.org/wiki/K%ZZ dom\""));

            // When
            final String reason = invalidReason(event);

            // Then
            assertThat(reason).startsWith("schema: ").contains("$.meta.uri");
        }

        @Test
        void shouldJoinEveryViolationOnOneShortLine() {
            // Given
            final String event = "{\"$schema\":1,\"database\":\"\",\"type\":2,\"page_namespace\":\"x\",\"params\":[],"
                    + "\"delay_until\":\"soon\",\"meta\":{\"dt\":\"then\",\"stream\":\"\",\"uri\":\"a b\\nc\"}}";

            // When
            final String reason = invalidReason(event.getBytes(StandardCharsets.UTF_8));

            // Then
            assertThat(reason).startsWith("schema: ").contains("; ");
        }
    }

    @Nested
    class BadIdentifiers {
        @ParameterizedTest
        @CsvSource({"type, $.type", "database, $.database", "meta.id, $.meta.id", "sha1, $.sha1"})
        void shouldRejectAControlCharacterInAnIdentifier(final String path, final String location) {
            // Given a NUL, which would end a store key's prefix early
            final byte[] event = edited(REFRESH_LINKS, settingText(path, "refresh\u0000Links"));

            // When
            final String reason = invalidReason(event);

            // Then
            assertThat(reason).isEqualTo(location + " holds the control character U+0000 at index 7");
        }

        @ParameterizedTest
        @CsvSource({"type, 128", "database, 64", "meta.id, 128", "sha1, 128"})
        void shouldRejectAnIdentifierOverItsLimit(final String path, final int limit) {
            // Given
            final byte[] event = edited(REFRESH_LINKS, settingText(path, "a".repeat(limit + 1)));

            // When
            final String reason = invalidReason(event);

            // Then
            assertThat(reason)
                    .isEqualTo("$." + path + " is too long: " + (limit + 1) + " characters, the limit is " + limit);
        }

        @Test
        void shouldAcceptAnIdentifierOfExactlyItsLimit() {
            // Given
            final byte[] event = edited(REFRESH_LINKS, settingText("type", "t".repeat(128)));

            // When
            final Job job = validJob(event);

            // Then
            assertThat(job.getType()).hasSize(128);
        }

        @Test
        void shouldRejectAC1ControlCharacterInARootSignature() {
            // Given
            final byte[] event = edited(HTML_CACHE_UPDATE, settingText("root_event.signature", "sig\u0085"));

            // When
            final String reason = invalidReason(event);

            // Then
            assertThat(reason).isEqualTo("$.root_event.signature holds the control character U+0085 at index 3");
        }

        @Test
        void shouldRejectABarInTheDatabaseName() {
            // Given a name that would make the job key ambiguous
            final byte[] event = edited(REFRESH_LINKS, settingText("database", "enwiki|sha1|x"));

            // When
            final String reason = invalidReason(event);

            // Then
            assertThat(reason).isEqualTo("$.database holds '|' at index 6");
        }
    }

    @Nested
    class Unreadable {
        @Test
        void shouldRejectAnOversizeRecordWithoutParsingIt() {
            // Given
            final JobEventParser small = new JobEventParser(16);
            final byte[] value = "this is not JSON and too long".getBytes(StandardCharsets.UTF_8);

            // When
            final ParseResult result = small.parse(value, TOPIC);

            // Then
            assertThat(result).isEqualTo(new ParseResult.Invalid("too large: 29 bytes, the limit is 16 bytes"));
        }

        @Test
        void shouldRejectAValidEventOverTheLimit() {
            // Given
            final byte[] value = bytes(REFRESH_LINKS);
            final JobEventParser tight = new JobEventParser(value.length - 1);

            // When
            final ParseResult result = tight.parse(value, TOPIC);

            // Then
            assertThat(result)
                    .isEqualTo(new ParseResult.Invalid(
                            "too large: " + value.length + " bytes, the limit is " + (value.length - 1) + " bytes"));
        }

        @Test
        void shouldRejectNull() {
            // When
            final ParseResult result = parser.parse(null, TOPIC);

            // Then
            assertThat(result).isEqualTo(new ParseResult.Invalid("empty record"));
        }

        @Test
        void shouldRejectAnEmptyRecord() {
            // When
            final ParseResult result = parser.parse(new byte[0], TOPIC);

            // Then
            assertThat(result).isEqualTo(new ParseResult.Invalid("empty record"));
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "{\"database\": ",
                    "hello",
                    "{'database': 'enwiki'}",
                    "{\"database\": \"enwiki\"} {}",
                    "{\"n\": NaN}",
                    "   "
                })
        void shouldRejectWhatIsNotJson(final String text) {
            // When
            final String reason = invalidReason(text.getBytes(StandardCharsets.UTF_8));

            // Then
            assertThat(reason).startsWith("not JSON: ");
        }

        @ParameterizedTest
        @CsvSource(
                delimiter = '|',
                value = {"[{\"database\": \"enwiki\"}] | array", "\"enwiki\" | string", "42 | number", "null | null"})
        void shouldRejectJsonThatIsNoObject(final String text, final String kind) {
            // When
            final String reason = invalidReason(text.getBytes(StandardCharsets.UTF_8));

            // Then
            assertThat(reason).isEqualTo("not JSON: expected an object, found " + kind);
        }

        @Test
        void shouldRejectLatin1Bytes() {
            // Given
            final byte[] value = text(REFRESH_LINKS).getBytes(StandardCharsets.ISO_8859_1);

            // When
            final String reason = invalidReason(value);

            // Then
            assertThat(reason).startsWith("not JSON: invalid UTF-8 at byte ");
        }

        @Test
        void shouldRejectUtf16EvenThoughItIsJson() {
            // Given
            final byte[] value = text(CDN_PURGE).getBytes(StandardCharsets.UTF_16LE);

            // When
            final String reason = invalidReason(value);

            // Then
            assertThat(reason).startsWith("not JSON: ");
        }

        @Test
        void shouldRejectAnInvalidByteInsideAString() {
            // Given
            final byte[] value = bytes(CDN_PURGE);
            final int at = new String(value, StandardCharsets.UTF_8).indexOf("Catedral");
            value[at] = (byte) 0xC3;

            // When
            final String reason = invalidReason(value);

            // Then
            assertThat(reason).isEqualTo("not JSON: invalid UTF-8 at byte " + at);
        }

        @Test
        void shouldRejectAMissingSourceTopic() {
            // When
            final ParseResult result = parser.parse(bytes(REFRESH_LINKS), null);

            // Then
            assertThat(result).isInstanceOf(ParseResult.Invalid.class);
        }
    }
}
