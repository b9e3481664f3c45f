package org.dust4j.inducing;

import static org.dust4j.inducing.InducingTesting.CPU;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.dust4j.core.DType;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.dust4j.core.op.Blocks;
import org.dust4j.core.op.Linearization;
import org.dust4j.core.op.Operator;
import org.dust4j.core.op.Space;
import org.junit.jupiter.api.Test;

/**
 * The hand-written operators against direct formulas, finite differences and the dot-product test: the RBF
 * kernel matrices, the fused projection (with and without the cached kernel) and the line-of-sight likelihood.
 */
class OperatorsTest {
    private static final int M = 5;
    private static final int N = 7;
    private static final double[] GAMMA = {30, 45, 25};
    private static final double ALPHA = 0.7;

    private static double[] points(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[3 * n];
        for (int i = 0; i < x.length; i++) {
            x[i] = 60 * (r.nextDouble() - 0.5);
        }
        return x;
    }

    /** α exp(−½ Σ (a − b)²/γ²) on the host, a [3, p], b [3, q] flat. */
    private static double kernel(double[] a, int p, int i, double[] b, int q, int j) {
        double d = 0;
        for (int k = 0; k < 3; k++) {
            double t = (a[k * p + i] - b[k * q + j]) / GAMMA[k];
            d += t * t;
        }
        return ALPHA * Math.exp(-0.5 * d);
    }

    private static Tensor kernelArguments(Blocks layout, double[] z) {
        try (Tensor a = CPU.fromHost(new double[] {ALPHA}, DType.FLOAT64, Shape.of(1));
             Tensor g = CPU.fromHost(GAMMA, DType.FLOAT64, Shape.of(3));
             Tensor zt = CPU.fromHost(z, DType.FLOAT64, Shape.of(3, M))) {
            return layout.pack(a, g, zt);
        }
    }

    @Test
    void gramAndCrossKernelsMatchTheFormula() {
        double[] z = points(M, 1);
        double[] x = points(N, 2);
        double jitter = 1e-3;
        try (Tensor args = kernelArguments(KernelOperator.arguments(DType.FLOAT64, M), z);
             Tensor xt = CPU.fromHost(x, DType.FLOAT64, Shape.of(3, N));
             Tensor kuu = KernelOperator.gram(DType.FLOAT64, M, jitter, null).apply(args);
             Tensor kux = KernelOperator.cross(M, xt).apply(args)) {
            double[] uu = kuu.toDoubleArray();
            double[] ux = kux.toDoubleArray();
            for (int i = 0; i < M; i++) {
                for (int j = 0; j < M; j++) {
                    double expected = kernel(z, M, i, z, M, j) + (i == j ? ALPHA * jitter : 0);
                    assertEquals(expected, uu[i * M + j], 1e-13, "Kuu " + i + "," + j);
                }
                for (int j = 0; j < N; j++) {
                    assertEquals(kernel(z, M, i, x, N, j), ux[i * N + j], 1e-13, "Kux " + i + "," + j);
                }
            }
        }
    }

    @Test
    void kernelOperatorsHaveConsistentDerivatives() {
        double[] z = points(M, 3);
        try (Tensor args = kernelArguments(KernelOperator.arguments(DType.FLOAT64, M), z);
             Tensor xt = CPU.fromHost(points(N, 4), DType.FLOAT64, Shape.of(3, N))) {
            for (Operator op : new Operator[] {KernelOperator.gram(DType.FLOAT64, M, 1e-4, null), KernelOperator.cross(M, xt)}) {
                try (Linearization lin = op.linearize(args)) {
                    InducingTesting.checkAdjoint(lin.jacobian(), 5);
                }
                try (Tensor v = InducingTesting.random(op.domain(), 6, 1)) {
                    InducingTesting.checkJvp(op, args, v, 1e-7);
                }
            }
        }
    }

