package org.dust4j.core.cpu;

import static org.dust4j.core.cpu.Fixtures.CPU;
import static org.dust4j.core.cpu.Fixtures.accurateSum;
import static org.dust4j.core.cpu.Fixtures.assertClose;
import static org.dust4j.core.cpu.Fixtures.assertPaddingIntact;
import static org.dust4j.core.cpu.Fixtures.elementTol;
import static org.dust4j.core.cpu.Fixtures.reduceTol;
import static org.dust4j.core.cpu.Fixtures.stored;
import static org.dust4j.core.cpu.Fixtures.tensor;
import static org.dust4j.core.cpu.Fixtures.uniform;
import static org.dust4j.core.cpu.Fixtures.zeros;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dust4j.core.DType;
import org.dust4j.core.HermiteTable;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.dust4j.core.UnaryOp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The elementwise passes with sums ({@code affineExpProduct}, {@code axpbySquaredNorm}) and the factor of
 * {@code hermite} against their definitions, in both dtypes, owned tensors and views, empty to multi-block sizes, in
 * place, and their argument checks.
 */
class CpuFusedTest {
    private static final double SCALE = 1.3;
    private static final double SHIFT = -0.4;
    private static final double FACTOR = 0.7;

    /** |got - want| within tol times the sum of the terms' magnitudes (the sums have both signs). */
    private static void assertSum(double[] terms, double got, double tol, String what) {
        double want = accurateSum(terms);
        double scale = 0;
        for (double t : terms) {
            scale += Math.abs(t);
        }
        assertTrue(Math.abs(got - want) <= tol * Math.max(scale, Double.MIN_NORMAL),
                what + ": want " + want + ", got " + got + " (terms' magnitude " + scale + ")");
    }

