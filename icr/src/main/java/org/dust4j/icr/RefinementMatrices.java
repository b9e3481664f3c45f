package org.dust4j.icr;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.DoubleAccumulator;

import org.dust4j.core.Backend;
import org.dust4j.core.Backends;
import org.dust4j.core.DType;
import org.dust4j.core.NotPositiveDefiniteException;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.dust4j.core.cpu.Parallel;
import org.dust4j.core.cpu.SmallDense;

/**
 * Computes, in float64, the matrices of every refinement step of a chart for a kernel: per geometry class the
 * optimal linear filter R = C_fc C_cc⁻¹ and a square root D of the Schur complement C_ff - C_fc C_cc⁻¹ C_cf
 * ({@link WindowConditional}), and the square root of the level-0 covariance.
 *
 * <p>Each chart factor groups its windows into classes ({@link ChartFactor#classify}: congruent within a relative
 * tolerance, translation-invariant along a Cartesian axis, modulo the sphere's symmetries for HEALPix); a step's
 * classes are the tuples of factor classes, class c = Σ_f c_f Π_{g&gt;f} C_g, so a HEALPix × radius step has
 * (angular classes) × (radial windows) classes and no per-window class table beyond the factors'. Every class is
 * computed once, in parallel over the classes, from the positions of its representative window.
 *
 * <p>Square roots use the Cholesky factorisation. Where it fails (the matrix is not numerically positive definite,
 * as happens for very smooth kernels on windows much smaller than the correlation length) they fall back to the
 * symmetric eigendecomposition V W Vᵀ: for the coarse covariance C_cc a pseudo-inverse that drops eigenvalues below
 * n·ε·w_max, for the Schur complement and the level-0 covariance the square root V·diag(√max(w, 0)). Each fallback
 * is counted.
 */
final class RefinementMatrices {
    /**
     * The verification bound: a window may deviate from its class representative by at most this many relative
     * tolerances of the representative's diameter in any pairwise distance (the keys round each invariant to the
     * tolerance; the distances then agree within a few tolerances of the diameter, see {@link GeometryKey}).
     */
    static final double VERIFY_FACTOR = 16;

    private RefinementMatrices() {
    }

    /**
     * A computed step with its statistics; {@code geometryDeviation} is the largest deviation of a window's pairwise
     * distances from its class representative's, relative to the representative's diameter (NaN if not verified).
     */
    record Step(WindowedRefinement refinement, int coarseFallbacks, long coarseFallbackWindows, int schurFallbacks,
                long schurFallbackWindows, double geometryDeviation) {
    }

    /** The level-0 square root [n0 × n0] (lower triangular unless the eigen fallback was needed). */
    record LevelZero(double[] sqrt, int size, boolean fallback) {
    }

    static LevelZero levelZero(Chart chart, Kernel kernel) {
        int n = chart.size(0);
        int d = chart.dimension();
        double[] pos = chart.positions(0);
        double[] k = new double[n * n];
        Parallel.forRange(n, 16, (from, to) -> {
            for (int i = (int) from; i < to; i++) {
                for (int j = 0; j < n; j++) {
                    k[i * n + j] = kernel.covariance(distance(pos, i * d, pos, j * d, d));
                }
            }
        });
        Backend cpu = Backends.cpu();
        try (Tensor kt = cpu.fromHost(k, DType.FLOAT64, Shape.of(n, n)); Tensor lt = cpu.zeros(DType.FLOAT64, Shape.of(n, n))) {
            try {
                cpu.cholesky(kt, lt);
                return new LevelZero(lt.toDoubleArray(), n, false);
            } catch (NotPositiveDefiniteException e) {
                double[] l = new double[n * n];
                eigenSqrt(k, n, l, 0, new double[n], new double[n * n], new SmallDense.EigenScratch(n));
                return new LevelZero(l, n, true);
            }
        }
    }

