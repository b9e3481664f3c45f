package org.dust4j.model.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;

import org.dust4j.model.ScalarPrior;
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
    void farTailsGiveInfinityOrZeroWithFiniteLogarithms() {
        // xi, log x, d log x / d xi; mpmath, 60 digits, bisection in log space (tests/reference: docs/model.md)
        double[][] ref = {
            {40, 268.99185520929513501, 13.341656282402421241},
            {67, 750.66365913652133446, 22.338306243591580042},
            {100, 1669.2971107694455685, 33.336666000333086902},
            {-40, -5.3197483576105766518, 0.049090377152334296295},
            {-100, -7.135264203554710612, 0.019922806543174150388},
            {-1e5, -20.946409399541445716, 0.000019999999784383504986},
        };
        for (double[] r : ref) {
            assertEquals(r[1], NOISE.logFromStandardNormal(r[0]), 1e-13 * Math.abs(r[1]), "log value at xi=" + r[0]);
            assertEquals(r[2], NOISE.logDerivativeFromStandardNormal(r[0]), 1e-12 * r[2], "log slope at xi=" + r[0]);
        }
        assertEquals(6.6325173437188638254e+116, NOISE.fromStandardNormal(40), 1e-12 * 6.6e116);
        assertEquals(8.8488766686969798659e+117, NOISE.derivativeFromStandardNormal(40), 1e-11 * 8.8e117);
        // beyond the double range (x = 1.02e326 at xi = 67): +inf, not an exception
        for (double xi : new double[] {66, 67, 100, 1e10, Double.POSITIVE_INFINITY}) {
            assertEquals(Double.POSITIVE_INFINITY, NOISE.fromStandardNormal(xi), "value at xi=" + xi);
            assertEquals(Double.POSITIVE_INFINITY, NOISE.derivativeFromStandardNormal(xi), "derivative at xi=" + xi);
        }
        assertEquals(Double.POSITIVE_INFINITY, NOISE.logFromStandardNormal(Double.POSITIVE_INFINITY));
        assertEquals(Double.POSITIVE_INFINITY, NOISE.logDerivativeFromStandardNormal(Double.POSITIVE_INFINITY));
        assertEquals(0, NOISE.fromStandardNormal(Double.NEGATIVE_INFINITY));
        assertEquals(0, NOISE.derivativeFromStandardNormal(Double.NEGATIVE_INFINITY));
        assertEquals(Double.NEGATIVE_INFINITY, NOISE.logFromStandardNormal(Double.NEGATIVE_INFINITY));
        assertEquals(0, NOISE.logDerivativeFromStandardNormal(Double.NEGATIVE_INFINITY));
        // far tails still finite: xi/a and 2/|xi| asymptotics
        assertEquals(1e10 / 3, NOISE.logDerivativeFromStandardNormal(1e10), 1e-9 * 1e10);
        assertEquals(2e-10, NOISE.logDerivativeFromStandardNormal(-1e10), 1e-9 * 2e-10);
        assertEquals(8e-20, NOISE.fromStandardNormal(-1e10), 1e-9 * 8e-20);
        assertThrows(IllegalArgumentException.class, () -> NOISE.fromStandardNormal(Double.NaN));
    }

    @Test
    void derivativesMatchFiniteDifferencesWhereFinite() {
        for (double xi = -200; xi <= 65; xi += 0.37) {
            double h = 1e-5 / Math.max(1, NOISE.logDerivativeFromStandardNormal(xi)) * Math.max(1, Math.abs(xi));
            double fd = (NOISE.fromStandardNormal(xi + h) - NOISE.fromStandardNormal(xi - h)) / (2 * h);
            double d = NOISE.derivativeFromStandardNormal(xi);
            assertTrue(Double.isFinite(d) && d > 0, "derivative at xi=" + xi);
            assertEquals(fd, d, 1e-6 * d, "value derivative at xi=" + xi);
        }
        for (double xi = -1e4; xi <= 1e4; xi += xi < -300 || xi > 300 ? 97.3 : 0.41) {
            double h = 1e-5 * Math.max(1, Math.abs(xi));
            double fd = (NOISE.logFromStandardNormal(xi + h) - NOISE.logFromStandardNormal(xi - h)) / (2 * h);
            double d = NOISE.logDerivativeFromStandardNormal(xi);
            assertTrue(Double.isFinite(d) && d > 0, "log derivative at xi=" + xi);
            assertEquals(fd, d, 1e-6 * d + 1e-12 * Math.abs(NOISE.logFromStandardNormal(xi)) / h,
                    "log derivative at xi=" + xi);
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

    /**
     * The model's noise prior n = f(ξ), ξ ~ N(0, 1), through the transform itself (not the closed forms): mean
     * b/(a-1) = 2, E[n²] = b²/((a-1)(a-2)) = 8 (std 2) and mode b/(a+1) = 1.
     *
     * <p>The moments are integrals over ξ, E[g(n)] = ∫ g(f(ξ)) φ(ξ) dξ, by the trapezoid rule. In n the second-moment
     * integrand decays only like n² · n^(-a-1) = n^(-2) (the fourth moment is infinite at a = 3, so a sampled or
     * quantile-midpoint estimate converges slowly), but in ξ it decays like a Gaussian: Φ(-ξ) ≈ C n^(-a) gives
     * n ≈ exp(ξ²/(2a)) up to powers of ξ, so f(ξ)² φ(ξ) ≈ exp(-ξ²/2 + ξ²/a) = exp(-ξ²/6). The part beyond |ξ| = 40 is
     * below exp(-266) and the trapezoid rule is spectrally accurate for such a smooth, rapidly decaying integrand: the
     * test checks that steps 0.1 and 0.05 agree to 1e-13, so the tolerances (1e-11 relative) are set by the transform's
     * own accuracy (about 1e-12 relative, {@link #standardNormalMapMatchesHighPrecisionReferences}).
     *
     * <p>The mode is the maximum of the density of n, φ(ξ) / f'(ξ) at n = f(ξ) (the transform's derivative, not
     * {@link InverseGamma#logPdf}), located by golden-section search in ξ; that density is also checked against the
     * closed-form density.
     */
    @Test
    void transformedStandardNormalHasTheStatedMeanSecondMomentAndMode() {
        ScalarPrior noise = new ScalarPrior.InverseGammaPrior(3, 4);
        double[] coarse = moments(noise, 0.1);
        double[] fine = moments(noise, 0.05);
        for (int k = 0; k < 3; k++) {
            assertEquals(fine[k], coarse[k], 1e-13 * fine[k], "trapezoid not converged in moment " + k);
        }
        assertEquals(1, fine[0], 1e-13, "total probability");
        assertEquals(2, fine[1], 2e-11, "mean b/(a-1)");
        assertEquals(8, fine[2], 8e-11, "second moment b^2/((a-1)(a-2))");
        assertEquals(2, Math.sqrt(fine[2] - fine[1] * fine[1]), 1e-10, "standard deviation");

        DoubleUnaryOperator logDensity = xi -> -0.5 * xi * xi - 0.5 * Math.log(2 * Math.PI)
                - Math.log(noise.derivative(xi));
        for (double xi = -4; xi <= 6; xi += 0.5) {
            assertEquals(NOISE.logPdf(noise.value(xi)), logDensity.applyAsDouble(xi), 1e-12,
                    "density of the transformed variable at xi=" + xi);
        }
        // golden-section search for the maximum of the log density over xi in [-3, 2]
        double lo = -3;
        double hi = 2;
        double g = (Math.sqrt(5) - 1) / 2;
        while (hi - lo > 1e-9) {
            double a = hi - g * (hi - lo);
            double b = lo + g * (hi - lo);
            if (logDensity.applyAsDouble(a) < logDensity.applyAsDouble(b)) {
                lo = a;
            } else {
                hi = b;
            }
        }
        // the log density is flat to rounding (1e-16) within about 1e-8 of its maximum: mode to about 1e-7
        assertEquals(1, noise.value(0.5 * (lo + hi)), 1e-7, "mode b/(a+1)");
    }

    /** ∫ f(ξ)^k φ(ξ) dξ for k = 0, 1, 2 by the trapezoid rule with step h over [-40, 40]. */
    private static double[] moments(ScalarPrior p, double h) {
        double[] m = new double[3];
        int n = (int) Math.round(80 / h);
        for (int i = 0; i <= n; i++) {
            double xi = -40 + i * h;
            double w = (i == 0 || i == n ? 0.5 : 1) * h * Math.exp(-0.5 * xi * xi) / Math.sqrt(2 * Math.PI);
            double x = p.value(xi);
            m[0] += w;
            m[1] += w * x;
            m[2] += w * x * x;
        }
        return m;
    }

    @Test
    void mapIsStrictlyIncreasing() {
        double prev = 0;
        for (double xi = -35; xi <= 35; xi += 0.05) {
            double x = NOISE.fromStandardNormal(xi);
            assertTrue(x > prev && Double.isFinite(x), "not increasing at xi=" + xi);
            prev = x;
        }
        double prevLog = Double.NEGATIVE_INFINITY;
        for (double xi = -1000; xi <= 1000; xi += 0.5) {
            double y = NOISE.logFromStandardNormal(xi);
            assertTrue(y > prevLog && Double.isFinite(y), "log not increasing at xi=" + xi);
            prevLog = y;
        }
    }

    @Test
    void rejectsInvalidParameters() {
        assertThrows(IllegalArgumentException.class, () -> new InverseGamma(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new InverseGamma(1, Double.NaN));
    }
}
