package org.dust4j.healpix;

import java.util.Arrays;

/**
 * The four pixels and bilinear weights of healpy's {@code get_interp_weights} for one direction: the value of a
 * map at the direction is Σ weight(i)·map[pixel(i)]. The weights are non-negative and sum to 1. Near a pole the
 * same pixel may appear twice.
 */
public final class InterpolationWeights {
    private final long[] pixels;
    private final double[] weights;

    InterpolationWeights(long[] pixels, double[] weights) {
        this.pixels = pixels;
        this.weights = weights;
    }

    /** Pixel {@code i} ∈ [0, 4), in healpy's order. */
    public long pixel(int i) {
        return pixels[i];
    }

    /** Weight {@code i} ∈ [0, 4), belonging to {@link #pixel(int) pixel(i)}. */
    public double weight(int i) {
        return weights[i];
    }

    /** A copy of the four pixels. */
    public long[] pixels() {
        return pixels.clone();
    }

    /** A copy of the four weights. */
    public double[] weights() {
        return weights.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InterpolationWeights w && Arrays.equals(pixels, w.pixels)
                && Arrays.equals(weights, w.weights);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(pixels) + Arrays.hashCode(weights);
    }

    @Override
    public String toString() {
        return "InterpolationWeights[pixels=" + Arrays.toString(pixels) + ", weights=" + Arrays.toString(weights)
                + "]";
    }
}
