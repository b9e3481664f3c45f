package org.dust4j.mgvi;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.dust4j.core.Backend;
import org.dust4j.core.Backends;
import org.dust4j.core.DType;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.dust4j.core.op.EnergyOperator;
import org.dust4j.core.op.LinearOperator;
import org.dust4j.core.op.Linearization;
import org.dust4j.core.op.Operator;
import org.dust4j.core.op.Space;
import org.junit.jupiter.api.Test;

/**
 * MGVI on a nonlinear hierarchical model — a log-normal density with an amplitude parameter, integrated along the
 * line of sight, the dust model in miniature — against two references: an independent dense implementation of MGVI
 * fed the same excitations (the engine must reproduce it), and the exact posterior sampled by Hamiltonian Monte Carlo
 * (which MGVI only approximates: this test pins down how, see docs/validation.md, "Posterior calibration").
 *
 * <p>Model: ξ = [ξ_a, ξ_1 … ξ_n] ~ N(0, 1), scl = exp(A ξ_a), ρ_j = exp(scl ξ_j + OFF), d_i = C Σ_{j≤i} ρ_j + noise.
 */
class MgviReferenceTest {
    private static final int N = 30;
    private static final double A = 0.5;
    private static final double OFF = -1;
    private static final double C = 0.1;
    private static final double NOISE = 0.02;
    private static final Backend CPU = Backends.cpu();

    /** The data of one truth drawn from the prior, and the model's energy on the host. */
    private static final class Problem {
        final double[] truth = new double[N + 1];
        final double[] data = new double[N];
        final Space latent = Space.of(DType.FLOAT64, N + 1);
        final Space dataSpace = Space.of(DType.FLOAT64, N);
        final EnergyOperator likelihood;

        Problem(long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            for (int i = 0; i <= N; i++) {
                truth[i] = r.nextGaussian();
            }
            double[] s = signal(truth);
            for (int i = 0; i < N; i++) {
                data[i] = s[i] + NOISE * r.nextGaussian();
            }
            double[] variance = new double[N];
            java.util.Arrays.fill(variance, NOISE * NOISE);
            likelihood = EnergyOperator.gaussian(CPU.fromHost(data, DType.FLOAT64, Shape.of(N)),
                    CPU.fromHost(variance, DType.FLOAT64, Shape.of(N))).after(new Response());
        }

        /** The response as a core operator (forward, JVP and VJP in closed form). */
        final class Response extends Operator {
            Response() {
                super(latent, dataSpace, "logNormalLineOfSight");
            }

            @Override
            protected Tensor compute(Tensor x) {
                return CPU.fromHost(signal(x.toDoubleArray()), DType.FLOAT64, dataSpace.shape());
            }

            @Override
            protected Linearization linearizeAt(Tensor x) {
                double[] v = x.toDoubleArray();
                double s = Problem.scale(v);
                double[] w = new double[N];
                for (int i = 0; i < N; i++) {
                    w[i] = C * s * Math.exp(s * v[i + 1] + OFF); // d signal_i / d xi_i (and A xi_i of it for xi_a)
                }
                LinearOperator jac = new LinearOperator(latent, dataSpace, "J") {
                    @Override
                    protected Tensor compute(Tensor d) {
                        double[] q = d.toDoubleArray();
                        double[] o = new double[N];
                        double acc = 0;
                        for (int i = 0; i < N; i++) {
                            acc += w[i] * (q[i + 1] + A * v[i + 1] * q[0]);
                            o[i] = acc;
                        }
                        return CPU.fromHost(o, DType.FLOAT64, dataSpace.shape());
                    }

                    @Override
                    protected Tensor computeAdjoint(Tensor y) {
                        double[] q = y.toDoubleArray();
                        double[] o = new double[N + 1];
                        double tail = 0;
                        for (int i = N - 1; i >= 0; i--) {
                            tail += q[i];
                            o[i + 1] = w[i] * tail;
                            o[0] += A * v[i + 1] * w[i] * tail;
                        }
                        return CPU.fromHost(o, DType.FLOAT64, latent.shape());
                    }
                };
                return new Linearization(compute(x), jac);
            }
        }

