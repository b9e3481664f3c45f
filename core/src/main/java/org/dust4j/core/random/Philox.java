package org.dust4j.core.random;

/**
 * The Philox4x32-10 counter-based random number generator (Salmon, Moraes, Dror and Shaw, "Parallel random
 * numbers: as easy as 1, 2, 3", SC 2011; the Random123 library), and the exact definition of the random
 * streams every dust4j backend draws from.
 *
 * <h2>The block function</h2>
 * {@link #block} maps a 128-bit counter (c0, c1, c2, c3) and a 64-bit key (k0, k1), all as unsigned 32-bit
 * words, to four 32-bit words. One round computes, with {@code mulhi}/{@code mullo} the high and low halves
 * of the 64-bit product of two unsigned 32-bit words,
 * <pre>
 *   (c0, c1, c2, c3) := (mulhi(M1, c2) ^ c1 ^ k0,  mullo(M1, c2),  mulhi(M0, c0) ^ c3 ^ k1,  mullo(M0, c0))
 * </pre>
 * with M0 = 0xD2511F53 and M1 = 0xCD9E8D57; between consecutive rounds the key is bumped by the Weyl
 * constants, k0 += 0x9E3779B9 and k1 += 0xBB67AE85 (mod 2^32). Ten rounds (nine bumps) give Philox4x32-10,
 * which reproduces the Random123 known-answer vectors.
 *
 * <h2>The streams</h2>
 * A draw of {@code size} elements with {@code (seed, offset)} gives element {@code i} (row-major position in
 * the output tensor, {@code 0 <= i < size}) the value defined from a single Philox block:
 * <pre>
 *   key     = (lo32(seed), hi32(seed))
 *   j       = offset + i                                  (64-bit two's-complement, wrapping)
 *   counter = (lo32(j), hi32(j), 0, 0)
 *   (x0, x1, x2, x3) = block(counter, key)                (unsigned 32-bit words)
 *   w01 = x1 * 2^32 + x0,  w23 = x3 * 2^32 + x2           (unsigned 64-bit words)
 * </pre>
 * <ul>
 *   <li>uniform FLOAT64: {@code (w01 >>> 11) * 2^-53}, a multiple of 2^-53 in [0, 1) ({@link #uniformDouble});</li>
 *   <li>uniform FLOAT32: {@code (x0 >>> 8) * 2^-24}, a multiple of 2^-24 in [0, 1) ({@link #uniformFloat});</li>
 *   <li>normal FLOAT64: Box-Muller with {@code u1 = ((w01 >>> 11) + 1) * 2^-53} in (0, 1] and
 *       {@code u2 = (w23 >>> 11) * 2^-53} in [0, 1):
 *       {@code z = sqrt(-2 * log(u1)) * cos(TWO_PI * u2)}, where {@code TWO_PI} is the double nearest 2&pi;
 *       and each operation is one IEEE double operation in that order ({@link #normalDouble});</li>
 *   <li>normal FLOAT32: the FLOAT64 normal rounded to float ({@link #normalFloat}).</li>
 * </ul>
 * Element i thus depends only on (seed, offset + i): a draw at offset k reproduces elements k, k+1, ... of a
 * draw at offset 0, whatever the tensor shape or the way the work is split over threads or GPU blocks.
 *
 * <p>Reproducibility across backends: the Philox words and both uniforms use integer arithmetic and exact
 * scaling only, so every backend must return them bit for bit. The normals additionally evaluate
 * {@code log}, {@code cos} and {@code sqrt}; {@code sqrt} and the arithmetic are correctly rounded everywhere,
 * but {@code log} and {@code cos} are not correctly rounded in common math libraries. The CPU backend uses
 * {@link StrictMath} (the fdlibm algorithms, identical on every JVM); a backend whose math library differs
 * (e.g. CUDA's {@code log}/{@code cos}, accurate to 1-2 ulp) agrees to within a few ulp in FLOAT64 and, after
 * rounding, almost always exactly in FLOAT32. A backend needing exact agreement must port the fdlibm
 * {@code __ieee754_log} and {@code cos} routines.
 */
