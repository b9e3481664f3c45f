package org.dust4j.cuda;

import static org.dust4j.cuda.GpuTests.as;
import static org.dust4j.cuda.GpuTests.assertClose;
import static org.dust4j.cuda.GpuTests.normal;
import static org.dust4j.cuda.GpuTests.poisoned;
import static org.dust4j.cuda.GpuTests.put;
import static org.dust4j.cuda.GpuTests.tolerance;
import static org.dust4j.cuda.GpuTests.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.dust4j.core.BinaryOp;
import org.dust4j.core.DType;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.dust4j.core.UnaryOp;
import org.dust4j.cuda.GpuTests.Scope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Elementwise operations, fill and copies on the GPU against the CPU backend. FLOAT64 runs are compared with
 * the CPU in FLOAT64; FLOAT32 runs with the CPU in FLOAT64 on the same (float) values, rounded to float.
 */
class CudaElementwiseParityTest extends GpuSuite {
    /** Inputs with both signs, and positive ones for pow's base. */
    private static double[] input(DType d, int n, long seed) {
        return as(d, normal(n, seed));
    }

    @ParameterizedTest
    @MethodSource("dtypesAndSizes")
    void unary(DType d, int n) {
        Shape s = Shape.of(n);
        double[] x = input(d, n, 1);
        for (UnaryOp op : UnaryOp.values()) {
            try (Scope scope = new Scope()) {
                Tensor cx = put(cpu, scope, x, DType.FLOAT64, s);
                Tensor cout = scope.track(cpu.zeros(DType.FLOAT64, s));
                cpu.unary(op, cx, cout);
                Tensor gx = put(gpu, scope, x, d, s);
                Tensor gout = poisoned(gpu, scope, d, s);
                gpu.unary(op, gx, gout);
                assertClose(op + " " + d + " n=" + n, cout.toDoubleArray(), gout.toDoubleArray(), d, tolerance(d, false), null);
                gpu.unary(op, gx, gx);  // in place
                assertClose(op + " in place " + d + " n=" + n, cout.toDoubleArray(), gx.toDoubleArray(), d, tolerance(d, false), null);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dtypesAndSizes")
    void unaryAffine(DType d, int n) {
        Shape s = Shape.of(n);
        double[] x = input(d, n, 3);
        for (UnaryOp op : UnaryOp.values()) {
            try (Scope scope = new Scope()) {
                // the GPU's one pass against the CPU's three steps in the same dtype (the definition)
                Tensor cx = put(cpu, scope, x, d, s);
                Tensor cout = scope.track(cpu.zeros(d, s));
                cpu.unaryAffine(op, 0.75, -0.25, cx, cout);
                Tensor gx = put(gpu, scope, x, d, s);
                Tensor gout = poisoned(gpu, scope, d, s);
                gpu.unaryAffine(op, 0.75, -0.25, gx, gout);
                assertClose(op + " affine " + d + " n=" + n, cout.toDoubleArray(), gout.toDoubleArray(), d,
                        tolerance(d, false), null);
                gpu.unaryAffine(op, 0.75, -0.25, gx, gx);  // in place
                assertClose(op + " affine in place " + d + " n=" + n, cout.toDoubleArray(), gx.toDoubleArray(), d,
                        tolerance(d, false), null);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dtypesAndSizes")
    void binaryWithAndWithoutBroadcast(DType d, int n) {
        double[] a = input(d, n, 2);
        double[] b = input(d, n, 3);
        double[] positive = as(d, uniform(n, 4, 0.1, 3));
        double[] single = as(d, new double[] {1.75});
        for (BinaryOp op : BinaryOp.values()) {
            double[] left = op == BinaryOp.POW ? positive : a;
            check(op, d, n, left, Shape.of(n), b, Shape.of(n), "");
            check(op, d, n, op == BinaryOp.POW ? single : as(d, new double[] {-0.6}), Shape.of(), b, Shape.of(n), " a broadcast");
            check(op, d, n, left, Shape.of(n), single, Shape.of(1), " b broadcast");
        }
    }

    private static void check(BinaryOp op, DType d, int n, double[] a, Shape sa, double[] b, Shape sb, String how) {
        try (Scope scope = new Scope()) {
            Shape s = Shape.of(n);
            Tensor cout = scope.track(cpu.zeros(DType.FLOAT64, s));
            cpu.binary(op, put(cpu, scope, a, DType.FLOAT64, sa), put(cpu, scope, b, DType.FLOAT64, sb), cout);
            Tensor gout = poisoned(gpu, scope, d, s);
            gpu.binary(op, put(gpu, scope, a, d, sa), put(gpu, scope, b, d, sb), gout);
            assertClose(op + how + " " + d + " n=" + n, cout.toDoubleArray(), gout.toDoubleArray(), d, tolerance(d, false), null);
        }
    }

    @Test
    void maxAndMinFollowJavaOnNaNAndSignedZeros() {
        double[] a = {Double.NaN, 1, -0.0, 0.0, Double.NEGATIVE_INFINITY, 3};
        double[] b = {2, Double.NaN, 0.0, -0.0, -1, Double.POSITIVE_INFINITY};
        for (DType d : DType.values()) {
            if (d == DType.INT32) {
                continue;
            }
            for (BinaryOp op : new BinaryOp[] {BinaryOp.MAX, BinaryOp.MIN}) {
                try (Scope scope = new Scope()) {
                    Shape s = Shape.of(a.length);
                    Tensor gout = poisoned(gpu, scope, d, s);
                    gpu.binary(op, put(gpu, scope, a, d, s), put(gpu, scope, b, d, s), gout);
                    double[] want = new double[a.length];
                    for (int i = 0; i < a.length; i++) {
                        want[i] = op == BinaryOp.MAX ? Math.max(a[i], b[i]) : Math.min(a[i], b[i]);
                    }
                    double[] got = gout.toDoubleArray();
                    for (int i = 0; i < a.length; i++) {
                        org.junit.jupiter.api.Assertions.assertEquals(Double.doubleToLongBits(want[i]),
                                Double.doubleToLongBits(got[i]), op + " " + d + " of " + a[i] + ", " + b[i]);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dtypesAndSizes")
    void scalarForms(DType d, int n) {
        Shape s = Shape.of(n);
        double[] a = input(d, n, 5);
        double[] positive = as(d, uniform(n, 6, 0.1, 3));
        for (BinaryOp op : BinaryOp.values()) {
            for (boolean scalarFirst : new boolean[] {false, true}) {
                double[] x = op == BinaryOp.POW && !scalarFirst ? positive : a;
                double scalar = op == BinaryOp.POW ? (scalarFirst ? 1.5 : 2.5) : -1.3;
                try (Scope scope = new Scope()) {
                    Tensor cout = scope.track(cpu.zeros(DType.FLOAT64, s));
                    Tensor cx = put(cpu, scope, x, DType.FLOAT64, s);
                    Tensor gout = poisoned(gpu, scope, d, s);
                    Tensor gx = put(gpu, scope, x, d, s);
                    double sv = as(d, new double[] {scalar})[0];
                    if (scalarFirst) {
                        cpu.scalarBinary(op, sv, cx, cout);
                        gpu.scalarBinary(op, scalar, gx, gout);
                    } else {
                        cpu.binaryScalar(op, cx, sv, cout);
                        gpu.binaryScalar(op, gx, scalar, gout);
                    }
                    assertClose(op + (scalarFirst ? " scalar first " : " scalar second ") + d + " n=" + n,
                            cout.toDoubleArray(), gout.toDoubleArray(), d, tolerance(d, false), null);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dtypesAndSizes")
    void fmaAxpbyAndWhere(DType d, int n) {
        Shape s = Shape.of(n);
        double[] a = input(d, n, 7);
        double[] b = input(d, n, 8);
        double[] c = input(d, n, 9);
        try (Scope scope = new Scope()) {
            Tensor cout = scope.track(cpu.zeros(DType.FLOAT64, s));
            cpu.fma(put(cpu, scope, a, DType.FLOAT64, s), put(cpu, scope, b, DType.FLOAT64, s),
                    put(cpu, scope, c, DType.FLOAT64, s), cout);
            Tensor gout = poisoned(gpu, scope, d, s);
            gpu.fma(put(gpu, scope, a, d, s), put(gpu, scope, b, d, s), put(gpu, scope, c, d, s), gout);
            double[] scale = new double[n];
            for (int i = 0; i < n; i++) {
                scale[i] = Math.abs(a[i] * b[i]) + Math.abs(c[i]);
            }
            // the CPU reference of FLOAT32 is a double fma: both round once, from different precisions
            assertClose("fma " + d + " n=" + n, cout.toDoubleArray(), gout.toDoubleArray(), d, tolerance(d, false),
                    d == DType.FLOAT32 ? scale : null);

            double alpha = 1.3;
            double beta = -0.45;
            cpu.axpby(as(d, new double[] {alpha})[0], put(cpu, scope, a, DType.FLOAT64, s), as(d, new double[] {beta})[0],
                    put(cpu, scope, b, DType.FLOAT64, s), cout);
            gpu.fill(gout, Double.NaN);
            gpu.axpby(alpha, put(gpu, scope, a, d, s), beta, put(gpu, scope, b, d, s), gout);
            for (int i = 0; i < n; i++) {
                scale[i] = Math.abs(alpha * a[i]) + Math.abs(beta * b[i]);
            }
            assertClose("axpby " + d + " n=" + n, cout.toDoubleArray(), gout.toDoubleArray(), d, tolerance(d, false), scale);
        }
        double[] cond = new double[n];
        int[] intCond = new int[n];
        for (int i = 0; i < n; i++) {
            cond[i] = i % 3 == 0 ? 0 : i % 3 == 1 ? Double.NaN : -2;
            intCond[i] = i % 3 == 0 ? 0 : i - 5;
        }
        for (DType condType : DType.values()) {
            try (Scope scope = new Scope()) {
                Tensor ccond = scope.track(condType == DType.INT32 ? cpu.fromHost(intCond, s) : cpu.fromHost(cond, condType, s));
                Tensor gcond = scope.track(condType == DType.INT32 ? gpu.fromHost(intCond, s) : gpu.fromHost(cond, condType, s));
                Tensor cout = scope.track(cpu.zeros(DType.FLOAT64, s));
                cpu.where(ccond, put(cpu, scope, a, DType.FLOAT64, s), put(cpu, scope, b, DType.FLOAT64, s), cout);
                Tensor gout = poisoned(gpu, scope, d, s);
                gpu.where(gcond, put(gpu, scope, a, d, s), put(gpu, scope, b, d, s), gout);
                assertClose("where(" + condType + ") " + d + " n=" + n, cout.toDoubleArray(), gout.toDoubleArray(), d, 0.0, null);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dtypesAndSizes")
    void fillAndCopiesWithConversion(DType d, int n) {
        Shape s = Shape.of(n);
        double[] x = input(d, n, 10);
        try (Scope scope = new Scope()) {
            for (double v : new double[] {0, -2.5, Double.NaN, 1e300}) {
                Tensor t = poisoned(gpu, scope, d, s);
                gpu.fill(t, v);
                double[] want = new double[n];
                java.util.Arrays.fill(want, d == DType.FLOAT32 ? (float) v : v);
                assertClose("fill " + v + " " + d, want, t.toDoubleArray(), d, 0.0, null);
            }
            Tensor src = put(gpu, scope, x, d, s);
            for (DType to : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                Tensor dst = poisoned(gpu, scope, to, s);
                gpu.copy(src, dst);
                assertClose("copy " + d + " -> " + to, as(to, x), dst.toDoubleArray(), to, 0.0, null);
                float[] f = new float[n + 3];
                gpu.copyToHost(dst, f, 3);
                for (int i = 0; i < n; i++) {
                    org.junit.jupiter.api.Assertions.assertEquals((float) x[i], f[3 + i], "copyToHost(float[]) of " + to);
                }
            }
            int[] ints = new int[n];
            for (int i = 0; i < n; i++) {
                ints[i] = i * 7 - 3;
            }
            Tensor gi = scope.track(gpu.fromHost(ints, s));
            Tensor gi2 = scope.track(gpu.zeros(DType.INT32, s));
            gpu.copy(gi, gi2);
            assertArrayEquals(ints, gi2.toIntArray());
            gpu.fill(gi2, -4);
            int[] four = new int[n];
            java.util.Arrays.fill(four, -4);
            assertArrayEquals(four, gi2.toIntArray());
            assertThrows(IllegalArgumentException.class, () -> gpu.fill(gi2, 2.5));
        }
    }

    @Test
    void overlappingViewsAndOffsetsCopyLikeTheCpu() {
        int n = 1000;
        double[] x = normal(n, 11);
        for (DType d : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            try (Scope scope = new Scope()) {
                Tensor c = put(cpu, scope, x, d, Shape.of(n));
                Tensor g = put(gpu, scope, x, d, Shape.of(n));
                cpu.copy(c.slice(0, n - 10), c.slice(10, n));
                gpu.copy(g.slice(0, n - 10), g.slice(10, n));
                assertClose("overlapping forward copy " + d, c.toDoubleArray(), g.toDoubleArray(), d, 0.0, null);
                cpu.copy(c.slice(5, n), c.slice(0, n - 5));
                gpu.copy(g.slice(5, n), g.slice(0, n - 5));
                assertClose("overlapping backward copy " + d, c.toDoubleArray(), g.toDoubleArray(), d, 0.0, null);
                // an op on views with offsets writes exactly its range
                Tensor cs = c.slice(100, 200);
                Tensor gs = g.slice(100, 200);
                cpu.unary(UnaryOp.EXP, c.slice(300, 400), cs);
                gpu.unary(UnaryOp.EXP, g.slice(300, 400), gs);
                assertClose("unary on views " + d, c.toDoubleArray(), g.toDoubleArray(), d, tolerance(d, false), null);
                double[] back = new double[150];
                gpu.copyToHost(g.slice(100, 200), back, 50);
                // the copy must reproduce the device's own values bit for bit (EXP itself may differ from the CPU's
                // in the last float32 bit, which the check above allows)
                double[] want = new double[150];
                System.arraycopy(g.slice(100, 200).toDoubleArray(), 0, want, 50, 100);
                assertClose("copyToHost at an offset " + d, want, back, d, 0.0, null);
            }
        }
    }
}
