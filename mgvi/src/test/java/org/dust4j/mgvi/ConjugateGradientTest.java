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

    @Test
    void agreesWithDenseCholeskySolve() {
        int n = 30;
        double[][] a = spd(n, 1);
        double[] b = rhs(n, 2);
        double[][] exact = Dense.solveSpd(a, column(b));
        try (Tensor m = CPU.fromHost(Dense.flatten(a), DType.FLOAT64, Shape.of(n, n));
             Tensor bt = CPU.fromHost(b, DType.FLOAT64, Shape.of(n));
             Tensor x = CPU.zeros(DType.FLOAT64, Shape.of(n))) {
            CgResult result = ConjugateGradient.solve(LinearOperator.matrix(m), bt, x,
                    CgSettings.DEFAULT.withRelativeTolerance(1e-13));
            assertTrue(result.converged(), result.toString());
            assertTrue(result.relativeResidual() <= 1e-13);
            double[] xs = x.toDoubleArray();
            double scale = 0;
            for (int i = 0; i < n; i++) {
                scale = Math.max(scale, Math.abs(exact[i][0]));
                assertEquals(exact[i][0], xs[i], 1e-10 * scale + 1e-12, "x[" + i + "]");
            }
            // the reported residual tracks the true one
            try (Tensor ax = LinearOperator.matrix(m).apply(x); Tensor r = bt.sub(ax)) {
                assertTrue(r.norm() <= 1e-11 * result.rhsNorm(), "true residual " + r.norm());
            }
        }
    }

    @Test
    void float32SolveIsAccurateToSinglePrecision() {
        int n = 20;
        double[][] a = spd(n, 3);
        double[] b = rhs(n, 4);
        double[][] exact = Dense.solveSpd(a, column(b));
        try (Tensor m = CPU.fromHost(Dense.flatten(a), DType.FLOAT32, Shape.of(n, n));
             Tensor bt = CPU.fromHost(b, DType.FLOAT32, Shape.of(n));
             Tensor x = CPU.zeros(DType.FLOAT32, Shape.of(n))) {
            CgResult result = ConjugateGradient.solve(LinearOperator.matrix(m), bt, x,
                    CgSettings.DEFAULT.withRelativeTolerance(1e-5));
            assertTrue(result.converged(), result.toString());
            double[] xs = x.toDoubleArray();
            double[] ex = new double[n];
            for (int i = 0; i < n; i++) {
                ex[i] = exact[i][0];
            }
            double norm = Math.sqrt(java.util.Arrays.stream(ex).map(v -> v * v).sum());
            assertTrue(Dense.maxAbsDiff(xs, ex) < 1e-3 * norm, "max error " + Dense.maxAbsDiff(xs, ex));
        }
    }

    @Test
    void startsFromTheInitialGuess() {
        int n = 12;
        double[][] a = spd(n, 5);
        double[] b = rhs(n, 6);
        double[][] exact = Dense.solveSpd(a, column(b));
        double[] start = new double[n];
        for (int i = 0; i < n; i++) {
            start[i] = exact[i][0];
        }
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
