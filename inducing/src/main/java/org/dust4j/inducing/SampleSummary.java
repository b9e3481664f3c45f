package org.dust4j.inducing;

import java.util.Arrays;

/**
 * Per-element statistics of posterior samples: mean, standard deviation (with the 1/(S − 1) normalisation) and
 * the 16th, 50th and 84th percentiles (linear interpolation between order statistics, numpy's default). Elements
 * without samples (e.g. stars outside the grid) hold NaN.
 *
 * @param mean mean of the samples
 * @param std  sample standard deviation
 * @param p16  16th percentile
 * @param p50  median
 * @param p84  84th percentile
 */
public record SampleSummary(double[] mean, double[] std, double[] p16, double[] p50, double[] p84) {
    /** Checks equal lengths (arrays are taken over as they are). */
    public SampleSummary {
        int n = mean.length;
        if (std.length != n || p16.length != n || p50.length != n || p84.length != n) {
            throw new IllegalArgumentException("all statistics need " + n + " entries");
        }
    }

    /** A summary of n elements, all NaN. */
    static SampleSummary empty(int n) {
        double[][] a = new double[5][n];
        for (double[] x : a) {
            Arrays.fill(x, Double.NaN);
        }
        return new SampleSummary(a[0], a[1], a[2], a[3], a[4]);
    }

    /** Number of elements. */
    public int size() {
        return mean.length;
    }

    /**
     * Sets element {@code at} from {@code count} samples held in {@code samples} from {@code from} on; sorts that
     * range in place.
     */
    void set(int at, double[] samples, int from, int count) {
        double sum = 0;
        for (int s = 0; s < count; s++) {
            sum += samples[from + s];
        }
        double mu = sum / count;
        double ss = 0;
        for (int s = 0; s < count; s++) {
            double d = samples[from + s] - mu;
            ss += d * d;
        }
        Arrays.sort(samples, from, from + count);
        mean[at] = mu;
        std[at] = count > 1 ? Math.sqrt(ss / (count - 1)) : 0;
        p16[at] = percentile(samples, from, count, 16);
        p50[at] = percentile(samples, from, count, 50);
        p84[at] = percentile(samples, from, count, 84);
    }

    /** The p-th percentile of sorted values, interpolated linearly between order statistics. */
    static double percentile(double[] sorted, int from, int count, double p) {
        double pos = p / 100 * (count - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, count - 1);
        double f = pos - lo;
        return sorted[from + lo] + f * (sorted[from + hi] - sorted[from + lo]);
    }
}
