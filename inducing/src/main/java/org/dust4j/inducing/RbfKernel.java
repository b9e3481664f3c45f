package org.dust4j.inducing;

import org.dust4j.core.Backend;
import org.dust4j.core.BinaryOp;
import org.dust4j.core.DType;
import org.dust4j.core.ReduceOp;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.dust4j.core.UnaryOp;

/**
 * The squared-exponential (RBF) kernel with one length scale per axis,
 * K_ij = α exp(−½ D_ij), D_ij = Σ_k s_k (a_ki − b_kj)², s_k = 1/γ_k²,
 * between point sets a [3, p] and b [3, q] (rows x, y, z: coordinates of one axis are contiguous, so that
 * per-axis scalings are row operations). Value, tangent (forward derivative) and cotangent (reverse derivative)
 * are written with backend matrix products only:
 * <ul>
 *   <li>−½ D + ln α = Pᵀ R with P = [s∘a; Σ_k s_k a_k²; 1] ([5, p]) and R = [b; −½; ln α − ½ Σ_k s_k b_k²]
 *       ([5, q]), then K = exp(Pᵀ R).</li>
 *   <li>dK = K ⊙ (dα/α − ½ dD) with dD_ij = Σ_k ds_k (a_ki − b_kj)² + 2 s_k (a_ki − b_kj)(da_ki − db_kj),
 *       ds_k = −2 dγ_k/γ_k³, again one product of [8, p] and [8, q] factors.</li>
 *   <li>With E = K̄ ⊙ K, r = E 1, c = Eᵀ 1, Y = a E ([3, q]), X = b Eᵀ ([3, p]):
 *       ᾱ = Σ E / α; s̄_k = −½ (Σ_i a_ki² r_i + Σ_j b_kj² c_j − 2 Σ_j Y_kj b_kj), γ̄_k = −2 s̄_k/γ_k³;
 *       ā_k = −s_k (a_k ⊙ r − X_k); b̄_k = s_k (Y_k − b_k ⊙ c).</li>
 * </ul>
 * Callers keep the coordinates centred near the origin (the kernel is translation invariant) so that the
 * expansion of D loses little precision.
 */
final class RbfKernel {
    private RbfKernel() {
    }

    /** Hyperparameters α and γ on the host. */
    record Hyper(double alpha, double[] gamma) {
        /** Reads α (one element) and γ (three elements) from tensors. */
        static Hyper read(Tensor alpha, Tensor gamma) {
            return new Hyper(alpha.item(), gamma.toDoubleArray());
        }

        /** s_k = 1/γ_k². */
        double s(int k) {
            return 1 / (gamma[k] * gamma[k]);
        }
    }

    /** Accumulated cotangents of α and γ. */
    static final class HyperBar {
        double alpha;
        final double[] gamma = new double[3];
    }

    /**
     * K(a, b) into out [p, q]: one product gives −½ D + ln α = Pᵀ R' with R' = [b; −½; ln α − ½ Σ s b²], then one
     * exponential pass.
     */
    static void evaluate(Tensor a, Tensor b, Hyper h, Tensor out) {
        Backend be = a.backend();
        DType dt = a.dtype();
        int p = a.shape().dim(1);
        int q = b.shape().dim(1);
        try (Tensor pm = be.zeros(dt, Shape.of(5, p)); Tensor rm = be.zeros(dt, Shape.of(5, q));
             Tensor tp = be.zeros(dt, Shape.of(p)); Tensor tq = be.zeros(dt, Shape.of(q))) {
            be.fill(rm.row(4), Math.log(h.alpha()));
            for (int k = 0; k < 3; k++) {
                double s = h.s(k);
                be.binaryScalar(BinaryOp.MUL, a.row(k), s, pm.row(k));
                be.unary(UnaryOp.SQUARE, a.row(k), tp);
                be.axpby(s, tp, 1, pm.row(3), pm.row(3));
                be.copy(b.row(k), rm.row(k));
                be.unary(UnaryOp.SQUARE, b.row(k), tq);
                be.axpby(-0.5 * s, tq, 1, rm.row(4), rm.row(4));
            }
            be.fill(pm.row(4), 1);
            be.fill(rm.row(3), -0.5);
            be.matmul(pm, true, rm, false, out);
        }
        be.unary(UnaryOp.EXP, out, out);
    }

