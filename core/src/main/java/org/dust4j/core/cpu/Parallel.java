package org.dust4j.core.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * Splits index ranges over the CPU backend's threads. Work below {@link #GRAIN} elements runs on the calling
 * thread; larger ranges are cut into at most a few chunks per thread.
 */
public final class Parallel {
    /** Ranges shorter than this run serially. */
    public static final int GRAIN = 1 << 15;

    private static final ForkJoinPool POOL = createPool();

    /** A body over the half-open range [from, to). */
    @FunctionalInterface
    public interface RangeBody {
        void run(long from, long to);
    }

    private Parallel() {
    }

    private static ForkJoinPool createPool() {
        int threads = Integer.getInteger("dust4j.cpu.threads", Runtime.getRuntime().availableProcessors());
        return new ForkJoinPool(Math.max(1, threads));
    }

    /** Number of worker threads. */
    public static int threads() {
        return POOL.getParallelism();
    }

    /** Runs body over [0, n), in parallel when n ≥ grain, in chunks of at least {@code grain}. */
    public static void forRange(long n, long grain, RangeBody body) {
        if (n <= 0) {
            return;
        }
        int t = threads();
        if (n < 2 * Math.max(1, grain) || t == 1 || java.util.concurrent.ForkJoinTask.getPool() == POOL) {
            body.run(0, n);
            return;
        }
        long chunks = Math.min((long) t * 4, n / Math.max(1, grain));
        long step = (n + chunks - 1) / chunks;
        POOL.invoke(new Chunk(body, 0, n, step));
    }

    /** Runs body over [0, n) with the default grain. */
    public static void forRange(long n, RangeBody body) {
        forRange(n, GRAIN, body);
    }

    private static final class Chunk extends RecursiveAction {
        private static final long serialVersionUID = 1L;
        private final transient RangeBody body;
        private final long from;
        private final long to;
        private final long step;

        Chunk(RangeBody body, long from, long to, long step) {
            this.body = body;
            this.from = from;
            this.to = to;
            this.step = step;
        }

        @Override
        protected void compute() {
            if (to - from <= step) {
                body.run(from, to);
                return;
            }
            long mid = from + ((to - from) / step / 2) * step;
            if (mid == from) {
                mid = from + step;
            }
            invokeAll(new Chunk(body, from, mid, step), new Chunk(body, mid, to, step));
        }
    }
}
