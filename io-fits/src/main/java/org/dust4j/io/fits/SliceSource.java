package org.dust4j.io.fits;

import java.io.IOException;

/**
 * Supplies a cube (or a stack of cubes) to a writer one slice at a time, so that a cube larger than the heap
 * can be written: {@code fill(sample, slice, out)} writes the values of that slice to {@code out}. A slice is
 * one shell of a HEALPix x distance cube (npix values in NEST order) or one plane of a 3-D grid (n1 x n2
 * values, axis 1 fastest). For a cube without samples {@code sample} is always 0; for a single map (an inner
 * integral) {@code slice} is always 0.
 */
@FunctionalInterface
public interface SliceSource {
    /** Writes the values of {@code slice} of {@code sample} to {@code out} (whose length is the slice size). */
    void fill(int sample, int slice, double[] out) throws IOException;

    /**
     * A cube held in a float array in numpy order (sample, slice, element), element fastest, with {@code slices}
     * slices per sample (1 for a single map).
     */
    static SliceSource of(float[] data, int slices) {
        return (sample, slice, out) -> {
            int base = base(data.length, slices, sample, slice, out.length);
            for (int i = 0; i < out.length; i++) {
                out[i] = data[base + i];
            }
        };
    }

    /**
     * A cube held in a double array in numpy order (sample, slice, element), element fastest, with {@code slices}
     * slices per sample (1 for a single map).
     */
    static SliceSource of(double[] data, int slices) {
        return (sample, slice, out) -> System.arraycopy(data, base(data.length, slices, sample, slice, out.length),
                out, 0, out.length);
    }

    private static int base(int length, int slices, int sample, int slice, int size) {
        long base = ((long) sample * slices + slice) * size;
        if (slice < 0 || slice >= slices || sample < 0 || base + size > length) {
            throw new IndexOutOfBoundsException("sample " + sample + ", slice " + slice + " of " + size
                    + " values is outside data of length " + length + " with " + slices + " slices per sample");
        }
        return (int) base;
    }
}