    /** K(a, b) as a new [p, q] tensor. */
    static Tensor evaluate(Tensor a, Tensor b, Hyper h) {
        Tensor out = a.backend().zeros(a.dtype(), Shape.of(a.shape().dim(1), b.shape().dim(1)));
        evaluate(a, b, h, out);
        return out;
    }

    /**
     * The tangent dK = K ⊙ (dα/α − ½ dD) into out [p, q], for tangents dα, dγ of the hyperparameters and da
     * [3, p], db [3, q] of the points (null where a point set is fixed); k is K(a, b).
     */
    static void tangent(Tensor a, Tensor b, Hyper h, double dAlpha, double[] dGamma, Tensor da, Tensor db, Tensor k,
                        Tensor out) {
        Backend be = a.backend();
        DType dt = a.dtype();
        int p = a.shape().dim(1);
        int q = b.shape().dim(1);
        int rows = db != null ? 8 : 5;
        try (Tensor pm = be.zeros(dt, Shape.of(rows, p)); Tensor rm = be.zeros(dt, Shape.of(rows, q));
             Tensor tp = be.zeros(dt, Shape.of(p)); Tensor tq = be.zeros(dt, Shape.of(q))) {
            be.fill(rm.row(0), 1);
            be.fill(pm.row(1), 1);
            for (int kk = 0; kk < 3; kk++) {
                double s = h.s(kk);
                double g = h.gamma()[kk];
                double ds = -2 * dGamma[kk] / (g * g * g);
                // row 0 of P: u = Σ ds a² + 2 s a da ; row 1 of R: w = Σ ds b² + 2 s b db
                be.unary(UnaryOp.SQUARE, a.row(kk), tp);
                be.axpby(ds, tp, 1, pm.row(0), pm.row(0));
                be.unary(UnaryOp.SQUARE, b.row(kk), tq);
                be.axpby(ds, tq, 1, rm.row(1), rm.row(1));
                if (da != null) {
                    be.binary(BinaryOp.MUL, a.row(kk), da.row(kk), tp);
                    be.axpby(2 * s, tp, 1, pm.row(0), pm.row(0));
                }
                if (db != null) {
                    be.binary(BinaryOp.MUL, b.row(kk), db.row(kk), tq);
                    be.axpby(2 * s, tq, 1, rm.row(1), rm.row(1));
                }
                // rows 2..4: (ds a + s da) with −2 b
                be.binaryScalar(BinaryOp.MUL, a.row(kk), ds, pm.row(2 + kk));
                if (da != null) {
                    be.axpby(1, pm.row(2 + kk), s, da.row(kk), pm.row(2 + kk));
                }
                be.binaryScalar(BinaryOp.MUL, b.row(kk), -2, rm.row(2 + kk));
                // rows 5..7: s a with −2 db
                if (db != null) {
                    be.binaryScalar(BinaryOp.MUL, a.row(kk), s, pm.row(5 + kk));
                    be.binaryScalar(BinaryOp.MUL, db.row(kk), -2, rm.row(5 + kk));
                }
            }
            be.matmul(pm, true, rm, false, out);
        }
        be.binaryScalar(BinaryOp.MUL, out, -0.5, out);
        be.binaryScalar(BinaryOp.ADD, out, dAlpha / h.alpha(), out);
        be.binary(BinaryOp.MUL, out, k, out);
    }

    /** Rows of the moment factor [a; 1; a²] ({@link #momentFactor}). */
    static final int MOMENTS = 7;

    /** The moment factor F = [a; 1; a ⊙ a] [7, p] of a point set a [3, p], for {@link #cotangentFromMoments}. */
    static Tensor momentFactor(Tensor a) {
        Backend be = a.backend();
        int p = a.shape().dim(1);
        Tensor f = be.zeros(a.dtype(), Shape.of(MOMENTS, p));
        be.copy(a, f.slice(0, 3));
        be.fill(f.row(3), 1);
        for (int k = 0; k < 3; k++) {
            be.unary(UnaryOp.SQUARE, a.row(k), f.row(4 + k));
        }
        return f;
    }

