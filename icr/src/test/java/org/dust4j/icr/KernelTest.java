package org.dust4j.icr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KernelTest {
    @Test
    void closedFormsMatchTheirDefinitions() {
        double a = 1.5;
        double l = 2.0;
        double r = 0.7;
        double x = r / l;
        assertEquals(a * a * Math.exp(-x), Kernel.matern12(a, l).covariance(r), 1e-15);
        double s3 = Math.sqrt(3) * x;
        assertEquals(a * a * (1 + s3) * Math.exp(-s3), Kernel.matern32(a, l).covariance(r), 1e-15);
        double s5 = Math.sqrt(5) * x;
        assertEquals(a * a * (1 + s5 + s5 * s5 / 3) * Math.exp(-s5), Kernel.matern52(a, l).covariance(r), 1e-15);
        assertEquals(a * a * Math.exp(-x * x / 2), Kernel.squaredExponential(a, l).covariance(r), 1e-15);
        for (Kernel k : new Kernel[] {Kernel.matern12(a, l), Kernel.matern32(a, l), Kernel.matern52(a, l),
                Kernel.squaredExponential(a, l)}) {
            assertEquals(a * a, k.covariance(0), 0, k.describe());
            assertEquals(a * a, k.variance(), 0, k.describe());
        }
    }

    @Test
    void badParametersAreRejectedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Kernel.matern32(1, -2));
        assertTrue(e.getMessage().contains("lengthScale"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Kernel.matern32(1, 1).covariance(-1));
        assertTrue(e.getMessage().contains("distance"), e.getMessage());
    }

    @Test
    void tableInterpolatesASmoothKernelAccurately() {
        Kernel m = Kernel.matern52(1.2, 3.0);
        TabulatedKernel t = TabulatedKernel.sample(m, 1e-4, 100, 6 * SpectralKernel.POINTS_PER_DECADE + 1);
        double worst = 0;
        for (double r = 0; r <= 100; r += 0.0137) {
            worst = Math.max(worst, Math.abs(t.covariance(r) - m.covariance(r)));
        }
        assertTrue(worst < 1e-7 * m.variance(), "worst interpolation error " + worst);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.covariance(100.5));
        assertTrue(e.getMessage().contains("rMax"), e.getMessage());
    }

    @Test
    void spectrumWithSlopeFourTransformsToTheExponentialKernel() {
        // In 3D the exponential covariance exp(-r/α) has the spectrum ∝ (1 + α²k²)^-2, i.e. β = 4. The cutoff
        // removes the fraction eps = 4/(√π α k_c) + O((α k_c)^-3) of the variance at scales ~1/k_c; normalising
        // k(0) to the amplitude² therefore scales the kernel at r >> 1/k_c by 1/(1 - eps). What remains is a tail
        // O(1/(r k_c² α³)) of the cutoff itself, below 1e-4 of the variance for r >= α/2 at α k_c = 200.
        double alpha = 2.0;
        double kc = 200 / alpha;
        SpectralKernel s = SpectralKernel.of(1.3, alpha, 4, kc, 60);
        Kernel exact = Kernel.matern12(1.3, alpha);
        assertEquals(1.3 * 1.3, s.variance(), 1e-15);
        double eps = 4 / (Math.sqrt(Math.PI) * alpha * kc);
        double worst = 0;
        for (double r = 0.5 * alpha; r <= 60; r *= 1.1) {
            worst = Math.max(worst, Math.abs(s.covariance(r) * (1 - eps) - exact.covariance(r)));
        }
        assertTrue(worst < 1e-4 * exact.variance(), "worst deviation from exp(-r/alpha): " + worst);
    }

    @Test
    void hankelTransformMatchesDirectQuadrature() {
        SpectralKernel s = SpectralKernel.of(1.0, 1.0, 3.1, 4.0, 30);
        double k0 = simpson(k -> s.spectrum(k) * k * k, 40);
        for (double r : new double[] {0.01, 0.1, 0.5, 1, 2, 5, 10}) {
            double kr = simpson(k -> s.spectrum(k) * k * Math.sin(k * r), 40) / r;
            assertEquals(kr / k0, s.covariance(r), 2e-7, "r = " + r);
        }
    }

    /** Composite Simpson rule on [0, end] with 400000 intervals. */
    private static double simpson(java.util.function.DoubleUnaryOperator f, double end) {
        int n = 400_000;
        double h = end / n;
        double sum = f.applyAsDouble(0) + f.applyAsDouble(end);
        for (int i = 1; i < n; i++) {
            sum += (i % 2 == 1 ? 4 : 2) * f.applyAsDouble(i * h);
        }
        return sum * h / 3;
    }

    @Test
    void leikeEnsslinSpectrumIsNormalisedAndDecreasing() {
        SpectralKernel s = SpectralKernel.of(0.8, 1.0, 3.1, 5.0, 40);
        assertEquals(0.64, s.covariance(0), 1e-15);
        // continuity at the inner end of the table: k(rMin) is close to k(0)
        assertEquals(0.64, s.covariance(s.table().rMin()), 0.64 * 1e-2);
        double prev = s.covariance(0);
        for (double r = 0.01; r < 10; r += 0.01) {
            double v = s.covariance(r);
            assertTrue(v <= prev + 1e-12, "kernel increases at r=" + r);
            prev = v;
        }
        assertTrue(s.covariance(10) < 0.05 * 0.64);
    }

    /**
     * The matrix setup's batch ({@link WindowConditional#covariancesOfSquares}: a spectral kernel's table in one batch,
     * a closed form one by one) gives covariance(√q) bit for bit, below the table's first radius (the linear part), at
     * its edges and inside; a distance beyond the table, or NaN, throws as covariance does.
     */
    @Test
    void theSetupsBatchGivesTheScalarCovariances() {
        SpectralKernel spectral = SpectralKernel.of(1, 50, 3.1, 2, 25000);
        TabulatedKernel table = spectral.table();
        java.util.Random rnd = new java.util.Random(8);
        for (Kernel k : new Kernel[] {spectral, table, Kernel.matern32(2, 30)}) {
            double[] q = new double[3001];
            for (int i = 0; i < q.length; i++) {
                double r = switch (i % 5) {
                    case 0 -> table.rMin() * rnd.nextDouble();
                    case 1 -> table.rMin() * Math.pow(1e4, rnd.nextDouble());
                    case 2 -> i % 2 == 0 ? table.rMin() : table.rMax();
                    case 3 -> 0;
                    default -> table.rMax() * rnd.nextDouble();
                };
                q[i] = r * r;
            }
            double[] out = new double[q.length];
            WindowConditional.covariancesOfSquares(k, q, out, q.length);
            for (int i = 0; i < q.length; i++) {
                assertEquals(Double.doubleToRawLongBits(k.covariance(Math.sqrt(q[i]))),
                        Double.doubleToRawLongBits(out[i]), k.describe() + " at r = " + Math.sqrt(q[i]));
            }
        }
        double far = 2 * table.rMax();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WindowConditional.covariancesOfSquares(spectral, new double[] {1, far * far, 4}, new double[3], 3));
        assertTrue(e.getMessage().contains("beyond the kernel table"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> WindowConditional.covariancesOfSquares(table, new double[] {Double.NaN}, new double[1], 1));
    }
}
