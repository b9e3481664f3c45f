package org.dust4j.cuda;

import static org.dust4j.cuda.GpuTests.as;
import static org.dust4j.cuda.GpuTests.assertClose;
import static org.dust4j.cuda.GpuTests.normal;
import static org.dust4j.cuda.GpuTests.put;
import static org.dust4j.cuda.GpuTests.tolerance;

import org.dust4j.core.Backend;
import org.dust4j.core.DType;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.dust4j.cuda.GpuTests.Scope;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The elementwise passes with sums ({@code affineExpProduct}, {@code axpbySquaredNorm}) on the GPU against the CPU
 * backend in the same dtype, at every size of the suite (the multi-block sums included), with the output in place and
 * the sums written into a view with an offset (elements around it must stay untouched).
 */
class CudaFusedParityTest extends GpuSuite {
    /** Runs affineExpProduct on b: [out, sums] (out in place over g when asked), the sums from elements 1 and 2 of 4. */
    private static double[][] affineExpProduct(Backend b, Scope scope, double[] x, double[] g, DType d, boolean inPlace) {
        Shape s = Shape.of(x.length);
        Tensor tx = put(b, scope, x, d, s);
        Tensor tg = put(b, scope, g, d, s);
        Tensor out = inPlace ? tg : scope.track(b.zeros(d, s));
        if (!inPlace) {
            b.fill(out, Double.NaN);
        }
        Tensor sums = put(b, scope, new double[] {-7, Double.NaN, Double.NaN, -7}, d, Shape.of(4));
        b.affineExpProduct(0.8, -1.5, 1.7, tx, tg, out, sums.slice(1, 3));
        return new double[][] {out.toDoubleArray(), sums.toDoubleArray()};
    }

    @ParameterizedTest
    @MethodSource("dtypesAndSizes")
    void affineExpProductMatchesTheCpu(DType d, int n) {
        double[] x = as(d, normal(n, 31));
        double[] g = as(d, normal(n, 32));
        // bounds of the sums' rounding errors: sum |p x| and sum |p|, p = exp(0.8 x - 1.5) g
        double[] scale = new double[4];
        for (int i = 0; i < n; i++) {
            double p = Math.abs(Math.exp(0.8 * x[i] - 1.5) * g[i]);
            scale[1] += p * Math.abs(x[i]);
            scale[2] += p;
        }
        for (boolean inPlace : new boolean[] {false, true}) {
            try (Scope scope = new Scope()) {
                double[][] want = affineExpProduct(cpu, scope, x, g, d, inPlace);
                double[][] got = affineExpProduct(gpu, scope, x, g, d, inPlace);
                String what = "affineExpProduct " + d + " n=" + n + (inPlace ? " in place" : "");
                assertClose(what + ": out", want[0], got[0], d, tolerance(d, false), null);
                assertClose(what + ": sums", want[1], got[1], d, tolerance(d, true), scale);
            }
        }
    }

    /** Runs axpbySquaredNorm on b: [out, norm] (out in place over x when asked), the norm into element 1 of 3. */
    private static double[][] axpbySquaredNorm(Backend b, Scope scope, double[] x, double[] y, DType d,
                                               boolean inPlace) {
        Shape s = Shape.of(x.length);
        Tensor tx = put(b, scope, x, d, s);
        Tensor ty = put(b, scope, y, d, s);
        Tensor out = inPlace ? tx : scope.track(b.zeros(d, s));
        if (!inPlace) {
            b.fill(out, Double.NaN);
        }
        Tensor norm = put(b, scope, new double[] {-7, Double.NaN, -7}, d, Shape.of(3));
        b.axpbySquaredNorm(0.75, tx, -1.25, ty, out, norm.slice(1, 2));
        return new double[][] {out.toDoubleArray(), norm.toDoubleArray()};
    }

    @ParameterizedTest
    @MethodSource("dtypesAndSizes")
    void axpbySquaredNormMatchesTheCpu(DType d, int n) {
        double[] x = as(d, normal(n, 33));
        double[] y = as(d, normal(n, 34));
        for (boolean inPlace : new boolean[] {false, true}) {
            try (Scope scope = new Scope()) {
                double[][] want = axpbySquaredNorm(cpu, scope, x, y, d, inPlace);
                double[][] got = axpbySquaredNorm(gpu, scope, x, y, d, inPlace);
                String what = "axpbySquaredNorm " + d + " n=" + n + (inPlace ? " in place" : "");
                assertClose(what + ": out", want[0], got[0], d, tolerance(d, false), null);
                assertClose(what + ": squared norm", want[1], got[1], d, tolerance(d, true), null);
            }
        }
    }
}
