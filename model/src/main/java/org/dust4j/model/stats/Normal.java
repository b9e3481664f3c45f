package org.dust4j.model.stats;

/**
 * The standard normal distribution in double precision: density, cumulative distribution (both tails without
 * cancellation), its logarithm far into the tails, and the quantile function.
 *
 * <p>The distribution function follows W. J. Cody, "Rational Chebyshev approximations for the error function",
 * Math. Comp. 23 (1969) 631-637 (the form used by R's {@code pnorm}); relative error below about 1e-15 in both tails
 * until the result underflows (|x| &gt; 38). {@link #logCdf} continues past the underflow with Cody's asymptotic form.
 * The quantile is Wichura's algorithm AS 241 (PPND16), relative error about 1e-16.
 */
public final class Normal {
    /** 1/sqrt(2 pi). */
    public static final double INV_SQRT_2PI = 0.398942280401432677939946059934;
    /** log(sqrt(2 pi)). */
    public static final double LOG_SQRT_2PI = 0.918938533204672741780329736406;

    private static final double SQRT32 = 5.656854249492380195206754896838;

    private static final double[] A = {2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582,
        18154.981253343561249, 0.065682337918207449113};
    private static final double[] B = {47.20258190468824187, 976.09855173777669322, 10260.932208618978205,
        45507.789335026729956};
    private static final double[] C = {0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979,
        597.27027639480026226, 2494.5375852903726711, 6848.1904505362823326, 11602.651437647350124,
        9842.7148383839780218, 1.0765576773720192317e-8};
    private static final double[] D = {22.266688044328115691, 235.38790178262499861, 1519.377599407554805,
        6485.558298266760755, 18615.571640885098091, 34900.952721145977266, 38912.003286093271411,
        19685.429676859990727};
    private static final double[] P = {0.21589853405795699, 0.1274011611602473639, 0.022235277870649807,
        0.001421619193227893466, 2.9112874951168792e-5, 0.02307344176494017303};
    private static final double[] Q = {1.28426009614491121, 0.468238212480865118, 0.0659881378689285515,
        0.00378239633202758244, 7.29751555083966205e-5};

    private Normal() {
    }

    /** Density phi(x). */
    public static double pdf(double x) {
        return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
    }

    /** log phi(x). */
    public static double logPdf(double x) {
        return -0.5 * x * x - LOG_SQRT_2PI;
    }

    /** Phi(x) = P(Z &le; x); accurate relative to the result in both tails (use cdf(-x) for the upper tail). */
    public static double cdf(double x) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? 1 : 0;
        }
        double y = Math.abs(x);
        if (y <= 0.67448975) {
            double xnum = 0;
            double xden = 0;
            if (y > 1.1102230246251565e-16) {
                double xsq = x * x;
                xnum = A[4] * xsq;
                xden = xsq;
                for (int i = 0; i < 3; i++) {
                    xnum = (xnum + A[i]) * xsq;
                    xden = (xden + B[i]) * xsq;
                }
            }
            return 0.5 + x * (xnum + A[3]) / (xden + B[3]);
        }
        double ys = Math.floor(y * 16) / 16;
        double del = (y - ys) * (y + ys);
        double tail = Math.exp(-ys * ys * 0.5) * Math.exp(-del * 0.5) * tailFactor(y);
        return x > 0 ? 1 - tail : tail;
    }

    /**
     * log Phi(x), finite for every finite x (0 at +inf, -inf at -inf): for x &lt; -sqrt(32) from Cody's asymptotic
     * rational form (no underflow), for x &gt; 0.67 as log1p(-Phi(-x)).
     */
    public static double logCdf(double x) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? 0 : Double.NEGATIVE_INFINITY;
        }
        if (x < -0.67448975) {
            return logLowerTail(-x);
        }
        if (x > 0.67448975) {
            return Math.log1p(-Math.exp(logLowerTail(x)));
        }
        return Math.log(cdf(x));
    }

    /**
     * The inverse Mills ratio phi(x) / Phi(-x) (the hazard of the standard normal), without under- or overflow for
     * any x: 1 / (sqrt(2 pi) Phi(-x) e^(x^2/2)) from Cody's tail factor for x &gt; 0.67 (about x + 1/x for large x),
     * the plain quotient otherwise (about phi(x) for x &lt; -8); +inf at +inf, 0 at -inf.
     */
    public static double millsRatio(double x) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x == Double.POSITIVE_INFINITY) {
            return x;
        }
        if (x > 0.67448975) {
            return INV_SQRT_2PI / tailFactor(x);
        }
        return pdf(x) / cdf(-x);
    }

    /** log Phi(-y) for y &gt; 0.67448975. */
    private static double logLowerTail(double y) {
        double ys = Math.floor(y * 16) / 16;
        double del = (y - ys) * (y + ys);
        return Math.log(tailFactor(y)) - ys * ys * 0.5 - del * 0.5;
    }

    /**
     * Phi(-y) exp(y^2/2) for y &gt; 0.67448975 (Cody's rational forms). The caller multiplies by exp(-y^2/2) with the
     * square split in a 1/16-truncated part and a remainder, so that the exponential keeps its relative accuracy.
     */
    private static double tailFactor(double y) {
        if (y <= SQRT32) {
            double xnum = C[8] * y;
            double xden = y;
            for (int i = 0; i < 7; i++) {
                xnum = (xnum + C[i]) * y;
                xden = (xden + D[i]) * y;
            }
            return (xnum + C[7]) / (xden + D[7]);
        }
        double xsq = 1 / (y * y);
        double xnum = P[5] * xsq;
        double xden = xsq;
        for (int i = 0; i < 4; i++) {
            xnum = (xnum + P[i]) * xsq;
            xden = (xden + Q[i]) * xsq;
        }
        double r = xsq * (xnum + P[4]) / (xden + Q[4]);
        return (INV_SQRT_2PI - r) / y;
    }

    /**
     * The quantile Phi^-1(p) for p in [0, 1] (-inf at 0, +inf at 1). For an upper-tail probability q use
     * {@code -quantile(q)}, which keeps full relative accuracy for tiny q.
     */
    public static double quantile(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("probability must lie in [0, 1], got " + p);
        }
        if (p == 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (p == 1) {
            return Double.POSITIVE_INFINITY;
        }
        double q = p - 0.5;
        if (Math.abs(q) <= 0.425) {
            double r = 0.180625 - q * q;
            return q * (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r
                    + 45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r
                    + 133.14166789178437745) * r + 3.387132872796366608)
                    / (((((((5226.495278852854561 * r + 28729.085735721942674) * r + 39307.89580009271061) * r
                    + 21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r
                    + 42.313330701600911252) * r + 1.0);
        }
        double r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
        double val;
        if (r <= 5) {
            r -= 1.6;
            val = (((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r + 0.24178072517745061177) * r
                    + 1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055) * r
                    + 4.6303378461565452959) * r + 1.42343711074968357734)
                    / (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r
                    + 0.14810397642748007459) * r + 0.68976733498510000455) * r + 1.6763848301838038494) * r
                    + 2.05319162663775882187) * r + 1.0);
        } else {
            r -= 5;
            val = (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r
                    + 0.026532189526576123093) * r + 0.29656057182850489123) * r + 1.7848265399172913358) * r
                    + 5.4637849111641143699) * r + 6.6579046435011037772)
                    / (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r
                    + 7.868691311456132591e-4) * r + 0.0148753612908506148525) * r + 0.13692988092273580531) * r
                    + 0.59983220655588793769) * r + 1.0);
        }
        return q < 0 ? -val : val;
    }
}
