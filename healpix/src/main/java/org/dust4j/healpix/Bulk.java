package org.dust4j.healpix;

import java.util.stream.IntStream;

/** Chunked, optionally parallel loops over primitive arrays, and int/long index adapters for them. */
final class Bulk {
    /** Arrays shorter than this are processed on the calling thread. */
    static final int PARALLEL_THRESHOLD = 1 << 15;
    private static final int CHUNK = 1 << 13;

    /** Reads pixel index {@code i} of an int[] or long[] input. */
    @FunctionalInterface
    interface PixIn {
        long get(int i);
    }

    /** Writes pixel index {@code i} of an int[] or long[] output. */
    @FunctionalInterface
    interface PixOut {
        void set(int i, long pix);
    }

    /** A loop body over the half-open index range [from, to). */
    @FunctionalInterface
    interface RangeBody {
        void run(int from, int to);
    }

    private Bulk() {
    }

    static PixIn in(long[] a) {
        return i -> a[i];
    }

    static PixIn in(int[] a) {
        return i -> a[i];
    }

    static PixOut out(long[] a) {
        return (i, p) -> a[i] = p;
    }

    static PixOut out(int[] a) {
        return (i, p) -> a[i] = (int) p;
    }

    /** Runs body over [0, n): serially below {@link #PARALLEL_THRESHOLD}, else in parallel chunks. */
    static void forRange(int n, RangeBody body) {
        if (n < PARALLEL_THRESHOLD) {
            body.run(0, n);
            return;
        }
        int chunks = (n + CHUNK - 1) / CHUNK;
        IntStream.range(0, chunks).parallel().forEach(c -> body.run(c * CHUNK, Math.min(n, (c + 1) * CHUNK)));
    }
}
