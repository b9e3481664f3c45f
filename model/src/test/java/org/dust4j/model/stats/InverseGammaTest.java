package org.dust4j.model.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InverseGammaTest {
    private static final InverseGamma NOISE = new InverseGamma(3, 4);

    @Test
    void standardNormalMapMatchesHighPrecisionReferences() {
        // xi, quantile of InvGamma(3, 4) at Phi(xi), its derivative; mpmath, 60 digits, bisection in log space
        double[][] ref = {
            {-30, 0.0085851571139949034012, 0.00055578038086743899304},
            {-8, 0.095612411888846479825, 0.019469378725146532495},
            {-3, 0.36799829971863746776, 0.13348490989571195501},
            {-1, 0.86246681114939949346, 0.43229404821424670955},
            {0, 1.4958525727604485924, 0.90499232681435706735},
            {0.5, 2.056176002223042416, 1.3758560475717474854},
            {1, 2.925483587461877166, 2.1737636413256685584},
            {3, 18.896567531605090618, 21.822147468241443806},
            {8, 257862.82762778099455, 698069.02234020203068},
            {20, 7.2896725810980235107e+29, 4.8718711733811144439e+30},
            {37, 1.230466990336730166e+100, 1.5186828699794615324e+101},
        };
        for (double[] r : ref) {
            assertEquals(r[1], NOISE.fromStandardNormal(r[0]), 1e-12 * r[1], "value at xi=" + r[0]);
            assertEquals(r[2], NOISE.derivativeFromStandardNormal(r[0]), 1e-11 * r[2], "derivative at xi=" + r[0]);
        }
    }

    @Test
    void modeAndCdfAreConsistent() {
        assertEquals(1.0, NOISE.mode(), 0);
        for (double xi = -6; xi <= 6; xi += 0.25) {
            double x = NOISE.fromStandardNormal(xi);
            assertEquals(Normal.cdf(xi), NOISE.cdf(x), 1e-13, "cdf round trip at xi=" + xi);
        }
    }

    @Test
    void mapIsStrictlyIncreasing() {
        double prev = 0;
        for (double xi = -35; xi <= 35; xi += 0.05) {
            double x = NOISE.fromStandardNormal(xi);
            assertTrue(x > prev && Double.isFinite(x), "not increasing at xi=" + xi);
            prev = x;
        }
    }

    @Test
    void rejectsInvalidParameters() {
        assertThrows(IllegalArgumentException.class, () -> new InverseGamma(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new InverseGamma(1, Double.NaN));
    }
}