    /**
     * The matrices of the refinement level → level + 1.
     *
     * @param relativeTolerance geometry tolerance of the deduplication
     * @param deduplicate       false for one class per window (to verify the deduplication)
     * @param verify            whether to check every window's geometry against its class representative (cost
     *                          O(windows · (nc + nf)²): for small charts); throws {@link IllegalStateException} if one
     *                          deviates by more than {@link #VERIFY_FACTOR} tolerances
     */
    static Step step(Chart chart, Kernel kernel, int level, double relativeTolerance, boolean deduplicate,
                     boolean verify) {
        List<ChartFactor> fs = chart.factors();
        int m = fs.size();
        WindowedRefinement.Factor[] factors = new WindowedRefinement.Factor[m];
        double[][] repCoords = new double[m][];
        long[][] counts = new long[m][];
        long classCount = 1;
        int nc = 1;
        int nf = 1;
        for (int f = 0; f < m; f++) {
            ChartFactor fac = fs.get(f);
            ChartFactor.WindowClasses wc = fac.classify(level, relativeTolerance, deduplicate);
            int cf = wc.representatives().length;
            factors[f] = new WindowedRefinement.Factor(fac.coarsePoints(), fac.finePoints(), fac.size(level),
                    fac.size(level + 1), wc.coarseTable(), wc.fineTable(), wc.classOf(), cf);
            repCoords[f] = representativeCoordinates(fac, level, wc);
            counts[f] = new long[cf];
            for (int c : wc.classOf()) {
                counts[f][c]++;
            }
            classCount *= cf;
            nc *= fac.coarsePoints();
            nf *= fac.finePoints();
        }
        long entries = classCount * nf * nc;
        if (entries > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("level " + level + " has " + classCount + " matrix classes, whose R ("
                    + nf + " × " + nc + " each, " + entries + " numbers) exceeds one Java array; use fewer radial shells"
                    + " or a coarser chart");
        }
        int classes = (int) classCount;
        double[] r = new double[classes * nf * nc];
        double[] dm = new double[classes * nf * nf];
        byte[] flags = new byte[classes];
        int dim = chart.dimension();
        int ncf = nc;
        int nff = nf;
        Parallel.forRange(classes, 64, (from, to) -> {
            WindowConditional conditional = new WindowConditional(ncf, nff, dim);
            int[] cls = new int[m];
            double[] coords = new double[chart.coordinateWidth()];
            double[] pos = new double[(ncf + nff) * dim];
            for (int c = (int) from; c < to; c++) {
                decodeClass(c, factors, cls);
                classPositions(chart, repCoords, cls, coords, pos, ncf, nff);
                flags[c] = (byte) conditional.compute(kernel, pos, r, c * nff * ncf, dm, c * nff * nff);
            }
        });
        int coarseFb = 0;
        int schurFb = 0;
        long coarseFbWindows = 0;
        long schurFbWindows = 0;
        for (int c = 0; c < classes; c++) {
            if (flags[c] != 0) {
                long windows = windowsOfClass(c, factors, counts);
                if ((flags[c] & WindowConditional.COARSE_FALLBACK) != 0) {
                    coarseFb++;
                    coarseFbWindows += windows;
                }
                if ((flags[c] & WindowConditional.SCHUR_FALLBACK) != 0) {
                    schurFb++;
                    schurFbWindows += windows;
                }
            }
        }
        WindowedRefinement refinement = new WindowedRefinement(factors, r, dm, null, false);
        double deviation = verify ? verify(chart, level, refinement, relativeTolerance) : Double.NaN;
        return new Step(refinement, coarseFb, coarseFbWindows, schurFb, schurFbWindows, deviation);
    }

    /** Per class of a factor, the coordinates of its representative's coarse then fine points. */
    private static double[] representativeCoordinates(ChartFactor fac, int level, ChartFactor.WindowClasses wc) {
        int nc = fac.coarsePoints();
        int nf = fac.finePoints();
        int cd = fac.coordinateDimension();
        int[] reps = wc.representatives();
        double[] out = new double[reps.length * (nc + nf) * cd];
        Parallel.forRange(reps.length, 256, (from, to) -> {
            for (int c = (int) from; c < to; c++) {
                int base = c * (nc + nf);
                for (int k = 0; k < nc; k++) {
                    fac.coordinate(level, wc.coarseTable()[reps[c] * nc + k], out, (base + k) * cd);
                }
                for (int j = 0; j < nf; j++) {
                    fac.coordinate(level + 1, wc.fineTable()[reps[c] * nf + j], out, (base + nc + j) * cd);
                }
            }
        });
        return out;
    }

    private static void decodeClass(int c, WindowedRefinement.Factor[] factors, int[] out) {
        for (int f = factors.length - 1; f >= 0; f--) {
            out[f] = c % factors[f].classCount();
            c /= factors[f].classCount();
        }
    }

    private static long windowsOfClass(int c, WindowedRefinement.Factor[] factors, long[][] counts) {
        long w = 1;
        for (int f = factors.length - 1; f >= 0; f--) {
            w *= counts[f][c % factors[f].classCount()];
            c /= factors[f].classCount();
        }
        return w;
    }

    /**
     * Positions (nc coarse then nf fine, each in row-major factor-slot order) of the representative window of a
     * class tuple, from the factors' representative coordinates.
     */
    private static void classPositions(Chart chart, double[][] repCoords, int[] cls, double[] coords, double[] pos,
                                       int nc, int nf) {
        List<ChartFactor> fs = chart.factors();
        int m = fs.size();
        int dim = chart.dimension();
        for (int p = 0; p < nc + nf; p++) {
            boolean fine = p >= nc;
            int rest = fine ? p - nc : p;
            int at = coords.length;
            for (int f = m - 1; f >= 0; f--) {
                ChartFactor fac = fs.get(f);
                int per = fine ? fac.finePoints() : fac.coarsePoints();
                int slot = (fine ? fac.coarsePoints() : 0) + rest % per;
                rest /= per;
                int cd = fac.coordinateDimension();
                at -= cd;
                System.arraycopy(repCoords[f], (cls[f] * (fac.coarsePoints() + fac.finePoints()) + slot) * cd, coords,
                        at, cd);
            }
            chart.combine(coords, 0, pos, p * dim);
        }
    }

