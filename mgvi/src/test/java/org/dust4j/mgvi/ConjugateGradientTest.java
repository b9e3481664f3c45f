package org.dust4j.mgvi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.dust4j.core.Backend;
import org.dust4j.core.Backends;
import org.dust4j.core.DType;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.dust4j.core.op.LinearOperator;
import org.dust4j.core.op.Space;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ConjugateGradientTest {
    private static final Backend CPU = Backends.cpu();

    /** A = B Bᵀ/n + 0.1·1 with a seeded normal B: symmetric positive definite, condition number ~ 100. */
    private static double[][] spd(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] b = new double[n][n];
        for (double[] row : b) {
            for (int j = 0; j < n; j++) {
                row[j] = LinearProblem.normal(r);
            }
        }
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = i == j ? 0.1 : 0;
                for (int k = 0; k < n; k++) {
                    s += b[i][k] * b[j][k] / n;
                }
                a[i][j] = s;
            }
        }
        return a;
    }

    private static double[][] column(double[] v) {
        double[][] c = new double[v.length][1];
        for (int i = 0; i < v.length; i++) {
            c[i][0] = v[i];
        }
        return c;
    }

    private static double[] rhs(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            b[i] = LinearProblem.normal(r);
        }
        return b;
    }

    /** The solution of A x = b by core's dense Cholesky solve. */
    private static double[] exact(double[][] a, double[] b) {
        double[][] x = Dense.solveSpd(a, column(b));
        return java.util.Arrays.stream(x).mapToDouble(row -> row[0]).toArray();
    }

    /**
     * CG against a dense Cholesky solve: in FLOAT64 to 1e-10 relative (tolerance 1e-13), in FLOAT32 to 1e-3
     * relative (tolerance 1e-5; the matrix has condition number ~100).
     */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void agreesWithDenseCholeskySolve(DType dtype) {
        int n = 30;
        double[][] a = spd(n, 1);
        double[] b = rhs(n, 2);
        double[] expected = exact(a, b);
        double tolerance = dtype == DType.FLOAT64 ? 1e-13 : 1e-5;
        try (Tensor m = CPU.fromHost(Dense.flatten(a), dtype, Shape.of(n, n));
             Tensor bt = CPU.fromHost(b, dtype, Shape.of(n));
             Tensor x = CPU.zeros(dtype, Shape.of(n))) {
            LinearOperator op = LinearOperator.matrix(m);
            CgResult result = ConjugateGradient.solve(op, bt, x, CgSettings.DEFAULT.withRelativeTolerance(tolerance));
            assertTrue(result.converged(), result.toString());
            assertTrue(result.relativeResidual() <= tolerance);
            double scale = java.util.Arrays.stream(expected).map(Math::abs).max().orElseThrow();
            double error = Dense.maxAbsDiff(expected, x.toDoubleArray());
            assertTrue(error <= (dtype == DType.FLOAT64 ? 1e-10 : 1e-3) * scale, "max error " + error);
            if (dtype == DType.FLOAT64) {
                // the residual tracked by the recurrence agrees with the true one
                try (Tensor ax = op.apply(x); Tensor r = bt.sub(ax)) {
                    assertTrue(r.norm() <= 1e-11 * result.rhsNorm(), "true residual " + r.norm());
                }
            }
        }
    }

    @Test
    void startsFromTheInitialGuess() {
        int n = 12;
        double[][] a = spd(n, 5);
        double[] b = rhs(n, 6);
        double[] start = exact(a, b);
        try (Tensor m = CPU.fromHost(Dense.flatten(a), DType.FLOAT64, Shape.of(n, n));
             Tensor bt = CPU.fromHost(b, DType.FLOAT64, Shape.of(n));
             Tensor x = CPU.fromHost(start, DType.FLOAT64, Shape.of(n))) {
            // starting at the solution, the residual is already below the tolerance: no iteration is needed
            CgResult result = ConjugateGradient.solve(LinearOperator.matrix(m), bt, x,
                    CgSettings.DEFAULT.withRelativeTolerance(1e-8).withMinIterations(0));
            assertTrue(result.converged());
            assertEquals(0, result.iterations());
        }
    }

    @Test
    void runsAtLeastMinIterationsAndReportsTheCap() {
        int n = 40;
        double[][] a = spd(n, 7);
        try (Tensor m = CPU.fromHost(Dense.flatten(a), DType.FLOAT64, Shape.of(n, n));
             Tensor bt = CPU.fromHost(rhs(n, 8), DType.FLOAT64, Shape.of(n));
             Tensor x = CPU.zeros(DType.FLOAT64, Shape.of(n))) {
            LinearOperator op = LinearOperator.matrix(m);
            CgResult loose = ConjugateGradient.solve(op, bt, x, new CgSettings(0.9, 200, 6));
            assertTrue(loose.converged());
            assertEquals(6, loose.iterations(), "a loose tolerance is met at once, but 6 iterations are required");

            CPU.fill(x, 0);
            CgResult capped = ConjugateGradient.solve(op, bt, x, new CgSettings(1e-12, 3, 0));
            assertFalse(capped.converged(), "3 iterations cannot reach 1e-12 on a 40-dimensional system");
            assertFalse(capped.breakdown());
            assertEquals(3, capped.iterations());
            assertTrue(capped.relativeResidual() > 1e-12);
            assertTrue(capped.toString().contains("NOT converged"), capped.toString());
        }
    }

    @Test
    void zeroRightHandSideGivesZero() {
        try (Tensor m = CPU.fromHost(Dense.flatten(spd(4, 9)), DType.FLOAT64, Shape.of(4, 4));
             Tensor b = CPU.zeros(DType.FLOAT64, Shape.of(4));
             Tensor x = CPU.fromHost(new double[] {1, 2, 3, 4}, DType.FLOAT64, Shape.of(4))) {
            CgResult r = ConjugateGradient.solve(LinearOperator.matrix(m), b, x, CgSettings.DEFAULT);
            assertTrue(r.converged());
            assertEquals(0, r.iterations());
            assertEquals(0, x.norm());
        }
    }

    @Test
    void negativeDefiniteOperatorBreaksDown() {
        Space s = Space.of(DType.FLOAT64, 5);
        try (Tensor b = CPU.fromHost(rhs(5, 10), DType.FLOAT64, Shape.of(5)); Tensor x = s.zeros(CPU)) {
            CgResult r = ConjugateGradient.solve(LinearOperator.identity(s).scale(-1), b, x, CgSettings.DEFAULT);
            assertFalse(r.converged());
            assertTrue(r.breakdown());
            assertEquals(0, r.iterations());
        }
    }

    @Test
    void rejectsMismatchedSpacesAndSettings() {
        Space s = Space.of(DType.FLOAT64, 5);
        try (Tensor b = CPU.zeros(DType.FLOAT64, Shape.of(4)); Tensor x = s.zeros(CPU)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ConjugateGradient.solve(LinearOperator.identity(s), b, x, CgSettings.DEFAULT));
            assertTrue(e.getMessage().contains("right-hand side"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new CgSettings(-1, 10, 0));
        assertThrows(IllegalArgumentException.class, () -> new CgSettings(1e-5, 0, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CgSettings(1e-5, 5, 6));
        assertTrue(e.getMessage().contains("minIterations"), e.getMessage());
        assertEquals(3, CgSettings.DEFAULT.withMaxIterations(3).minIterations());
    }
}
