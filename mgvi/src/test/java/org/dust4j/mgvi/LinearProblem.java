package org.dust4j.mgvi;

import java.util.SplittableRandom;

import org.dust4j.core.Backend;
import org.dust4j.core.Backends;
import org.dust4j.core.DType;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.dust4j.core.op.EnergyOperator;
import org.dust4j.core.op.LinearOperator;
import org.dust4j.core.op.Operator;
import org.dust4j.core.op.Pointwise;
import org.dust4j.core.op.Space;

/**
 * Line-of-sight test problems with a standard-normal prior ξ ~ N(0, 1) and Gaussian noise of known variances N.
 *
 * <p>Linear ({@link #LinearProblem(int, DType, long)}): the response R = c·C integrates the latent field along the
 * line of sight (C the cumulative sum, c the cell length times the prior amplitude), d = R ξ_true + n. The exact
 * posterior is Gaussian with precision M = Rᵀ N⁻¹ R + 1 and mean M⁻¹ Rᵀ N⁻¹ d (the Wiener filter), computed here
 * densely on the host and with core's Cholesky factorisation.
 *
 * <p>Log-normal ({@link #logNormal}): the integrated density is exp(a ξ + b), d = c·C exp(a ξ_true + b) + n.
 */
final class LinearProblem implements AutoCloseable {
    static final Backend CPU = Backends.cpu();

    final int n;
    final double scale;
    final double[] noiseVariance;
    final double[] data;
    final Space space;
    final Tensor dataTensor;
    final Tensor noiseTensor;
    final LinearOperator response;
    /** The log-normal density operator ξ ↦ exp(a ξ + b), or null. */
    final Operator density;
    final EnergyOperator likelihood;
    final double[] truth;

    /** Amplitude a and offset b of the log-normal density, or null for the linear problem. */
    final double[] logNormal;

    LinearProblem(int n, DType dtype, long seed) {
        this(CPU, n, dtype, seed, null, 0.1, 0.4);
    }

    /** The log-normal problem: density exp(0.8 ξ − 0.3), noise variances in [0.002, 0.006). */
    static LinearProblem logNormal(int n, DType dtype, long seed) {
        return logNormal(CPU, n, dtype, seed);
    }

    /** The log-normal problem with its data on {@code backend}. */
    static LinearProblem logNormal(Backend backend, int n, DType dtype, long seed) {
        return new LinearProblem(backend, n, dtype, seed, new double[] {0.8, -0.3}, 0.002, 0.004);
    }

    private LinearProblem(Backend backend, int n, DType dtype, long seed, double[] logNormal, double noiseLo,
                          double noiseRange) {
        this.n = n;
        this.logNormal = logNormal;
        this.scale = 0.6;
        SplittableRandom random = new SplittableRandom(seed);
        double[] truth = new double[n];
        for (int i = 0; i < n; i++) {
            truth[i] = normal(random);
        }
        noiseVariance = new double[n];
        data = new double[n];
        double[] signal = applyDense(logNormal == null ? truth : density(truth));
        for (int i = 0; i < n; i++) {
            noiseVariance[i] = noiseLo + noiseRange * random.nextDouble();
            data[i] = signal[i] + Math.sqrt(noiseVariance[i]) * normal(random);
        }
        space = Space.of(dtype, n);
        dataTensor = backend.fromHost(data, dtype, Shape.of(n));
        noiseTensor = backend.fromHost(noiseVariance, dtype, Shape.of(n));
        response = new CumulativeSum(space).scale(scale);
        density = logNormal == null ? null
                : Pointwise.exp(space).after(Pointwise.affine(space, logNormal[0], logNormal[1]));
        likelihood = EnergyOperator.gaussian(dataTensor, noiseTensor)
                .after(logNormal == null ? response : response.after(density));
        this.truth = truth;
    }

    /** exp(a ξ + b) on the host. */
    double[] density(double[] xi) {
        double[] f = new double[xi.length];
        for (int i = 0; i < xi.length; i++) {
            f[i] = Math.exp(logNormal[0] * xi[i] + logNormal[1]);
        }
        return f;
    }

    /** Σ (d − prediction)² / N for a host field (the signal integrated along the line of sight). */
    double chiSquared(double[] signal) {
        double[] y = applyDense(signal);
        double c = 0;
        for (int i = 0; i < n; i++) {
            c += (data[i] - y[i]) * (data[i] - y[i]) / noiseVariance[i];
        }
        return c;
    }

    static double normal(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    /** The dense response matrix R_ij = c for j ≤ i. */
    double[][] responseMatrix() {
        double[][] r = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                r[i][j] = scale;
            }
        }
        return r;
    }

    double[] applyDense(double[] x) {
        double[] y = new double[n];
        double acc = 0;
        for (int i = 0; i < n; i++) {
            acc += scale * x[i];
            y[i] = acc;
        }
        return y;
    }

    /** M = Rᵀ N⁻¹ R + 1, dense. */
    double[][] posteriorPrecision() {
        double[][] r = responseMatrix();
        double[][] m = new double[n][n];
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                double s = a == b ? 1 : 0;
                for (int i = 0; i < n; i++) {
                    s += r[i][a] * r[i][b] / noiseVariance[i];
                }
                m[a][b] = s;
            }
        }
        return m;
    }

    /** The Wiener-filter mean M⁻¹ Rᵀ N⁻¹ d, by a dense Cholesky solve. */
    double[] wienerMean() {
        double[][] r = responseMatrix();
        double[] j = new double[n];
        for (int a = 0; a < n; a++) {
            for (int i = 0; i < n; i++) {
                j[a] += r[i][a] * data[i] / noiseVariance[i];
            }
        }
        double[][] rhs = new double[n][1];
        for (int a = 0; a < n; a++) {
            rhs[a][0] = j[a];
        }
        double[][] x = Dense.solveSpd(posteriorPrecision(), rhs);
        double[] m = new double[n];
        for (int a = 0; a < n; a++) {
            m[a] = x[a][0];
        }
        return m;
    }

    /** The exact posterior covariance M⁻¹. */
    double[][] posteriorCovariance() {
        return Dense.solveSpd(posteriorPrecision(), Dense.identity(n));
    }

    @Override
    public void close() {
        dataTensor.close();
        noiseTensor.close();
    }
}
