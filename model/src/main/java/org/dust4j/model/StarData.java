package org.dust4j.model;

import java.util.Arrays;

import org.dust4j.io.fits.StarCatalog;

/**
 * The stars the dust map is fitted to: for each star its HEALPix pixel (NEST) on the grid's nside, its parallax
 * w &plusmn; s_w (milliarcseconds) and its extinction A &plusmn; s_A (magnitudes, in the band the dust density is
 * expressed in). Rows remember the row of the catalog they came from ({@link #sourceRow}), through selections and
 * sorting. Instances are immutable.
 *
 * <p>Distances with errors convert to parallaxes by first-order error propagation, w = 1000/d, s_w = 1000 s_d / d^2
 * (d in parsec): exact for the central value, and accurate for the spread while s_d/d is small (the parallax
 * distribution of a star with a Gaussian distance is itself skewed by O(s_d/d)).
 */
public final class StarData {
    private final int[] pixel;
    private final double[] parallax;
    private final double[] parallaxError;
    private final double[] extinction;
    private final double[] extinctionError;
    private final int[] sourceRow;

    private StarData(int[] pixel, double[] parallax, double[] parallaxError, double[] extinction,
            double[] extinctionError, int[] sourceRow) {
        this.pixel = pixel;
        this.parallax = parallax;
        this.parallaxError = parallaxError;
        this.extinction = extinction;
        this.extinctionError = extinctionError;
        this.sourceRow = sourceRow;
    }

    /**
     * Stars from parallaxes (arrays copied).
     *
     * @param pixels          HEALPix NEST pixel of each star, &ge; 0
     * @param parallax        w in mas (may be negative when s_w &gt; 0)
     * @param parallaxError   s_w in mas, &ge; 0; s_w = 0 means a known distance 1000/w, which needs w &gt; 0
     * @param extinction      A in mag
     * @param extinctionError s_A in mag, &gt; 0
     */
    public static StarData ofParallax(int[] pixels, double[] parallax, double[] parallaxError, double[] extinction,
            double[] extinctionError) {
        int n = pixels.length;
        checkLength("parallax", parallax, n);
        checkLength("parallaxError", parallaxError, n);
        checkLength("extinction", extinction, n);
        checkLength("extinctionError", extinctionError, n);
        for (int i = 0; i < n; i++) {
            if (pixels[i] < 0) {
                throw new IllegalArgumentException("row " + i + ": pixel must be >= 0, got " + pixels[i]);
            }
            double w = parallax[i];
            double sw = parallaxError[i];
            if (!Double.isFinite(w)) {
                throw new IllegalArgumentException("row " + i + ": parallax must be finite, got " + w);
            }
            if (!(sw >= 0) || Double.isInfinite(sw)) {
                throw new IllegalArgumentException("row " + i + ": parallaxError must be finite and >= 0, got " + sw);
            }
            if (sw == 0 && !(w > 0)) {
                throw new IllegalArgumentException("row " + i + ": an exact parallax (error 0) must be > 0, got " + w);
            }
            if (!Double.isFinite(extinction[i])) {
                throw new IllegalArgumentException("row " + i + ": extinction must be finite, got " + extinction[i]);
            }
            if (!(extinctionError[i] > 0) || Double.isInfinite(extinctionError[i])) {
                throw new IllegalArgumentException("row " + i + ": extinctionError must be finite and > 0, got "
                        + extinctionError[i]);
            }
        }
        int[] rows = new int[n];
        Arrays.setAll(rows, i -> i);
        return new StarData(pixels.clone(), parallax.clone(), parallaxError.clone(), extinction.clone(),
                extinctionError.clone(), rows);
    }

    /**
     * Stars from distances d &plusmn; s_d in parsec, converted to parallaxes w = 1000/d and s_w = 1000 s_d / d^2 mas
     * (first-order propagation, see the class comment).
     */
    public static StarData ofDistance(int[] pixels, double[] distance, double[] distanceError, double[] extinction,
            double[] extinctionError) {
        int n = pixels.length;
        checkLength("distance", distance, n);
        checkLength("distanceError", distanceError, n);
        double[] w = new double[n];
        double[] sw = new double[n];
        for (int i = 0; i < n; i++) {
            double d = distance[i];
            double sd = distanceError[i];
            if (!(d > 0) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("row " + i + ": distance must be finite and > 0, got " + d);
            }
            if (!(sd >= 0) || Double.isInfinite(sd)) {
                throw new IllegalArgumentException("row " + i + ": distanceError must be finite and >= 0, got " + sd);
            }
            w[i] = 1000 / d;
            sw[i] = 1000 * sd / (d * d);
        }
        return ofParallax(pixels, w, sw, extinction, extinctionError);
    }