    @Test
    void projectionMatchesTheFormulaAndHasConsistentDerivativesCachedOrNot() {
        int s = 3;
        double[] z = points(M, 7);
        double[] x = points(N, 8);
        double[][] cells = {new double[N], new double[N], new double[N]};
        for (int k = 0; k < 3; k++) {
            System.arraycopy(x, k * N, cells[k], 0, N);
        }
        Blocks layout = CrossProjection.arguments(DType.FLOAT64, M, s);
        try (Tensor c = CPU.fromHost(new double[] {-2.5}, DType.FLOAT64, Shape.of(1));
             Tensor a = CPU.fromHost(new double[] {ALPHA}, DType.FLOAT64, Shape.of(1));
             Tensor g = CPU.fromHost(GAMMA, DType.FLOAT64, Shape.of(3));
             Tensor zt = CPU.fromHost(z, DType.FLOAT64, Shape.of(3, M));
             Tensor w = InducingTesting.random(Space.of(DType.FLOAT64, M, s), 9, 1);
             Tensor args = layout.pack(c, a, g, zt, w)) {
            double[] wh = w.toDoubleArray();
            for (long[] cacheAndBlock : new long[][] {{0, 1L << 20}, {1L << 20, 1L << 20}, {0, 3 * M}, {1L << 20, 3 * M}}) {
                // one block of K_xu, or blocks of 3 rows (the last one of 1)
                try (CrossProjection p = CrossProjection.create(cells, M, s, DType.FLOAT64, CPU, cacheAndBlock[0],
                        cacheAndBlock[1]);
                     Tensor phi = p.apply(args)) {
                    double[] ph = phi.toDoubleArray();
                    for (int i = 0; i < N; i++) {
                        for (int t = 0; t < s; t++) {
                            double expected = -2.5;
                            for (int j = 0; j < M; j++) {
                                expected += kernel(x, N, i, z, M, j) * wh[j * s + t];
                            }
                            assertEquals(expected, ph[i * s + t], 1e-12, "phi " + i + "," + t);
                        }
                    }
                    try (Linearization lin = p.linearize(args)) {
                        InducingTesting.checkAdjoint(lin.jacobian(), 10);
                    }
                    try (Tensor v = InducingTesting.random(p.domain(), 11, 1)) {
                        InducingTesting.checkJvp(p, args, v, 1e-7);
                    }
                }
            }
        }
    }

    @Test
    void lineOfSightLikelihoodMatchesTheDirectSum() {
        LbdGrid grid = InducingTesting.smallGrid();
        Stars stars = InducingTesting.smallStars(30, 12);
        int s = 2;
        int n = grid.cellCount();
        int[] cells = new int[stars.size()];
        double[] dist = stars.distance();
        for (int i = 0; i < cells.length; i++) {
            cells[i] = grid.locate(stars.l(i), stars.b(i), stars.distance(i));
            assertTrue(cells[i] >= 0);
        }
        double[] sigma = stars.extinctionError();
        double[] obs = stars.extinction();
        double[] scaled = new double[cells.length * s];
        double[] inv = new double[cells.length * s];
        double constant = -0.5 * cells.length * Math.log(2 * Math.PI);
        for (int i = 0; i < cells.length; i++) {
            constant -= Math.log(sigma[i]);
            for (int t = 0; t < s; t++) {
                scaled[i * s + t] = obs[i] / sigma[i];
                inv[i * s + t] = 1 / sigma[i];
            }
        }
        Space domain = Space.of(DType.FLOAT64, n, s);
        try (LineOfSight los = LineOfSight.create(grid, cells, dist, s, DType.FLOAT64, CPU);
             Tensor data = CPU.fromHost(scaled, DType.FLOAT64, Shape.of(cells.length, s));
             Tensor inverse = CPU.fromHost(inv, DType.FLOAT64, Shape.of(cells.length, s));
             Tensor phi = InducingTesting.random(domain, 13, 0.3)) {
            CPU.binaryScalar(org.dust4j.core.BinaryOp.ADD, phi, -2.8, phi);
            LineOfSightLikelihood ell = new LineOfSightLikelihood(domain, los, data, inverse, constant);
            double[] p = phi.toDoubleArray();
            double[] bounds = grid.distanceBounds();
            int depth = grid.depth();
            double expected = constant;
            for (int i = 0; i < cells.length; i++) {
                int first = cells[i] - cells[i] % depth;
                for (int t = 0; t < s; t++) {
                    double a = 0;
                    for (int c = first; c < cells[i]; c++) {
                        a += Math.pow(10, p[c * s + t]) * (bounds[c - first + 1] - bounds[c - first]);
                    }
                    a += Math.pow(10, p[cells[i] * s + t]) * (dist[i] - bounds[cells[i] - first]);
                    double r = (obs[i] - a) / sigma[i];
                    expected -= 0.5 * r * r / s;
                }
            }
            try (Tensor value = ell.apply(phi)) {
                assertEquals(expected, value.item(), 1e-10 * Math.abs(expected));
            }
            try (Linearization lin = ell.linearize(phi)) {
                InducingTesting.checkAdjoint(lin.jacobian(), 14);
            }
            try (Tensor v = InducingTesting.random(domain, 15, 1)) {
                InducingTesting.checkJvp(ell, phi, v, 1e-7);
            }
        }
    }
}