    /**
     * Checks every window of a step against the representative of its matrix class (the class tuple of the first
     * window of each factor class, from which the matrices are computed): returns the largest deviation of a pairwise
     * distance between corresponding points, relative to the representative's diameter, and throws
     * {@link IllegalStateException} if it exceeds {@link #VERIFY_FACTOR} × relativeTolerance. Cost O(windows ·
     * (nc + nf)²) and the positions of both levels: for small charts.
     */
    static double verify(Chart chart, int level, WindowedRefinement step, double relativeTolerance) {
        int nc = step.coarsePerWindow();
        int nf = step.finePerWindow();
        int n = nc + nf;
        int dim = chart.dimension();
        int m = step.factorCount();
        int[][] reps = new int[m][];
        for (int f = 0; f < m; f++) {
            int[] classOf = step.factor(f).classOf();
            reps[f] = new int[step.factor(f).classCount()];
            Arrays.fill(reps[f], -1);
            for (int w = classOf.length - 1; w >= 0; w--) {
                reps[f][classOf[w]] = w;
            }
        }
        double[] coarsePos = chart.positions(level);
        double[] finePos = chart.positions(level + 1);
        DoubleAccumulator worst = new DoubleAccumulator(Math::max, 0);
        Parallel.forRange(step.windows(), 256, (from, to) -> {
            int[] fw = new int[m];
            int[] ci = new int[nc];
            int[] fi = new int[nf];
            double[] rep = new double[n * dim];
            double[] own = new double[n * dim];
            for (long w = from; w < to; w++) {
                int c = step.window(w, fw, ci, fi);
                gather(coarsePos, finePos, ci, fi, dim, own);
                long r = 0;
                for (int f = 0; f < m; f++) {
                    r = r * step.factor(f).windows() + reps[f][step.factor(f).classOf[fw[f]]];
                }
                step.window(r, fw, ci, fi);
                gather(coarsePos, finePos, ci, fi, dim, rep);
                double diameter = 0;
                double dev = 0;
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < i; j++) {
                        double dr = distance(rep, i * dim, rep, j * dim, dim);
                        diameter = Math.max(diameter, dr);
                        dev = Math.max(dev, Math.abs(dr - distance(own, i * dim, own, j * dim, dim)));
                    }
                }
                double rel = dev / diameter;
                if (!(rel <= VERIFY_FACTOR * relativeTolerance)) {
                    throw new IllegalStateException("level " + level + ", window " + w + " deviates from the"
                            + " representative (window " + r + ") of its class " + c + " by " + rel + " of the window"
                            + " diameter, more than " + VERIFY_FACTOR + " × the geometry tolerance "
                            + relativeTolerance);
                }
                worst.accumulate(rel);
            }
        });
        return worst.get();
    }

    /** The positions of a window's coarse then fine points into out. */
    private static void gather(double[] coarsePos, double[] finePos, int[] ci, int[] fi, int dim, double[] out) {
        for (int k = 0; k < ci.length; k++) {
            System.arraycopy(coarsePos, ci[k] * dim, out, k * dim, dim);
        }
        for (int j = 0; j < fi.length; j++) {
            System.arraycopy(finePos, fi[j] * dim, out, (ci.length + j) * dim, dim);
        }
    }

    static double distance(double[] a, int ao, double[] b, int bo, int d) {
        return Math.sqrt(squaredDistance(a, ao, b, bo, d));
    }

    static double squaredDistance(double[] a, int ao, double[] b, int bo, int d) {
        double s = 0;
        for (int i = 0; i < d; i++) {
            double t = a[ao + i] - b[bo + i];
            s += t * t;
        }
        return s;
    }

    /**
     * out[off …] = V · diag(√max(w, 0)) (n × n row-major) for the symmetric a = V W Vᵀ given by the lower triangle of
     * the row-major n × n a: the eigen square root of the level-0 and the windows' fallbacks; w (n) and v (n × n) are
     * working arrays, scratch the eigensolver's.
     */
    static void eigenSqrt(double[] a, int n, double[] out, int off, double[] w, double[] v,
                          SmallDense.EigenScratch scratch) {
        SmallDense.symmetricEigen(a, n, w, v, scratch);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                out[off + i * n + j] = v[i * n + j] * Math.sqrt(Math.max(w[j], 0));
            }
        }
    }
}
