package org.dust4j.core.cpu;

import java.util.Arrays;

import org.dust4j.core.DType;
import org.dust4j.core.Tensor;

/**
 * The Java array behind a FLOAT32 or FLOAT64 CPU tensor, read and written as doubles, with the few vector kernels
 * the fused passes (such as {@link CpuWindowed}) need. Each method branches on the dtype once, outside
 * its loop, so one kernel body serves both dtypes at the speed of a typed loop.
 */
final class HostArray {
    private final double[] d;
    private final float[] f;
    private final int off;
    private final int size;

    private HostArray(double[] d, float[] f, int off, int size) {
        this.d = d;
        this.f = f;
        this.off = off;
        this.size = size;
    }

    /** The array of a validated floating CPU tensor. */
    static HostArray of(Tensor t) {
        int o = CpuBackend.off(t);
        int n = (int) t.size();
        return t.dtype() == DType.FLOAT64 ? new HostArray(CpuBackend.doubles(t), null, o, n)
                : new HostArray(null, CpuBackend.floats(t), o, n);
    }

    /** The array of a validated floating CPU tensor, or null for null. */
    static HostArray ofNullable(Tensor t) {
        return t == null ? null : of(t);
    }

    double get(int i) {
        return d != null ? d[off + i] : f[off + i];
    }

    void set(int i, double v) {
        if (d != null) {
            d[off + i] = v;
        } else {
            f[off + i] = (float) v;
        }
    }

    /** dst[k] = this[idx[k]] for k &lt; n. */
    void gather(int[] idx, double[] dst, int n) {
        if (d != null) {
            for (int k = 0; k < n; k++) {
                dst[k] = d[off + idx[k]];
            }
        } else {
            for (int k = 0; k < n; k++) {
                dst[k] = f[off + idx[k]];
            }
        }
    }

    /** Σ_k this[from + k·stride] · v[k] for k &lt; n. */
    double dot(long from, int stride, double[] v, int n) {
        int o = Math.toIntExact(off + from);
        double acc = 0;
        if (d != null) {
            for (int k = 0; k < n; k++) {
                acc += d[o + k * stride] * v[k];
            }
        } else {
            for (int k = 0; k < n; k++) {
                acc += f[o + k * stride] * v[k];
            }
        }
        return acc;
    }

    /**
     * out[j] = Σ_k this[from + j·n + k] · v[k] for j &lt; rows: a row-major rows × n matrix times v. Each row is summed
     * in k order from zero, as a dot product row by row would; four rows run together, so that four independent sums
     * are in flight instead of one chain of dependent additions (the rows after the last four, with {@link #dot}).
     */
    void matVec(long from, int rows, double[] v, int n, double[] out) {
        int o = Math.toIntExact(off + from);
        int j = 0;
        if (d != null) {
            for (; j + 4 <= rows; j += 4) {
                int r0 = o + j * n;
                int r1 = r0 + n;
                int r2 = r1 + n;
                int r3 = r2 + n;
                double a0 = 0;
                double a1 = 0;
                double a2 = 0;
                double a3 = 0;
                for (int k = 0; k < n; k++) {
                    double x = v[k];
                    a0 += d[r0 + k] * x;
                    a1 += d[r1 + k] * x;
                    a2 += d[r2 + k] * x;
                    a3 += d[r3 + k] * x;
                }
                out[j] = a0;
                out[j + 1] = a1;
                out[j + 2] = a2;
                out[j + 3] = a3;
            }
        } else {
            for (; j + 4 <= rows; j += 4) {
                int r0 = o + j * n;
                int r1 = r0 + n;
                int r2 = r1 + n;
                int r3 = r2 + n;
                double a0 = 0;
                double a1 = 0;
                double a2 = 0;
                double a3 = 0;
                for (int k = 0; k < n; k++) {
                    double x = v[k];
                    a0 += f[r0 + k] * x;
                    a1 += f[r1 + k] * x;
                    a2 += f[r2 + k] * x;
                    a3 += f[r3 + k] * x;
                }
                out[j] = a0;
                out[j + 1] = a1;
                out[j + 2] = a2;
                out[j + 3] = a3;
            }
        }
        for (; j < rows; j++) {
            out[j] = dot(from + (long) j * n, 1, v, n);
        }
    }

    /** t[k] += a · this[from + k] for k &lt; n. */
    void axpy(long from, double a, double[] t, int n) {
        int o = Math.toIntExact(off + from);
        if (d != null) {
            for (int k = 0; k < n; k++) {
                t[k] += d[o + k] * a;
            }
        } else {
            for (int k = 0; k < n; k++) {
                t[k] += f[o + k] * a;
            }
        }
    }

    /** dst[0 … n) = this[from … from + n). */
    void load(int from, double[] dst, int n) {
        if (d != null) {
            System.arraycopy(d, off + from, dst, 0, n);
        } else {
            for (int i = 0; i < n; i++) {
                dst[i] = f[off + from + i];
            }
        }
    }

    /** this[from … from + n) = src[0 … n). */
    void store(int from, double[] src, int n) {
        if (d != null) {
            System.arraycopy(src, 0, d, off + from, n);
        } else {
            for (int i = 0; i < n; i++) {
                f[off + from + i] = (float) src[i];
            }
        }
    }

    /** this[from … to) = 0. */
    void clear(int from, int to) {
        if (d != null) {
            Arrays.fill(d, off + from, off + to, 0.0);
        } else {
            Arrays.fill(f, off + from, off + to, 0f);
        }
    }

    /** Every element = 0. */
    void clear() {
        clear(0, size);
    }
}
