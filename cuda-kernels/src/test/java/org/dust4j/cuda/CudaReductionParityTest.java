package org.dust4j.cuda;

import static org.dust4j.cuda.GpuTests.abs;
import static org.dust4j.cuda.GpuTests.as;
import static org.dust4j.cuda.GpuTests.assertClose;
import static org.dust4j.cuda.GpuTests.normal;
import static org.dust4j.cuda.GpuTests.poisoned;
import static org.dust4j.cuda.GpuTests.put;
import static org.dust4j.cuda.GpuTests.tolerance;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.dust4j.core.DType;
import org.dust4j.core.ReduceOp;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.dust4j.core.UnaryOp;
import org.dust4j.cuda.GpuTests.Scope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reductions (all elements, along an axis, dot) and cumulative sums against the CPU backend in FLOAT64.
 * Sums are compared within tolerance x (sum of |terms|), the bound of any summation order's rounding error.
 */
class CudaReductionParityTest extends GpuSuite {
    /** Shapes and axes that reach both axis-reduction kernels (thread per output, block per output). */
    private static final List<Object[]> AXIS_CASES = List.of(
            new Object[] {Shape.of((1 << 20) + 7), 0}, new Object[] {Shape.of(1000, 1000), 0},
            new Object[] {Shape.of(1000, 1000), 1}, new Object[] {Shape.of(2, 70000), 0},
            new Object[] {Shape.of(70000, 2), 1}, new Object[] {Shape.of(1000, 31), 1},
            new Object[] {Shape.of(3, 300, 7), 1}, new Object[] {Shape.of(300, 1024), 0},
            new Object[] {Shape.of(0, 5), 0}, new Object[] {Shape.of(5, 0), 0}, new Object[] {Shape.of(1), 0},
            new Object[] {Shape.of(4, 1, 3), 1});

    /** Shapes and axes that reach both scan kernels (block per contiguous line, thread per strided lane). */
    private static final List<Object[]> SCAN_CASES = List.of(
            new Object[] {Shape.of((1 << 20) + 7), 0}, new Object[] {Shape.of(31, 1000), 1},
            new Object[] {Shape.of(1000, 31), 0}, new Object[] {Shape.of(1000, 31), 1},
            new Object[] {Shape.of(3, 5, 200), 2}, new Object[] {Shape.of(3, 5, 200), 1},
            new Object[] {Shape.of(3, 70000), 0}, new Object[] {Shape.of(1), 0}, new Object[] {Shape.of(0, 4), 1},
            new Object[] {Shape.of(2, 4097), 1});

    @ParameterizedTest
    @MethodSource("dtypesAndSizes")
    void reduceAllAndDot(DType d, int n) {
        Shape s = Shape.of(n);
        double[] x = as(d, normal(n, 20));
        double[] y = as(d, normal(n, 21));
        double absSum = 0;
        double absDot = 0;
        for (int i = 0; i < n; i++) {
            absSum += Math.abs(x[i]);
            absDot += Math.abs(x[i] * y[i]);
        }
        try (Scope scope = new Scope()) {
            Tensor cx = put(cpu, scope, x, DType.FLOAT64, s);
            Tensor gx = put(gpu, scope, x, d, s);
            Tensor cout = scope.track(cpu.zeros(DType.FLOAT64, Shape.of()));
            for (ReduceOp op : ReduceOp.values()) {
                Tensor gout = poisoned(gpu, scope, d, Shape.of());
                cpu.reduceAll(op, cx, cout);
                gpu.reduceAll(op, gx, gout);
                double tol = op == ReduceOp.MAX || op == ReduceOp.MIN ? 0 : tolerance(d, true);
                assertClose("reduceAll " + op + " " + d + " n=" + n, cout.toDoubleArray(), gout.toDoubleArray(), d, tol,
                        op == ReduceOp.SUM ? new double[] {absSum} : null);
            }
            Tensor gout = poisoned(gpu, scope, d, Shape.of(1));
            cpu.dot(cx, put(cpu, scope, y, DType.FLOAT64, s), cout);
            gpu.dot(gx, put(gpu, scope, y, d, s), gout);
            assertClose("dot " + d + " n=" + n, cout.toDoubleArray(), gout.toDoubleArray(), d, tolerance(d, true),
                    new double[] {absDot});
        }
    }

