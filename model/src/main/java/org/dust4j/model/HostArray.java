package org.dust4j.model;

import org.dust4j.core.DType;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.dust4j.core.cpu.CpuStorage;

/**
 * The Java array behind a FLOAT32 or FLOAT64 tensor of the CPU backend, read and written as doubles. The model's CPU
 * kernels compute in double precision whatever the storage type; this is the one place where the two dtypes differ.
 */
final class HostArray {
    private final double[] d;
    private final float[] f;
    private final int off;

    private HostArray(double[] d, float[] f, int off) {
        this.d = d;
        this.f = f;
        this.off = off;
    }

    /** The array of {@code t}, which must be a CPU tensor of the expected shape and a floating dtype. */
    static HostArray of(Tensor t, String name, Shape expected) {
        if (!t.shape().equals(expected)) {
            throw new IllegalArgumentException(name + " must have shape " + expected + ", got " + t.shape());
        }
        if (!(t.storage() instanceof CpuStorage s)) {
            throw new IllegalArgumentException(name + " lives on backend '" + t.backend().name()
                    + "'; this kernel has a CPU implementation only");
        }
        int off = (int) t.offset();
        if (t.dtype() == DType.FLOAT64) {
            return new HostArray(s.doubles(), null, off);
        }
        if (t.dtype() == DType.FLOAT32) {
            return new HostArray(null, s.floats(), off);
        }
        throw new IllegalArgumentException(name + " must be FLOAT32 or FLOAT64, got " + t.dtype());
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

    /** dst[0..n) = this[from..from+n). */
    void load(int from, double[] dst, int n) {
        if (d != null) {
            System.arraycopy(d, off + from, dst, 0, n);
        } else {
            for (int i = 0; i < n; i++) {
                dst[i] = f[off + from + i];
            }
        }
    }

    /** this[from..from+n) = src[0..n). */
    void store(int from, double[] src, int n) {
        if (d != null) {
            System.arraycopy(src, 0, d, off + from, n);
        } else {
            for (int i = 0; i < n; i++) {
                f[off + from + i] = (float) src[i];
            }
        }
    }

    /** this[from..to) = 0. */
    void clear(int from, int to) {
        if (d != null) {
            java.util.Arrays.fill(d, off + from, off + to, 0.0);
        } else {
            java.util.Arrays.fill(f, off + from, off + to, 0f);
        }
    }
}
