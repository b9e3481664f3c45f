package org.dust4j.icr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.dust4j.core.DType;
import org.dust4j.core.Tensor;
import org.dust4j.core.Backends;
import org.junit.jupiter.api.Test;

/** Dot-product tests ⟨A ξ, g⟩ = ⟨ξ, Aᵀ g⟩. */
class AdjointTest {
    static Chart[] charts() {
        return new Chart[] {
                GridChart.builder().shape0(6).levels(3).build(),
                GridChart.builder().shape0(5, 6).levels(2).spacing(0.5).build(),
                GridChart.builder().shape0(6, 5).levels(1).window(5, 4).build(),
                GridChart.builder().shape0(4, 5, 6).levels(2).axisMap(0, AxisMap.logarithmic(0.3, 1)).build(),
                HealpixChart.builder().nside0(1).levels(2).shells0(4).radialMap(AxisMap.logarithmic(0.4, 0)).build()};
    }

    @Test
    void adjointMatchesForwardOnGrids() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (Chart chart : charts()) {
            for (Normalisation norm : Normalisation.values()) {
                IcrPrior prior = IcrPrior.builder(chart, Kernel.matern52(1.3, 1.1)).normalisation(norm).build();
                for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
                    check(prior.operator(dtype), rnd, chart + " " + norm + " " + dtype);
                }
            }
        }
    }

    /** The matrix built column by column (LinearOperator.toDense applies A to unit vectors) equals the rows of Aᵀ. */
    @Test
    void columnsOfTheOperatorAreTheRowsOfItsAdjoint() {
        Chart chart = HealpixChart.builder().nside0(1).levels(1).shells0(4).radialMap(AxisMap.logarithmic(0.4, 0))
                .build();
        IcrOperator op = IcrPrior.builder(chart, Kernel.matern32(1, 2)).build().operator(DType.FLOAT64);
        int n = Math.toIntExact(op.target().size());
        int dof = Math.toIntExact(op.domain().size());
        double[][] rows = Implied.rows(op, Implied.all(n));
        try (Tensor dense = op.toDense(Backends.cpu())) {
            assertEquals(org.dust4j.core.Shape.of(n, dof), dense.shape());
            double[] a = dense.toDoubleArray();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < dof; j++) {
                    assertEquals(rows[i][j], a[i * dof + j], 1e-14, "entry " + i + ", " + j);
                }
            }
        }
    }

    static void check(IcrOperator op, SplittableRandom rnd, String what) {
        double[] x = gaussian(rnd, Math.toIntExact(op.domain().shape().size()));
        double[] g = gaussian(rnd, Math.toIntExact(op.target().shape().size()));
        try (Tensor xt = Implied.tensor(x, op.domain().shape(), op.domain().dtype());
             Tensor gt = Implied.tensor(g, op.target().shape(), op.domain().dtype());
             Tensor ax = op.apply(xt);
             Tensor atg = op.adjoint(gt)) {
            double lhs = dot(ax.toDoubleArray(), gt.toDoubleArray());
            double rhs = dot(xt.toDoubleArray(), atg.toDoubleArray());
            double tol = (op.domain().dtype() == DType.FLOAT64 ? 1e-12 : 1e-5) * Math.sqrt(norm2(ax) * norm2(gt));
            assertEquals(lhs, rhs, tol, what);
        }
    }

    private static double norm2(Tensor t) {
        double[] a = t.toDoubleArray();
        return dot(a, a);
    }

    static double[] gaussian(SplittableRandom rnd, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = gaussian(rnd);
        }
        return v;
    }

    static double gaussian(SplittableRandom rnd) {
        double u = rnd.nextDouble();
        double w = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * w);
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