    @Test
    void reductionsPropagateNaNAndScaleL2() {
        for (DType d : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            double big = d == DType.FLOAT32 ? 3e38 : 1e300;
            double[][] inputs = {{1, Double.NaN, 3}, {big, big, -big}, {1e-30, 2e-30, 0}, {Double.POSITIVE_INFINITY, 1}};
            for (double[] x : inputs) {
                for (ReduceOp op : ReduceOp.values()) {
                    try (Scope scope = new Scope()) {
                        Shape s = Shape.of(x.length);
                        Tensor cout = scope.track(cpu.zeros(d, Shape.of()));
                        cpu.reduceAll(op, put(cpu, scope, x, d, s), cout);
                        Tensor gout = poisoned(gpu, scope, d, Shape.of());
                        gpu.reduceAll(op, put(gpu, scope, x, d, s), gout);
                        assertClose(op + " of " + java.util.Arrays.toString(x) + " " + d, cout.toDoubleArray(),
                                gout.toDoubleArray(), d, tolerance(d, true), null);
                    }
                }
            }
        }
    }

    @Test
    void reduceAlongAnAxis() {
        for (DType d : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (Object[] c : AXIS_CASES) {
                Shape s = (Shape) c[0];
                int axis = (int) c[1];
                double[] x = as(d, normal((int) s.size(), 22));
                Shape outShape = s.without(axis);
                try (Scope scope = new Scope()) {
                    Tensor cx = put(cpu, scope, x, DType.FLOAT64, s);
                    Tensor gx = put(gpu, scope, x, d, s);
                    Tensor scale = scope.track(cpu.zeros(DType.FLOAT64, outShape));
                    cpu.reduce(ReduceOp.L1, cx, axis, scale);
                    for (ReduceOp op : ReduceOp.values()) {
                        Tensor cout = scope.track(cpu.zeros(DType.FLOAT64, outShape));
                        Tensor gout = poisoned(gpu, scope, d, outShape);
                        cpu.reduce(op, cx, axis, cout);
                        gpu.reduce(op, gx, axis, gout);
                        double tol = op == ReduceOp.MAX || op == ReduceOp.MIN ? 0 : tolerance(d, true);
                        assertClose("reduce " + op + " of " + s + " along " + axis + " " + d, cout.toDoubleArray(),
                                gout.toDoubleArray(), d, tol, op == ReduceOp.SUM ? scale.toDoubleArray() : null);
                    }
                }
            }
        }
    }

    @Test
    void cumulativeSums() {
        for (DType d : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (Object[] c : SCAN_CASES) {
                Shape s = (Shape) c[0];
                int axis = (int) c[1];
                double[] x = as(d, normal((int) s.size(), 23));
                for (boolean exclusive : new boolean[] {false, true}) {
                    for (boolean reverse : new boolean[] {false, true}) {
                        String what = "cumsum of " + s + " along " + axis + (exclusive ? " exclusive" : " inclusive")
                                + (reverse ? " reverse " : " forward ") + d;
                        try (Scope scope = new Scope()) {
                            Tensor cx = put(cpu, scope, x, DType.FLOAT64, s);
                            Tensor cout = scope.track(cpu.zeros(DType.FLOAT64, s));
                            cpu.cumsum(cx, axis, exclusive, reverse, cout);
                            Tensor cabs = put(cpu, scope, abs(x), DType.FLOAT64, s);
                            Tensor scale = scope.track(cpu.zeros(DType.FLOAT64, s));
                            cpu.cumsum(cabs, axis, exclusive, reverse, scale);
                            Tensor gx = put(gpu, scope, x, d, s);
                            Tensor gout = poisoned(gpu, scope, d, s);
                            gpu.cumsum(gx, axis, exclusive, reverse, gout);
                            double[] ref = cout.toDoubleArray();
                            double[] sc = scale.toDoubleArray();
                            assertClose(what, ref, gout.toDoubleArray(), d, tolerance(d, true), sc);
                            gpu.cumsum(gx, axis, exclusive, reverse, gx);  // in place
                            assertClose(what + " in place", ref, gx.toDoubleArray(), d, tolerance(d, true), sc);
                        }
                    }
                }
            }
        }
    }

    @Test
    void emptyReductionsGiveTheirIdentities() {
        try (Scope scope = new Scope()) {
            Tensor empty = scope.track(gpu.zeros(DType.FLOAT64, Shape.of(0)));
            Tensor out = scope.track(gpu.zeros(DType.FLOAT64, Shape.of()));
            gpu.reduceAll(ReduceOp.MAX, empty, out);
            assertEquals(Double.NEGATIVE_INFINITY, out.item());
            gpu.reduceAll(ReduceOp.MIN, empty, out);
            assertEquals(Double.POSITIVE_INFINITY, out.item());
            gpu.reduceAll(ReduceOp.L2, empty, out);
            assertEquals(0.0, out.item());
            gpu.unary(UnaryOp.EXP, empty, empty);
        }
    }
}
