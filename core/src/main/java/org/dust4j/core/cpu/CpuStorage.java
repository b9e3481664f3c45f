package org.dust4j.core.cpu;

import org.dust4j.core.DType;
import org.dust4j.core.Storage;

/** Host memory of the CPU backend: one Java array (so at most 2^31-1 elements per tensor). */
public final class CpuStorage implements Storage {
    private final DType dtype;
    private float[] f;
    private double[] d;
    private int[] i;
    private final long capacity;

    CpuStorage(DType dtype, long n) {
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("CPU tensors hold at most " + (Integer.MAX_VALUE - 8)
                    + " elements; asked for " + n);
        }
        this.dtype = dtype;
        this.capacity = n;
        switch (dtype) {
            case FLOAT32 -> f = new float[(int) n];
            case FLOAT64 -> d = new double[(int) n];
            case INT32 -> i = new int[(int) n];
        }
    }

    /** Storage that shares {@code data} (no copy). */
    CpuStorage(double[] data) {
        this.dtype = DType.FLOAT64;
        this.capacity = data.length;
        this.d = data;
    }

    @Override
    public long capacity() {
        return capacity;
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    /** The FLOAT32 array; throws for other dtypes or after release. */
    public float[] floats() {
        check(DType.FLOAT32);
        return f;
    }

    /** The FLOAT64 array; throws for other dtypes or after release. */
    public double[] doubles() {
        check(DType.FLOAT64);
        return d;
    }

    /** The INT32 array; throws for other dtypes or after release. */
    public int[] ints() {
        check(DType.INT32);
        return i;
    }

    private void check(DType want) {
        if (dtype != want) {
            throw new IllegalArgumentException("storage holds " + dtype + ", not " + want);
        }
        if (isReleased()) {
            throw new IllegalStateException("CPU storage used after release");
        }
    }

    @Override
    public void release() {
        f = null;
        d = null;
        i = null;
    }

    @Override
    public boolean isReleased() {
        return f == null && d == null && i == null;
    }
}
