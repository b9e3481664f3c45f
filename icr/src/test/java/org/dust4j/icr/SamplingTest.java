package org.dust4j.icr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dust4j.core.Backends;
import org.dust4j.core.DType;
import org.dust4j.core.Tensor;
import org.junit.jupiter.api.Test;

/** Prior samples drawn with Philox have the covariance the operator implies. */
class SamplingTest {
    @Test
    void empiricalCovarianceOfSamplesMatchesImpliedCovariance() {
        Chart chart = GridChart.builder().shape0(5, 4).levels(1).axisMap(1, AxisMap.logarithmic(0.4, 0)).build();
        IcrPrior prior = IcrPrior.builder(chart, Kernel.matern32(1.3, 1.2)).build();
        IcrOperator op = prior.operator(DType.FLOAT64);
        int n = prior.fieldSize();
        int dof = prior.degreesOfFreedom();
        double[] implied = Implied.covariance(Implied.rows(op, Implied.all(n)));
        int samples = 10_000;
        double[] mean = new double[n];
        double[] second = new double[n * n];
        for (int s = 0; s < samples; s++) {
            try (Tensor t = op.sample(Backends.cpu(), 42, (long) s * dof)) {
                double[] v = t.toDoubleArray();
                for (int i = 0; i < n; i++) {
                    mean[i] += v[i] / samples;
                    for (int j = 0; j < n; j++) {
                        second[i * n + j] += v[i] * v[j] / samples;
                    }
                }
            }
        }
        double worst = 0;
        for (int i = 0; i < n; i++) {
            double sigmaMean = Math.sqrt(implied[i * n + i] / samples);
            worst = Math.max(worst, Math.abs(mean[i]) / sigmaMean);
            for (int j = 0; j < n; j++) {
                double c = implied[i * n + j];
                // standard error of the mean of x_i x_j for a zero-mean Gaussian: sqrt((C_ii C_jj + C_ij²) / N)
                double sigma = Math.sqrt((implied[i * n + i] * implied[j * n + j] + c * c) / samples);
                worst = Math.max(worst, Math.abs(second[i * n + j] - c) / sigma);
            }
        }
        assertTrue(worst < 5, "largest deviation in standard errors: " + worst);
        double frob = Implied.relativeFrobenius(second, implied);
        assertTrue(frob < 0.03, "relative Frobenius deviation of the empirical covariance: " + frob);
    }

    @Test
    void samplesAreReproducibleFromSeedAndOffset() {
        Chart chart = GridChart.builder().shape0(5).levels(2).build();
        IcrOperator op = IcrPrior.builder(chart, Kernel.matern52(1, 2)).build().operator(DType.FLOAT32);
        try (Tensor a = op.sample(Backends.cpu(), 7, 100); Tensor b = op.sample(Backends.cpu(), 7, 100);
             Tensor c = op.sample(Backends.cpu(), 8, 100)) {
            assertArrayEquals(a.toFloatArray(), b.toFloatArray());
            assertTrue(!java.util.Arrays.equals(a.toFloatArray(), c.toFloatArray()));
        }
    }
}
