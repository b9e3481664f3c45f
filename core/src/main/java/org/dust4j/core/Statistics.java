package org.dust4j.core;

import java.util.Arrays;

/**
 * Summary statistics of plain arrays, shared by the validation metrics of the reconstruction methods, the demo and
 * the benchmarks.
 */
public final class Statistics {
    private Statistics() {
    }

    /** The median of {@code values} (the mean of the two middle values for an even count; NaN when empty). */
    public static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
    }

    /**
     * The Pearson correlation of x and y (NaN when either is constant or both are empty).
     *
     * @throws IllegalArgumentException if the lengths differ
     */
    public static double correlation(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("correlation of arrays of different lengths: " + x.length + " and "
                    + y.length);
        }
        double mx = Arrays.stream(x).average().orElse(Double.NaN);
        double my = Arrays.stream(y).average().orElse(Double.NaN);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }
}
