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
     * standard-normal variable xi, {@code exp(}{@link #logFromStandardNormal}{@code )}. Monotone and accurate to
     * about 1e-12 relative for every xi whose result is representable; +inf where the result exceeds the double
     * range (xi above about 65.9 for a = 3, b = 4) and at xi = +inf, 0 at xi = -inf.
     *
     * @throws IllegalArgumentException for NaN
     */
    public double fromStandardNormal(double xi) {
        return Math.exp(logFromStandardNormal(xi));
    }

    /**
     * log of {@link #fromStandardNormal}: log b - log G with G the Gamma(a, 1) quantile at Phi(-xi), solved in log space
     * ({@link Normal#logCdf}, {@link GammaFunctions#logInverseRegularized}), so it is finite for every finite xi
     * (about xi^2 / (2a) for large xi, where the value itself has long overflowed): +inf at xi = +inf, -inf at -inf.
     */
    public double logFromStandardNormal(double xi) {
        checkNotNaN(xi);
        return Math.log(scale) - GammaFunctions.logInverseRegularized(shape, Normal.logCdf(-xi), Normal.logCdf(xi));
    }

    /**
     * d/dxi of {@link #fromStandardNormal}, b phi(xi) / (g^2 f_G(g)) with g the Gamma(a, 1) quantile at Phi(-xi),
     * evaluated as the value times {@link #logDerivativeFromStandardNormal}: positive and finite wherever the product is
     * representable, +inf where it overflows (from xi about 65.8 for a = 3, b = 4, slightly before the value itself)
     * and at xi = +inf, 0 at xi = -inf.
     */
    public double derivativeFromStandardNormal(double xi) {
        double f = fromStandardNormal(xi);
        return f == 0 ? 0 : f * logDerivativeFromStandardNormal(xi);
    }

    /**
     * d log x / d xi of {@link #fromStandardNormal}, positive and finite for every finite xi (about xi / a for large
     * xi, about 2 / |xi| for large negative xi): with the tail T(a, g) = Phi(-/+xi) that was inverted,
     * d log x / d xi = m(+/-xi) / |d log T / d log g|, m(x) = phi(x) / Phi(-x) the inverse Mills ratio
     * ({@link Normal#millsRatio}) and the elasticity from {@link GammaFunctions#logTailSlope}, neither with
     * cancellation. +inf at xi = +inf and 0 at xi = -inf (the limits).
     */
    public double logDerivativeFromStandardNormal(double xi) {
        checkNotNaN(xi);
        if (Double.isInfinite(xi)) {
            return xi > 0 ? Double.POSITIVE_INFINITY : 0;
        }
        double logP = Normal.logCdf(-xi);
        double logQ = Normal.logCdf(xi);
        double logG = GammaFunctions.logInverseRegularized(shape, logP, logQ);
        boolean lower = logP <= logQ;
        double elasticity = Math.abs(GammaFunctions.logTailSlope(shape, logG, lower));
        return Normal.millsRatio(lower ? xi : -xi) / elasticity;
    }

    private static void checkNotNaN(double xi) {
        if (Double.isNaN(xi)) {
            throw new IllegalArgumentException("standard-normal parameter is NaN");
        }
    }
}