    /**
     * The stars of a catalog (io-fits) on a grid: pixels from Galactic (l, b), parallaxes taken as they are or
     * converted from distances as in {@link #ofDistance}. Source rows are the catalog's rows.
     */
    public static StarData fromCatalog(StarCatalog catalog, SphericalGrid grid) {
        int[] pixels = grid.pixels(catalog.l(), catalog.b());
        return switch (catalog.distanceKind()) {
            case PARALLAX -> ofParallax(pixels, catalog.parallax(), catalog.parallaxError(), catalog.extinction(),
                    catalog.extinctionError());
            case DISTANCE -> ofDistance(pixels, catalog.distance(), catalog.distanceError(), catalog.extinction(),
                    catalog.extinctionError());
        };
    }

    /** Number of stars. */
    public int size() {
        return pixel.length;
    }

    /** HEALPix NEST pixel of star i. */
    public int pixel(int i) {
        return pixel[i];
    }

    /** Parallax w of star i, mas. */
    public double parallax(int i) {
        return parallax[i];
    }

    /** Parallax error s_w of star i, mas. */
    public double parallaxError(int i) {
        return parallaxError[i];
    }

    /** Extinction A of star i, mag. */
    public double extinction(int i) {
        return extinction[i];
    }

    /** Extinction error s_A of star i, mag. */
    public double extinctionError(int i) {
        return extinctionError[i];
    }

    /** Row of the original catalog that star i came from. */
    public int sourceRow(int i) {
        return sourceRow[i];
    }

    /** All extinctions (a copy). */
    public double[] extinctions() {
        return extinction.clone();
    }

    /** All extinction errors (a copy). */
    public double[] extinctionErrors() {
        return extinctionError.clone();
    }

    /**
     * The selection of Edenhofer et al. (2024): keep the stars whose one-sigma parallax interval lies within the
     * distance range, 1000/(w - s_w) &lt; dMax and 1000/(w + s_w) &gt; dMin (w in mas, d in parsec). Stars with
     * w - s_w &le; 0 have an unbounded one-sigma distance and are dropped.
     */
    public StarData selectByDistance(double dMin, double dMax) {
        if (!(dMin >= 0 && dMax > dMin)) {
            throw new IllegalArgumentException("need 0 <= dMin < dMax, got dMin=" + dMin + ", dMax=" + dMax);
        }
        int[] keep = new int[size()];
        int m = 0;
        for (int i = 0; i < size(); i++) {
            double near = parallax[i] + parallaxError[i];
            double far = parallax[i] - parallaxError[i];
            if (far > 0 && 1000 / far < dMax && 1000 / near > dMin) {
                keep[m++] = i;
            }
        }
        return subset(Arrays.copyOf(keep, m));
    }

    /** The stars at the given rows, in that order. */
    public StarData subset(int[] rows) {
        int n = rows.length;
        int[] p = new int[n];
        double[] w = new double[n];
        double[] sw = new double[n];
        double[] a = new double[n];
        double[] sa = new double[n];
        int[] src = new int[n];
        for (int j = 0; j < n; j++) {
            int i = rows[j];
            if (i < 0 || i >= size()) {
                throw new IndexOutOfBoundsException("row " + i + " outside [0, " + size() + ")");
            }
            p[j] = pixel[i];
            w[j] = parallax[i];
            sw[j] = parallaxError[i];
            a[j] = extinction[i];
            sa[j] = extinctionError[i];
            src[j] = sourceRow[i];
        }
        return new StarData(p, w, sw, a, sa, src);
    }

    /** The same stars ordered by pixel (stable: equal pixels keep their order), as the response kernel needs. */
    public StarData sortedByPixel() {
        if (isSortedByPixel()) {
            return this;
        }
        long[] keys = new long[size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = ((long) pixel[i] << 32) | i;
        }
        Arrays.parallelSort(keys);
        int[] rows = new int[keys.length];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = (int) keys[i];
        }
        return subset(rows);
    }

    /** Whether pixels never decrease along the rows. */
    public boolean isSortedByPixel() {
        for (int i = 1; i < pixel.length; i++) {
            if (pixel[i] < pixel[i - 1]) {
                return false;
            }
        }
        return true;
    }

    private static void checkLength(String name, double[] a, int n) {
        if (a.length != n) {
            throw new IllegalArgumentException(name + " has " + a.length + " rows, pixels has " + n);
        }
    }
}
