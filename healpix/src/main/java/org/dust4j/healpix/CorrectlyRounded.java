package org.dust4j.healpix;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Correctly rounded {@code acos} and {@code atan2} for the ring colatitudes of the interpolation weights.
 *
 * <p>Why: a bilinear weight is (θ − θ₁)/(θ₂ − θ₁) with θ₂ − θ₁ ≈ 1/nside, so one ulp of θ₁ moves it by about
 * 3e-16·nside, 3e-12 at nside 8192. healpy takes θ₁ from the C library (glibc), whose acos/atan2 are correctly
 * rounded for nearly every argument, while Java's {@link Math#acos}/{@link StrictMath#acos} (fdlibm) are off by
 * one ulp noticeably more often. Refining the Java result once with double-double arithmetic gives the correctly
 * rounded value, and with it healpy's weights whenever glibc rounds correctly too.
 *
 * <p>Method: from θ₀ = Math.acos(x) (error below one ulp), sin θ₀ and cos θ₀ are evaluated in double-double
 * (argument reduction by a triple-double π/2, Taylor series to degree 29 on |r| ≤ π/4), the residual of the
 * defining equation gives the correction δ to about 1e-30 absolute, and θ₀ + δ is rounded once.
 */
final class CorrectlyRounded {
    private static final double PIO2_HI = 1.5707963267948966;
    private static final double PIO2_MID = 6.123233995736766e-17;
    private static final double PIO2_LO = -1.4973849048591698e-33;
    /** Taylor terms: 1/n! for n = 0..TERMS-1, as double-double hi/lo pairs. */
    private static final int TERMS = 30;
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

    /** A double-double value hi + lo with |lo| ≤ ulp(hi)/2. */
    private record DD(double hi, double lo) {
        static DD sum(double a, double b) {
            double s = a + b;
            double bb = s - a;
            return new DD(s, (a - (s - bb)) + (b - bb));
        }

        static DD product(double a, double b) {
            double p = a * b;
            return new DD(p, Math.fma(a, b, -p));
        }

        DD plus(DD o) {
            DD s = sum(hi, o.hi);
            return normalise(s.hi, s.lo + lo + o.lo);
        }

        DD times(DD o) {
            DD p = product(hi, o.hi);
            return normalise(p.hi, p.lo + hi * o.lo + lo * o.hi);
        }

        DD times(double d) {
            DD p = product(hi, d);
            return normalise(p.hi, p.lo + lo * d);
        }

        DD negate() {
            return new DD(-hi, -lo);
        }

        private static DD normalise(double hi, double lo) {
            double s = hi + lo;
            return new DD(s, lo - (s - hi));
        }
    }

    private CorrectlyRounded() {
    }

    /** acos(x) correctly rounded, for |x| ≤ 0.9 (where sin θ is not small). */
    static double acos(double x) {
        double t0 = Math.acos(x);
        DD[] sc = sinCos(t0);
        // cos(t0 + d) = x  =>  d = (cos t0 - x) / sin t0
        DD residual = sc[1].plus(new DD(-x, 0));
        return t0 + (residual.hi + residual.lo) / sc[0].hi;
    }

    /** atan2(y, x) correctly rounded, for x > 0 and y ≥ 0. */
    static double atan2(double y, double x) {
        double t0 = Math.atan2(y, x);
        DD[] sc = sinCos(t0);
        // y cos t - x sin t = r sin(t_true - t), r = x cos t + y sin t
        DD f = sc[1].times(y).plus(sc[0].times(x).negate());
        double r = x * sc[1].hi + y * sc[0].hi;
        return t0 + (f.hi + f.lo) / r;
    }

    /** {sin t, cos t} in double-double for t ∈ [0, π]. */
    private static DD[] sinCos(double t) {
        int k = (int) Math.rint(t / PIO2_HI); // 0, 1 or 2
        DD r = DD.sum(t, -k * PIO2_HI).plus(new DD(-k * PIO2_MID, -k * PIO2_LO));
        DD r2 = r.times(r);
        DD s = new DD(INV_FACT_HI[TERMS - 1], INV_FACT_LO[TERMS - 1]); // highest odd term for even TERMS
        DD c = new DD(INV_FACT_HI[TERMS - 2], INV_FACT_LO[TERMS - 2]);
        for (int n = TERMS - 3; n >= 1; n -= 2) {
            // s: 1/1! - r²/3! + ..., Horner from the top; c likewise with even factorials
            s = new DD(INV_FACT_HI[n], INV_FACT_LO[n]).plus(r2.times(s).negate());
            c = new DD(INV_FACT_HI[n - 1], INV_FACT_LO[n - 1]).plus(r2.times(c).negate());
        }
        DD sin = r.times(s);
        return switch (k) {
            case 0 -> new DD[] {sin, c};
            case 1 -> new DD[] {c, sin.negate()};
            default -> new DD[] {sin.negate(), c.negate()};
        };
    }
}