        static double scale(double[] x) {
            return Math.exp(A * x[0]);
        }

        static double[] signal(double[] x) {
            double s = scale(x);
            double[] o = new double[N];
            double acc = 0;
            for (int i = 0; i < N; i++) {
                acc += C * Math.exp(s * x[i + 1] + OFF);
                o[i] = acc;
            }
            return o;
        }

        static double[][] jacobian(double[] x) {
            double s = scale(x);
            double[][] j = new double[N][N + 1];
            double[] run = new double[N + 1];
            for (int i = 0; i < N; i++) {
                double rho = Math.exp(s * x[i + 1] + OFF);
                run[0] += C * rho * A * s * x[i + 1];
                run[i + 1] += C * rho * s;
                j[i] = run.clone();
            }
            return j;
        }

        /** H = L + ½|ξ|². */
        double energy(double[] x) {
            double[] s = signal(x);
            double e = 0;
            for (int i = 0; i <= N; i++) {
                e += 0.5 * x[i] * x[i];
            }
            for (int i = 0; i < N; i++) {
                e += 0.5 * (data[i] - s[i]) * (data[i] - s[i]) / (NOISE * NOISE);
            }
            return e;
        }

        double[] gradient(double[] x) {
            double[] sig = signal(x);
            double s = scale(x);
            double[] g = x.clone();
            double tail = 0;
            for (int i = N - 1; i >= 0; i--) {
                tail -= (data[i] - sig[i]) / (NOISE * NOISE);
                double w = C * s * Math.exp(s * x[i + 1] + OFF);
                g[i + 1] += w * tail;
                g[0] += A * x[i + 1] * w * tail;
            }
            return g;
        }

        /** The Fisher metric plus the prior, Jᵀ N⁻¹ J + 1. */
        double[][] metric(double[] x) {
            double[][] j = jacobian(x);
            double[][] m = Dense.identity(N + 1);
            for (int a = 0; a <= N; a++) {
                for (int b = 0; b <= N; b++) {
                    for (int i = 0; i < N; i++) {
                        m[a][b] += j[i][a] * j[i][b] / (NOISE * NOISE);
                    }
                }
            }
            return m;
        }
    }

    private static double[] solve(double[][] m, double[] b) {
        double[][] rhs = new double[b.length][1];
        for (int i = 0; i < b.length; i++) {
            rhs[i][0] = b[i];
        }
        double[][] x = Dense.solveSpd(m, rhs);
        double[] o = new double[b.length];
        for (int i = 0; i < b.length; i++) {
            o[i] = x[i][0];
        }
        return o;
    }

    private static double[] shifted(double[] x, double[] s, double sign) {
        double[] o = x.clone();
        for (int i = 0; i < o.length; i++) {
            o[i] += sign * s[i];
        }
        return o;
    }

    private static double sampledKl(Problem p, double[] x, List<double[]> residuals) {
        double e = 0;
        for (double[] s : residuals) {
            e += p.energy(shifted(x, s, 1)) + p.energy(shifted(x, s, -1));
        }
        return e / (2 * residuals.size());
    }

