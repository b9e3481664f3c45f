package org.dust4j.io.fits;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import org.dust4j.healpix.Healpix;
import org.dust4j.healpix.HealpixGrid;
import org.dust4j.healpix.Ordering;

/**
 * Queries a HEALPix x distance dust map at arrays of Galactic (l, b, d) with the semantics of the dustmaps
 * package's {@code Edenhofer2023Query}, reading the file lazily through {@link HealpixMapFile} (memory-mapped: a
 * 3.2 GB cube needs no 3.2 GB of heap).
 *
 * <p>Interpolation, per query point: the four HEALPix bilinear neighbours and weights of (l, b) (healpy's
 * {@code get_interp_weights}, NEST); the two shells whose centres bracket d (the first centre &gt;= d and the one
 * before); in each shell the weighted sum of the transformed values of the four pixels, then the linear
 * interpolation in d between the two shells, then the inverse transform. The transform is log (so densities are
 * interpolated in log space) except for the std of a mean-and-std file, where the variance is interpolated. A
 * distance below or equal to the first centre, above the last centre, or NaN gives NaN.
 *
 * <p>Integrated mode ({@link Options#integrated()}): each shell's density is multiplied by its width (the
 * difference of its boundaries), the inner integral (if the file has one) is added to the first shell, and the
 * shells are summed cumulatively; the result, in units of the density times pc, is then interpolated as above.
 *
 * <p>Modes: {@link Mode#MEAN} and {@link Mode#STD} read MEAN and STD. of a mean-and-std file, or average the
 * interpolated samples (std with ddof = 0) of a samples file; {@link #querySamples} returns every sample and
 * {@link Mode#RANDOM_SAMPLE} one sample drawn per call (the same for all points) from a generator seeded by
 * {@link Options#seed()}. Integrated queries of a mean-and-std file allow {@link Mode#MEAN} only. Queries are
 * thread-safe.
 */
public final class HealpixDustMap implements AutoCloseable {
    /** What a query returns. */
    public enum Mode {
        /** The posterior mean. */
        MEAN,
        /** The posterior standard deviation. */
        STD,
        /** All samples ({@link #querySamples}). */
        SAMPLES,
        /** One randomly chosen sample, the same for all points of a call. */
        RANDOM_SAMPLE
    }

    /**
     * How to query.
     *
     * @param integrated integrated extinction instead of density
     * @param seed seed of the generator that picks {@link Mode#RANDOM_SAMPLE}
     */
    public record Options(boolean integrated, long seed) {
        /** Density queries, seed 0. */
        public static Options density() {
            return new Options(false, 0L);
        }

        /** Integrated-extinction queries, seed 0. */
        public static Options integratedExtinction() {
            return new Options(true, 0L);
        }

        /** These options with {@code seed}. */
        public Options withSeed(long newSeed) {
            return new Options(integrated, newSeed);
        }
    }

    /** Points per parallel work unit. */
    private static final int CHUNK = 4096;
    /** Cumulative columns kept per work unit before its cache is cleared. */
    private static final int CACHE_COLUMNS = 1 << 14;

    private final HealpixMapFile file;
    private final Options options;
    private final HealpixGrid grid;
    private final double[] radii;
    private final double[] widths;
    private final int samples;
    private final Set<Mode> modes;
    private final SplittableRandom random;

