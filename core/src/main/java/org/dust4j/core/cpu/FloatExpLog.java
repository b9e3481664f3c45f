package org.dust4j.core.cpu;

/**
 * exp and log of float arguments, evaluated in double by short algorithms and rounded to float once: the CPU
 * backend's FLOAT32 EXP and LOG when they are to be reproducible ({@link Simd#STRICT_EXP_LOG}). {@link SimdFloatExpLog}
 * evaluates the same operations in the same order on the Vector API (no fused multiply-adds), so both paths give the
 * same bits on every call. Before the final rounding the double results are within about 10⁻¹¹ (exp) and 10⁻¹² (log)
 * relative of the exact values, so the float results are the correctly rounded ones but for arguments whose exact
 * value lies that close to a midpoint between two floats, and never more than 1 float ulp away
 * ({@code ExpLogBitsTest} compares them with {@code (float) StrictMath.exp/log} of the widened argument).
 *
 * <ul>
 *   <li>exp(x) = 2^k e^r, k = rint(x / ln 2) (rounded with the 1.5·2^52 shift), r = x − k ln2_hi − k ln2_lo
 *   (|r| ≤ 0.35; k ln2_hi is exact), e^r by its Taylor polynomial of degree 10 in Estrin's form, 2^k added to the
 *   exponent field; x &gt; 89 gives +∞, x &lt; −104 gives +0 (beyond the float range), NaN gives NaN.</li>
 *   <li>log(x) = e ln 2 + log m with x = 2^e m, m in [√½, √2) (from the bits of x widened to double, where every
 *   float is normal), log m = 2 atanh(s) = 2s + s(2/3 z + 2/5 z² + … + 2/13 z⁶), s = (m − 1)/(m + 1), z = s²
 *   (the polynomial in Estrin's form);
 *   log(±0) = −∞, log of a negative number or NaN is NaN, log(+∞) = +∞.</li>
 * </ul>
 */
final class FloatExpLog {
    /** fdlibm's invln2, ln2_hi (ln 2 rounded to 32 bits, so k·ln2_hi is exact), ln2_lo and ln 2; SimdFdlibm's too. */
    static final double INV_LN2 = 0x1.71547652b82fep0;
    static final double LN2_HI = 0x1.62e42feep-1;
    static final double LN2_LO = 0x1.a39ef35793c76p-33;
    static final double LN2 = 0x1.62e42fefa39efp-1;
    static final double SHIFTER = 0x1.8p52;
    static final double EXP_OVERFLOW = 89;
    static final double EXP_UNDERFLOW = -104;
    /** 1/n! for n = 2 … 10, the Horner coefficients of e^r after 1 + r. */
    static final double E2 = 1.0 / 2;
    static final double E3 = 1.0 / 6;
    static final double E4 = 1.0 / 24;
    static final double E5 = 1.0 / 120;
    static final double E6 = 1.0 / 720;
    static final double E7 = 1.0 / 5040;
    static final double E8 = 1.0 / 40320;
    static final double E9 = 1.0 / 362880;
    static final double E10 = 1.0 / 3628800;
    /** 2/(2n + 1) for n = 1 … 6. */
    static final double L3 = 2.0 / 3;
    static final double L5 = 2.0 / 5;
    static final double L7 = 2.0 / 7;
    static final double L9 = 2.0 / 9;
    static final double L11 = 2.0 / 11;
    static final double L13 = 2.0 / 13;
    /** The bits of √2 widened: mantissas above it are halved. */
    static final long SQRT2_MANTISSA = Double.doubleToRawLongBits(Math.sqrt(2)) & 0x000f_ffff_ffff_ffffL;

    private FloatExpLog() {
    }

    /** e^x rounded to float. */
    static float exp(float x) {
        double d = x;
        double k = d * INV_LN2 + SHIFTER - SHIFTER;
        double r = d - k * LN2_HI - k * LN2_LO;
        // Estrin's scheme: short dependency chains, so the vector loop is not bound by one long Horner chain
        double r2 = r * r;
        double r4 = r2 * r2;
        double b0 = (1 + r) + r2 * (E2 + r * E3);
        double b1 = (E4 + r * E5) + r2 * (E6 + r * E7);
        double b2 = (E8 + r * E9) + r2 * E10;
        double p = (b0 + r4 * b1) + (r4 * r4) * b2;
        double y = Double.longBitsToDouble(Double.doubleToRawLongBits(p) + ((long) k << 52));
        if (d > EXP_OVERFLOW) {
            y = Double.POSITIVE_INFINITY;
        }
        if (d < EXP_UNDERFLOW) {
            y = 0;
        }
        if (d != d) {
            y = d + d;
        }
        return (float) y;
    }

    /** ln x rounded to float. */
    static float log(float x) {
        double d = x;
        long bits = Double.doubleToRawLongBits(d);
        long mantissa = bits & 0x000f_ffff_ffff_ffffL;
        long high = mantissa > SQRT2_MANTISSA ? 1 : 0; // m in [√2, 2): halve it, e + 1
        double e = (double) ((bits >>> 52) - 1023 + high);
        double m = Double.longBitsToDouble(mantissa | (0x3ffL - high) << 52);
        double f = m - 1;
        double s = f / (m + 1);
        double z = s * s;
        double z2 = z * z;
        double q = ((L3 + z * L5) + z2 * (L7 + z * L9)) + (z2 * z2) * (L11 + z * L13);
        double logM = s + s + s * (z * q);
        double y = e * LN2 + logM;
        if (d == 0) {
            y = Double.NEGATIVE_INFINITY;
        }
        if (d < 0) {
            y = Double.NaN;
        }
        if (d == Double.POSITIVE_INFINITY || d != d) {
            y = d + d;
        }
        return (float) y;
    }
}
