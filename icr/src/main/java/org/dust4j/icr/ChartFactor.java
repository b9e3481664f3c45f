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
     * The windows of the refinement {@code level} → level + 1 grouped into geometry classes: windows of one class
     * have congruent geometries (all pairwise distances between corresponding coarse and fine points equal, within
     * the relative tolerance), so they share refinement matrices. A factor may order each window's coarse and fine
     * slots (the returned tables) so that congruent windows correspond slot by slot; the tables still hold every
     * window's points and every fine point exactly once.
     *
     * @param deduplicate false for one class per window (same tables), to verify the deduplication
     */
    WindowClasses classify(int level, double relativeTolerance, boolean deduplicate);

    /**
     * The classified windows of one level.
     *
     * @param coarseTable     [windows × coarsePoints], the coarse points in the window's slot order
     * @param fineTable       [windows × finePoints], the fine points in the window's slot order
     * @param classOf         [windows], the class of each window
     * @param representatives [classes], a window of each class
     */
    record WindowClasses(int[] coarseTable, int[] fineTable, int[] classOf, int[] representatives) {
    }
}
