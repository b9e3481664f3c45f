package org.dust4j.mgvi.dust;

/**
 * The running mean and standard deviation of a vector over samples, by Welford's algorithm in double
 * (δ = y − m, m ← m + δ/i, M₂ ← M₂ + δ (y − m)): only m and M₂ are held, whatever the number of samples. The
 * standard deviation is √(M₂/(n − 1)), the unbiased sample variance, as {@link org.dust4j.mgvi.PosteriorStatistics}.
 */
public final class SampleMoments {
    private final double[] mean;
    private final double[] m2;
    private int count;

    /** Moments of vectors of {@code size} values. */
    public SampleMoments(int size) {
        this.mean = new double[size];
        this.m2 = new double[size];
    }

    /** Adds one sample (its length must be the size). */
    public void add(double[] y) {
        if (y.length != mean.length) {
            throw new IllegalArgumentException("a sample must have " + mean.length + " values, got " + y.length);
        }
        count++;
        for (int k = 0; k < y.length; k++) {
            double d = y[k] - mean[k];
            mean[k] += d / count;
            m2[k] += d * (y[k] - mean[k]);
        }
    }

    /** The number of samples added. */
    public int count() {
        return count;
    }

    /** The sample mean (a copy; zeros before any sample). */
    public double[] mean() {
        return mean.clone();
    }

    /** √(M₂/(n − 1)) (a new array; zeros for fewer than two samples). */
    public double[] std() {
        double[] s = new double[mean.length];
        if (count > 1) {
            for (int k = 0; k < s.length; k++) {
                s[k] = Math.sqrt(m2[k] / (count - 1));
            }
        }
        return s;
    }
}
