package org.dust4j.core.op;

import static org.dust4j.core.op.OpTesting.assertClose;
import static org.dust4j.core.op.OpTesting.checkAdjoint;
import static org.dust4j.core.op.OpTesting.checkDerivatives;
import static org.dust4j.core.op.OpTesting.flat;
import static org.dust4j.core.op.OpTesting.matrix;
import static org.dust4j.core.op.OpTesting.random;
import static org.dust4j.core.op.OpTesting.times;
import static org.dust4j.core.op.OpTesting.transposed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dust4j.core.DType;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.junit.jupiter.api.Test;

class LinalgTest {
    private static final DType F64 = DType.FLOAT64;

    /** x ↦ x viewed as one argument: the operator pair (first block, second block) of a packed vector. */
    private static Operator2Input split(Space first, Space second) {
        Blocks b = Blocks.of(first, second);
        return new Operator2Input(b, b.extract(0), b.extract(1));
    }

    private record Operator2Input(Blocks blocks, LinearOperator first, LinearOperator second) {
    }

    @Test
    void choleskyValueJvpAndVjp() {
        Space s = Space.of(F64, 5, 5);
        Operator chol = Linalg.cholesky(s);
        try (Tensor a = OpTesting.spd(F64, 1, 5, 5); Tensor l = chol.apply(a)) {
            double[][] lh = matrix(l);
            assertClose(flat(times(lh, transposed(lh))), a.toDoubleArray(), 1e-14, "L Lᵀ = A");
            for (int i = 0; i < 5; i++) {
                for (int j = i + 1; j < 5; j++) {
                    assertEquals(0, lh[i][j], 0, "upper triangle of L");
                }
            }
            checkDerivatives(chol, a, 2);
        }
    }

