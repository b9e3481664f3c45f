package org.dust4j.inducing;

import org.dust4j.core.Backend;
import org.dust4j.core.BinaryOp;
import org.dust4j.core.DType;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;

/**
 * Joint posterior samples of φ = log10 ρ at arbitrary points: v_s ~ q(v) = N(m, L Lᵀ), W = L_uu⁻ᵀ [v_1 … v_S],
 * φ(x) = c + K(x, Z) W, one column per sample. The draws come from the Philox stream of the given seed, so the
 * same seed gives the same samples at every point set.
 */
final class PosteriorSampler implements AutoCloseable {
    private final Backend backend;
    private final DType dtype;
    private final int samples;
    private final RbfKernel.Params hyper;
    private final double c;
    private final Tensor z;
    private final Tensor w;
    private final double[] origin;

    PosteriorSampler(Posterior posterior, Backend backend, int samples, long seed) {
        InducingConfig config = posterior.config();
        this.backend = backend;
        this.dtype = config.dtype();
        this.samples = samples;
        this.origin = posterior.origin();
        int m = config.inducingPoints();
        Hyperparameters h = posterior.hyperparameters();
        this.c = h.meanLog10Density();
        this.hyper = RbfKernel.Params.upload(new RbfKernel.Hyper(h.amplitude(), h.lengthScales()), backend, dtype);
        this.z = backend.fromHost(posterior.shiftedInducingPoints(), dtype, Shape.of(3, m));
        try (Tensor luu = RbfKernel.evaluate(z, z, hyper);
             Tensor l = backend.fromHost(posterior.variationalFactor(), dtype, Shape.of(m, m));
             Tensor eps = backend.zeros(dtype, Shape.of(m, samples));
             Tensor mean = backend.fromHost(posterior.variationalMean(), dtype, Shape.of(m, 1));
             Tensor ones = backend.zeros(dtype, Shape.of(1, samples))) {
            KernelOperator.addToDiagonal(luu, hyper.alpha, config.jitter(), null);
            backend.cholesky(luu, luu);
            backend.randomNormal(seed, 0, eps);
            backend.fill(ones, 1);
            Tensor v = backend.zeros(dtype, Shape.of(m, samples));
            backend.matmul(l, false, eps, false, v);
            backend.matmul(mean, false, ones, false, eps);
            backend.binary(BinaryOp.ADD, v, eps, v);
            backend.triangularSolve(luu, true, true, v, v);
            this.w = v;
        } catch (RuntimeException e) {
            z.close();
            hyper.close();
            throw e;
        }
    }

    /** Number of samples per point. */
    int samples() {
        return samples;
    }

    /** Uploads heliocentric points ([3][n] on the host, rows x, y, z [pc]) shifted by the model's origin. */
    Tensor points(double[][] xyz, int from, int to) {
        int n = to - from;
        double[] flat = new double[3 * n];
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i < n; i++) {
                flat[k * n + i] = xyz[k][from + i] - origin[k];
            }
        }
        return backend.fromHost(flat, dtype, Shape.of(3, n));
    }

    /** φ samples [n, S] at uploaded points x [3, n]. */
    Tensor phi(Tensor x) {
        Tensor out = backend.zeros(dtype, Shape.of(x.shape().dim(1), samples));
        try (Tensor k = RbfKernel.evaluate(x, z, hyper)) {
            backend.matmul(k, false, w, false, out);
        }
        backend.binaryScalar(BinaryOp.ADD, out, c, out);
        return out;
    }

    @Override
    public void close() {
        z.close();
        w.close();
        hyper.close();
    }
}
