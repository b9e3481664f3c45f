package org.dust4j.inducing;

import org.dust4j.core.Backend;
import org.dust4j.core.BinaryOp;
import org.dust4j.core.DType;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;

/**
 * Extinction to stars as a linear map of the cell densities ρ [N, S] (S samples side by side) of an
 * {@link LbdGrid}: for a star in cell k of its line of sight at distance d,
 * A = Σ_{j<k} ρ_j Δd_j + ρ_k (d − d_{k−1}), d_{k−1} the inner boundary of cell k (ghost cells included in the
 * sum). Forward: exclusive cumulative sum of ρ ⊙ Δd along each line of sight, then gathers. Adjoint: scatter-adds,
 * then the reverse exclusive cumulative sum.
 */
final class LineOfSight implements AutoCloseable {
    private final int columns;
    private final int depth;
    private final int samples;
    private final Tensor cell;
    private final Tensor offset;
    private final Tensor width;

    private LineOfSight(int columns, int depth, int samples, Tensor cell, Tensor offset, Tensor width) {
        this.columns = columns;
        this.depth = depth;
        this.samples = samples;
        this.cell = cell;
        this.offset = offset;
        this.width = width;
    }

    /**
     * The stars inside a grid's region (ghost cells excluded), in catalog order.
     *
     * @param stars     their indices in the catalog
     * @param cells     their cells ({@link LbdGrid#locate})
     * @param distances their distances [pc]
     */
    record Located(int[] stars, int[] cells, double[] distances) {
        static Located of(LbdGrid grid, Stars catalog) {
            int[] cellOf = new int[catalog.size()];
            int used = 0;
            for (int i = 0; i < catalog.size(); i++) {
                cellOf[i] = grid.locate(catalog.l(i), catalog.b(i), catalog.distance(i));
                used += cellOf[i] >= 0 ? 1 : 0;
            }
            int[] index = new int[used];
            int[] cells = new int[used];
            double[] dist = new double[used];
            for (int i = 0, j = 0; i < catalog.size(); i++) {
                if (cellOf[i] >= 0) {
                    index[j] = i;
                    cells[j] = cellOf[i];
                    dist[j++] = catalog.distance(i);
                }
            }
            return new Located(index, cells, dist);
        }

        int count() {
            return stars.length;
        }
    }

    /**
     * The map for stars in the given cells ({@link LbdGrid#locate}, all >= 0) at the given distances.
     */
    static LineOfSight create(LbdGrid grid, int[] starCells, double[] starDistance, int samples, DType dtype,
                              Backend be) {
        int n = starCells.length;
        int depth = grid.depth();
        double[] bounds = grid.distanceBounds();
        double[] off = new double[n * samples];
        for (int i = 0; i < n; i++) {
            double o = starDistance[i] - bounds[starCells[i] % depth];
            for (int s = 0; s < samples; s++) {
                off[i * samples + s] = o;
            }
        }
        double[] w = repeatedWidths(grid, samples);
        return new LineOfSight(grid.columns(), depth, samples, be.fromHost(starCells, Shape.of(n)),
                be.fromHost(off, dtype, Shape.of(n, samples)), be.fromHost(w, dtype, Shape.of(grid.cellCount(), samples)));
    }

    /** The cell widths Δd of every cell, each repeated {@code samples} times ([N, S] row-major). */
    static double[] repeatedWidths(LbdGrid grid, int samples) {
        double[] bounds = grid.distanceBounds();
        int depth = grid.depth();
        double[] w = new double[grid.cellCount() * samples];
        for (int c = 0; c < grid.cellCount(); c++) {
            double dd = bounds[c % depth + 1] - bounds[c % depth];
            for (int s = 0; s < samples; s++) {
                w[c * samples + s] = dd;
            }
        }
        return w;
    }

    /** Number of stars. */
    int stars() {
        return cell.shape().dim(0);
    }

    /**
     * Exclusive cumulative sums Σ_{j<k} ρ_j Δd_j along the lines of sight of a [columns·depth, S] tensor, in place
     * of {@code t}, which holds ρ ⊙ Δd on entry.
     */
    static void exclusiveColumnSums(Tensor t, int columns, int depth, int samples) {
        Tensor v = t.reshape(columns, depth, samples);
        t.backend().cumsum(v, 1, true, false, v);
    }

    /** A [n, S] for ρ [N, S]. */
    Tensor extinction(Tensor rho) {
        Backend be = rho.backend();
        Tensor a = be.zeros(rho.dtype(), Shape.of(stars(), samples));
        try (Tensor t = rho.mul(width); Tensor g = a.zerosLike()) {
            exclusiveColumnSums(t, columns, depth, samples);
            be.gather(t, cell, a);
            be.gather(rho, cell, g);
            be.fma(g, offset, a, a);
        }
        return a;
    }

    /** ρ̄ [N, S] = the adjoint applied to Ā [n, S]. */
    Tensor adjoint(Tensor aBar) {
        Backend be = aBar.backend();
        Tensor out = width.zerosLike();
        try (Tensor direct = aBar.mul(offset); Tensor t = width.zerosLike()) {
            be.scatterAdd(direct, cell, out);
            be.scatterAdd(aBar, cell, t);
            Tensor v = t.reshape(columns, depth, samples);
            be.cumsum(v, 1, true, true, v);
            be.fma(t, width, out, out);
        }
        return out;
    }

    @Override
    public void close() {
        cell.close();
        offset.close();
        width.close();
    }

    /** ρ = 10^φ elementwise, as a new tensor. */
    static Tensor density(Tensor phi) {
        Tensor rho = phi.mul(Math.log(10));
        rho.backend().unary(org.dust4j.core.UnaryOp.EXP, rho, rho);
        return rho;
    }

    /** Multiplies t in place by c. */
    static void scale(Tensor t, double c) {
        t.backend().binaryScalar(BinaryOp.MUL, t, c, t);
    }
}