    /**
     * MGVI written out densely: residuals s = M(x)⁻¹ (Jᵀ N^{-1/2} η₁ + η₂) from the engine's Philox stream (pair k of
     * an iteration takes η₁ then η₂ from a running counter offset), then Newton's method on the sampled KL with the
     * sample-averaged metric, exact solves and the engine's halving line search, until no step lowers the KL.
     */
    private static double[] denseMgvi(Problem p, int iterations, int pairs, long seed, List<double[]> residuals) {
        double[] x = new double[N + 1];
        long offset = 0;
        for (int it = 0; it < iterations; it++) {
            residuals.clear();
            double[][] m = p.metric(x);
            double[][] j = Problem.jacobian(x);
            for (int k = 0; k < pairs; k++) {
                double[] eta1;
                double[] eta2;
                try (Tensor t1 = CPU.zeros(DType.FLOAT64, Shape.of(N)); Tensor t2 = CPU.zeros(DType.FLOAT64,
                        Shape.of(N + 1))) {
                    CPU.randomNormal(seed, offset, t1);
                    offset += N;
                    CPU.randomNormal(seed, offset, t2);
                    offset += N + 1;
                    eta1 = t1.toDoubleArray();
                    eta2 = t2.toDoubleArray();
                }
                double[] t = eta2.clone();
                for (int i = 0; i < N; i++) {
                    for (int a = 0; a <= N; a++) {
                        t[a] += j[i][a] * eta1[i] / NOISE;
                    }
                }
                residuals.add(solve(m, t));
            }
            for (int step = 0; step < 200; step++) {
                double[] g = new double[N + 1];
                double[][] h = new double[N + 1][N + 1];
                for (double[] s : residuals) {
                    for (int sign = -1; sign <= 1; sign += 2) {
                        double[] xs = shifted(x, s, sign);
                        double[] gs = p.gradient(xs);
                        double[][] ms = p.metric(xs);
                        for (int a = 0; a <= N; a++) {
                            g[a] += gs[a] / (2 * pairs);
                            for (int b = 0; b <= N; b++) {
                                h[a][b] += ms[a][b] / (2 * pairs);
                            }
                        }
                    }
                }
                double[] dir = solve(h, g);
                double current = sampledKl(p, x, residuals);
                double[] next = null;
                double alpha = 1;
                for (int halving = 0; halving <= 30 && next == null; halving++, alpha /= 2) {
                    double[] trial = shifted(x, dir, -alpha);
                    if (sampledKl(p, trial, residuals) < current) {
                        next = trial;
                    }
                }
                if (next == null) {
                    break;
                }
                x = next;
            }
        }
        return x;
    }

    private static final NewtonSettings TIGHT = NewtonSettings.DEFAULT.withMaxForcing(1e-12).withEnergyTolerance(0)
            .withStepTolerance(1e-14).withMaxSteps(200).withMaxHalvings(30);

    /** The engine on a nonlinear problem equals a dense MGVI with the same excitations. */
    @Test
    void engineReproducesAnIndependentDenseMgvi() {
        Problem p = new Problem(1);
        int iterations = 4;
        int pairs = 5;
        long seed = 11;
        MgviConfig config = MgviConfig.builder().globalIterations(iterations).samplePairs(pairs).seed(seed)
                .sampling(new CgSettings(1e-13, 200, 6)).minimizer(TIGHT).build();
        List<double[]> reference = new ArrayList<>();
        double[] expected = denseMgvi(p, iterations, pairs, seed, reference);
        try (Tensor x0 = p.latent.zeros(CPU); MgviResult r = new Mgvi(p.likelihood, config).run(x0)) {
            double position = Dense.maxAbsDiff(expected, r.position().toDoubleArray());
            assertTrue(position < 1e-7, "position differs from the dense MGVI by " + position);
            for (int k = 0; k < pairs; k++) {
                double d = Dense.maxAbsDiff(reference.get(k), r.residuals().get(k).toDoubleArray());
                assertTrue(d < 1e-7, "residual " + k + " differs from the dense MGVI by " + d);
            }
        }
    }

