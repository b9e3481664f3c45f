package org.dust4j.core.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;
import org.dust4j.core.Backend;
import org.dust4j.core.Backends;
import org.dust4j.core.DType;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.dust4j.core.random.Philox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CpuRandomTest {
    private static final Backend CPU = Backends.cpu();
    private static final int N = 1_000_000;
    /** Kolmogorov-Smirnov critical value at significance 0.001: sqrt(ln(2/0.001)/2)/sqrt(n). */
    private static final double KS_CRITICAL = Math.sqrt(Math.log(2 / 0.001) / 2) / Math.sqrt(N);

    private static double[] normal(DType dtype, long seed, long offset, int n) {
        try (Tensor t = CPU.zeros(dtype, Shape.of(n))) {
            CPU.randomNormal(seed, offset, t);
            return t.toDoubleArray();
        }
    }

    private static double[] uniform(DType dtype, long seed, long offset, int n) {
        try (Tensor t = CPU.zeros(dtype, Shape.of(n))) {
            CPU.randomUniform(seed, offset, t);
            return t.toDoubleArray();
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void normalMomentsAndKolmogorovSmirnov(DType dtype) {
        double[] z = normal(dtype, 20240611L, 0, N);
        // 5 standard errors: sd(mean) = 1/sqrt(N), sd(var) = sqrt(2/N)
        assertMoments(z, 0, 5 / Math.sqrt(N), 1, 5 * Math.sqrt(2.0 / N));
        double d = ksStatistic(z, CpuRandomTest::normalCdf);
        assertTrue(d < KS_CRITICAL, "KS distance " + d + " >= " + KS_CRITICAL);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void uniformMomentsAndKolmogorovSmirnov(DType dtype) {
        double[] u = uniform(dtype, 77L, 5, N);
        // 5 standard errors: sd(mean) = sqrt(1/12 / N), sd(var) = sqrt((1/80 - 1/144) / N)
        assertMoments(u, 0.5, 5 * Math.sqrt(1.0 / 12 / N), 1.0 / 12, 5 * Math.sqrt((1.0 / 80 - 1.0 / 144) / N));
        assertTrue(Arrays.stream(u).allMatch(v -> v >= 0 && v < 1), "uniforms outside [0, 1)");
        double d = ksStatistic(u, x -> Math.min(1, Math.max(0, x)));
        assertTrue(d < KS_CRITICAL, "KS distance " + d + " >= " + KS_CRITICAL);
    }

    @Test
    void kolmogorovSmirnovDetectsASlightlyWrongDistribution() {
        double[] z = normal(DType.FLOAT64, 20240611L, 0, N);
        double[] stretched = Arrays.stream(z).map(v -> 1.02 * v).toArray();
        assertTrue(ksStatistic(stretched, CpuRandomTest::normalCdf) > KS_CRITICAL);
        double[] shifted = Arrays.stream(z).map(v -> v + 0.01).toArray();
        assertTrue(ksStatistic(shifted, CpuRandomTest::normalCdf) > KS_CRITICAL);
    }

    @Test
    void normalCdfHelperIsAccurate() {
        assertEquals(0.5, normalCdf(0), 1e-15);
        assertEquals(0.8413447460685429, normalCdf(1), 1e-13);
        assertEquals(0.024997895148220435, normalCdf(-1.96), 1e-13);
        assertEquals(0.9986501019683699, normalCdf(3), 1e-13);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void sameSeedAndOffsetReproduceAndOffsetsShiftTheStream(DType dtype) {
        int n = 100_000; // large enough to be split over threads
        double[] a = normal(dtype, 42, 0, n);
        assertArrayEquals(a, normal(dtype, 42, 0, n));
        double[] shifted = normal(dtype, 42, 1000, n - 1000);
        assertArrayEquals(Arrays.copyOfRange(a, 1000, n), shifted);
        double[] u = uniform(dtype, 42, 0, n);
        assertArrayEquals(Arrays.copyOfRange(u, 17, n), uniform(dtype, 42, 17, n - 17));
        assertFalse(Arrays.equals(a, normal(dtype, 43, 0, n)), "different seeds gave the same draws");
        assertFalse(Arrays.equals(a, normal(dtype, 42 + (1L << 32), 0, n)), "the high seed word is ignored");
    }

    @Test
    void elementsFollowThePhiloxStreamAcrossTheCounterCarry() {
        long seed = -7;
        long offset = (1L << 32) - 5; // element 5 carries into the high counter word
        double[] z = normal(DType.FLOAT64, seed, offset, 10);
        double[] zf = normal(DType.FLOAT32, seed, offset, 10);
        double[] u = uniform(DType.FLOAT64, seed, offset, 10);
        double[] uf = uniform(DType.FLOAT32, seed, offset, 10);
        for (int i = 0; i < 10; i++) {
            assertEquals(Philox.normalDouble(seed, offset + i), z[i]);
            assertEquals(Philox.normalFloat(seed, offset + i), (float) zf[i]);
            assertEquals(Philox.uniformDouble(seed, offset + i), u[i]);
            assertEquals(Philox.uniformFloat(seed, offset + i), (float) uf[i]);
        }
    }

    @Test
    void drawsIntoAViewTouchOnlyTheView() {
        try (Tensor t = CPU.zeros(DType.FLOAT64, Shape.of(4, 3))) {
            Tensor rows = t.slice(1, 3);
            CPU.randomUniform(9, 100, rows);
            double[] all = t.toDoubleArray();
            for (int i = 0; i < 12; i++) {
                double want = i >= 3 && i < 9 ? Philox.uniformDouble(9, 100 + i - 3) : 0;
                assertEquals(want, all[i], "element " + i);
            }
        }
    }

    private static void assertMoments(double[] x, double mean, double meanTol, double var, double varTol) {
        double m = Arrays.stream(x).sum() / x.length;
        double v = Arrays.stream(x).map(e -> (e - m) * (e - m)).sum() / (x.length - 1);
        assertEquals(mean, m, meanTol, "mean");
        assertEquals(var, v, varTol, "variance");
    }

    /** sup |F_n - F| of the sample against the CDF. */
    private static double ksStatistic(double[] sample, DoubleUnaryOperator cdf) {
        double[] s = sample.clone();
        Arrays.sort(s);
        int n = s.length;
        double d = 0;
        for (int i = 0; i < n; i++) {
            double f = cdf.applyAsDouble(s[i]);
            d = Math.max(d, Math.max(f - (double) i / n, (double) (i + 1) / n - f));
        }
        return d;
    }

    /**
     * Standard normal CDF from erf(x) = 2/sqrt(pi) exp(-x^2) sum_k 2^k x^(2k+1) / (1*3*...*(2k+1)), a series of
     * positive terms (no cancellation), accurate to rounding for |x| &lt;= 8 and saturated beyond.
     */
    static double normalCdf(double z) {
        double x = Math.abs(z) / Math.sqrt(2);
        if (x > 8) {
            return z > 0 ? 1 : 0;
        }
        double term = x;
        double sum = x;
        for (int k = 1; term > 1e-17 * sum; k++) {
            term *= 2 * x * x / (2 * k + 1);
            sum += term;
        }
        double erf = Math.min(1, 2 / Math.sqrt(Math.PI) * Math.exp(-x * x) * sum);
        return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }
}
