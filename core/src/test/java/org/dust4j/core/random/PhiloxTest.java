package org.dust4j.core.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PhiloxTest {
    /*
     * Known answers from the Random123 distribution (D. E. Shaw Research), file tests/kat_vectors, lines
     * "philox4x32 10 <ctr0..3> <key0..1> <expected0..3>" (all hex uint32):
     *   philox4x32 10 00000000 00000000 00000000 00000000 00000000 00000000   6627e8d5 e169c58d bc57ac4c 9b00dbd8
     *   philox4x32 10 ffffffff ffffffff ffffffff ffffffff ffffffff ffffffff   408f276d 41c83b0e a20bc7c6 6d5451fd
     *   philox4x32 10 243f6a88 85a308d3 13198a2e 03707344 a4093822 299f31d0   d16cfe09 94fdcceb 5001e420 24126ea1
     */
    @Test
    void knownAnswerZeros() {
        assertBlock(new int[] {0, 0, 0, 0}, new int[] {0, 0},
                new int[] {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8});
    }

    @Test
    void knownAnswerAllOnes() {
        assertBlock(new int[] {-1, -1, -1, -1}, new int[] {-1, -1},
                new int[] {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd});
    }

    @Test
    void knownAnswerPiDigits() {
        assertBlock(new int[] {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}, new int[] {0xa4093822, 0x299f31d0},
                new int[] {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1});
    }

    private static void assertBlock(int[] counter, int[] key, int[] expected) {
        int[] got = Philox.block(counter, key);
        assertArrayEquals(expected, got, () -> String.format("got %08x %08x %08x %08x", got[0], got[1], got[2], got[3]));
        int[] out = new int[4];
        Philox.block(counter[0], counter[1], counter[2], counter[3], key[0], key[1], out);
        assertArrayEquals(expected, out);
    }

    @Test
    void streamBlockUsesDocumentedCounterAndKey() {
        long seed = 0x299f31d0_a4093822L;
        long j = 0x85a308d3_243f6a88L;
        int[] viaStream = new int[4];
        Philox.streamBlock(seed, j, viaStream);
        assertArrayEquals(Philox.block(new int[] {0x243f6a88, 0x85a308d3, 0, 0}, new int[] {0xa4093822, 0x299f31d0}),
                viaStream);
    }

    @Test
    void transformsFollowTheDocumentedBitRecipes() {
        long seed = 0x0123_4567_89ab_cdefL;
        for (long j : new long[] {0, 1, 12345, 0xFFFF_FFFFL, 0x1_0000_0000L, -1}) {
            int[] x = new int[4];
            Philox.streamBlock(seed, j, x);
            long w01 = (Integer.toUnsignedLong(x[1]) << 32) | Integer.toUnsignedLong(x[0]);
            long w23 = (Integer.toUnsignedLong(x[3]) << 32) | Integer.toUnsignedLong(x[2]);
            assertEquals((double) (w01 >>> 11) / (1L << 53), Philox.uniformDouble(seed, j));
            assertEquals((float) ((double) Integer.toUnsignedLong(x[0] >>> 8) / (1 << 24)), Philox.uniformFloat(seed, j));
            double u1 = (double) ((w01 >>> 11) + 1) / (1L << 53);
            double u2 = (double) (w23 >>> 11) / (1L << 53);
            double z = StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * Math.PI * u2);
            assertEquals(z, Philox.normalDouble(seed, j));
            assertEquals((float) z, Philox.normalFloat(seed, j));
        }
    }

    @Test
    void uniformsStayInsideTheHalfOpenInterval() {
        for (long j = 0; j < 10_000; j++) {
            double d = Philox.uniformDouble(3, j);
            float f = Philox.uniformFloat(3, j);
            assertTrue(d >= 0 && d < 1, "double uniform " + d);
            assertTrue(f >= 0 && f < 1, "float uniform " + f);
            assertTrue(Double.isFinite(Philox.normalDouble(3, j)));
        }
    }

    @Test
    void rejectsMalformedCounterOrKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Philox.block(new int[3], new int[2]));
        assertTrue(e.getMessage().contains("4 counter words"), e.getMessage());
    }
}
