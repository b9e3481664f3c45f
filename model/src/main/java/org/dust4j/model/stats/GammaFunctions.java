package org.dust4j.model.stats;

/**
 * The log-gamma function and the regularized incomplete gamma functions P(a, x) and Q(a, x) = 1 - P(a, x), with
 * their logarithms (finite far into both tails) and their inverse in either tail.
 *
 * <p>log Gamma uses the Lanczos approximation (g = 7, 9 terms, reflection below 1/2), absolute error about 1e-15.
 * P is summed from its power series for x &lt; a + 1 and Q from its continued fraction (modified Lentz) otherwise;
 * the complementary function is taken as log1p(-other), so the smaller tail always keeps its relative accuracy.
 */
public final class GammaFunctions {
    private static final double[] LANCZOS = {0.99999999999980993, 676.5203681218851, -1259.1392167224028,
        771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
        1.5056327351493116e-7};
    private static final double EPS = 1e-16;
    private static final double TINY = 1e-300;
    private static final int MAX_TERMS = 100_000;
    private static final int MAX_NEWTON = 200;

    private GammaFunctions() {
    }

    /** log Gamma(x) for x &gt; 0. */
    public static double logGamma(double x) {
        if (!(x > 0)) {
            throw new IllegalArgumentException("logGamma needs x > 0, got " + x);
        }
        if (x < 0.5) {
            return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
        }
        double z = x - 1;
        double s = LANCZOS[0];
        for (int i = 1; i < LANCZOS.length; i++) {
            s += LANCZOS[i] / (z + i);
        }
        double t = z + 7.5;
        return Normal.LOG_SQRT_2PI + (z + 0.5) * Math.log(t) - t + Math.log(s);
    }

    /** Regularized lower incomplete gamma P(a, x) = gamma(a, x) / Gamma(a). */
    public static double regularizedP(double a, double x) {
        return Math.exp(logRegularizedP(a, x));
    }

    /** Regularized upper incomplete gamma Q(a, x) = Gamma(a, x) / Gamma(a). */
    public static double regularizedQ(double a, double x) {
        return Math.exp(logRegularizedQ(a, x));
    }

    /** log P(a, x), finite for every x &gt; 0. */
    public static double logRegularizedP(double a, double x) {
        check(a, x);
        if (x == 0) {
            return Double.NEGATIVE_INFINITY;
        }
        return x < a + 1 ? logSeries(a, x) : Math.log1p(-Math.exp(logContinuedFraction(a, x)));
    }

    /** log Q(a, x), finite for every finite x &ge; 0. */
    public static double logRegularizedQ(double a, double x) {
        check(a, x);
        if (x == 0) {
            return 0;
        }
        return x < a + 1 ? Math.log1p(-Math.exp(logSeries(a, x))) : logContinuedFraction(a, x);
    }

    /** log of the Gamma(a, 1) density at x. */
    public static double logDensity(double a, double x) {
        return (a - 1) * Math.log(x) - x - logGamma(a);
    }

    /**
     * The x with P(a, x) = p, given both log p and log q = log(1 - p) (so that either tail can be tiny without
     * losing accuracy): {@code exp(}{@link #logInverseRegularized}{@code )}.
     *
     * @param a     shape, &gt; 0
     * @param logP  log of the lower-tail probability
     * @param logQ  log of the upper-tail probability; exp(logP) + exp(logQ) must be 1
     * @return the quantile, in (0, inf); 0 or +inf only where it is not representable (or logP, logQ is -inf)
     */
    public static double inverseRegularized(double a, double logP, double logQ) {
        return Math.exp(logInverseRegularized(a, logP, logQ));
    }

