package org.dust4j.icr;

import java.util.stream.IntStream;

import org.dust4j.core.Backends;
import org.dust4j.core.DType;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;

/** Test helpers: the covariance an ICR operator implies, built from rows of the operator matrix. */
final class Implied {
    private Implied() {
    }

    /** Rows A[p, ·] of the operator matrix for the given field pixels (adjoint applied to unit vectors). */
    static double[][] rows(IcrOperator op, int[] pixels) {
        int n = Math.toIntExact(op.target().shape().size());
        double[][] rows = new double[pixels.length][];
        for (int i = 0; i < pixels.length; i++) {
            double[] e = new double[n];
            e[pixels[i]] = 1;
            try (Tensor g = Backends.cpu().fromHost(e, DType.FLOAT64, op.target().shape());
                 Tensor xi = op.adjoint(g)) {
                rows[i] = xi.toDoubleArray();
            }
        }
        return rows;
    }

    /** All pixels 0 … n-1. */
    static int[] all(int n) {
        return IntStream.range(0, n).toArray();
    }

    /** The implied covariance A_S A_Sᵀ of the pixels whose rows are given ([m × m] row-major). */
    static double[] covariance(double[][] rows) {
        int m = rows.length;
        double[] c = new double[m * m];
        IntStream.range(0, m).parallel().forEach(i -> {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                double[] a = rows[i];
                double[] b = rows[j];
                for (int k = 0; k < a.length; k++) {
                    s += a[k] * b[k];
                }
                c[i * m + j] = s;
                c[j * m + i] = s;
            }
        });
        return c;
    }

    /** The kernel covariance among the given pixels of a level. */
    static double[] truth(Chart chart, Kernel kernel, int level, int[] pixels) {
        int m = pixels.length;
        int d = chart.dimension();
        double[] pos = chart.positions(level);
        double[] c = new double[m * m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                c[i * m + j] = kernel.covariance(RefinementMatrices.distance(pos, pixels[i] * d, pos, pixels[j] * d, d));
            }
        }
        return c;
    }

    /** ‖a - b‖_F / ‖b‖_F. */
    static double relativeFrobenius(double[] a, double[] b) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < a.length; i++) {
            num += (a[i] - b[i]) * (a[i] - b[i]);
            den += b[i] * b[i];
        }
        return Math.sqrt(num / den);
    }

    /** Largest |a_ii - b_ii| of [m × m] matrices. */
    static double diagonalError(double[] a, double[] b, int m) {
        double worst = 0;
        for (int i = 0; i < m; i++) {
            worst = Math.max(worst, Math.abs(a[i * m + i] - b[i * m + i]));
        }
        return worst;
    }

    static Tensor tensor(double[] v, Shape shape, DType dtype) {
        return Backends.cpu().fromHost(v, dtype, shape);
    }
}
