package org.jobqueue.serdes.json;

/** Makes rejection reasons safe for a record header: a single line, at most {@link #MAX_CHARS} characters. */
public final class Reasons {
    public static final int MAX_CHARS = 300;
    private static final String ELLIPSIS = "...";

    private Reasons() {}

    public static String oneLine(final String reason) {
        final String text = reason == null ? "unknown" : reason;
        final StringBuilder line = new StringBuilder(Math.min(text.length(), MAX_CHARS));
        for (int i = 0; i < text.length() && line.length() < MAX_CHARS + 1; i++) {
            final char c = text.charAt(i);
            line.append(isLineBreaking(c) ? ' ' : c);
        }
        return line.length() <= MAX_CHARS ? line.toString() : truncated(line);
    }

    private static boolean isLineBreaking(final char c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
    }

    private static String truncated(final StringBuilder line) {
        final int kept = MAX_CHARS - ELLIPSIS.length();
        final int end = Character.isHighSurrogate(line.charAt(kept - 1)) ? kept - 1 : kept;
        return line.substring(0, end) + ELLIPSIS;
    }
}
