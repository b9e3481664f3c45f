package org.dust4j.cuda;

/**
 * The Philox4x32-10 stream as the Backend contract defines it, written out in Java for the tests: key =
 * (lo32(seed), hi32(seed)), counter = (lo32(c), hi32(c), 0, 0); uniform double = top 53 bits of
 * (x0 << 32 | x1) * 2^-53; uniform float = top 24 bits of x0 * 2^-24; normal = Box-Muller with
 * u1 = 1 - uniform53(x0, x1) and u2 = uniform53(x2, x3).
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

    static double uniform53(int hi, int lo) {
        return ((Integer.toUnsignedLong(hi) << 32 | Integer.toUnsignedLong(lo)) >>> 11) * 0x1.0p-53;
    }

    static double uniformDouble(long counter, long seed) {
        int[] x = block(counter, seed);
        return uniform53(x[0], x[1]);
    }

    static float uniformFloat(long counter, long seed) {
        return (block(counter, seed)[0] >>> 8) * 0x1.0p-24f;
    }

    static double normal(long counter, long seed) {
        int[] x = block(counter, seed);
        double u1 = 1.0 - uniform53(x[0], x[1]);
        double u2 = uniform53(x[2], x[3]);
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }
}
