package org.dust4j.inducing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.dust4j.core.Backend;
import org.dust4j.core.Backends;
import org.dust4j.core.DType;
import org.dust4j.core.Tensor;
import org.dust4j.core.op.LinearOperator;
import org.dust4j.core.op.Linearization;
import org.dust4j.core.op.Operator;
import org.dust4j.core.op.Space;

/** Seeded test data and derivative checks for the inducing module's tests. */
final class InducingTesting {
    static final Backend CPU = Backends.cpu();
    static final double STEP = 1e-5;

    private InducingTesting() {
    }

    /** Normal entries with the given mean and standard deviation, seeded. */
    static Tensor random(Space s, long seed, double sd) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] a = new double[Math.toIntExact(s.size())];
        for (int i = 0; i < a.length; i++) {
            a[i] = sd * gaussian(r);
        }
        return CPU.fromHost(a, s.dtype(), s.shape());
    }

    static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    /** A small training grid: 3 × 3 × 4 cells plus 2 ghost cells, l 40..60, b −10..10 (sine), d 100..300 pc. */
    static LbdGrid smallGrid() {
        return LbdGrid.of(GridAxis.linear(3, 40, 60), GridAxis.sine(3, -10, 10), GridAxis.linear(4, 100, 300))
                .withGhostCells(2, 20);
    }

    /** Stars uniform in the small grid's region with extinctions of a smooth field and 10 % errors. */
    static Stars smallStars(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] l = new double[n];
        double[] b = new double[n];
        double[] d = new double[n];
        double[] de = new double[n];
        double[] a = new double[n];
        double[] ae = new double[n];
        for (int i = 0; i < n; i++) {
            l[i] = 40 + 20 * r.nextDouble();
            b[i] = -10 + 20 * r.nextDouble();
            d[i] = 100 + 200 * r.nextDouble();
            de[i] = 0.05 * d[i];
            double truth = 1.6e-3 * d[i] * (1 + 0.3 * Math.sin(l[i] / 7) + 0.2 * Math.cos(b[i] / 5));
            ae[i] = 0.1 * truth;
            a[i] = truth + ae[i] * gaussian(r);
        }
        return Stars.of(l, b, d, de, a, ae);
    }

    /** A configuration of the small problem: M = 6, S = 3, FLOAT64. */
    static InducingConfig.Builder smallConfig() {
        return InducingConfig.builder(smallGrid()).inducingPoints(6).samples(3).amplitude(0.5)
                .meanLog10Density(-2.8).lengthScales(60, 70, 50).dtype(DType.FLOAT64);
    }

    /** θ0 + a seeded perturbation, so that m ≠ 0, L ≠ I and the hyperparameters move off their start. */
    static Tensor perturbed(ElboModel model, long seed) {
        try (Tensor theta0 = model.initialParameters()) {
            double[] t = theta0.toDoubleArray();
            SplittableRandom r = new SplittableRandom(seed);
            var layout = model.layout();
            double[] sd = {0.4, 0.15, 0.1, 0.1, 0.1, 5};
            for (int block = 0; block < 6; block++) {
                int from = (int) layout.offset(block);
                for (int i = 0; i < layout.block(block).size(); i++) {
                    t[from + i] += sd[block] * gaussian(r);
                }
            }
            return CPU.fromHost(t, DType.FLOAT64, layout.space().shape());
        }
    }

    /**
     * φ = c + K(x, Z) L_uu⁻ᵀ v [n, s] for whitened values v [M, s] (host, row-major), with the kernel evaluated on
     * the host from its formula and the Cholesky factor and solve from the backend: an independent reference for
     * the model's projection.
     */
    static double[] projection(Posterior p, double[][] x, double[] v, int s) {
        Hyperparameters h = p.hyperparameters();
        int m = p.config().inducingPoints();
        double[][] z = p.inducingPoints();
        int n = x[0].length;
        double[] kuu = new double[m * m];
        double[] kxu = new double[n * m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                kuu[i * m + j] = rbf(h, z, i, z, j) + (i == j ? h.amplitude() * p.config().jitter() : 0);
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                kxu[i * m + j] = rbf(h, x, i, z, j);
            }
        }
        try (Tensor luu = CPU.fromHost(kuu, DType.FLOAT64, org.dust4j.core.Shape.of(m, m));
             Tensor w = CPU.fromHost(v, DType.FLOAT64, org.dust4j.core.Shape.of(m, s));
             Tensor k = CPU.fromHost(kxu, DType.FLOAT64, org.dust4j.core.Shape.of(n, m));
             Tensor out = CPU.zeros(DType.FLOAT64, org.dust4j.core.Shape.of(n, s))) {
            CPU.cholesky(luu, luu);
            CPU.triangularSolve(luu, true, true, w, w);
            CPU.matmul(k, false, w, false, out);
            double[] phi = out.toDoubleArray();
            for (int i = 0; i < phi.length; i++) {
                phi[i] += h.meanLog10Density();
            }
            return phi;
        }
    }

    private static double rbf(Hyperparameters h, double[][] a, int i, double[][] b, int j) {
        double[] g = h.lengthScales();
        double d = 0;
        for (int k = 0; k < 3; k++) {
            double t = (a[k][i] - b[k][j]) / g[k];
            d += t * t;
        }
        return h.amplitude() * Math.exp(-0.5 * d);
    }

    /** x + t v. */
    static Tensor shifted(Tensor x, Tensor v, double t) {
        Tensor out = x.zerosLike();
        CPU.axpby(1, x, t, v, out);
        return out;
    }

    /** max |a − b| / max |b|. */
    static double relativeError(double[] a, double[] b) {
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < a.length; i++) {
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
            scale = Math.max(scale, Math.abs(b[i]));
        }
        return diff / Math.max(scale, 1e-300);
    }

    /** J v against central differences of f along a seeded direction, relative error below tol. */
    static void checkJvp(Operator f, Tensor x, Tensor v, double tol) {
        try (Linearization lin = f.linearize(x); Tensor jv = lin.jvp(v);
             Tensor xp = shifted(x, v, STEP); Tensor xm = shifted(x, v, -STEP);
             Tensor fp = f.apply(xp); Tensor fm = f.apply(xm)) {
            double[] p = fp.toDoubleArray();
            double[] m = fm.toDoubleArray();
            double[] fd = new double[p.length];
            for (int i = 0; i < p.length; i++) {
                fd[i] = (p[i] - m[i]) / (2 * STEP);
            }
            double e = relativeError(jv.toDoubleArray(), fd);
            assertTrue(e < tol, f + ": J v vs central difference, relative error " + e);
        }
    }

    /** ⟨A x, y⟩ = ⟨x, Aᵀ y⟩ relative to ‖A x‖ ‖y‖, below 1e-12. */
    static void checkAdjoint(LinearOperator a, long seed) {
        try (Tensor x = random(a.domain(), seed, 1); Tensor y = random(a.target(), seed + 1, 1);
             Tensor ax = a.apply(x); Tensor aty = a.adjoint(y)) {
            double lhs = ax.dot(y);
            double rhs = x.dot(aty);
            double scale = ax.norm() * y.norm();
            assertTrue(ax.norm() > 0, a + ": A x vanished");
            double err = Math.abs(lhs - rhs) / scale;
            assertTrue(err < 1e-12, a + ": <Ax,y> = " + lhs + ", <x,Aᵀy> = " + rhs + ", relative " + err);
        }
    }
}