    /**
     * log x for the x with P(a, x) = p, given log p and log q = log(1 - p). The smaller tail is solved for by Newton's
     * method in y = log x, safeguarded by bisection, with the tail evaluated from y itself (series or continued
     * fraction with log x given, so that x = e^y may underflow), so the result stays finite and accurate where x
     * under- or overflows: for a lower-tail probability far below the double range (log p = -5000, x = e^-1668) the
     * result is the finite log x. It is -inf only for log p = -inf and +inf only for log q = -inf.
     *
     * @param a     shape, &gt; 0
     * @param logP  log of the lower-tail probability
     * @param logQ  log of the upper-tail probability; exp(logP) + exp(logQ) must be 1
     * @return log of the quantile
     */
    public static double logInverseRegularized(double a, double logP, double logQ) {
        if (!(a > 0) || Double.isInfinite(a)) {
            throw new IllegalArgumentException("shape a must be positive and finite, got " + a);
        }
        if (!(logP <= 0 && logQ <= 0)) {
            throw new IllegalArgumentException("log-probabilities must be <= 0, got logP=" + logP + ", logQ=" + logQ);
        }
        if (logP == Double.NEGATIVE_INFINITY) {
            return Double.NEGATIVE_INFINITY;
        }
        if (logQ == Double.NEGATIVE_INFINITY) {
            return Double.POSITIVE_INFINITY;
        }
        boolean lower = logP <= logQ;
        double target = lower ? logP : logQ;
        double lgA = logGamma(a);
        double y = initialLogGuess(a, logP, logQ, lower, lgA);
        // bracket [lo, hi] in y = log x; h(y) = log tail(e^y) - target is increasing for the lower tail
        double lo = Double.NEGATIVE_INFINITY;
        double hi = Double.POSITIVE_INFINITY;
        double[] tail = new double[2];
        for (int it = 0; it < MAX_NEWTON; it++) {
            logTail(a, y, lgA, lower, tail);
            double h = tail[0] - target;
            if (h == 0) {
                return y;
            }
            boolean below = lower ? h < 0 : h > 0;
            if (below) {
                lo = y;
            } else {
                hi = y;
            }
            double next = y - h / tail[1];
            if (!(next > lo && next < hi)) {
                if (lo == Double.NEGATIVE_INFINITY) {
                    next = y - 1;
                } else if (hi == Double.POSITIVE_INFINITY) {
                    next = y + 1;
                } else {
                    next = 0.5 * (lo + hi);
                }
            }
            if (Math.abs(next - y) <= 4 * EPS * Math.max(1, Math.abs(y))) {
                return next;
            }
            y = next;
        }
        throw new ArithmeticException("inverse incomplete gamma did not converge for a=" + a + ", logP=" + logP
                + ", logQ=" + logQ);
    }

    /**
     * The elasticity d log P(a, x) / d log x = x f(x) / P(a, x) (lower) or d log Q(a, x) / d log x = -x f(x) / Q(a, x)
     * (upper), f the Gamma(a, 1) density, at x = e^logX; computed from the series or continued fraction of the tail
     * itself (no cancellation between log f and log P), finite for every x &lt; +inf (the upper tail's is -inf at
     * x = +inf).
     */
    public static double logTailSlope(double a, double logX, boolean lower) {
        if (!(a > 0) || Double.isInfinite(a)) {
            throw new IllegalArgumentException("shape a must be positive and finite, got " + a);
        }
        if (Double.isNaN(logX)) {
            throw new IllegalArgumentException("log x is NaN");
        }
        double[] tail = new double[2];
        logTail(a, logX, logGamma(a), lower, tail);
        return tail[1];
    }