    /**
     * The exact posterior (HMC, 4000 draws) against MGVI (40 pairs, converged) on three truths: MGVI's samples are
     * too narrow and its amplitude too low — the known under-dispersion of MGVI's Gaussian approximation in ξ, not a
     * defect of this engine (which reproduces the dense MGVI above). Asserted on average over three truths: the std of
     * log ρ_j at most 0.85 of the exact one, the amplitude at least one exact std low (each truth: MGVI's amplitude
     * below the exact mean, the std ratio in (0.5, 1)). Observed values are printed and quoted in docs/validation.md.
     */
    @Test
    void mgviUnderestimatesTheSpreadOfALogNormalFieldWithUnknownAmplitude() {
        double meanRatio = 0;
        double meanShift = 0;
        for (long seed = 1; seed <= 3; seed++) {
            Problem p = new Problem(seed);
            double[][] hmc = hmc(p, 4000, seed + 100);
            MgviConfig config = MgviConfig.builder().globalIterations(20).samplePairs(40).seed(seed + 7)
                    .minimizer(NewtonSettings.DEFAULT.withMaxSteps(20).withEnergyTolerance(1e-6)
                            .withMaxForcing(1e-6)).build();
            List<double[]> mgvi = new ArrayList<>();
            try (Tensor x0 = p.latent.zeros(CPU); MgviResult r = new Mgvi(p.likelihood, config).run(x0)) {
                for (int k = 0; k < r.sampleCount(); k++) {
                    try (Tensor s = r.sample(k)) {
                        mgvi.add(s.toDoubleArray());
                    }
                }
            }
            double[] exactScale = moments(hmc, x -> Problem.scale(x));
            double[] mgviScale = moments(mgvi.toArray(new double[0][]), x -> Problem.scale(x));
            double ratio = 0;
            for (int j = 1; j <= N; j++) {
                int jj = j;
                java.util.function.ToDoubleFunction<double[]> logRho = x -> Problem.scale(x) * x[jj] + OFF;
                ratio += moments(mgvi.toArray(new double[0][]), logRho)[1] / moments(hmc, logRho)[1] / N;
            }
            String report = String.format(java.util.Locale.ROOT, "truth seed %d: scl exact %.3f ± %.3f, MGVI %.3f ± %.3f;"
                    + " std of log rho MGVI/exact %.3f", seed, exactScale[0], exactScale[1], mgviScale[0],
                    mgviScale[1], ratio);
            System.out.println(report);
            assertTrue(mgviScale[0] < exactScale[0] && ratio > 0.5 && ratio < 1, report);
            meanRatio += ratio / 3;
            meanShift += (exactScale[0] - mgviScale[0]) / exactScale[1] / 3;
        }
        assertTrue(meanRatio < 0.85, "mean std ratio of log rho, MGVI/exact " + meanRatio);
        assertTrue(meanShift > 1, "mean amplitude shift " + meanShift + " exact std");
    }

    /** Mean and std of f over the draws. */
    private static double[] moments(double[][] draws, java.util.function.ToDoubleFunction<double[]> f) {
        double m = 0;
        double m2 = 0;
        for (double[] x : draws) {
            double v = f.applyAsDouble(x);
            m += v;
            m2 += v * v;
        }
        m /= draws.length;
        return new double[] {m, Math.sqrt(Math.max(0, m2 / draws.length - m * m) * draws.length / (draws.length - 1))};
    }

    /**
     * Hamiltonian Monte Carlo on H with unit mass: leapfrog step 0.01, 1–100 steps per trajectory (uniform), 1000
     * warm-up trajectories from the truth, then {@code draws} kept (acceptance about 0.98).
     */
    private static double[][] hmc(Problem p, int draws, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double eps = 0.01;
        double[] x = p.truth.clone();
        double[][] kept = new double[draws][];
        for (int it = 0; it < draws + 1000; it++) {
            double[] mom = new double[N + 1];
            double kinetic = 0;
            for (int i = 0; i <= N; i++) {
                mom[i] = r.nextGaussian();
                kinetic += 0.5 * mom[i] * mom[i];
            }
            double h0 = p.energy(x) + kinetic;
            double[] q = x.clone();
            double[] g = p.gradient(q);
            int steps = 1 + r.nextInt(100);
            for (int l = 0; l < steps; l++) {
                for (int i = 0; i <= N; i++) {
                    mom[i] -= 0.5 * eps * g[i];
                    q[i] += eps * mom[i];
                }
                g = p.gradient(q);
                for (int i = 0; i <= N; i++) {
                    mom[i] -= 0.5 * eps * g[i];
                }
            }
            double k1 = 0;
            for (double v : mom) {
                k1 += 0.5 * v * v;
            }
            if (Math.log(r.nextDouble()) < h0 - p.energy(q) - k1) {
                x = q;
            }
            if (it >= 1000) {
                kept[it - 1000] = x.clone();
            }
        }
        return kept;
    }
}
