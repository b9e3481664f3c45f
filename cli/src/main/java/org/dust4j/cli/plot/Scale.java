package org.dust4j.cli.plot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A linear or logarithmic mapping of data values onto fractions of an axis or a colour bar, with tick positions and
 * labels. Immutable.
 *
 * <p>{@link #fraction(double)} maps {@code min} to 0 and {@code max} to 1 (linearly in the value or in its
 * logarithm) and clips values outside the range to [0, 1]. It returns NaN for values the scale cannot place: NaN,
 * and for a logarithmic scale zero, negative values and infinities, so that a {@link ColorMap} shows them in its NaN
 * colour (as matplotlib's {@code LogNorm} masks them).
 */
public final class Scale {
    /** How values are spaced along the axis. */
    public enum Type {
        /** Equal value differences take equal lengths. */
        LINEAR,
        /** Equal value ratios take equal lengths; only positive values can be placed. */
        LOG
    }

    private final Type type;
    private final double min;
    private final double max;
    private final double lo;
    private final double span;

    private Scale(Type type, double min, double max) {
        this.type = type;
        this.min = min;
        this.max = max;
        this.lo = type == Type.LOG ? Math.log10(min) : min;
        this.span = (type == Type.LOG ? Math.log10(max) : max) - lo;
    }

    /**
     * A linear scale from {@code min} to {@code max}.
     *
     * @throws IllegalArgumentException unless both are finite and min &lt; max
     */
    public static Scale linear(double min, double max) {
        if (!Double.isFinite(min) || !Double.isFinite(max) || !(min < max)) {
            throw new IllegalArgumentException("a linear scale needs finite min < max, got min = " + min
                    + ", max = " + max);
        }
        return new Scale(Type.LINEAR, min, max);
    }

    /**
     * A logarithmic scale from {@code min} to {@code max}.
     *
     * @throws IllegalArgumentException unless 0 &lt; min &lt; max &lt; ∞
     */
    public static Scale log(double min, double max) {
        if (!(min > 0) || !Double.isFinite(max) || !(min < max)) {
            throw new IllegalArgumentException("a logarithmic scale needs 0 < min < max < infinity, got min = " + min
                    + ", max = " + max);
        }
        return new Scale(Type.LOG, min, max);
    }

    /**
     * A scale of the given type from min to max; when min == max (constant data) the range is widened around the
     * value (by ±10 %, or ±1 for 0, on a linear scale; by a factor 2 each way on a logarithmic one).
     */
    public static Scale of(Type type, double min, double max) {
        if (min == max && Double.isFinite(min)) {
            if (type == Type.LOG) {
                return log(min / 2, min * 2);
            }
            double d = min == 0 ? 1 : Math.abs(min) * 0.1;
            return linear(min - d, max + d);
        }
        return type == Type.LOG ? log(min, max) : linear(min, max);
    }

    /**
     * A linear scale over the finite values' range.
     *
     * @throws IllegalArgumentException if no value is finite
     */
    public static Scale linearOf(double[] values) {
        return percentiles(Type.LINEAR, values, 0, 100);
    }

    /**
     * A logarithmic scale over the range of the finite positive values (others are ignored).
     *
     * @throws IllegalArgumentException if no value is finite and positive
     */
    public static Scale logOf(double[] values) {
        return percentiles(Type.LOG, values, 0, 100);
    }

    /**
     * A scale from the {@code lowPercent} to the {@code highPercent} percentile of the values the type can place
     * (finite values; finite positive ones for a logarithmic scale), interpolated linearly between order statistics
     * as numpy's default percentile. Robust colour ranges for maps with outliers use e.g. 1 and 99.
     *
     * @throws IllegalArgumentException if the percentiles are not 0 ≤ low &lt; high ≤ 100 or no value can be placed
     */
    public static Scale percentiles(Type type, double[] values, double lowPercent, double highPercent) {
        if (!(lowPercent >= 0 && lowPercent < highPercent && highPercent <= 100)) {
            throw new IllegalArgumentException("percentiles must satisfy 0 <= low < high <= 100, got low = "
                    + lowPercent + ", high = " + highPercent);
        }
        if (lowPercent == 0 && highPercent == 100) {
            double[] range = range(type, values);
            return of(type, range[0], range[1]);
        }
        double[] usable = usable(type, values);
        return of(type, percentile(usable, lowPercent), percentile(usable, highPercent));
    }

    /**
     * A linear scale symmetric about zero, [−m, m] with m the largest finite |value|, for residuals shown with a
     * diverging map such as {@link ColorMap#rdBu()}; [−1, 1] if every finite value is zero.
     *
     * @throws IllegalArgumentException if no value is finite
     */
    public static Scale symmetric(double[] values) {
        double[] range = range(Type.LINEAR, values);
        double m = Math.max(Math.abs(range[0]), Math.abs(range[1]));
        return m > 0 ? linear(-m, m) : linear(-1, 1);
    }

    /** The spacing type. */
    public Type type() {
        return type;
    }

    /** The value at fraction 0. */
    public double min() {
        return min;
    }

    /** The value at fraction 1. */
    public double max() {
        return max;
    }

    /** The length of the range in the scale's own units: max − min, or log10(max / min) on a logarithmic scale. */
    double extent() {
        return span;
    }

    /** Whether the scale can place {@code value} (finite, and positive on a logarithmic scale). */
    public boolean accepts(double value) {
        return placeable(type, value);
    }

    /** The fraction of {@code value} clipped to [0, 1], or NaN where the scale cannot place it. */
    public double fraction(double value) {
        double f = unclippedFraction(value);
        return f < 0 ? 0 : f > 1 ? 1 : f;
    }

    /**
     * The fraction of {@code value} without clipping (values outside the range give fractions outside [0, 1]), or
     * NaN where the scale cannot place it; ±∞ map to ±∞ on a linear scale.
     */
    public double unclippedFraction(double value) {
        if (type == Type.LOG) {
            return value > 0 && value < Double.POSITIVE_INFINITY ? (Math.log10(value) - lo) / span : Double.NaN;
        }
        return (value - lo) / span;
    }

    /** The value at fraction {@code f} (not clipped). */
    public double valueAt(double f) {
        double v = lo + f * span;
        return type == Type.LOG ? Math.pow(10, v) : v;
    }

    /**
     * Tick values inside [min, max], at most about {@code maxTicks} of them (at least 2 where the range allows):
     * multiples of 1, 2 or 5 × 10^k on a linear scale; powers of ten (every k-th decade when there are many, with
     * 2× and 5× multiples when there are few) on a logarithmic one.
     */
    public double[] ticks(int maxTicks) {
        int n = Math.max(2, maxTicks);
        if (type == Type.LINEAR) {
            return linearTicks(min, max, n);
        }
        double[] t = logTicks(n);
        return t.length >= 2 ? t : linearTicks(min, max, n);
    }

    /** A short label for tick {@code value} among {@code ticks} (same number of decimals for all of them). */
    public String label(double value, double[] ticks) {
        return format(value, ticks);
    }

    @Override
    public String toString() {
        return "Scale[" + type + " " + min + " .. " + max + "]";
    }

    // ------------------------------------------------------------------ helpers

    private double[] logTicks(int n) {
        int d0 = (int) Math.ceil(Math.log10(min) - 1e-9);
        int d1 = (int) Math.floor(Math.log10(max) + 1e-9);
        int decades = d1 - d0 + 1;
        List<Double> out = new ArrayList<>();
        if (decades >= 3 || decades >= n) {
            int step = Math.max(1, (int) Math.ceil((double) decades / n));
            for (int d = d0; d <= d1; d++) {
                if (Math.floorMod(d, step) == 0) {
                    out.add(Math.pow(10, d));
                }
            }
            if (out.size() < 2) {
                out.clear();
                for (int d = d0; d <= d1; d += step) {
                    out.add(Math.pow(10, d));
                }
            }
        } else {
            double[] mantissas = decades + 1 >= n / 2 ? new double[] {1} : decades >= 1 ? new double[] {1, 2, 5}
                    : new double[] {1, 2, 3, 5};
            for (int d = d0 - 1; d <= d1; d++) {
                for (double m : mantissas) {
                    double v = m * Math.pow(10, d);
                    if (v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9)) {
                        out.add(v);
                    }
                }
            }
            if (out.size() > n) {
                out.removeIf(v -> Math.abs(Math.log10(v) - Math.rint(Math.log10(v))) > 1e-9);
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * Multiples of the smallest 1, 2 or 5 × 10^k step that leaves at most n ticks in [min, max], or of the largest
     * step that leaves 2 when that one leaves fewer.
     */
    private static double[] linearTicks(double min, double max, int n) {
        double step = niceStep((max - min) / (n + 1));
        while (count(min, max, step) > n) {
            step = niceStep(step * 1.0001); // the next larger of 1, 2, 5 × 10^k
        }
        while (count(min, max, step) < 2) {
            step = niceStep(step / 2.6); // the next smaller
        }
        // tick k·step computed as k·m / 10^-e (or k·m·10^e) so that e.g. 3 × 0.2 comes out as 0.6
        int e = (int) Math.floor(Math.log10(step) + 1e-9);
        double m = Math.rint(step / Math.pow(10, e));
        double p = Math.pow(10, Math.abs(e));
        long k0 = (long) Math.ceil(min / step - 1e-9);
        long k1 = (long) Math.floor(max / step + 1e-9);
        double[] out = new double[(int) Math.max(0, k1 - k0 + 1)];
        for (long k = k0; k <= k1; k++) {
            out[(int) (k - k0)] = e < 0 ? k * m / p : k * m * p;
        }
        return out;
    }

    private static long count(double min, double max, double step) {
        return (long) Math.floor(max / step + 1e-9) - (long) Math.ceil(min / step - 1e-9) + 1;
    }

    /** The smallest of 1, 2, 5 × 10^k that is ≥ raw. */
    private static double niceStep(double raw) {
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double r = raw / mag;
        double m = r <= 1 + 1e-9 ? 1 : r <= 2 + 1e-9 ? 2 : r <= 5 + 1e-9 ? 5 : 10;
        return m * mag;
    }

    private String format(double value, double[] ticks) {
        double largest = 0;
        double smallest = Double.POSITIVE_INFINITY;
        for (double t : ticks) {
            largest = Math.max(largest, Math.abs(t));
            if (t != 0) {
                smallest = Math.min(smallest, Math.abs(t));
            }
        }
        boolean powers = type == Type.LOG ? largest > 1000 || smallest < 0.01 : largest >= 1e5 || largest < 1e-3;
        if (powers) {
            return value == 0 ? "0" : powerOfTen(value);
        }
        // a linear axis prints all ticks with the same decimals; a logarithmic one each as short as it can be
        int decimals = decimalsNeeded(value);
        if (type == Type.LINEAR) {
            for (double t : ticks) {
                decimals = Math.max(decimals, decimalsNeeded(t));
            }
        }
        return minus(String.format(Locale.ROOT, "%." + decimals + "f", value));
    }

    /** Decimals needed to print t exactly (up to 6). */
    private static int decimalsNeeded(double t) {
        for (int d = 0; d < 6; d++) {
            double scaled = t * Math.pow(10, d);
            if (Math.abs(scaled - Math.rint(scaled)) < 1e-6 * Math.max(1, Math.abs(scaled))) {
                return d;
            }
        }
        return 6;
    }

    /** "10⁻³", "2×10⁵", "1.5×10⁶" (Unicode superscripts, which the logical fonts render), each as short as exact. */
    private static String powerOfTen(double value) {
        int exp = exponent(value);
        double mant = value / Math.pow(10, exp);
        String m = String.format(Locale.ROOT, "%." + Math.min(decimalsNeeded(mant), 3) + "f", mant);
        String power = "10" + superscript(exp);
        return minus(m.equals("1") ? power : m.equals("-1") ? "-" + power : m + "\u00d7" + power);
    }

    private static int exponent(double v) {
        int e = (int) Math.floor(Math.log10(Math.abs(v)));
        double m = Math.abs(v) / Math.pow(10, e);
        return m >= 10 - 1e-9 ? e + 1 : m < 1 - 1e-9 ? e - 1 : e;
    }

    private static String superscript(int exp) {
        String digits = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079";
        StringBuilder sb = new StringBuilder();
        if (exp < 0) {
            sb.append('\u207b');
        }
        for (char c : Integer.toString(Math.abs(exp)).toCharArray()) {
            sb.append(digits.charAt(c - '0'));
        }
        return sb.toString();
    }

    /** Typographic minus sign instead of the hyphen. */
    static String minus(String s) {
        return s.replace('-', '\u2212');
    }

    /** The values a scale of the type can place, sorted. */
    private static double[] usable(Type type, double[] values) {
        double[] out = new double[values.length];
        int n = 0;
        for (double v : values) {
            if (placeable(type, v)) {
                out[n++] = v;
            }
        }
        if (n == 0) {
            throw nothingToRange(type, values.length);
        }
        double[] sorted = Arrays.copyOf(out, n);
        Arrays.sort(sorted);
        return sorted;
    }

    /** {min, max} of the values a scale of the type can place. */
    private static double[] range(Type type, double[] values) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (placeable(type, v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (lo > hi) {
            throw nothingToRange(type, values.length);
        }
        return new double[] {lo, hi};
    }

    private static boolean placeable(Type type, double v) {
        return Double.isFinite(v) && (type == Type.LINEAR || v > 0);
    }

    private static IllegalArgumentException nothingToRange(Type type, int count) {
        return new IllegalArgumentException("no " + (type == Type.LOG ? "finite positive" : "finite")
                + " value among " + count + " to set a " + type.name().toLowerCase(Locale.ROOT) + " scale from");
    }

    private static double percentile(double[] sorted, double p) {
        double pos = p / 100 * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        if (i >= sorted.length - 1) {
            return sorted[sorted.length - 1];
        }
        double w = pos - i;
        return sorted[i] + w * (sorted[i + 1] - sorted[i]);
    }
}
