package org.dust4j.mgvi;

import org.dust4j.core.Backend;
import org.dust4j.core.Backends;
import org.dust4j.core.DType;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;

/** Small dense host matrices and SPD solves through core's Cholesky factorisation (FLOAT64, CPU backend). */
final class Dense {
    private static final Backend CPU = Backends.cpu();

    private Dense() {
    }

    static double[][] identity(int n) {
        double[][] e = new double[n][n];
        for (int i = 0; i < n; i++) {
            e[i][i] = 1;
        }
        return e;
    }

    static double[] flatten(double[][] a) {
        int cols = a[0].length;
        double[] f = new double[a.length * cols];
        for (int i = 0; i < a.length; i++) {
            System.arraycopy(a[i], 0, f, i * cols, cols);
        }
        return f;
    }

    static double[][] unflatten(double[] f, int rows, int cols) {
        double[][] a = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(f, i * cols, a[i], 0, cols);
        }
        return a;
    }

    /** X = A⁻¹ B for symmetric positive-definite A: A = L Lᵀ, then L Y = B and Lᵀ X = Y. */
    static double[][] solveSpd(double[][] a, double[][] b) {
        int n = a.length;
        int k = b[0].length;
        try (Tensor at = CPU.fromHost(flatten(a), DType.FLOAT64, Shape.of(n, n));
             Tensor bt = CPU.fromHost(flatten(b), DType.FLOAT64, Shape.of(n, k))) {
            CPU.cholesky(at, at);
            CPU.triangularSolve(at, true, false, bt, bt);
            CPU.triangularSolve(at, true, true, bt, bt);
            return unflatten(bt.toDoubleArray(), n, k);
        }
    }

    static double maxAbsDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
