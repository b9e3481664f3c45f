package org.dust4j.icr;

/**
 * One factor of a product chart: a set of points per level together with the refinement windows along it. A chart's
 * points are the tuples of its factors' points (row-major, the first factor slowest); a chart window is a tuple of
 * factor windows, and its coarse and fine points are the tuples of the factor windows' coarse and fine points.
 * Factors know nothing about kernels; they provide index tables and coordinates.
 */
sealed interface ChartFactor permits AxisFactor, HealpixFactor {
    /** Number of points along this factor at {@code level} (0 … levels). */
    int size(int level);

    /** Coarse points per window. */
    int coarsePoints();

    /** Fine points per window. */
    int finePoints();

    /** Number of windows refining {@code level} into {@code level + 1}. */
    int windows(int level);

    /**
     * The coarse points of every window of the refinement level → level + 1, window-major
     * ([windows × coarsePoints], indices into the factor's points at {@code level}).
     */
    int[] coarseTable(int level);

    /**
     * The fine points of every window ([windows × finePoints], indices into the factor's points at
     * {@code level + 1}). Every fine point belongs to exactly one window.
     */
    int[] fineTable(int level);

    /** Number of doubles in one coordinate: 1 for an axis, 3 (a unit vector) for HEALPix. */
    int coordinateDimension();

    /** Writes the coordinate of a point at {@code level} to out[offset …]. */
    void coordinate(int level, int index, double[] out, int offset);

    /**
     * A key of the window's geometry that is invariant under the isometries the factor allows (translations for an
     * axis, rotations for the sphere): windows with equal keys (within the tolerance) refine identically.
     */
    GeometryKey windowKey(int level, int window, double relativeTolerance);
}