    /**
     * out[0] = log P(a, e^y) (lower) or log Q(a, e^y), out[1] = its derivative in y. The series gives
     * P = e^-x x^a S / Gamma(a), so x f / P = 1/S; the continued fraction Q = e^-x x^a H / Gamma(a), so x f / Q = 1/H;
     * the complementary tail's slope follows from P' = -Q'.
     */
    private static void logTail(double a, double y, double lgA, boolean lower, double[] out) {
        double x = Math.exp(y);
        double logP;
        double logQ;
        double dLogP;
        double dLogQ;
        if (x == Double.POSITIVE_INFINITY) { // the limits: P = 1, Q = 0 with elasticity -x
            logP = 0;
            logQ = Double.NEGATIVE_INFINITY;
            dLogP = 0;
            dLogQ = Double.NEGATIVE_INFINITY;
        } else if (x < a + 1) {
            double sum = series(a, x);
            logP = -x + a * y - lgA + Math.log(sum);
            logQ = Math.log1p(-Math.exp(logP));
            dLogP = 1 / sum;
            dLogQ = -Math.exp(logP - logQ) / sum;
        } else {
            double h = continuedFraction(a, x);
            logQ = -x + a * y - lgA + Math.log(h);
            logP = Math.log1p(-Math.exp(logQ));
            dLogQ = -1 / h;
            dLogP = Math.exp(logQ - logP) / h;
        }
        out[0] = lower ? logP : logQ;
        out[1] = lower ? dLogP : dLogQ;
    }

    /** A starting log x: Wilson-Hilferty where the tail is representable, the tails' leading asymptotics beyond. */
    private static double initialLogGuess(double a, double logP, double logQ, boolean lower, double lgA) {
        double logTail = lower ? logP : logQ;
        if (logTail > -700) {
            double z = lower ? Normal.quantile(Math.exp(logP)) : -Normal.quantile(Math.exp(logQ));
            double c = 1 / (9 * a);
            double w = 1 - c + z * Math.sqrt(c);
            if (w > 0) {
                double x = a * w * w * w;
                if (x > 0 && Double.isFinite(x)) {
                    return Math.log(x);
                }
            }
        }
        if (lower) {
            // P(a, x) ~ x^a / Gamma(a + 1) for small x
            return (logP + logGamma(a + 1)) / a;
        }
        // Q(a, x) ~ x^(a-1) e^-x / Gamma(a) for large x
        double x = -logQ;
        for (int i = 0; i < 5; i++) {
            x = Math.max(1, -logQ + (a - 1) * Math.log(x) - lgA);
        }
        return Math.log(x);
    }

    private static double logSeries(double a, double x) {
        return -x + a * Math.log(x) - logGamma(a) + Math.log(series(a, x));
    }

    private static double logContinuedFraction(double a, double x) {
        return -x + a * Math.log(x) - logGamma(a) + Math.log(continuedFraction(a, x));
    }

    /** S with P(a, x) = e^-x x^a S / Gamma(a): the power series sum_n x^n / (a (a+1) ... (a+n)), x &lt; a + 1. */
    private static double series(double a, double x) {
        double ap = a;
        double del = 1 / a;
        double sum = del;
        for (int n = 0; n < MAX_TERMS; n++) {
            ap += 1;
            del *= x / ap;
            sum += del;
            if (Math.abs(del) < Math.abs(sum) * EPS) {
                return sum;
            }
        }
        throw new ArithmeticException("incomplete gamma series did not converge for a=" + a + ", x=" + x);
    }

    /** H with Q(a, x) = e^-x x^a H / Gamma(a): Legendre's continued fraction (modified Lentz), x &ge; a + 1. */
    private static double continuedFraction(double a, double x) {
        double b = x + 1 - a;
        double c = 1 / TINY;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < MAX_TERMS; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.abs(d) < TINY) {
                d = TINY;
            }
            c = b + an / c;
            if (Math.abs(c) < TINY) {
                c = TINY;
            }
            d = 1 / d;
            double del = d * c;
            h *= del;
            if (Math.abs(del - 1) <= 2 * EPS) { // the spacing of doubles just below 1 is 1.1e-16
                return h;
            }
        }
        throw new ArithmeticException("incomplete gamma continued fraction did not converge for a=" + a + ", x=" + x);
    }

    private static void check(double a, double x) {
        if (!(a > 0) || Double.isInfinite(a)) {
            throw new IllegalArgumentException("shape a must be positive and finite, got " + a);
        }
        if (!(x >= 0)) {
            throw new IllegalArgumentException("x must be >= 0, got " + x);
        }
    }
}
