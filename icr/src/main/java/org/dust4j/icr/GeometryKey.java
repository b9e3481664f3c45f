package org.dust4j.icr;

import java.util.Arrays;

/**
 * A window geometry quantised for deduplication: its size (log of a characteristic extent) and its shape (the raw
 * invariants divided by the extent), each rounded to multiples of the relative tolerance. Windows whose keys are
 * equal share refinement matrices; windows whose invariants differ by more than about the tolerance never do.
 */
final class GeometryKey {
    private final long[] bins;
    private final int hash;

    private GeometryKey(long[] bins) {
        this.bins = bins;
        this.hash = Arrays.hashCode(bins);
    }

    /**
     * @param invariants        isometry-invariant numbers describing the window (differences of coordinates, distances)
     * @param extent            a characteristic length of the window (&gt; 0)
     * @param relativeTolerance the bin width relative to the extent
     */
    static GeometryKey of(double[] invariants, double extent, double relativeTolerance) {
        if (!(extent > 0)) {
            throw new IllegalArgumentException("window extent must be > 0, got " + extent);
        }
        long[] b = new long[invariants.length + 1];
        b[0] = Math.round(Math.log(extent) / relativeTolerance);
        for (int i = 0; i < invariants.length; i++) {
            b[i + 1] = Math.round(invariants[i] / extent / relativeTolerance);
        }
        return new GeometryKey(b);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GeometryKey k && k.hash == hash && Arrays.equals(k.bins, bins);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
