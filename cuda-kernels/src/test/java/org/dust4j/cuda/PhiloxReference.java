package org.dust4j.cuda;

/**
 * The Philox4x32-10 streams as org.dust4j.core.random.Philox defines them (written out here until that class
 * reaches this branch): key = (lo32(seed), hi32(seed)), counter = (lo32(j), hi32(j), 0, 0);
 * w01 = x1 * 2^32 + x0, w23 = x3 * 2^32 + x2; uniform double = (w01 >>> 11) * 2^-53; uniform float =
 * (x0 >>> 8) * 2^-24; normal = sqrt(-2 log u1) cos(2 pi u2) with u1 = ((w01 >>> 11) + 1) * 2^-53,
 * u2 = (w23 >>> 11) * 2^-53, using StrictMath.
 */
final class PhiloxReference {
    private PhiloxReference() {
    }

    static int[] block(long counter, long seed) {
        int c0 = (int) counter;
        int c1 = (int) (counter >>> 32);
        int c2 = 0;
        int c3 = 0;
        int k0 = (int) seed;
        int k1 = (int) (seed >>> 32);
        for (int round = 0; round < 10; round++) {
            if (round > 0) {
                k0 += 0x9E3779B9;
                k1 += 0xBB67AE85;
            }
            long p0 = 0xD2511F53L * Integer.toUnsignedLong(c0);
            long p1 = 0xCD9E8D57L * Integer.toUnsignedLong(c2);
            int hi0 = (int) (p0 >>> 32);
            int lo0 = (int) p0;
            int hi1 = (int) (p1 >>> 32);
            int lo1 = (int) p1;
            c0 = hi1 ^ c1 ^ k0;
            c1 = lo1;
            c2 = hi0 ^ c3 ^ k1;
            c3 = lo0;
        }
        return new int[] {c0, c1, c2, c3};
    }

    private static long top53(int hi, int lo) {
        return (Integer.toUnsignedLong(hi) << 32 | Integer.toUnsignedLong(lo)) >>> 11;
    }

    static double uniformDouble(long counter, long seed) {
        int[] x = block(counter, seed);
        return top53(x[1], x[0]) * 0x1.0p-53;
    }

    static float uniformFloat(long counter, long seed) {
        return (block(counter, seed)[0] >>> 8) * 0x1.0p-24f;
    }

    static double normal(long counter, long seed) {
        int[] x = block(counter, seed);
        double u1 = (top53(x[1], x[0]) + 1) * 0x1.0p-53;
        double u2 = top53(x[3], x[2]) * 0x1.0p-53;
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2 * Math.PI * u2);
    }
}
