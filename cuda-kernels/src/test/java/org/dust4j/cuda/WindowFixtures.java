package org.dust4j.cuda;

import java.util.Random;
import org.dust4j.core.Backend;
import org.dust4j.core.DType;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.dust4j.core.WindowLayout;

/** Window layouts and operands for the windowed matrix-vector tests (host self-check and GPU parity). */
final class WindowFixtures {
    private WindowFixtures() {
    }

    /** A regular axis of n windows of width {@code nc} refining into {@code nf} fine points, classes w mod 3. */
    static WindowLayout.Factor axis(int n, int nc, int nf) {
        int[] coarse = new int[nc * n];
        int[] fine = new int[nf * n];
        int[] cls = new int[n];
        for (int w = 0; w < n; w++) {
            for (int k = 0; k < nc; k++) {
                coarse[nc * w + k] = w + k;
            }
            for (int j = 0; j < nf; j++) {
                fine[nf * w + j] = nf * w + j;
            }
            cls[w] = w % 3;
        }
        return new WindowLayout.Factor(nc, nf, n + nc - 1, nf * n, coarse, fine, cls, 3);
    }

    /** Scattered windows: n windows of nc distinct random points out of coarseSize, fine points shuffled. */
    static WindowLayout.Factor scattered(int n, int nc, int nf, int coarseSize, long seed) {
        Random rnd = new Random(seed);
        int[] coarse = new int[nc * n];
        for (int w = 0; w < n; w++) {
            int filled = 0;
            while (filled < nc) {
                int c = rnd.nextInt(coarseSize);
                boolean fresh = true;
                for (int k = 0; k < filled; k++) {
                    fresh &= coarse[nc * w + k] != c;
                }
                if (fresh) {
                    coarse[nc * w + filled++] = c;
                }
            }
        }
        int[] fine = new int[nf * n];
        for (int i = 0; i < fine.length; i++) {
            int j = rnd.nextInt(i + 1);
            fine[i] = fine[j];
            fine[j] = i;
        }
        int[] cls = new int[n];
        for (int w = 0; w < n; w++) {
            cls[w] = rnd.nextInt(2);
        }
        return new WindowLayout.Factor(nc, nf, coarseSize, nf * n, coarse, fine, cls, 2);
    }

    /**
     * One, two and three factors. The first and third only the generic per-slot kernels serve; the others are of the
     * fast kinds of the class-major kernels (windowed.cuh, {@link WindowedLaunch#kind}): two shaped like HEALPix ×
     * radius (9/4 × 3/2, scattered windows of two classes times a regular axis), a 1D, a 2D and a 3D grid of 3/2 axes.
     */
    static WindowLayout[] layouts(int scale) {
        return new WindowLayout[] {
            WindowLayout.of(scattered(17 * scale, 5, 3, 40 * scale, 1)),
            WindowLayout.of(scattered(12 * scale, 9, 4, 15 * scale, 2), axis(6, 3, 2)),
            WindowLayout.of(axis(3, 3, 2), axis(4, 5, 4), axis(2 * scale, 3, 2)),
            WindowLayout.of(axis(11 * scale, 3, 2)),
            WindowLayout.of(axis(7, 3, 2), axis(5 * scale, 3, 2)),
            WindowLayout.of(scattered(40 * scale, 9, 4, 50 * scale, 3), axis(13, 3, 2)),
            WindowLayout.of(axis(4, 3, 2), axis(2 * scale + 1, 3, 2), axis(5, 3, 2)),
        };
    }

    /** Random operands r, d, s (or null), coarse, xi, g of a layout. */
    static double[][] operands(WindowLayout l, boolean scaled, long seed) {
        Random rnd = new Random(seed);
        int nc = l.coarsePerWindow();
        int nf = l.finePerWindow();
        int[] sizes = {l.classes() * nf * nc, l.classes() * nf * nf, scaled ? l.fineSize() : -1, l.coarseSize(),
            l.fineSize(), l.fineSize()};
        double[][] o = new double[sizes.length][];
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] >= 0) {
                o[i] = new double[sizes[i]];
                for (int k = 0; k < sizes[i]; k++) {
                    o[i][k] = dtypeRound(rnd.nextGaussian());
                }
            }
        }
        return o;
    }

    /** Values exact in float, so FLOAT32 and FLOAT64 runs start from the same numbers. */
    private static double dtypeRound(double v) {
        return (float) v;
    }

    /**
     * Runs forward and adjoint on a backend: {fine, coarseBar, xiBar}. Outputs are poisoned with NaN first, so
     * elements a kernel fails to write are caught.
     */
    static double[][] run(Backend b, WindowLayout l, double[][] o, DType dt) {
        int nc = l.coarsePerWindow();
        int nf = l.finePerWindow();
        try (WindowLayout.Tables t = l.upload(b);
             Tensor r = b.fromHost(o[0], dt, Shape.of(l.classes(), nf, nc));
             Tensor d = b.fromHost(o[1], dt, Shape.of(l.classes(), nf, nf));
             Tensor s = o[2] == null ? null : b.fromHost(o[2], dt, Shape.of(l.fineSize()));
             Tensor c = b.fromHost(o[3], dt, Shape.of(l.coarseSize()));
             Tensor x = b.fromHost(o[4], dt, Shape.of(l.fineSize()));
             Tensor g = b.fromHost(o[5], dt, Shape.of(l.fineSize()));
             Tensor fine = b.zeros(dt, Shape.of(l.fineSize()));
             Tensor cb = b.zeros(dt, Shape.of(l.coarseSize()));
             Tensor xb = b.zeros(dt, Shape.of(l.fineSize()))) {
            b.fill(fine, Double.NaN);
            b.fill(cb, Double.NaN);
            b.fill(xb, Double.NaN);
            b.windowedMatVec(t, r, d, s, c, x, fine);
            b.windowedMatVecAdjoint(t, r, d, s, g, cb, xb);
            return new double[][] {fine.toDoubleArray(), cb.toDoubleArray(), xb.toDoubleArray()};
        }
    }
}