    private HealpixDustMap(HealpixMapFile file, Options options) {
        this.file = file;
        this.options = Objects.requireNonNull(options, "options");
        ShellGeometry g = file.geometry();
        this.grid = HealpixGrid.of(g.nside(), Ordering.NEST);
        this.radii = g.centers();
        double[] bounds = g.boundaries();
        this.widths = new double[radii.length];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = bounds[i + 1] - bounds[i];
        }
        this.samples = file.sampleCount();
        EnumSet<Mode> m = EnumSet.of(Mode.MEAN);
        if (file.hasSamples()) {
            m.addAll(EnumSet.of(Mode.STD, Mode.SAMPLES, Mode.RANDOM_SAMPLE));
        } else if (!options.integrated() && file.hasStd()) {
            m.add(Mode.STD);
        }
        this.modes = Set.copyOf(m);
        this.random = new SplittableRandom(options.seed());
    }

    /**
     * Opens a map file for queries.
     *
     * @throws FitsFormatException if the file does not have the layout of a HEALPix map
     */
    public static HealpixDustMap open(Path path, Options options) throws IOException {
        HealpixMapFile f = HealpixMapFile.open(path);
        try {
            return new HealpixDustMap(f, options);
        } catch (RuntimeException e) {
            f.close();
            throw e;
        }
    }

    /** The underlying file (geometry, units, provenance, raw values). */
    public HealpixMapFile file() {
        return file;
    }

    /** The options. */
    public Options options() {
        return options;
    }

    /** The modes this map answers. */
    public Set<Mode> modes() {
        return modes;
    }

    /**
     * The density (or integrated extinction) at each (l[i], b[i], d[i]) in {@code mode} MEAN, STD or
     * RANDOM_SAMPLE.
     *
     * @param l Galactic longitudes [deg]
     * @param b Galactic latitudes [deg], within [-90, 90]
     * @param d distances [pc]
     * @throws IllegalArgumentException if the arrays differ in length, l or b is not finite or |b| &gt; 90, or the
     *     map does not answer {@code mode} (SAMPLES: use {@link #querySamples})
     */
    public double[] query(double[] l, double[] b, double[] d, Mode mode) {
        requireMode(mode);
        if (mode == Mode.SAMPLES) {
            throw new IllegalArgumentException("mode SAMPLES returns one value per sample: use querySamples");
        }
        int n = checkPoints(l, b, d);
        double[] out = new double[n];
        if (!file.hasSamples()) {
            boolean variance = mode == Mode.STD;
            forChunks(l, b, d, (from, to, pix, w) -> {
                Map<Long, Column> cache = new HashMap<>();
                for (int i = from; i < to; i++) {
                    double v = interpolate(0, variance, pix, w, 4 * (i - from), d[i], cache);
                    out[i] = variance ? Math.sqrt(v) : Math.exp(v);
                }
            });
            return out;
        }
        int chosen = mode == Mode.RANDOM_SAMPLE ? drawSample() : -1;
        forChunks(l, b, d, (from, to, pix, w) -> {
            Map<Long, Column> cache = new HashMap<>();
            double[] values = new double[samples];
            for (int i = from; i < to; i++) {
                if (chosen >= 0) {
                    out[i] = Math.exp(interpolate(chosen, false, pix, w, 4 * (i - from), d[i], cache));
                    continue;
                }
                double sum = 0;
                for (int s = 0; s < samples; s++) {
                    values[s] = Math.exp(interpolate(s, false, pix, w, 4 * (i - from), d[i], cache));
                    sum += values[s];
                }
                double mean = sum / samples;
                if (mode == Mode.MEAN) {
                    out[i] = mean;
                } else {
                    double ss = 0;
                    for (int s = 0; s < samples; s++) {
                        ss += (values[s] - mean) * (values[s] - mean);
                    }
                    out[i] = Math.sqrt(ss / samples);
                }
            }
        });
        return out;
    }

    /**
     * Every sample's density (or integrated extinction) at each point: {@code result[i][s]}, point i, sample s
     * (the layout of dustmaps, samples last).
     *
     * @throws IllegalArgumentException as {@link #query}, or if the file has no samples
     */
    public double[][] querySamples(double[] l, double[] b, double[] d) {
        requireMode(Mode.SAMPLES);
        int n = checkPoints(l, b, d);
        double[][] out = new double[n][samples];
        forChunks(l, b, d, (from, to, pix, w) -> {
            Map<Long, Column> cache = new HashMap<>();
            for (int i = from; i < to; i++) {
                for (int s = 0; s < samples; s++) {
                    out[i][s] = Math.exp(interpolate(s, false, pix, w, 4 * (i - from), d[i], cache));
                }
            }
        });
        return out;
    }

    private synchronized int drawSample() {
        return random.nextInt(samples);
    }

    private void requireMode(Mode mode) {
        Objects.requireNonNull(mode, "mode");
        if (!modes.contains(mode)) {
            String why = !file.hasSamples() && mode != Mode.STD ? "it needs samples but " + file.file()
                    + " has none" : options.integrated() ? "the integrated std needs samples"
                    : file.file() + " has no STD. cube";
            throw new IllegalArgumentException("mode " + mode + " is not available: " + why + " (available: "
                    + modes + ")");
        }
    }

    private static int checkPoints(double[] l, double[] b, double[] d) {
        int n = l.length;
        if (b.length != n || d.length != n) {
            throw new IllegalArgumentException("l, b and d must have the same length, got " + n + ", " + b.length
                    + ", " + d.length);
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(l[i]) || !(Math.abs(b[i]) <= 90.0)) {
                throw new IllegalArgumentException("point " + i + ": need finite l and |b| <= 90, got l = " + l[i]
                        + ", b = " + b[i]);
            }
        }
        return n;
    }

    /** Work on points [from, to) with their sky pixels and weights at pix[4k..4k+3], w[4k..4k+3], k = i - from. */
    @FunctionalInterface
    private interface ChunkWork {
        void run(int from, int to, long[] pix, double[] w);
    }

    private void forChunks(double[] l, double[] b, double[] d, ChunkWork work) {
        int n = l.length;
        int chunks = (n + CHUNK - 1) / CHUNK;
        IntStream.range(0, chunks).parallel().forEach(c -> {
            int from = c * CHUNK;
            int to = Math.min(n, from + CHUNK);
            int m = to - from;
            double[] theta = new double[m];
            double[] phi = new double[m];
            Healpix.lonLatToThetaPhi(java.util.Arrays.copyOfRange(l, from, to), java.util.Arrays.copyOfRange(b, from, to),
                    theta, phi);
            long[] pix = new long[4 * m];
            double[] w = new double[4 * m];
            grid.interpolationWeights(theta, phi, pix, w);
            work.run(from, to, pix, w);
        });
    }

    /**
     * The interpolated transformed value (log density, log integral, or variance) of {@code sample} at sky
     * weights pix/w[at..at+3] and distance {@code dist}; NaN outside the radial range.
     */
    private double interpolate(int sample, boolean variance, long[] pix, double[] w, int at, double dist,
            Map<Long, Column> cache) {
        int right = lowerBound(radii, dist);
        if (right == 0 || right >= radii.length) {
            return Double.NaN;
        }
        int left = right - 1;
        double wl = Math.abs(radii[right] - dist);
        double wr = Math.abs(radii[left] - dist);
        double norm = wl + wr;
        double vl = 0;
        double vr = 0;
        for (int k = 0; k < 4; k++) {
            long p = pix[at + k];
            double wk = w[at + k];
            vl += wk * transformed(sample, left, p, variance, cache);
            vr += wk * transformed(sample, right, p, variance, cache);
        }
        return (wl / norm) * vl + (wr / norm) * vr;
    }

    private double transformed(int sample, int shell, long pixel, boolean variance, Map<Long, Column> cache) {
        if (variance) {
            double s = file.std(shell, pixel);
            return s * s;
        }
        if (!options.integrated()) {
            return Math.log(file.value(sample, shell, pixel));
        }
        long key = (long) sample * file.geometry().npix() + pixel;
        Column column = cache.get(key);
        if (column == null) {
            if (cache.size() >= CACHE_COLUMNS) {
                cache.clear();
            }
            column = new Column(radii.length, file.innerRadius().isPresent() ? file.inner(sample, pixel) : 0.0);
            cache.put(key, column);
        }
        while (column.filled <= shell) {
            int j = column.filled++;
            column.sum += file.value(sample, j, pixel) * widths[j];
            column.logSum[j] = Math.log(column.sum);
        }
        return column.logSum[shell];
    }

    /** Log of the cumulative integral of one pixel's column, filled shell by shell as far as queries need. */
    private static final class Column {
        final double[] logSum;
        double sum;
        int filled;

        Column(int shells, double inner) {
            logSum = new double[shells];
            sum = inner;
        }
    }

    /** numpy searchsorted(side='left'): the first index whose value is >= x; length for NaN or beyond. */
    static int lowerBound(double[] sorted, double x) {
        if (Double.isNaN(x)) {
            return sorted.length;
        }
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Unmaps the file. */
    @Override
    public void close() {
        file.close();
    }
}