    /**
     * Adds the cotangents of α, γ, a and b for E = K̄ ⊙ K [p, q] to {@code hyper}, {@code aBar} [3, p] and
     * {@code bBar} [3, q] (either may be null when that point set is fixed).
     */
    static void cotangent(Tensor a, Tensor b, Hyper h, Tensor e, HyperBar hyper, Tensor aBar, Tensor bBar) {
        Backend be = a.backend();
        DType dt = a.dtype();
        int p = a.shape().dim(1);
        int q = b.shape().dim(1);
        if (aBar == null) {
            try (Tensor f = momentFactor(a); Tensor moments = be.zeros(dt, Shape.of(MOMENTS, q))) {
                be.matmul(f, false, e, false, moments);
                cotangentFromMoments(b, h, moments, hyper, bBar);
            }
            return;
        }
        try (Tensor r = be.zeros(dt, Shape.of(p)); Tensor c = be.zeros(dt, Shape.of(q));
             Tensor y = be.zeros(dt, Shape.of(3, q)); Tensor tp = be.zeros(dt, Shape.of(p));
             Tensor tq = be.zeros(dt, Shape.of(q)); Tensor x = be.zeros(dt, Shape.of(3, p))) {
            be.reduce(ReduceOp.SUM, e, 1, r);
            be.reduce(ReduceOp.SUM, e, 0, c);
            be.matmul(a, false, e, false, y);
            be.matmul(b, false, e, true, x);
            hyper.alpha += r.sum() / h.alpha();
            for (int k = 0; k < 3; k++) {
                be.unary(UnaryOp.SQUARE, a.row(k), tp);
                double t1 = tp.dot(r);
                hyper.gamma[k] += gammaBar(h, k, -0.5 * (t1 + columnTerms(b, h, k, c, y, bBar, tq)));
                be.binary(BinaryOp.MUL, a.row(k), r, tp);
                be.binary(BinaryOp.SUB, x.row(k), tp, tp);
                be.axpby(1, aBar.row(k), h.s(k), tp, aBar.row(k));
            }
        }
    }

    /**
     * Adds the cotangents of α, γ and b (bBar [3, q], or null when b is fixed) for the fixed point set a, from the
     * moments F E [7, q] of E = K̄ ⊙ K [p, q] with F = {@link #momentFactor}(a): Y = a E, c = Eᵀ 1 (so that
     * Σ E = Σ c) and a² E (so that Σ_i a_ki² r_i = Σ_j (a_k² E)_j). The moments are linear in E, so they may be
     * summed over blocks of rows of a and E first.
     */
    static void cotangentFromMoments(Tensor b, Hyper h, Tensor moments, HyperBar hyper, Tensor bBar) {
        Backend be = b.backend();
        try (Tensor tq = be.zeros(b.dtype(), Shape.of(b.shape().dim(1)))) {
            Tensor c = moments.row(3);
            hyper.alpha += c.sum() / h.alpha();
            for (int k = 0; k < 3; k++) {
                double t1 = moments.row(4 + k).sum();
                hyper.gamma[k] += gammaBar(h, k, -0.5 * (t1 + columnTerms(b, h, k, c, moments.slice(0, 3), bBar, tq)));
            }
        }
    }

    /**
     * Σ_j b_kj² c_j − 2 Σ_j Y_kj b_kj, the column terms of −2 s̄_k, for axis k; adds s_k (Y_k − b_k ⊙ c)
     * to b̄_k when bBar is not null. tq [q] is scratch.
     */
    private static double columnTerms(Tensor b, Hyper h, int k, Tensor c, Tensor y, Tensor bBar, Tensor tq) {
        Backend be = b.backend();
        be.unary(UnaryOp.SQUARE, b.row(k), tq);
        double t2 = tq.dot(c);
        double t3 = y.row(k).dot(b.row(k));
        if (bBar != null) {
            be.binary(BinaryOp.MUL, b.row(k), c, tq);
            be.binary(BinaryOp.SUB, y.row(k), tq, tq);
            be.axpby(1, bBar.row(k), h.s(k), tq, bBar.row(k));
        }
        return t2 - 2 * t3;
    }

    /** γ̄_k = −2 s̄_k / γ_k³ for s_k = 1/γ_k². */
    private static double gammaBar(Hyper h, int k, double sBar) {
        double g = h.gamma()[k];
        return -2 * sBar / (g * g * g);
    }
}
