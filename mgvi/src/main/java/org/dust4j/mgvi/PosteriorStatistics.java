package org.dust4j.mgvi;

import java.util.function.IntFunction;

import org.dust4j.core.Backend;
import org.dust4j.core.BinaryOp;
import org.dust4j.core.DType;
import org.dust4j.core.Tensor;
import org.dust4j.core.UnaryOp;
import org.dust4j.core.op.Operator;
import org.dust4j.core.op.Space;

/**
 * The sample mean and standard deviation of a model output f over posterior samples, accumulated in FLOAT64
 * with Welford's algorithm (for each sample y_i = f(x_i): δ = y_i − m, m ← m + δ/i, M₂ ← M₂ + δ ⊙ (y_i − m)), so
 * that only the running mean and M₂ are held, whatever the number of samples. The standard deviation is
 * √(M₂/(n − 1)), the square root of the unbiased sample variance (NIFTy's convention). Owns its two tensors.
 */
public final class PosteriorStatistics implements AutoCloseable {
    private final Tensor mean;
    private final Tensor std;
    private final int samples;

    private PosteriorStatistics(Tensor mean, Tensor std, int samples) {
        this.mean = mean;
        this.std = std;
        this.samples = samples;
    }

    /**
     * The statistics of {@code f} over {@code n} ≥ 2 samples; {@code sample.apply(i)} returns sample i as a new
     * tensor in f's domain, which is closed after use.
     */
    public static PosteriorStatistics of(Operator f, int n, IntFunction<Tensor> sample) {
        if (n < 2) {
            throw new IllegalArgumentException("a standard deviation needs at least 2 samples, got " + n);
        }
        Space out = new Space(DType.FLOAT64, f.target().shape());
        Tensor mean = null;
        Tensor m2 = null;
        try {
            for (int i = 0; i < n; i++) {
                try (Tensor x = sample.apply(i); Tensor y = f.apply(x);
                     Tensor y64 = y.dtype() == DType.FLOAT64 ? y : y.as(DType.FLOAT64)) {
                    Backend be = y64.backend();
                    if (mean == null) {
                        mean = out.zeros(be);
                        m2 = out.zeros(be);
                    }
                    try (Tensor delta = y64.sub(mean)) {
                        be.axpby(1, mean, 1.0 / (i + 1), delta, mean);
                        be.binary(BinaryOp.SUB, y64, mean, y64);
                        be.fma(delta, y64, m2, m2);
                    }
                }
            }
            Backend be = m2.backend();
            be.binaryScalar(BinaryOp.MUL, m2, 1.0 / (n - 1), m2);
            be.unary(UnaryOp.SQRT, m2, m2);
            return new PosteriorStatistics(mean, m2, n);
        } catch (RuntimeException e) {
            if (mean != null) {
                mean.close();
                m2.close();
            }
            throw e;
        }
    }

    /** The sample mean of f, FLOAT64 in f's target shape (owned by this object). */
    public Tensor mean() {
        return mean;
    }

    /** The sample standard deviation of f (unbiased variance), FLOAT64 (owned by this object). */
    public Tensor std() {
        return std;
    }

    /** The number of samples. */
    public int sampleCount() {
        return samples;
    }

    @Override
    public void close() {
        mean.close();
        std.close();
    }
}
