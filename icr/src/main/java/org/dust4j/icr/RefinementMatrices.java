package org.dust4j.icr;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.dust4j.core.Backend;
import org.dust4j.core.Backends;
import org.dust4j.core.DType;
import org.dust4j.core.NotPositiveDefiniteException;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.dust4j.core.cpu.CpuStorage;
import org.dust4j.core.cpu.Parallel;

/**
 * Computes, in float64, the matrices of every refinement step of a chart for a kernel: per geometry class the
 * optimal linear filter R = C_fc C_cc⁻¹ and a square root D of the Schur complement C_ff - C_fc C_cc⁻¹ C_cf, and the
 * square root of the level-0 covariance.
 *
 * <p>Windows are grouped into classes per chart factor by their {@link GeometryKey} (translation- or
 * rotation-invariant, within a relative tolerance); a step's classes are the tuples of factor classes, so matrices
 * are computed once per distinct window geometry.
 *
 * <p>Square roots use the Cholesky factorisation. Where it fails (the matrix is not numerically positive definite,
 * as happens for very smooth kernels on windows much smaller than the correlation length) they fall back to the
 * symmetric eigendecomposition V W Vᵀ: for the coarse covariance C_cc a pseudo-inverse that drops eigenvalues below
 * n·ε·w_max, for the Schur complement and the level-0 covariance the square root V·diag(√max(w, 0)). Each fallback
 * is counted.
 *
 * <p>The linear algebra runs batched over the classes on the CPU backend ({@link Backend#cholesky},
 * {@link Backend#triangularSolve}, {@link Backend#matmul}, {@link Backend#symmetricEigen}) in float64.
 */
final class RefinementMatrices {
    /** Classes per batch of linear algebra. */
    private static final int CHUNK = 2048;

    private RefinementMatrices() {
    }

