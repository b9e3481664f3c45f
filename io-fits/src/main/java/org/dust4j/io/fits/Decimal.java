package org.dust4j.io.fits;

import java.util.regex.Pattern;

/**
 * The decimal numbers that dust4j reads from text (CSV catalogs, point lists, configuration values): an optional sign,
 * digits with an optional decimal point (or a point and digits), and an optional exponent. Java's other forms that
 * {@link Double#parseDouble} would also take ("1.5f", "2d", hexadecimal "0x1p3", "NaN", "Infinity") are not numbers
 * here.
 */
public final class Decimal {
    /** The grammar as a regular expression, for patterns that embed it. */
    public static final String REGEX = "[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?";
    private static final Pattern PATTERN = Pattern.compile(REGEX);

    private Decimal() {
    }

    /** Whether {@code text} (not stripped) is a decimal number. */
    public static boolean matches(String text) {
        return PATTERN.matcher(text).matches();
    }

    /** The value of {@code text} (not stripped) if it is a decimal number (±∞ beyond the double range), else NaN. */
    public static double parseOrNaN(String text) {
        return matches(text) ? Double.parseDouble(text) : Double.NaN;
    }
}
