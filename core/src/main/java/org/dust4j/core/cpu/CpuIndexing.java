package org.dust4j.core.cpu;

import static org.dust4j.core.cpu.CpuBackend.doubles;
import static org.dust4j.core.cpu.CpuBackend.floats;
import static org.dust4j.core.cpu.CpuBackend.ints;
import static org.dust4j.core.cpu.CpuBackend.off;

import org.dust4j.core.DType;
import org.dust4j.core.Tensor;

/**
 * Gather and scatter-add along axis 0 for the CPU backend. Arguments arrive validated by {@link CpuBackend}
 * (shapes and dtypes); the index values are checked here, all of them before anything is written, so an
 * out-of-range index leaves the output untouched.
 *
 * <p>scatterAdd is parallel without atomics and deterministic: every destination row is owned by one thread,
 * which adds its sources in increasing source order, so the result equals that of the serial loop
 * {@code for i: out[index[i]] += src[i]} bit for bit, whatever the thread count. Rows of at least
 * {@link #COLUMN_SPLIT} elements are split by columns instead; every thread then sees every source.
 */
final class CpuIndexing {
    /** Row length from which scatterAdd splits the work by columns rather than by destination rows. */
    static final int COLUMN_SPLIT = 1024;

    private CpuIndexing() {
    }

    /** out[i] = x[index[i]] for rows of x along axis 0. */
    static void gather(Tensor x, Tensor index, Tensor out) {
        int n = x.shape().dim(0);
        int m = index.shape().dim(0);
        int row = (int) x.shape().inner(0);
        int[] idx = ints(index);
        int io = off(index);
        checkIndices(idx, io, m, n);
        if (row == 0) {
            return;
        }
        int xo = off(x);
        int oo = off(out);
        long grain = Math.max(1, Parallel.GRAIN / row);
        if (row == 1) {
            if (x.dtype() == DType.FLOAT64) {
                double[] xs = doubles(x);
                double[] os = doubles(out);
                Parallel.forRange(m, grain, (lo, hi) -> {
                    for (int i = (int) lo; i < hi; i++) {
                        os[oo + i] = xs[xo + idx[io + i]];
                    }
                });
            } else {
                float[] xs = floats(x);
                float[] os = floats(out);
                Parallel.forRange(m, grain, (lo, hi) -> {
                    for (int i = (int) lo; i < hi; i++) {
                        os[oo + i] = xs[xo + idx[io + i]];
                    }
                });
            }
            return;
        }
        Object xs = x.dtype() == DType.FLOAT64 ? doubles(x) : floats(x);
        Object os = out.dtype() == DType.FLOAT64 ? doubles(out) : floats(out);
        Parallel.forRange(m, grain, (lo, hi) -> {
            for (int i = (int) lo; i < hi; i++) {
                System.arraycopy(xs, xo + idx[io + i] * row, os, oo + i * row, row);
            }
        });
    }

    /** out[index[i]] += src[i] for rows along axis 0; repeated indices accumulate. */
    static void scatterAdd(Tensor src, Tensor index, Tensor out) {
        int n = out.shape().dim(0);
        int m = index.shape().dim(0);
        int row = (int) out.shape().inner(0);
        int[] idx = ints(index);
        int io = off(index);
        checkIndices(idx, io, m, n);
        if (row == 0 || m == 0) {
            return;
        }
        int so = off(src);
        int oo = off(out);
        boolean f64 = out.dtype() == DType.FLOAT64;
        Object ss = f64 ? doubles(src) : floats(src);
        Object os = f64 ? doubles(out) : floats(out);
        Rows rows = new Rows(ss, so, idx, io, m, os, oo, row);
        if ((long) m * row < 2L * Parallel.GRAIN) {
            rows.add(0, n, 0, row);
        } else if (row >= COLUMN_SPLIT) {
            Parallel.forRange(row, Math.max(1, Parallel.GRAIN / m), (c0, c1) -> rows.add(0, n, (int) c0, (int) c1));
        } else {
            // one chunk of destination rows per thread; each scans all indices and keeps its own rows
            Parallel.forRange(n, Math.max(1, n / Parallel.threads()), (d0, d1) -> rows.add((int) d0, (int) d1, 0, row));
        }
    }

    /** The operands of one scatterAdd: sources [m, row] from so, destinations [n, row] from oo. */
    private record Rows(Object src, int so, int[] idx, int io, int m, Object out, int oo, int row) {
        /** Adds, for every source i whose destination d lies in [d0, d1), columns [c0, c1) of src[i] into out[d]. */
        void add(int d0, int d1, int c0, int c1) {
            if (src instanceof double[] s) {
                double[] o = (double[]) out;
                for (int i = 0; i < m; i++) {
                    int d = idx[io + i];
                    if (d >= d0 && d < d1) {
                        int from = so + i * row;
                        int to = oo + d * row;
                        for (int c = c0; c < c1; c++) {
                            o[to + c] += s[from + c];
                        }
                    }
                }
            } else {
                float[] s = (float[]) src;
                float[] o = (float[]) out;
                for (int i = 0; i < m; i++) {
                    int d = idx[io + i];
                    if (d >= d0 && d < d1) {
                        int from = so + i * row;
                        int to = oo + d * row;
                        for (int c = c0; c < c1; c++) {
                            o[to + c] += s[from + c];
                        }
                    }
                }
            }
        }
    }

    /** Throws for the first index outside [0, n), naming its position and value. */
    private static void checkIndices(int[] idx, int io, int m, int n) {
        for (int i = 0; i < m; i++) {
            int v = idx[io + i];
            if (v < 0 || v >= n) {
                throw new IndexOutOfBoundsException("index[" + i + "] = " + v + " is out of range [0, " + n
                        + ") of axis 0");
            }
        }
    }
}