    /** A computed step with its statistics. */
    record Step(WindowedRefinement refinement, int coarseFallbacks, long coarseFallbackWindows, int schurFallbacks,
                long schurFallbackWindows) {
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
                eigenSqrt(kt, l, n);
                return new LevelZero(l, n, true);
            }
        }
    }

    static Step step(Chart chart, Kernel kernel, int level, double relativeTolerance) {
        List<ChartFactor> fs = chart.factors();
        int m = fs.size();
        int[][] coarse = new int[m][];
        int[][] fine = new int[m][];
        int[][] classOf = new int[m][];
        int[][] reps = new int[m][];
        long[][] counts = new long[m][];
        WindowedRefinement.Factor[] factors = new WindowedRefinement.Factor[m];
        int classes = 1;
        for (int f = 0; f < m; f++) {
            ChartFactor fac = fs.get(f);
            coarse[f] = fac.coarseTable(level);
            fine[f] = fac.fineTable(level);
            int w = fac.windows(level);
            classOf[f] = new int[w];
            Map<GeometryKey, Integer> ids = new HashMap<>();
            int[] rep = new int[w];
            for (int i = 0; i < w; i++) {
                GeometryKey key = fac.windowKey(level, i, relativeTolerance);
                Integer id = ids.get(key);
                if (id == null) {
                    id = ids.size();
                    ids.put(key, id);
                    rep[id] = i;
                }
                classOf[f][i] = id;
            }
            reps[f] = java.util.Arrays.copyOf(rep, ids.size());
            counts[f] = new long[ids.size()];
            for (int c : classOf[f]) {
                counts[f][c]++;
            }
            factors[f] = new WindowedRefinement.Factor(fac.coarsePoints(), fac.finePoints(), fac.size(level),
                    fac.size(level + 1), coarse[f], fine[f], classOf[f], ids.size());
            classes = Math.multiplyExact(classes, ids.size());
        }
        int nc = 1;
        int nf = 1;
        for (ChartFactor fac : fs) {
            nc *= fac.coarsePoints();
            nf *= fac.finePoints();
        }
        double[] r = new double[Math.multiplyExact(classes, nc * nf)];
        double[] dm = new double[classes * nf * nf];
        int coarseFb = 0;
        int schurFb = 0;
        long coarseFbWindows = 0;
        long schurFbWindows = 0;
        int cw = chart.coordinateWidth();
        int dim = chart.dimension();
        int n = nc + nf;
        for (int start = 0; start < classes; start += CHUNK) {
            int b = Math.min(CHUNK, classes - start);
            double[] ccc = new double[b * nc * nc];
            double[] ccf = new double[b * nc * nf];
            double[] cff = new double[b * nf * nf];
            final int first = start;
            int cwf = cw;
            int ncf = nc;
            int nff = nf;
            Parallel.forRange(b, 64, (from, to) -> {
                int[] cls = new int[m];
                double[] coords = new double[cwf];
                double[] pos = new double[n * dim];
                for (int q = (int) from; q < to; q++) {
                    decodeClass(first + q, factors, cls);
                    windowPositions(chart, fs, level, coarse, fine, reps, cls, coords, pos, ncf, nff);
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < n; j++) {
                            double c = kernel.covariance(distance(pos, i * dim, pos, j * dim, dim));
                            if (i < ncf && j < ncf) {
                                ccc[(q * ncf + i) * ncf + j] = c;
                            } else if (i < ncf) {
                                ccf[(q * ncf + i) * nff + (j - ncf)] = c;
                            } else if (j >= ncf) {
                                cff[(q * nff + i - ncf) * nff + (j - ncf)] = c;
                            }
                        }
                    }
                }
            });
            Conditional cond = conditional(ccc, ccf, cff, b, nc, nf);
            for (int q = 0; q < b; q++) {
                int c = start + q;
                for (int j = 0; j < nf; j++) {
                    for (int k = 0; k < nc; k++) {
                        r[(c * nf + j) * nc + k] = cond.rt[(q * nc + k) * nf + j];
                    }
                }
                System.arraycopy(cond.d, q * nf * nf, dm, c * nf * nf, nf * nf);
                long windows = windowsOfClass(c, factors, counts);
                if (cond.coarseEigen[q]) {
                    coarseFb++;
                    coarseFbWindows += windows;
                }
                if (cond.schurEigen[q]) {
                    schurFb++;
                    schurFbWindows += windows;
                }
            }
        }
        return new Step(new WindowedRefinement(factors, r, dm, null), coarseFb, coarseFbWindows, schurFb,
                schurFbWindows);
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
     * class tuple.
     */
    private static void windowPositions(Chart chart, List<ChartFactor> fs, int level, int[][] coarse, int[][] fine,
                                        int[][] reps, int[] cls, double[] coords, double[] pos, int nc, int nf) {
        int m = fs.size();
        int dim = chart.dimension();
        int[] slot = new int[m];
        for (int part = 0; part < 2; part++) {
            int count = part == 0 ? nc : nf;
            for (int p = 0; p < count; p++) {
                int rest = p;
                for (int f = m - 1; f >= 0; f--) {
                    int per = part == 0 ? fs.get(f).coarsePoints() : fs.get(f).finePoints();
                    slot[f] = rest % per;
                    rest /= per;
                }
                int at = 0;
                for (int f = 0; f < m; f++) {
                    ChartFactor fac = fs.get(f);
                    int w = reps[f][cls[f]];
                    int idx = part == 0 ? coarse[f][w * fac.coarsePoints() + slot[f]]
                            : fine[f][w * fac.finePoints() + slot[f]];
                    fac.coordinate(part == 0 ? level : level + 1, idx, coords, at);
                    at += fac.coordinateDimension();
                }
                chart.combine(coords, 0, pos, (part == 0 ? p : nc + p) * dim);
            }
        }
    }

    static double distance(double[] a, int ao, double[] b, int bo, int d) {
        double s = 0;
        for (int i = 0; i < d; i++) {
            double t = a[ao + i] - b[bo + i];
            s += t * t;
        }
        return Math.sqrt(s);
    }

    /** Batched conditioning results: Rᵀ = C_cc⁻¹ C_cf [b, nc, nf], D [b, nf, nf] and which classes fell back. */
    private record Conditional(double[] rt, double[] d, boolean[] coarseEigen, boolean[] schurEigen) {
    }

    private static Conditional conditional(double[] ccc, double[] ccf, double[] cff, int b, int nc, int nf) {
        Backend cpu = Backends.cpu();
        try (Tensor tcc = cpu.fromHost(ccc, DType.FLOAT64, Shape.of(b, nc, nc));
             Tensor tcf = cpu.fromHost(ccf, DType.FLOAT64, Shape.of(b, nc, nf));
             Tensor tff = cpu.fromHost(cff, DType.FLOAT64, Shape.of(b, nf, nf));
             Tensor lcc = cpu.zeros(DType.FLOAT64, Shape.of(b, nc, nc));
             Tensor y = cpu.zeros(DType.FLOAT64, Shape.of(b, nc, nf));
             Tensor rt = cpu.zeros(DType.FLOAT64, Shape.of(b, nc, nf));
             Tensor s = cpu.zeros(DType.FLOAT64, Shape.of(b, nf, nf));
             Tensor d = cpu.zeros(DType.FLOAT64, Shape.of(b, nf, nf))) {
            boolean[] coarseEigen = choleskyOrMark(cpu, tcc, lcc, b);
            double[] l = host(lcc);
            for (int q = 0; q < b; q++) {
                if (coarseEigen[q]) {
                    // keep the triangular solves finite; the class is redone below
                    java.util.Arrays.fill(l, q * nc * nc, (q + 1) * nc * nc, 0);
                    for (int i = 0; i < nc; i++) {
                        l[(q * nc + i) * nc + i] = 1;
                    }
                }
            }
            cpu.triangularSolve(lcc, true, false, tcf, y);
            cpu.triangularSolve(lcc, true, true, y, rt);
            for (int q = 0; q < b; q++) {
                if (coarseEigen[q]) {
                    pseudoInverseSolve(cpu, tcc.row(q), ccf, host(y), host(rt), q, nc, nf);
                }
            }
            cpu.matmul(y, true, y, false, s);
            cpu.axpby(1, tff, -1, s, s);
            boolean[] schurEigen = choleskyOrMark(cpu, s, d, b);
            double[] dh = host(d);
            for (int q = 0; q < b; q++) {
                if (schurEigen[q]) {
                    double[] root = new double[nf * nf];
                    eigenSqrt(s.row(q), root, nf);
                    System.arraycopy(root, 0, dh, q * nf * nf, nf * nf);
                }
            }
            return new Conditional(rt.toDoubleArray(), d.toDoubleArray(), coarseEigen, schurEigen);
        }
    }

    /**
     * Cholesky factors of the batch a [b, n, n] into out; marks (and leaves unspecified) the matrices that are not
     * positive definite. After a failure the rest is factorised in small sub-batches, so dense failures cost
     * little extra.
     */
    private static boolean[] choleskyOrMark(Backend cpu, Tensor a, Tensor out, int b) {
        boolean[] failed = new boolean[b];
        int from = 0;
        int chunk = b;
        while (from < b) {
            int to = Math.min(b, from + chunk);
            try {
                cpu.cholesky(a.slice(from, to), out.slice(from, to));
                from = to;
            } catch (NotPositiveDefiniteException e) {
                int bad = from + (int) e.batchIndex();
                failed[bad] = true;
                from = bad + 1;
                chunk = 64;
            }
        }
        return failed;
    }

    /** The live host array of a CPU FLOAT64 tensor that owns its memory. */
    private static double[] host(Tensor t) {
        return ((CpuStorage) t.storage()).doubles();
    }

    /**
     * For class q with a numerically singular C_cc = V W Vᵀ: Y = W₊^{-1/2} Vᵀ C_cf and Rᵀ = V W₊^{-1/2} Y, keeping only
     * eigenvalues above n·ε·w_max.
     */
    private static void pseudoInverseSolve(Backend cpu, Tensor ccc, double[] ccf, double[] y, double[] rt, int q,
                                           int nc, int nf) {
        double[] w;
        double[] v;
        try (Tensor tw = cpu.zeros(DType.FLOAT64, Shape.of(nc)); Tensor tv = cpu.zeros(DType.FLOAT64, Shape.of(nc, nc))) {
            cpu.symmetricEigen(ccc, tw, tv);
            w = tw.toDoubleArray();
            v = tv.toDoubleArray();
        }
        double cut = nc * Math.ulp(1.0) * w[nc - 1];
        for (int i = 0; i < nc; i++) {
            double inv = w[i] > cut ? 1 / Math.sqrt(w[i]) : 0;
            for (int j = 0; j < nf; j++) {
                double s = 0;
                for (int k = 0; k < nc; k++) {
                    s += v[k * nc + i] * ccf[(q * nc + k) * nf + j];
                }
                y[(q * nc + i) * nf + j] = inv * s;
            }
        }
        for (int k = 0; k < nc; k++) {
            for (int j = 0; j < nf; j++) {
                double s = 0;
                for (int i = 0; i < nc; i++) {
                    double inv = w[i] > cut ? 1 / Math.sqrt(w[i]) : 0;
                    s += v[k * nc + i] * inv * y[(q * nc + i) * nf + j];
                }
                rt[(q * nc + k) * nf + j] = s;
            }
        }
    }

    /** out = V · diag(√max(w, 0)) for a = V W Vᵀ (an n × n FLOAT64 tensor on the CPU). */
    static void eigenSqrt(Tensor a, double[] out, int n) {
        Backend cpu = Backends.cpu();
        try (Tensor tw = cpu.zeros(DType.FLOAT64, Shape.of(n)); Tensor tv = cpu.zeros(DType.FLOAT64, Shape.of(n, n))) {
            cpu.symmetricEigen(a, tw, tv);
            double[] w = tw.toDoubleArray();
            double[] v = tv.toDoubleArray();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    out[i * n + j] = v[i * n + j] * Math.sqrt(Math.max(w[j], 0));
                }
            }
        }
    }
}
