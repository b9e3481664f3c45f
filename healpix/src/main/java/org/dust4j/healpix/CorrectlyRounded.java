package org.dust4j.healpix;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Correctly rounded {@code acos} and {@code atan2} for the ring colatitudes of the interpolation weights.
 *
 * <p>Why: a bilinear weight is (θ − θ₁)/(θ₂ − θ₁) with θ₂ − θ₁ ≈ 1/nside, so one ulp of θ₁ moves it by about
 * 3e-16·nside, 3e-12 at nside 8192. healpy takes θ₁ from the C library (glibc), whose acos/atan2 are correctly
 * rounded for nearly every argument, while Java's {@link Math#acos}/{@link Math#atan2} (fdlibm) differ from them
 * by one ulp for about 6% (acos) and 23% (atan2) of the ring arguments. Refining the Java result once in
 * double-double arithmetic gives the correctly rounded value, and with it healpy's weights wherever glibc rounds
 * correctly too (all but about 0.03% of acos and 0.2% of atan2 ring arguments).
 *
 * <p>Method: from θ₀ = Math.acos(x) (error below one ulp), cos θ₀ (and sin θ₀) are evaluated to about 1e-28
 * absolute (argument reduction by a triple-double π/2, Taylor series with its leading terms in double-double),
 * the residual of the defining equation gives the correction δ, and θ₀ + δ is rounded once.
 */
final class CorrectlyRounded {
    private static final double PIO2_HI = 1.5707963267948966;
    private static final double PIO2_MID = 6.123233995736766e-17;
    private static final double PIO2_LO = -1.4973849048591698e-33;
    /** Taylor terms 1/n!, n &lt; TERMS (even); the last one is below 1e-28 for |r| ≤ π/4. */
    private static final int TERMS = 28;
    /** Terms from this n on are below 1e-9 and summed in plain double. */
    private static final int DOUBLE_TAIL_FROM = 12;
    private static final double[] INV_FACT_HI = new double[TERMS];
    private static final double[] INV_FACT_LO = new double[TERMS];

    static {
        BigDecimal fact = BigDecimal.ONE;
        MathContext mc = new MathContext(60);
        for (int n = 0; n < TERMS; n++) {
            if (n > 0) {
                fact = fact.multiply(BigDecimal.valueOf(n));
            }
            BigDecimal inv = BigDecimal.ONE.divide(fact, mc);
            INV_FACT_HI[n] = inv.doubleValue();
            INV_FACT_LO[n] = inv.subtract(new BigDecimal(INV_FACT_HI[n])).doubleValue();
        }
    }

    private CorrectlyRounded() {
    }

    /** acos(x) correctly rounded, for |x| ≤ 0.9 (where sin θ is not small). */
    static double acos(double x) {
        double t0 = Math.acos(x);
        SinCos sc = new SinCos(t0);
        // cos(t0 + d) = x  =>  d = (cos t0 - x) / sin t0; cos t0 - x is exact (they agree to about an ulp)
        return t0 + ((sc.cosHi - x) + sc.cosLo) / sc.sinHi;
    }

    /** atan2(y, x) correctly rounded, for x > 0 and y ≥ 0. */
    static double atan2(double y, double x) {
        double t0 = Math.atan2(y, x);
        SinCos sc = new SinCos(t0);
        // f = y cos t0 - x sin t0 = r sin(t_true - t0), r = x cos t0 + y sin t0
        double p1 = y * sc.cosHi;
        double e1 = Math.fma(y, sc.cosHi, -p1) + y * sc.cosLo;
        double p2 = x * sc.sinHi;
        double e2 = Math.fma(x, sc.sinHi, -p2) + x * sc.sinLo;
        double f = (p1 - p2) + (e1 - e2); // p1 - p2 is exact: the two agree to about an ulp
        return t0 + f / (x * sc.cosHi + y * sc.sinHi);
    }

    /** A double-double accumulator for Horner steps acc ← c − r²·acc. */
    private static final class Horner {
        double hi;
        double lo;

        Horner(double tail) {
            hi = tail;
        }

        /** acc ← (cHi + cLo) − (r2h + r2l)·acc. */
        void step(double cHi, double cLo, double r2h, double r2l) {
            double ph = r2h * hi;
            double pl = Math.fma(r2h, hi, -ph) + (r2h * lo + r2l * hi);
            double sh = cHi - ph;
            double bb = sh - cHi;
            double sl = (cHi - (sh - bb)) + (-ph - bb) + (cLo - pl);
            hi = sh + sl;
            lo = sl - (hi - sh);
        }
    }

    /** sin t and cos t in double-double for t ∈ [0, π]. */
    private static final class SinCos {
        final double sinHi;
        final double sinLo;
        final double cosHi;
        final double cosLo;

        SinCos(double t) {
            int k = (int) Math.rint(t / PIO2_HI); // 0, 1 or 2
            // r = t - k·π/2 in double-double: t - k·hi is exact (Sterbenz, or k = 0), then the two tails
            double a = t - k * PIO2_HI;
            double b = -k * PIO2_MID;
            double rh = a + b;
            double rl = (a - rh) + b - k * PIO2_LO; // |a| ≥ |b| unless a = 0: a is a multiple of ulp(t)
            double r2h = rh * rh;
            double r2l = Math.fma(rh, rh, -r2h) + 2 * rh * rl;
            // sin r = r·Σ(−r²)^j/(2j+1)!, cos r = Σ(−r²)^j/(2j)!; odd n for sin, n − 1 for cos
            int n = TERMS - 1 - (TERMS % 2);
            double sTail = 0;
            double cTail = 0;
            for (; n >= DOUBLE_TAIL_FROM; n -= 2) {
                sTail = INV_FACT_HI[n] - r2h * sTail;
                cTail = INV_FACT_HI[n - 1] - r2h * cTail;
            }
            Horner s = new Horner(sTail);
            Horner c = new Horner(cTail);
            for (; n >= 1; n -= 2) {
                s.step(INV_FACT_HI[n], INV_FACT_LO[n], r2h, r2l);
                c.step(INV_FACT_HI[n - 1], INV_FACT_LO[n - 1], r2h, r2l);
            }
            double sh = rh * s.hi;
            double sl = Math.fma(rh, s.hi, -sh) + rh * s.lo + rl * s.hi;
            double sign = k == 2 ? -1 : 1;
            if (k == 1) {
                sinHi = c.hi;
                sinLo = c.lo;
                cosHi = -sh;
                cosLo = -sl;
            } else {
                sinHi = sign * sh;
                sinLo = sign * sl;
                cosHi = sign * c.hi;
                cosLo = sign * c.lo;
            }
        }
    }
}
