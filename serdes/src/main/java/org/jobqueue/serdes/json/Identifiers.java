package org.jobqueue.serdes.json;

/**
 * The limits of the fields that name things: they end up in store keys (where a NUL would end a prefix early), job
 * keys, topic names, metric labels and log lines. A value over its limit, or holding a control character (C0, DEL or
 * C1), makes its event invalid.
 */
public enum Identifiers {
    TYPE("$.type", 128),
    DATABASE("$.database", 64),
    EVENT_ID("$.meta.id", 128),
    SHA1("$.sha1", 128),
    ROOT_SIGNATURE("$.root_event.signature", 128),
    LINK_TABLE("$.table", 64),
    /** MediaWiki's own limit for a title is 255 bytes; the characters are counted here, which is never more. */
    TITLE("title", 255);

    private final String path;
    private final int maxChars;

    Identifiers(final String path, final int maxChars) {
        this.path = path;
        this.maxChars = maxChars;
    }

    public int maxChars() {
        return maxChars;
    }

    /** Returns {@code value} when it is within this field's limits (null passes), or rejects the event with why. */
    String check(final String value) {
        if (value == null) return null;
        if (value.length() > maxChars) {
            throw new RejectedEventException(
                    path + " is too long: " + value.length() + " characters, the limit is " + maxChars);
        }
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                throw new RejectedEventException(
                        String.format("%s holds the control character U+%04X at index %d", path, (int) c, i));
            }
        }
        return value;
    }

    /** A database name within its limits and without {@code |}, which separates the parts of job and root keys. */
    static String checkDatabase(final String database) {
        DATABASE.check(database);
        final int bar = database.indexOf('|');
        if (bar >= 0) throw new RejectedEventException("$.database holds '|' at index " + bar);
        return database;
    }
}
