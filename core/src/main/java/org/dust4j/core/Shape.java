package org.dust4j.core;

import java.util.Arrays;

/**
 * Immutable row-major tensor shape. A rank-0 shape ({@code Shape.of()}) is a scalar with one element.
 */
public final class Shape {
    private final int[] dims;
    private final long size;

    private Shape(int[] dims) {
        long s = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0) {
                throw new IllegalArgumentException("negative dimension " + dims[i] + " at axis " + i + " in " + Arrays.toString(dims));
            }
            s = Math.multiplyExact(s, dims[i]);
        }
        this.dims = dims;
        this.size = s;
    }

    public static Shape of(int... dims) {
        return new Shape(dims.clone());
    }

    public static Shape scalar() {
        return new Shape(new int[0]);
    }

    public int rank() {
        return dims.length;
    }

    /** Size along {@code axis}; negative axes count from the end. */
    public int dim(int axis) {
        return dims[normalizeAxis(axis)];
    }

    public int[] dims() {
        return dims.clone();
    }

    /** Number of elements. */
    public long size() {
        return size;
    }

    /** Maps a possibly negative axis to {@code [0, rank)}, or throws naming the axis and the shape. */
    public int normalizeAxis(int axis) {
        int a = axis < 0 ? axis + dims.length : axis;
        if (a < 0 || a >= dims.length) {
            throw new IllegalArgumentException("axis " + axis + " out of range for shape " + this);
        }
        return a;
    }

    /** Product of the dimensions before {@code axis}. */
    public long outer(int axis) {
        long p = 1;
        for (int i = 0; i < normalizeAxis(axis); i++) {
            p *= dims[i];
        }
        return p;
    }

    /** Product of the dimensions after {@code axis}. */
    public long inner(int axis) {
        long p = 1;
        for (int i = normalizeAxis(axis) + 1; i < dims.length; i++) {
            p *= dims[i];
        }
        return p;
    }

    /** This shape with {@code axis} removed. */
    public Shape without(int axis) {
        int a = normalizeAxis(axis);
        int[] d = new int[dims.length - 1];
        for (int i = 0, j = 0; i < dims.length; i++) {
            if (i != a) {
                d[j++] = dims[i];
            }
        }
        return new Shape(d);
    }

    /** This shape with {@code axis} set to {@code n}. */
    public Shape with(int axis, int n) {
        int[] d = dims.clone();
        d[normalizeAxis(axis)] = n;
        return new Shape(d);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