public final class Philox {
    /** Multiplier applied to counter word 0. */
    public static final int M0 = 0xD2511F53;
    /** Multiplier applied to counter word 2. */
    public static final int M1 = 0xCD9E8D57;
    /** Weyl increment of key word 0 (golden ratio). */
    public static final int W0 = 0x9E3779B9;
    /** Weyl increment of key word 1 (sqrt(3) - 1). */
    public static final int W1 = 0xBB67AE85;
    /** Number of rounds. */
    public static final int ROUNDS = 10;

    /** The double nearest 2&pi;, as used by the normal transform. */
    public static final double TWO_PI = 2 * Math.PI;

    private static final long LO32 = 0xFFFF_FFFFL;
    private static final double TWO_POW_M53 = 0x1.0p-53;
    private static final float TWO_POW_M24 = 0x1.0p-24f;

    private Philox() {
    }

    /**
     * Computes the Philox4x32-10 block of counter (c0, c1, c2, c3) under key (k0, k1) into out[0..3]
     * (all words unsigned 32-bit values held in ints).
     */
    public static void block(int c0, int c1, int c2, int c3, int k0, int k1, int[] out) {
        for (int r = 0; r < ROUNDS; r++) {
            if (r > 0) {
                k0 += W0;
                k1 += W1;
            }
            long p0 = (M0 & LO32) * (c0 & LO32);
            long p1 = (M1 & LO32) * (c2 & LO32);
            int n0 = (int) (p1 >>> 32) ^ c1 ^ k0;
            int n1 = (int) p1;
            int n2 = (int) (p0 >>> 32) ^ c3 ^ k1;
            int n3 = (int) p0;
            c0 = n0;
            c1 = n1;
            c2 = n2;
            c3 = n3;
        }
        out[0] = c0;
        out[1] = c1;
        out[2] = c2;
        out[3] = c3;
    }

    /** The block of a 4-word counter and a 2-word key, as a new array of four words. */
    public static int[] block(int[] counter, int[] key) {
        if (counter.length != 4 || key.length != 2) {
            throw new IllegalArgumentException("Philox4x32 needs 4 counter words and 2 key words, got "
                    + counter.length + " and " + key.length);
        }
        int[] out = new int[4];
        block(counter[0], counter[1], counter[2], counter[3], key[0], key[1], out);
        return out;
    }

    /** The block of stream position {@code j} under {@code seed}: counter (lo32(j), hi32(j), 0, 0), key (lo32(seed), hi32(seed)). */
    public static void streamBlock(long seed, long j, int[] out) {
        block((int) j, (int) (j >>> 32), 0, 0, (int) seed, (int) (seed >>> 32), out);
    }

    /** Uniform FLOAT64 in [0, 1) at stream position {@code j} (see the class documentation). */
    public static double uniformDouble(long seed, long j) {
        int[] x = new int[4];
        streamBlock(seed, j, x);
        return (word(x[1], x[0]) >>> 11) * TWO_POW_M53;
    }

    /** Uniform FLOAT32 in [0, 1) at stream position {@code j} (see the class documentation). */
    public static float uniformFloat(long seed, long j) {
        int[] x = new int[4];
        streamBlock(seed, j, x);
        return (x[0] >>> 8) * TWO_POW_M24;
    }

    /** Standard normal FLOAT64 at stream position {@code j} (see the class documentation). */
    public static double normalDouble(long seed, long j) {
        int[] x = new int[4];
        streamBlock(seed, j, x);
        double u1 = ((word(x[1], x[0]) >>> 11) + 1) * TWO_POW_M53;
        double u2 = (word(x[3], x[2]) >>> 11) * TWO_POW_M53;
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(TWO_PI * u2);
    }

    /** Standard normal FLOAT32 at stream position {@code j}: the FLOAT64 normal rounded to float. */
    public static float normalFloat(long seed, long j) {
        return (float) normalDouble(seed, j);
    }

    private static long word(int hi, int lo) {
        return ((long) hi << 32) | (lo & LO32);
    }
}