    @ParameterizedTest
    @MethodSource("org.dust4j.core.cpu.Fixtures#layouts")
    void affineExpProductIsItsDefinition(DType t, int n, boolean view) {
        double[] x = stored(uniform(81, n, -2, 2), t);
        double[] g = stored(uniform(82, n, -1, 1), t);
        // e as unaryAffine computes it, then the products and sums in double
        double[] e;
        try (Tensor tx = CPU.fromHost(x, t, Shape.of(n)); Tensor te = tx.zerosLike()) {
            CPU.unaryAffine(UnaryOp.EXP, SCALE, SHIFT, tx, te);
            e = te.toDoubleArray();
        }
        double[] out = new double[n];
        double[] px = new double[n];
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = e[i] * g[i];
            px[i] = p[i] * x[i];
            out[i] = FACTOR * p[i];
        }
        for (String target : new String[] {"separate", "g", "x"}) {
            Tensor tx = tensor(t, x, view, n);
            Tensor tg = tensor(t, g, view, n);
            Tensor to = switch (target) {
                case "g" -> tg;
                case "x" -> tx;
                default -> zeros(t, view, n);
            };
            Tensor sums = zeros(t, view, 2);
            CPU.affineExpProduct(SCALE, SHIFT, FACTOR, tx, tg, to, sums);
            String what = "affineExpProduct " + t + " n=" + n + " out=" + target;
            assertClose(out, to.toDoubleArray(), elementTol(t), what);
            double[] s = sums.toDoubleArray();
            assertSum(px, s[0], reduceTol(t), what + ", sum p x");
            assertSum(p, s[1], reduceTol(t), what + ", sum p");
            assertPaddingIntact(to);
            assertPaddingIntact(sums);
        }
    }

    @Test
    void affineExpProductGivesTheGradientOfASumOfExponentials() {
        // y = exp(a x + b), L = sum g y: dL/da = sum g y x, dL/db = sum g y, dL/dx = a g y
        double[] x = uniform(83, 500, -1, 1);
        double[] g = uniform(84, 500, 0.5, 2);
        double a = 0.9;
        double b = -0.3;
        double h = 1e-6;
        try (Tensor tx = CPU.fromHost(x, DType.FLOAT64, Shape.of(500));
             Tensor tg = CPU.fromHost(g, DType.FLOAT64, Shape.of(500)); Tensor out = tx.zerosLike();
             Tensor sums = CPU.zeros(DType.FLOAT64, Shape.of(2))) {
            CPU.affineExpProduct(a, b, a, tx, tg, out, sums);
            double[] s = sums.toDoubleArray();
            assertEquals((loss(x, g, a + h, b) - loss(x, g, a - h, b)) / (2 * h), s[0], 1e-7 * Math.abs(s[0]));
            assertEquals((loss(x, g, a, b + h) - loss(x, g, a, b - h)) / (2 * h), s[1], 1e-7 * Math.abs(s[1]));
            double[] o = out.toDoubleArray();
            double[] xp = x.clone();
            xp[7] += h;
            double[] xm = x.clone();
            xm[7] -= h;
            assertEquals((loss(xp, g, a, b) - loss(xm, g, a, b)) / (2 * h), o[7], 1e-7 * Math.abs(o[7]));
        }
    }

    private static double loss(double[] x, double[] g, double a, double b) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += g[i] * Math.exp(a * x[i] + b);
        }
        return s;
    }

    @ParameterizedTest
    @MethodSource("org.dust4j.core.cpu.Fixtures#layouts")
    void axpbySquaredNormIsAxpbyAndTheNormOfY(DType t, int n, boolean view) {
        double alpha = 0.75;
        double beta = -1.25;
        double[] x = stored(uniform(91, n, -2, 2), t);
        double[] y = stored(uniform(92, n, -2, 2), t);
        double[] squares = new double[n];
        for (int i = 0; i < n; i++) {
            squares[i] = y[i] * y[i];
        }
        double[] want;
        try (Tensor tx = CPU.fromHost(x, t, Shape.of(n)); Tensor ty = CPU.fromHost(y, t, Shape.of(n));
             Tensor o = tx.zerosLike()) {
            CPU.axpby(alpha, tx, beta, ty, o);
            want = o.toDoubleArray();
        }
        for (String target : new String[] {"separate", "x", "y"}) {
            Tensor tx = tensor(t, x, view, n);
            Tensor ty = tensor(t, y, view, n);
            Tensor to = switch (target) {
                case "x" -> tx;
                case "y" -> ty;
                default -> zeros(t, view, n);
            };
            Tensor norm = zeros(t, view, 1);
            CPU.axpbySquaredNorm(alpha, tx, beta, ty, to, norm);
            String what = "axpbySquaredNorm " + t + " n=" + n + " out=" + target;
            assertArrayEquals(want, to.toDoubleArray(), what + ": axpby's arithmetic, bit for bit");
            assertClose(accurateSum(squares), norm.item(), reduceTol(t), what + ", squared norm");
            assertPaddingIntact(to);
            assertPaddingIntact(norm);
        }
    }

    @ParameterizedTest
    @MethodSource("org.dust4j.core.cpu.Fixtures#layouts")
    void hermiteWithAFactorIsTheFactorTimesThePlainEvaluation(DType t, int n, boolean view) {
        int nodes = 201;
        double[] v = new double[nodes];
        double[] d = new double[nodes];
        for (int i = 0; i < nodes; i++) {
            double z = -2 + i / 50.0;
            v[i] = 0.3 * z * z - z;
            d[i] = 0.6 * z - 1;
        }
        double[] x = uniform(93, n, -2.5, 2.5);
        double[] f = uniform(94, n, -3, 3);
        for (boolean exponential : new boolean[] {false, true}) {
            HermiteTable h = HermiteTable.of(-2, 50, v, d, exponential);
            try (HermiteTable.Tables table = h.upload(CPU)) {
                Tensor tx = tensor(t, x, view, n);
                Tensor tf = tensor(t, f, view, n);
                Tensor plainV = zeros(t, false, n);
                Tensor plainS = zeros(t, false, n);
                CPU.hermite(table, CPU.fromHost(x, t, Shape.of(n)), plainV, plainS);
                Tensor value = zeros(t, view, n);
                Tensor slope = zeros(t, view, n);
                CPU.hermite(table, tx, tf, value, slope);
                double[] xs = stored(x, t);
                double[] fs = stored(f, t);
                double[] wantV = new double[n];
                double[] wantS = new double[n];
                double[] out = new double[2];
                for (int i = 0; i < n; i++) {
                    h.evaluate(xs[i], out);
                    wantV[i] = fs[i] * out[0];
                    wantS[i] = fs[i] * out[1];
                }
                String what = "hermite with a factor, " + t + " n=" + n + " exponential " + exponential;
                assertArrayEquals(stored(wantV, t), value.toDoubleArray(), what + ": value");
                assertArrayEquals(stored(wantS, t), slope.toDoubleArray(), what + ": slope");
                assertPaddingIntact(value);
                assertPaddingIntact(slope);
                CPU.hermite(table, tx, null, value, slope);
                assertArrayEquals(plainV.toDoubleArray(), value.toDoubleArray(), what + ": a null factor is 1");
                assertArrayEquals(plainS.toDoubleArray(), slope.toDoubleArray(), what + ": a null factor is 1");
            }
        }
    }

    @Test
    void argumentsAreChecked() {
        Tensor a = CPU.zeros(DType.FLOAT64, Shape.of(4));
        Tensor b = CPU.zeros(DType.FLOAT64, Shape.of(4));
        Tensor c = CPU.zeros(DType.FLOAT64, Shape.of(4));
        Tensor f32 = CPU.zeros(DType.FLOAT32, Shape.of(4));
        Tensor two = CPU.zeros(DType.FLOAT64, Shape.of(2));
        Tensor one = CPU.zeros(DType.FLOAT64, Shape.of(1));
        rejects("sums must have 2 elements, got shape [1]", () -> CPU.affineExpProduct(1, 0, 1, a, b, c, one));
        rejects("dtype mismatch: g is FLOAT32, out is FLOAT64", () -> CPU.affineExpProduct(1, 0, 1, a, f32, c, two));
        rejects("shape mismatch: x is [2], out is [4]", () -> CPU.affineExpProduct(1, 0, 1, two, b, c, one));
        Tensor big = CPU.zeros(DType.FLOAT64, Shape.of(8));
        rejects("g and out partially overlap in memory; out must be g itself or a separate tensor",
                () -> CPU.affineExpProduct(1, 0, 1, a, big.slice(0, 4), big.slice(2, 6), two));
        rejects("out and sums overlap in memory; sums must be a separate tensor",
                () -> CPU.affineExpProduct(1, 0, 1, a, b, c, c.slice(1, 3)));
        rejects("squaredNorm must have 1 elements, got shape [2]", () -> CPU.axpbySquaredNorm(1, a, 1, b, c, two));
        rejects("y and squaredNorm overlap in memory; squaredNorm must be a separate tensor",
                () -> CPU.axpbySquaredNorm(1, a, 1, b, c, b.slice(3, 4)));
        try (HermiteTable.Tables table = HermiteTable.of(0, 1, new double[] {0, 1}, new double[] {1, 1}, false)
                .upload(CPU)) {
            rejects("factor must have shape [4], got [2]", () -> CPU.hermite(table, a, two, b, c));
            rejects("factor and value overlap in memory; value must be a separate tensor",
                    () -> CPU.hermite(table, a, b, b, c));
        }
    }

    private static void rejects(String message, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertEquals(message, e.getMessage());
    }
}
