package org.dust4j.icr;

/**
 * A one-dimensional (possibly charted) axis. Window w of level l covers the {@code coarse} consecutive pixels
 * w … w + coarse - 1 and refines the central one into {@code fine} pixels fine·w … fine·w + fine - 1 of level l + 1,
 * which split the central pixel's cell evenly: they sit at (j + 1/2)/fine - 1/2 level-l spacings from its centre.
 * Hence n_{l+1} = fine · (n_l - (coarse - 1)), and in index coordinates (level-0 pixels) level-l pixel i lies at
 * u_l(i) = o_l + i / fine^l with o_0 = 0 and o_{l+1} = o_l + ((coarse - 1)/2 - 1/2 + 1/(2 fine)) / fine^l.
 *
 * <p>On a grid the axes are Cartesian and a window's geometry along the axis is translation-invariant; the radial
 * axis of a {@link HealpixChart} is not (a window's chords grow with its radius), so there windows are told apart by
 * their absolute coordinates as well.
 */
final class AxisFactor implements ChartFactor {
    private final int coarse;
    private final int fine;
    private final AxisMap map;
    private final int[] sizes;
    private final double[] offsets;
    private final boolean translationInvariant;

    /**
     * @param axis                 axis number, for messages
     * @param size0                level-0 pixels
     * @param levels               number of refinements
     * @param translationInvariant whether windows that differ by a translation along the axis are congruent (a
     *                             Cartesian axis) or not (a radius)
     */
    AxisFactor(int axis, int size0, int levels, int coarse, int fine, AxisMap map, boolean translationInvariant) {
        if (coarse < 3 || coarse % 2 == 0) {
            throw new IllegalArgumentException("coarse window must be odd and >= 3, got " + coarse);
        }
        if (fine < 2 || fine % 2 != 0) {
            throw new IllegalArgumentException("fine pixels per window must be even and >= 2, got " + fine);
        }
        this.coarse = coarse;
        this.fine = fine;
        this.map = map;
        this.translationInvariant = translationInvariant;
        this.sizes = new int[levels + 1];
        this.offsets = new double[levels + 1];
        sizes[0] = size0;
        if (size0 < coarse) {
            throw new IllegalArgumentException("axis " + axis + " has " + size0 + " level-0 pixels, a window needs "
                    + coarse);
        }
        double scale = 1;
        for (int l = 0; l < levels; l++) {
            long next = (long) fine * (sizes[l] - (coarse - 1));
            if (next < coarse && l + 1 < levels || next > Integer.MAX_VALUE / 8) {
                throw new IllegalArgumentException("axis " + axis + ": level " + (l + 1) + " would have " + next
                        + " pixels; choose another level-0 size or fewer levels");
            }
            sizes[l + 1] = (int) next;
            offsets[l + 1] = offsets[l] + ((coarse - 1) / 2.0 - 0.5 + 0.5 / fine) / scale;
            scale *= fine;
        }
        for (int l = 0; l <= levels; l++) {
            double prev = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < sizes[l]; i++) {
                double x = map.toPhysical(indexCoordinate(l, i));
                if (!(x > prev) || !Double.isFinite(x)) {
                    throw new IllegalArgumentException("axis " + axis + ": map " + map + " is not finite and strictly"
                            + " increasing at level " + l + ", pixel " + i + " (x = " + x + ")");
                }
                prev = x;
            }
        }
    }

    /** The index coordinate u of pixel i at a level. */
    double indexCoordinate(int level, int i) {
        return offsets[level] + i / Math.pow(fine, level);
    }

    AxisMap map() {
        return map;
    }

    @Override
    public int size(int level) {
        return sizes[level];
    }

    @Override
    public int coarsePoints() {
        return coarse;
    }

    @Override
    public int finePoints() {
        return fine;
    }

    @Override
    public int windows(int level) {
        return sizes[level] - (coarse - 1);
    }

    @Override
    public int[] coarseTable(int level) {
        int w = windows(level);
        int[] t = new int[w * coarse];
        for (int i = 0; i < w; i++) {
            for (int k = 0; k < coarse; k++) {
                t[i * coarse + k] = i + k;
            }
        }
        return t;
    }

    @Override
    public int[] fineTable(int level) {
        int w = windows(level);
        int[] t = new int[w * fine];
        for (int i = 0; i < w * fine; i++) {
            t[i] = i;
        }
        return t;
    }

    @Override
    public int coordinateDimension() {
        return 1;
    }

    @Override
    public void coordinate(int level, int index, double[] out, int offset) {
        out[offset] = map.toPhysical(indexCoordinate(level, index));
    }

    @Override
    public WindowClasses classify(int level, double relativeTolerance, boolean deduplicate) {
        GeometryKey.Grouping g = GeometryKey.group(windows(level), deduplicate,
                w -> windowKey(level, w, relativeTolerance));
        return new WindowClasses(coarseTable(level), fineTable(level), g.classOf(), g.representatives());
    }

    /**
     * The coordinates of the window's other coarse and its fine points relative to its first point, over the
     * window's extent (first to last coarse point); without translation invariance also its first point.
     */
    private GeometryKey windowKey(int level, int window, double relativeTolerance) {
        double x0 = map.toPhysical(indexCoordinate(level, window));
        int first = translationInvariant ? 0 : 1;
        double[] inv = new double[first + coarse - 1 + fine];
        if (!translationInvariant) {
            inv[0] = x0;
        }
        for (int k = 1; k < coarse; k++) {
            inv[first + k - 1] = map.toPhysical(indexCoordinate(level, window + k)) - x0;
        }
        for (int j = 0; j < fine; j++) {
            inv[first + coarse - 1 + j] = map.toPhysical(indexCoordinate(level + 1, fine * window + j)) - x0;
        }
        return GeometryKey.of(inv, inv[first + coarse - 2], relativeTolerance);
    }
}
