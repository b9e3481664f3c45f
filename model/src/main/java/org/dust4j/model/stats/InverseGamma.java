package org.dust4j.model.stats;

/**
 * The inverse-gamma distribution with shape {@code a} and scale {@code b}: X = b / G with G ~ Gamma(a, 1), density
 * b^a / Gamma(a) x^(-a-1) exp(-b/x), mode b/(a+1), mean b/(a-1) (a &gt; 1), variance b^2/((a-1)^2 (a-2)) (a &gt; 2).
 *
 * @param shape a &gt; 0
 * @param scale b &gt; 0
 */
public record InverseGamma(double shape, double scale) {
    public InverseGamma {
        if (!(shape > 0) || Double.isInfinite(shape)) {
            throw new IllegalArgumentException("inverse-gamma shape must be positive and finite, got " + shape);
        }
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("inverse-gamma scale must be positive and finite, got " + scale);
        }
    }

    /** P(X &le; x) = Q(a, b/x). */
    public double cdf(double x) {
        return x <= 0 ? 0 : GammaFunctions.regularizedQ(shape, scale / x);
    }

    /** log density at x &gt; 0. */
    public double logPdf(double x) {
        return shape * Math.log(scale) - GammaFunctions.logGamma(shape) - (shape + 1) * Math.log(x) - scale / x;
    }

    /** The mode b/(a+1). */
    public double mode() {
        return scale / (shape + 1);
    }

    /**
     * The quantile at probability Phi(xi): the value this distribution takes when written as a function of a
     * standard-normal variable xi. Both tails are solved in log space ({@link Normal#logCdf}, {@link
     * GammaFunctions#inverseRegularized}), so the map stays accurate and monotone far beyond |xi| = 8; it overflows
     * to +inf only where the result exceeds the double range (xi above about 60 for a = 3).
     */
    public double fromStandardNormal(double xi) {
        return scale / standardGamma(xi);
    }

    /** d/dxi of {@link #fromStandardNormal}: b phi(xi) / (g^2 f_G(g)) with g the Gamma(a, 1) quantile at Phi(-xi). */
    public double derivativeFromStandardNormal(double xi) {
        double g = standardGamma(xi);
        double logG = Math.log(g);
        return Math.exp(Math.log(scale) + Normal.logPdf(xi) - 2 * logG - GammaFunctions.logDensity(shape, g));
    }

    /** The Gamma(a, 1) variable G = b / X, at lower-tail probability Phi(-xi). */
    private double standardGamma(double xi) {
        if (Double.isNaN(xi)) {
            throw new IllegalArgumentException("standard-normal parameter is NaN");
        }
        return GammaFunctions.inverseRegularized(shape, Normal.logCdf(-xi), Normal.logCdf(xi));
    }
}