    @Test
    void choleskyVjpIsSymmetricAndMatchesMurraysFormula() {
        Space s = Space.of(F64, 4, 4);
        try (Tensor a = OpTesting.spd(F64, 3, 4, 4); Linearization lin = Linalg.cholesky(s).linearize(a);
             Tensor lbar = random(s, 4); Tensor abar = lin.vjp(lbar)) {
            double[][] g = matrix(abar);
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 4; j++) {
                    assertEquals(g[i][j], g[j][i], 1e-15, "Ā is symmetric");
                }
            }
            // Murray (2016), for a function of the lower triangle of A: Ā_lower = Φ(L⁻ᵀ (P + Pᵀ) L⁻¹) with
            // P = Φ(Lᵀ L̄) and L̄ lower triangular. Our map reads (A + Aᵀ)/2, whose gradient is the symmetric
            // matrix with the same diagonal and halved off-diagonal entries: (Ā_lower + Ā_lowerᵀ)/2.
            double[][] l = matrix(lin.value());
            double[][] lb = matrix(lbar);
            for (int i = 0; i < 4; i++) {
                for (int j = i + 1; j < 4; j++) {
                    lb[i][j] = 0;
                }
            }
            double[][] linv = invertLower(l);
            double[][] p = phi(times(transposed(l), lb));
            double[][] pSym = new double[4][4];
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 4; j++) {
                    pSym[i][j] = p[i][j] + p[j][i];
                }
            }
            double[][] murray = phi(times(times(transposed(linv), pSym), linv));
            double[][] sym = new double[4][4];
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 4; j++) {
                    sym[i][j] = (murray[i][j] + murray[j][i]) / 2;
                }
            }
            assertClose(abar.toDoubleArray(), flat(sym), 1e-12, "symmetric form of Murray's Ā");
        }
    }

    private static double[][] phi(double[][] a) {
        double[][] p = new double[a.length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j <= i; j++) {
                p[i][j] = i == j ? a[i][j] / 2 : a[i][j];
            }
        }
        return p;
    }

    private static double[][] invertLower(double[][] l) {
        int n = l.length;
        double[][] inv = new double[n][n];
        for (int c = 0; c < n; c++) {
            for (int i = 0; i < n; i++) {
                double s = i == c ? 1 : 0;
                for (int k = 0; k < i; k++) {
                    s -= l[i][k] * inv[k][c];
                }
                inv[i][c] = s / l[i][i];
            }
        }
        return inv;
    }

    @Test
    void batchedCholeskyDerivatives() {
        Space s = Space.of(F64, 2, 3, 4, 4);
        try (Tensor a = OpTesting.spd(F64, 5, 2, 3, 4, 4)) {
            checkDerivatives(Linalg.cholesky(s), a, 6);
        }
    }

    @Test
    void triangularSolveDerivativesInBothArgumentsForAllVariants() {
        long seed = 10;
        for (boolean lower : new boolean[] {true, false}) {
            for (boolean transpose : new boolean[] {false, true}) {
                for (int[][] shapes : new int[][][] {{{4, 4}, {4, 3}}, {{4, 4}, {4}}, {{2, 4, 4}, {2, 4, 3}}}) {
                    Space ts = Space.of(F64, shapes[0]);
                    Space bs = Space.of(F64, shapes[1]);
                    Operator2 solve = Linalg.triangularSolve(ts, bs, lower, transpose);
                    Operator2Input in = split(ts, bs);
                    Operator joint = solve.of(in.first(), in.second());
                    try (Tensor t = OpTesting.triangular(F64, lower, seed++, shapes[0]);
                         Tensor b = random(bs, seed++); Tensor x = in.blocks().pack(t, b)) {
                        checkDerivatives(joint, x, seed++);
                        checkDerivatives(solve.withFirst(t), b, seed++);
                        checkDerivatives(solve.withSecond(b), t, seed++);
                        try (Linearization2 l = solve.linearize(t, b)) {
                            checkAdjoint(l.jacobianFirst(), seed++);
                            checkAdjoint(l.jacobianSecond(), seed++);
                        }
                    }
                }
            }
        }
    }

    @Test
    void triangularFactorGradientIsMinusTrilOfBbarXt() {
        Space ts = Space.of(F64, 3, 3);
        Space bs = Space.of(F64, 3, 2);
        try (Tensor l = OpTesting.triangular(F64, true, 30, 3, 3); Tensor b = random(bs, 31);
             Linearization2 lin = Linalg.triangularSolve(ts, bs, true, false).linearize(l, b);
             Tensor xbar = random(bs, 32); Tensor lbar = lin.jacobianFirst().adjoint(xbar);
             Tensor bbar = lin.jacobianSecond().adjoint(xbar)) {
            double[][] lt = transposed(matrix(l));
            // B̄ = L⁻ᵀ X̄: check Lᵀ B̄ = X̄
            assertClose(flat(times(lt, matrix(bbar))), xbar.toDoubleArray(), 1e-13, "Lᵀ B̄ = X̄");
            double[][] expected = times(matrix(bbar), transposed(matrix(lin.value())));
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    expected[i][j] = j <= i ? -expected[i][j] : 0;
                }
            }
            assertClose(lbar.toDoubleArray(), flat(expected), 1e-13, "L̄ = −tril(B̄ Xᵀ)");
        }
    }

    @Test
    void matmulDerivativesForAllTranspositionsAndSharedOperands() {
        long seed = 40;
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                int[][][] cases = {
                    {{2, 3, 4}, {2, 4, 5}},
                    {{3, 4}, {2, 4, 5}},
                    {{2, 3, 4}, {4, 5}},
                };
                for (int[][] c : cases) {
                    int[] a = c[0].clone();
                    int[] b = c[1].clone();
                    if (ta) {
                        swapLast(a);
                    }
                    if (tb) {
                        swapLast(b);
                    }
                    Space as = Space.of(F64, a);
                    Space bs = Space.of(F64, b);
                    Operator2 mm = Linalg.matmul(as, ta, bs, tb);
                    assertEquals(Shape.of(2, 3, 5), mm.target().shape());
                    Operator2Input in = split(as, bs);
                    try (Tensor x = random(in.blocks().space(), seed++); Tensor av = random(as, seed++);
                         Tensor bv = random(bs, seed++)) {
                        checkDerivatives(mm.of(in.first(), in.second()), x, seed++);
                        try (Linearization2 l = mm.linearize(av, bv)) {
                            checkAdjoint(l.jacobianFirst(), seed++);
                            checkAdjoint(l.jacobianSecond(), seed++);
                        }
                    }
                }
            }
        }
    }

    private static void swapLast(int[] d) {
        int t = d[d.length - 1];
        d[d.length - 1] = d[d.length - 2];
        d[d.length - 2] = t;
    }

    /**
     * An inducing-point ELBO-like objective of θ = [log σ², m, vec(S)] exercises the design end to end:
     * K(θ) = σ² K₀ + I, L = chol(K), A = L⁻¹ B, f = ½ |Aᵀ m|² + ½ |Aᵀ S|²_F − Σ log diag S, with S lower
     * triangular built from its packed entries by the adjoint of a selection. The energy's gradient is checked
     * against finite differences of its value.
     */
    @Test
    void elboLikeObjectiveThroughCholeskyAndSolvesHasCorrectGradient() {
        int n = 4;
        int k = 3;
        Space mat = Space.of(F64, n, n);
        int packed = n * (n + 1) / 2;
        int[] lowerIndex = new int[packed];
        int[] diagIndex = new int[n];
        for (int i = 0, p = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                if (i == j) {
                    diagIndex[i] = p;
                }
                lowerIndex[p++] = i * n + j;
            }
        }
        Blocks theta = Blocks.of(Space.scalar(F64), Space.of(F64, n, 1), Space.of(F64, packed));
        double[] eyeData = new double[n * n];
        for (int i = 0; i < n; i++) {
            eyeData[i * (n + 1)] = 1;
        }
        try (Tensor k0 = OpTesting.spd(F64, 50, n, n); Tensor eye = OpTesting.CPU.fromHost(eyeData, F64, mat.shape());
             Tensor bmat = random(Space.of(F64, n, k), 51)) {
            Operator logVariance = theta.extract(0);
            Operator m = theta.extract(1);
            LinearOperator sPacked = theta.extract(2);
            LinearOperator unpack = LinearOperator.select(mat, lowerIndex, Shape.of(packed)).adjoint();
            Operator s = unpack.after(sPacked);
            // K = exp(logσ²) K₀ + I
            Operator variance = Pointwise.exp(Space.scalar(F64)).after(logVariance);
            Operator kernel = Operator2.multiply(Space.scalar(F64), mat).withSecond(k0).after(variance).plus(eye);
            Operator chol = Linalg.cholesky(mat).after(kernel);
            Operator a = Linalg.triangularSolve(mat, Space.of(F64, n, k), true, false).withSecond(bmat).after(chol);
            Space aSpace = Space.of(F64, n, k);
            Operator atm = Linalg.matmul(aSpace, true, Space.of(F64, n, 1), false).of(a, m);
            Operator ats = Linalg.matmul(aSpace, true, mat, false).of(a, s);
            Operator fit = LinearOperator.sum(atm.target()).after(Pointwise.square(atm.target())).after(atm);
            Operator trace = LinearOperator.sum(ats.target()).after(Pointwise.square(ats.target())).after(ats);
            Space diagSpace = Space.of(F64, n);
            Operator logDet = LinearOperator.sum(diagSpace).after(Pointwise.log(diagSpace))
                    .after(LinearOperator.select(theta.block(2), diagIndex, Shape.of(n))).after(sPacked);
            Operator objective = fit.plus(trace).scale(0.5).plus(logDet.scale(-1));
            EnergyOperator elbo = EnergyOperator.of(objective);
            double[] start = new double[1 + n + packed];
            start[0] = Math.log(0.7);
            for (int i = 1; i <= n; i++) {
                start[i] = 0.3 * i - 0.5;
            }
            for (int i = 0; i < n; i++) {
                start[1 + n + diagIndex[i]] = 1 + 0.1 * i;
            }
            start[1 + n + 1] = 0.2;
            try (Tensor x = OpTesting.CPU.fromHost(start, F64, theta.space().shape())) {
                OpTesting.checkGradient(elbo, x, 52);
                checkDerivatives(objective, x, 53);
                try (Energy e = elbo.at(x)) {
                    assertTrue(!e.hasMetric());
                }
            }
        }
    }

    @Test
    void shapeErrorsNameTheShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Linalg.cholesky(Space.of(F64, 3, 4)));
        assertTrue(e.getMessage().contains("[3, 4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Linalg.triangularSolve(Space.of(F64, 3, 3), Space.of(F64, 4, 2), true, false));
        assertTrue(e.getMessage().contains("[3, 3]") && e.getMessage().contains("[4, 2]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Linalg.triangularSolve(Space.of(F64, 2, 3, 3), Space.of(F64, 3, 3, 2), true, false));
        assertTrue(e.getMessage().contains("[2, 3, 3]") && e.getMessage().contains("[3, 3, 2]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Linalg.matmul(Space.of(F64, 3, 4), false, Space.of(F64, 3, 4), false));
        assertTrue(e.getMessage().contains("[3, 4]") && e.getMessage().contains("4 columns")
                && e.getMessage().contains("3 rows"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Linalg.matmul(Space.of(F64, 2, 3, 4), false, Space.of(F64, 3, 4, 5), false));
        assertTrue(e.getMessage().contains("batch"), e.getMessage());
        Operator2 solve = Linalg.triangularSolve(Space.of(F64, 3, 3), Space.of(F64, 3), true, false);
        try (Tensor t = random(Space.of(F64, 3, 3), 1); Tensor b = random(Space.of(F64, 4), 2)) {
            e = assertThrows(IllegalArgumentException.class, () -> solve.apply(t, b));
            assertTrue(e.getMessage().contains("second argument") && e.getMessage().contains("[3] FLOAT64")
                    && e.getMessage().contains("[4] FLOAT64"), e.getMessage());
        }
        e = assertThrows(IllegalArgumentException.class, () -> solve.of(Pointwise.exp(Space.of(F64, 3, 3)),
                Pointwise.exp(Space.of(F64, 4))));
        assertTrue(e.getMessage().contains("[4] FLOAT64") && e.getMessage().contains("[3, 3] FLOAT64"), e.getMessage());
    }
}
