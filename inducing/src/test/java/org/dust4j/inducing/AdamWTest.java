package org.dust4j.inducing;

import static org.dust4j.inducing.InducingTesting.CPU;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.dust4j.core.DType;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.junit.jupiter.api.Test;

class AdamWTest {
    private static Tensor vector(double... v) {
        return CPU.fromHost(v, DType.FLOAT64, Shape.of(v.length));
    }

    @Test
    void stepsMatchHandComputation() {
        AdamW.Settings s = new AdamW.Settings(0.1, 0.9, 0.99, 1e-8, 0.1);
        try (Tensor theta = vector(1, -2, 0.5); AdamW adam = new AdamW(s, theta, null);
             Tensor g1 = vector(0.1, -0.2, 0.3); Tensor g2 = vector(0.05, 0.1, -0.1)) {
            adam.step(theta, g1);
            // step 1: m̂/sqrt(v̂) = g/|g|, so θ1 = θ0 (1 − lr·wd) − lr·sign(g)
            assertArrayEquals(new double[] {0.89, -1.88, 0.395}, theta.toDoubleArray(), 1e-7);
            // step 2 by hand: m = 0.9·0.1 g1 + 0.1 g2, v = 0.99·0.01 g1² + 0.01 g2²,
            // θ2 = 0.99 θ1 − 0.1 (m / 0.19) / (sqrt(v / 0.0199) + 1e-8)
            double[] t1 = {0.89, -1.88, 0.395};
            double[] a = {0.1, -0.2, 0.3};
            double[] b = {0.05, 0.1, -0.1};
            double[] expected = new double[3];
            for (int i = 0; i < 3; i++) {
                double m = 0.09 * a[i] + 0.1 * b[i];
                double v = 0.0099 * a[i] * a[i] + 0.01 * b[i] * b[i];
                expected[i] = 0.99 * t1[i] - 0.1 * (m / 0.19) / (Math.sqrt(v / 0.0199) + 1e-8);
            }
            // the first component: m = 0.014, v = 0.000124, θ2 = 0.8811 − 0.1·0.0736842/0.0789386 = 0.787756…
            assertEquals(0.7877561, expected[0], 1e-6);
            adam.step(theta, g2);
            assertArrayEquals(expected, theta.toDoubleArray(), 1e-7);
            assertEquals(2, adam.steps());
        }
    }

    @Test
    void frozenEntriesKeepTheirValue() {
        try (Tensor theta = vector(1, 2); Tensor mask = vector(1, 0);
             AdamW adam = new AdamW(AdamW.Settings.defaults(), theta, mask); Tensor g = vector(0.5, 0.5)) {
            adam.step(theta, g);
            adam.step(theta, g);
            double[] t = theta.toDoubleArray();
            assertEquals(2, t[1], 0);
            assertEquals((0.9999 - 0.01) * 0.9999 - 0.01, t[0], 1e-7);
        }
    }

    @Test
    void restoredStateContinuesIdentically() {
        AdamW.Settings s = AdamW.Settings.defaults();
        try (Tensor a = vector(1, -1); Tensor b = vector(1, -1); AdamW first = new AdamW(s, a, null);
             AdamW second = new AdamW(s, b, null); Tensor g1 = vector(0.3, 0.1); Tensor g2 = vector(-0.2, 0.4)) {
            first.step(a, g1);
            b.backend().copy(a, b);
            second.restore(first.steps(), first.firstMoment().toDoubleArray(), first.secondMoment().toDoubleArray());
            first.step(a, g2);
            second.step(b, g2);
            assertArrayEquals(a.toDoubleArray(), b.toDoubleArray(), 0);
        }
    }

    @Test
    void invalidSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new AdamW.Settings(0, 0.9, 0.999, 1e-8, 0));
        assertThrows(IllegalArgumentException.class, () -> new AdamW.Settings(0.1, 1, 0.999, 1e-8, 0));
        assertThrows(IllegalArgumentException.class, () -> new AdamW.Settings(0.1, 0.9, 0.999, 1e-8, -1));
    }
}
