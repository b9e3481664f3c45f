package org.dust4j.cuda;

import java.util.Arrays;
import java.util.Random;
import org.dust4j.core.Backend;
import org.dust4j.core.DType;
import org.dust4j.core.LineMoments;
import org.dust4j.core.SymmetricCdfTable;
import org.dust4j.core.Tensor;

/** Line-moments layouts and operands for the host self-check and the GPU parity test. */
final class LineFixtures {
    /** The logistic distribution function, tabulated as the backends evaluate it. */
    static final SymmetricCdfTable LOGISTIC = SymmetricCdfTable.of(30, 64, z -> 1 / (1 + Math.exp(-z)),
            z -> Math.exp(-z) / ((1 + Math.exp(-z)) * (1 + Math.exp(-z))));

    private LineFixtures() {
    }

    /**
     * {@code items} items on random lines of {@code lines} (about half the lines hold none), {@code cells} cells with
     * u decreasing like inverse distances; ranges cut where |a u - b| exceeds 12, some items with an exact position.
     */
    static LineMoments layout(int lines, int cells, int items, long seed) {
        Random rnd = new Random(seed);
        double[] u = new double[cells + 1];
        double[] w = new double[cells];
        for (int k = 0; k <= cells; k++) {
            u[k] = 1000 / (50 + 10.0 * k);
        }
        for (int k = 0; k < cells; k++) {
            w[k] = 10 * (0.5 + rnd.nextDouble());
        }
        int[] line = new int[items];
        for (int i = 0; i < items; i++) {
            line[i] = 2 * rnd.nextInt(Math.max(1, lines / 2));
        }
        Arrays.sort(line);
        double[] a = new double[items];
        double[] b = new double[items];
        int[] lo = new int[items];
        int[] hi = new int[items];
        for (int i = 0; i < items; i++) {
            if (rnd.nextInt(10) == 0) {
                lo[i] = rnd.nextInt(cells + 2);
                hi[i] = lo[i] - 1;
                continue;
            }
            double sigma = 0.05 + 0.5 * rnd.nextDouble();
            a[i] = 1 / sigma;
            b[i] = (u[rnd.nextInt(cells + 1)] + sigma * rnd.nextGaussian()) / sigma;
            int k = 0;
            while (k <= cells && u[k] * a[i] - b[i] > 12) {
                k++;
            }
            lo[i] = k;
            while (k <= cells && u[k] * a[i] - b[i] >= -12) {
                k++;
            }
            hi[i] = k - 1;
        }
        return new LineMoments(lines, u, w, line, a, b, lo, hi, LOGISTIC);
    }

    /**
     * Random x (positive), tangent, mean and variance cotangents, observations and extra variances (positive), rounded
     * to float so both dtypes start equal.
     */
    static double[][] operands(LineMoments l, long seed) {
        Random rnd = new Random(seed);
        int lc = l.lines() * l.cells();
        int n = l.items();
        double[][] o = {new double[lc], new double[lc], new double[n], new double[n], new double[n], new double[n]};
        for (int i = 0; i < lc; i++) {
            o[0][i] = (float) (1e-2 * Math.exp(rnd.nextGaussian()));
            o[1][i] = (float) rnd.nextGaussian();
        }
        for (int i = 0; i < n; i++) {
            o[2][i] = (float) rnd.nextGaussian();
            o[3][i] = (float) rnd.nextGaussian();
            o[4][i] = (float) (3 * rnd.nextDouble());
            o[5][i] = (float) (0.01 + 0.5 * rnd.nextDouble());
        }
        return o;
    }

    /** The names of the parts {@link #run} returns. */
    static final String[] PARTS = {"mean", "variance", "dMean", "dVariance", "x cotangent", "Gaussian mean",
        "Gaussian variance", "Gaussian loss", "Gaussian variance cotangent", "Gaussian x cotangent",
        "push-pull variance cotangent", "push-pull x cotangent"};

    /**
     * {@link #PARTS} on a backend: value, JVP and VJP, then the Gaussian pull-back of observations o[4] with extra
     * variances o[5], then the diagonal push-pull of the tangent with weights o[4] (mean) and o[5] (variance) and
     * offset o[3]; outputs poisoned with NaN first.
     */
    static double[][] run(Backend b, LineMoments l, double[][] o, DType dt) {
        try (LineMoments.Tables t = l.upload(b);
             Tensor x = b.fromHost(o[0], dt, l.lineShape());
             Tensor tangent = b.fromHost(o[1], dt, l.lineShape());
             Tensor gm = b.fromHost(o[2], dt, l.itemShape());
             Tensor gv = b.fromHost(o[3], dt, l.itemShape());
             Tensor obs = b.fromHost(o[4], dt, l.itemShape());
             Tensor extra = b.fromHost(o[5], dt, l.itemShape());
             Tensor mean = b.zeros(dt, l.itemShape());
             Tensor var = b.zeros(dt, l.itemShape());
             Tensor dm = b.zeros(dt, l.itemShape());
             Tensor dv = b.zeros(dt, l.itemShape());
             Tensor xb = b.zeros(dt, l.lineShape());
             Tensor gMean = b.zeros(dt, l.itemShape());
             Tensor gVar = b.zeros(dt, l.itemShape());
             Tensor loss = b.zeros(dt, l.itemShape());
             Tensor vBar = b.zeros(dt, l.itemShape());
             Tensor gb = b.zeros(dt, l.lineShape());
             Tensor pvBar = b.zeros(dt, l.itemShape());
             Tensor pb = b.zeros(dt, l.lineShape())) {
            Tensor[] outs = {mean, var, dm, dv, xb, gMean, gVar, loss, vBar, gb, pvBar, pb};
            for (Tensor out : outs) {
                b.fill(out, Double.NaN);
            }
            b.lineMoments(t, x, mean, var);
            b.lineMomentsJvp(t, x, tangent, dm, dv);
            b.lineMomentsVjp(t, x, gm, gv, xb);
            b.lineMomentsGaussian(t, x, obs, extra, gMean, gVar, loss, vBar, gb);
            b.lineMomentsPushPullDiagonal(t, x, tangent, obs, extra, gv, pvBar, pb);
            double[][] r = new double[outs.length][];
            for (int i = 0; i < outs.length; i++) {
                r[i] = outs[i].toDoubleArray();
            }
            return r;
        }
    }

    /**
     * Asserts each part of {@code got} equals {@code want} to {@code tol} of the largest magnitude of that part of
     * {@code want} (the parts of {@link #run}).
     */
    static void assertParts(String what, double[][] want, double[][] got, DType dt, double tol) {
        for (int p = 0; p < PARTS.length; p++) {
            double scale = 0;
            for (double v : want[p]) {
                scale = Math.max(scale, Math.abs(v));
            }
            double[] s = new double[want[p].length];
            Arrays.fill(s, scale);
            GpuTests.assertClose(PARTS[p] + ", " + what + ", " + dt, want[p], got[p], dt, tol, s);
        }
    }
}
