package org.dust4j.core.op;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.dust4j.core.Backend;
import org.dust4j.core.Backends;
import org.dust4j.core.DType;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;

/**
 * Shared checks for the operator tests: seeded random tensors, central finite differences of Jacobians,
 * adjoint (dot-product) tests and the metric factorisation test.
 */
final class OpTesting {
    static final Backend CPU = Backends.cpu();

    /** Relative tolerance of float64 finite-difference checks (central differences, step {@link #STEP}). */
    static final double FD_TOLERANCE = 1e-6;
    /** Relative tolerance of float64 adjoint and factorisation identities. */
    static final double EXACT_TOLERANCE = 1e-12;
    static final double STEP = 1e-5;

    private OpTesting() {
    }

    /** Standard-normal entries, seeded. */
    static Tensor random(Space s, long seed) {
        return random(s, seed, 0, 1);
    }

    /** Entries uniform in [lo, hi), seeded. */
    static Tensor uniform(Space s, long seed, double lo, double hi) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] a = new double[Math.toIntExact(s.size())];
        for (int i = 0; i < a.length; i++) {
            a[i] = lo + (hi - lo) * r.nextDouble();
        }
        return CPU.fromHost(a, s.dtype(), s.shape());
    }

    /** Normal entries with the given mean and standard deviation, seeded. */
    static Tensor random(Space s, long seed, double mean, double sd) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] a = new double[Math.toIntExact(s.size())];
        for (int i = 0; i < a.length; i++) {
            a[i] = mean + sd * gaussian(r);
        }
        return CPU.fromHost(a, s.dtype(), s.shape());
    }

    private static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    /** Well-conditioned symmetric positive-definite matrices B Bᵀ/n + I of shape [batch..., n, n]. */
    static Tensor spd(DType dtype, long seed, int... dims) {
        int n = dims[dims.length - 1];
        Shape shape = Shape.of(dims);
        double[] b = random(Space.of(DType.FLOAT64, dims), seed).toDoubleArray();
        double[] a = new double[b.length];
        for (int base = 0; base < a.length; base += n * n) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double s = i == j ? 1 : 0;
                    for (int k = 0; k < n; k++) {
                        s += b[base + i * n + k] * b[base + j * n + k] / n;
                    }
                    a[base + i * n + j] = s;
                }
            }
        }
        return CPU.fromHost(a, dtype, shape);
    }

    /** Well-conditioned triangular matrices: random strict triangle scaled by 1/n, diagonal in [1, 2). */
    static Tensor triangular(DType dtype, boolean lower, long seed, int... dims) {
        int n = dims[dims.length - 1];
        double[] a = random(Space.of(DType.FLOAT64, dims), seed).toDoubleArray();
        SplittableRandom r = new SplittableRandom(seed + 1);
        for (int base = 0; base < a.length; base += n * n) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    int p = base + i * n + j;
                    a[p] = i == j ? 1 + r.nextDouble() : (lower ? i > j : i < j) ? a[p] / n : 0;
                }
            }
        }
        return CPU.fromHost(a, dtype, Shape.of(dims));
    }

    static double dot(Tensor a, Tensor b) {
        double[] x = a.toDoubleArray();
        double[] y = b.toDoubleArray();
        assertEquals(x.length, y.length);
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }

    static double norm(Tensor a) {
        return Math.sqrt(dot(a, a));
    }

    /** max |a − b| / max(max |b|, tiny), computed on the host. */
    static double relativeError(double[] a, double[] b) {
        assertEquals(b.length, a.length, "lengths");
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < a.length; i++) {
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
            scale = Math.max(scale, Math.abs(b[i]));
        }
        return diff / Math.max(scale, 1e-300);
    }

    static void assertClose(Tensor actual, Tensor expected, double tolerance, String what) {
        assertEquals(expected.shape(), actual.shape(), what + ": shape");
        double e = relativeError(actual.toDoubleArray(), expected.toDoubleArray());
        assertTrue(e <= tolerance, what + ": relative error " + e + " > " + tolerance);
    }

    static void assertClose(double[] actual, double[] expected, double tolerance, String what) {
        double e = relativeError(actual, expected);
        assertTrue(e <= tolerance, what + ": relative error " + e + " > " + tolerance);
    }

    /** x + t·v as a new tensor. */
    static Tensor shifted(Tensor x, Tensor v, double t) {
        Tensor out = x.zerosLike();
        CPU.axpby(1, x, t, v, out);
        return out;
    }

    /**
     * Checks J v against the central difference (f(x + h v) − f(x − h v)) / 2h for {@code directions} seeded
     * random v, and the adjoint identity of the Jacobian at x.
     */
    static void checkDerivatives(Operator f, Tensor x, long seed) {
        try (Linearization lin = f.linearize(x)) {
            try (Tensor value = f.apply(x)) {
                assertClose(lin.value(), value, EXACT_TOLERANCE, f + ": linearization value vs apply");
            }
            for (int k = 0; k < 2; k++) {
                try (Tensor v = random(f.domain(), seed + 31L * k);
                     Tensor jv = lin.jvp(v);
                     Tensor fd = centralDifference(f, x, v)) {
                    assertClose(jv, fd, FD_TOLERANCE, f + ": J v vs central difference");
                }
            }
            checkAdjoint(lin.jacobian(), seed + 7);
        }
    }

    static Tensor centralDifference(Operator f, Tensor x, Tensor v) {
        try (Tensor xp = shifted(x, v, STEP); Tensor xm = shifted(x, v, -STEP);
             Tensor fp = f.apply(xp); Tensor fm = f.apply(xm)) {
            Tensor out = fp.zerosLike();
            CPU.axpby(0.5 / STEP, fp, -0.5 / STEP, fm, out);
            return out;
        }
    }

    /**
     * The dot-product test ⟨A x, y⟩ = ⟨x, Aᵀ y⟩ for seeded random x, y, relative to ‖A x‖ ‖y‖ (the
     * Cauchy–Schwarz bound of both sides), in float64 below {@link #EXACT_TOLERANCE}.
     */
    static void checkAdjoint(LinearOperator a, long seed) {
        try (Tensor x = random(a.domain(), seed); Tensor y = random(a.target(), seed + 1);
             Tensor ax = a.apply(x); Tensor aty = a.adjoint(y)) {
            assertEquals(a.target().shape(), ax.shape(), a + ": shape of A x");
            assertEquals(a.domain().shape(), aty.shape(), a + ": shape of Aᵀ y");
            double lhs = dot(ax, y);
            double rhs = dot(x, aty);
            double scale = Math.max(norm(ax) * norm(y), 1e-300);
            assertTrue(norm(ax) > 0, a + ": A x vanished, the test would be vacuous");
            double err = Math.abs(lhs - rhs) / scale;
            assertTrue(err < EXACT_TOLERANCE, a + ": <Ax,y> = " + lhs + ", <x,Aᵀy> = " + rhs + ", relative " + err);
        }
    }

    /** d/dt E(x + t v) by central differences. */
    static double directionalDifference(EnergyOperator e, Tensor x, Tensor v) {
        try (Tensor xp = shifted(x, v, STEP); Tensor xm = shifted(x, v, -STEP)) {
            return (e.value(xp) - e.value(xm)) / (2 * STEP);
        }
    }

    /** Gradient vs finite differences of the value along seeded random directions. */
    static void checkGradient(EnergyOperator e, Tensor x, long seed) {
        try (Energy en = e.at(x)) {
            assertEquals(e.value(x), en.value(), 1e-12 * Math.abs(en.value()), e + ": value vs at(x).value()");
            for (int k = 0; k < 2; k++) {
                try (Tensor v = random(e.domain(), seed + 17L * k)) {
                    double fd = directionalDifference(e, x, v);
                    double g = dot(en.gradient(), v);
                    double err = Math.abs(fd - g) / Math.max(Math.abs(g), 1e-300);
                    assertTrue(err < FD_TOLERANCE, e + ": <grad, v> = " + g + ", finite difference " + fd
                            + ", relative " + err);
                }
            }
        }
    }

    /** M v = S (Sᵀ v) for seeded random v, and the adjoint identities of M and S. */
    static void checkMetric(Energy en, long seed) {
        LinearOperator m = en.metric();
        LinearOperator s = en.metricSqrt();
        for (int k = 0; k < 2; k++) {
            try (Tensor v = random(m.domain(), seed + 13L * k);
                 Tensor mv = m.apply(v);
                 Tensor stv = s.adjoint(v);
                 Tensor sstv = s.apply(stv)) {
                assertClose(sstv, mv, EXACT_TOLERANCE, "metric = S Sᵀ");
                assertTrue(dot(v, mv) > 0, "metric must be positive: <v, M v> = " + dot(v, mv));
            }
        }
        checkAdjoint(m, seed + 5);
        checkAdjoint(s, seed + 6);
    }

    /** Row-major host matrix of a dense tensor [r, c]. */
    static double[][] matrix(Tensor t) {
        int r = t.shape().dim(0);
        int c = t.shape().dim(1);
        double[] a = t.toDoubleArray();
        double[][] m = new double[r][c];
        for (int i = 0; i < r; i++) {
            System.arraycopy(a, i * c, m[i], 0, c);
        }
        return m;
    }

    /** Host matrix product. */
    static double[][] times(double[][] a, double[][] b) {
        double[][] c = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < b.length; k++) {
                for (int j = 0; j < b[0].length; j++) {
                    c[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return c;
    }

    static double[][] transposed(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }

    static double[] flat(double[][] a) {
        double[] f = new double[a.length * a[0].length];
        for (int i = 0; i < a.length; i++) {
            System.arraycopy(a[i], 0, f, i * a[0].length, a[0].length);
        }
        return f;
    }
}
