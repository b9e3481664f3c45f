package org.dust4j.core.cpu;

import java.util.Arrays;

import org.dust4j.core.LineMoments;
import org.dust4j.core.SymmetricCdfTable;
import org.dust4j.core.Tensor;

/**
 * The line moments of {@link LineMoments} on the CPU: one pass over the groups (the items of one line), which one
 * pass object configures for the value, the JVP, the VJP or a fused combination. Per group the line's cumulative sums
 * (and their tangents) are computed once in O(N); each item then costs O(hi − lo + 2) with its G values in a small
 * buffer, evaluated eight at a time by {@link SimdCdf} where {@link Simd#CDF} says so (the same bits as the scalar
 * {@link SymmetricCdfTable#cdf(double[], double, int, double)} loop; the sums keep their order either way). Groups
 * are gathered into blocks of similar work ({@link LineMoments#workBlocks}) that run in parallel; a block owns a
 * contiguous range of lines of the x cotangent (it also clears the lines without items in its range), so no two
 * threads write the same element. Arithmetic in double. Arguments arrive validated by {@link CpuBackend}.
 */
final class CpuLineMoments {
    private final LineMoments layout;
    private final int[] pi;
    private final int po;
    private final double[] pd;
    private final int pdo;
    private final int nCells;
    private final int groups;
    private final int items;
    private final double zMax;
    private final int perUnit;
    private final int tableAt;
    private final HostArray x;
    HostArray tangent;
    HostArray mean;
    HostArray variance;
    HostArray dMean;
    HostArray dVariance;
    LineMoments.ItemTangentMap map;
    /** Used instead of map when set: cotangents from the value alone. */
    LineMoments.ItemCotangents loss;
    HostArray xBar;

    /** A pass over {@code tables} at x; set the outputs (and map) before {@link #run()}. */
    CpuLineMoments(LineMoments.Tables tables, Tensor x) {
        this.layout = tables.layout();
        this.pi = CpuBackend.ints(tables.ints());
        this.po = CpuBackend.off(tables.ints());
        this.pd = CpuBackend.doubles(tables.doubles());
        this.pdo = CpuBackend.off(tables.doubles());
        this.nCells = layout.cells();
        this.groups = layout.groups();
        this.items = layout.items();
        SymmetricCdfTable cdf = layout.cdf();
        this.zMax = cdf.zMax();
        this.perUnit = cdf.perUnit();
        this.tableAt = pdo + 2 * nCells + 1 + 2 * items;
        this.x = HostArray.of(x);
    }

    /** Per-thread scratch, O(N) each. */
    private final class Buffers {
        final double[] col = new double[nCells];
        final double[] cm = new double[nCells + 2];
        final double[] dcm = new double[nCells + 2];
        final double[] gc = new double[nCells + 2];
        final double[] f = new double[nCells + 3];
        final double[] p = new double[nCells + 3];
        final double[] out = new double[2];
        final double[] table = Arrays.copyOfRange(pd, tableAt, pd.length + (Simd.CDF ? SimdCdf.padding() : 0));
    }

    void run() {
        int[] blocks = layout.workBlocks(16 * Parallel.threads());
        Parallel.forRange(blocks.length - 1, 1, (from, to) -> {
            Buffers buf = new Buffers();
            for (int b = (int) from; b < to; b++) {
                block(blocks, b, buf);
            }
        });
    }

    private int groupLine(int g) {
        return pi[po + g];
    }

    private int groupStart(int g) {
        return pi[po + groups + g];
    }

    private void block(int[] blocks, int b, Buffers buf) {
        int g0 = blocks[b];
        int g1 = blocks[b + 1];
        int nextLine = b == 0 || g0 >= groups ? 0 : groupLine(g0);
        int endLine = b == blocks.length - 2 ? layout.lines() : groupLine(g1);
        for (int g = g0; g < g1; g++) {
            int line = groupLine(g);
            if (xBar != null) {
                xBar.clear(nextLine * nCells, line * nCells);
            }
            group(g, line, buf);
            nextLine = line + 1;
        }
        if (xBar != null) {
            xBar.clear(nextLine * nCells, endLine * nCells);
        }
    }

    private void group(int g, int line, Buffers buf) {
        int base = line * nCells;
        double[] cm = buf.cm;
        double[] dcm = buf.dcm;
        double[] gc = buf.gc;
        double[] f = buf.f;
        double[] pk = buf.p;
        double[] out = buf.out;
        x.load(base, buf.col, nCells);
        columns(buf.col, cm);
        if (tangent != null) {
            tangent.load(base, buf.col, nCells);
            columns(buf.col, dcm);
        }
        if (xBar != null) {
            Arrays.fill(gc, 0.0);
        }
        int loAt = po + 2 * groups + 1;
        int hiAt = loAt + items;
        int slopeAt = pdo + 2 * nCells + 1;
        int shiftAt = slopeAt + items;
        for (int i = groupStart(g); i < groupStart(g + 1); i++) {
            int l = pi[loAt + i];
            int m = pi[hiAt + i] - l + 2; // cells l-1 .. hi, C index s + 1 = l + j
            double a = pd[slopeAt + i];
            double sh = pd[shiftAt + i];
            f[0] = 1;
            if (Simd.CDF) {
                SimdCdf.cdf(buf.table, zMax, perUnit, pd, pdo + l, a, sh, f, 1, m - 1);
            } else {
                for (int j = 1; j < m; j++) {
                    f[j] = SymmetricCdfTable.cdf(buf.table, zMax, perUnit, pd[pdo + l + j - 1] * a - sh);
                }
            }
            f[m] = 0;
            double mu = 0;
            for (int j = 0; j < m; j++) {
                pk[j] = f[j] - f[j + 1];
                mu += pk[j] * cm[l + j];
            }
            double v = 0;
            for (int j = 0; j < m; j++) {
                double c = cm[l + j] - mu;
                v += pk[j] * c * c;
            }
            if (mean != null) {
                mean.set(i, mu);
                variance.set(i, v);
            }
            double da = 0;
            double dv = 0;
            if (tangent != null) {
                for (int j = 0; j < m; j++) {
                    double t = pk[j] * dcm[l + j];
                    da += t;
                    dv += t * (cm[l + j] - mu);
                }
                dv *= 2;
                if (dMean != null) {
                    dMean.set(i, da);
                    dVariance.set(i, dv);
                }
            }
            if (xBar != null) {
                if (loss != null) {
                    loss.cotangents(i, mu, v, out);
                } else {
                    map.map(i, mu, v, da, dv, out);
                }
                double ga = out[0];
                double gv2 = 2 * out[1];
                for (int j = 0; j < m; j++) {
                    gc[l + j] += pk[j] * (ga + gv2 * (cm[l + j] - mu));
                }
            }
        }
        if (xBar != null) {
            double[] col = buf.col;
            int widthAt = pdo + nCells + 1;
            double tail = gc[nCells + 1];
            for (int k = nCells - 1; k >= 0; k--) {
                col[k] = pd[widthAt + k] * (0.5 * gc[k + 1] + tail);
                tail += gc[k + 1];
            }
            xBar.store(base, col, nCells);
        }
    }

    /** cm[k + 1] = sum to the middle of cell k; cm[0] = 0, cm[N + 1] = the whole line. */
    private void columns(double[] col, double[] cm) {
        int widthAt = pdo + nCells + 1;
        double run = 0;
        cm[0] = 0;
        for (int k = 0; k < nCells; k++) {
            double c = col[k] * pd[widthAt + k];
            cm[k + 1] = run + 0.5 * c;
            run += c;
        }
        cm[nCells + 1] = run;
    }
}
