package org.dust4j.cli;

import java.math.BigDecimal;
import java.math.MathContext;

/** Numbers in human-readable messages. */
final class Numbers {
    private static final MathContext DIGITS = new MathContext(7);

    private Numbers() {
    }

    /**
     * {@code v} rounded to 7 significant digits, without exponent or trailing zeros below 1e15 in magnitude
     * ("100", "64.73218", "0.0001"); NaN and infinities as Java prints them. For messages and descriptions only:
     * tables keep full precision.
     */
    static String compact(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        BigDecimal d = new BigDecimal(v).round(DIGITS).stripTrailingZeros();
        return Math.abs(v) < 1e15 && (v == 0 || Math.abs(v) >= 1e-6) ? d.toPlainString() : d.toString();
    }
}
