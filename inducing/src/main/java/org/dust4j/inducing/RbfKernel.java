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
 *   <li>−½ D + ln α = Pᵀ R with P = [a; 1; −½ Σ_k s_k a_k²] ([5, p], {@link #leftFactor}: for fixed points only
 *       its last row changes with γ) and R = [s∘b; ln α − ½ Σ_k s_k b_k²; 1] ([5, q], {@link #rightFactor}), then
 *       K = exp(Pᵀ R).</li>
 *   <li>dK = K ⊙ (dα/α − ½ dD) with dD_ij = Σ_k ds_k (a_ki − b_kj)² + 2 s_k (a_ki − b_kj)(da_ki − db_kj),
 *       ds_k = −2 dγ_k/γ_k³, again one product of [8, p] and [8, q] factors.</li>
 *   <li>With E = K̄ ⊙ K, r = E 1, c = Eᵀ 1, Y = a E ([3, q]), X = b Eᵀ ([3, p]):
 *       ᾱ = Σ E / α; s̄_k = −½ (Σ_i a_ki² r_i + Σ_j b_kj² c_j − 2 Σ_j Y_kj b_kj), γ̄_k = −2 s̄_k/γ_k³;
 *       ā_k = −s_k (a_k ⊙ r − X_k); b̄_k = s_k (Y_k − b_k ⊙ c). The column moments F E = [Y; c; a² E] hold all
 *       that b̄, ᾱ and γ̄ need, the row moments F_b Eᵀ = [X; r; b² Eᵀ] what ā needs.</li>
 * </ul>
 * The hyperparameters stay on the backend ({@link Params}): value and cotangent never read them on the host, so a
 * GPU evaluates them without synchronising. Callers keep the coordinates centred near the origin (the kernel is
 * translation invariant) so that the expansion of D loses little precision.
 */
final class RbfKernel {
    private RbfKernel() {
    }

    /** Hyperparameters α and γ on the host (the forward derivative and the posterior sampler read them there). */
    record Hyper(double alpha, double[] gamma) {
        /** Reads α (one element) and γ (three elements) from tensors (synchronises with the backend). */
        static Hyper read(Tensor alpha, Tensor gamma) {
            return new Hyper(alpha.item(), gamma.toDoubleArray());
        }

        /** s_k = 1/γ_k². */
        double s(int k) {
            return 1 / (gamma[k] * gamma[k]);
        }
    }

    /**
     * Hyperparameters on the backend: α [1] and γ [3] (referenced, typically views of an argument vector) and the
     * derived s = 1/γ² [3], −s [3], −½ s [3] and ln α [1] (owned, released by {@link #close()}).
     */
    static final class Params implements AutoCloseable {
        final Tensor alpha;
        final Tensor gamma;
        final Tensor s;
        final Tensor minusS;
        final Tensor minusHalfS;
        final Tensor logAlpha;
        private final Tensor owned;

        private Params(Tensor alpha, Tensor gamma, Tensor owned) {
            Backend be = alpha.backend();
            this.alpha = alpha;
            this.gamma = gamma;
            this.owned = owned;
            this.s = be.zeros(alpha.dtype(), Shape.of(3));
            this.minusS = be.zeros(alpha.dtype(), Shape.of(3));
            this.minusHalfS = be.zeros(alpha.dtype(), Shape.of(3));
            this.logAlpha = be.zeros(alpha.dtype(), Shape.of(1));
            be.unary(UnaryOp.SQUARE, gamma, s);
            be.unary(UnaryOp.RECIPROCAL, s, s);
            be.binaryScalar(BinaryOp.MUL, s, -1, minusS);
            be.binaryScalar(BinaryOp.MUL, s, -0.5, minusHalfS);
            be.unary(UnaryOp.LOG, alpha, logAlpha);
        }

        /** The parameters held in α [1] and γ [3] on a backend (referenced). */
        static Params of(Tensor alpha, Tensor gamma) {
            return new Params(alpha.reshape(1), gamma.reshape(3), null);
        }

        /** Host values uploaded to a backend. */
        static Params upload(Hyper h, Backend be, DType dtype) {
            Tensor t = be.fromHost(new double[] {h.alpha(), h.gamma()[0], h.gamma()[1], h.gamma()[2]}, dtype,
                    Shape.of(4));
            return new Params(t.slice(0, 1), t.slice(1, 4), t);
        }

        /** s_k as a single-element view. */
        Tensor s(int k) {
            return s.slice(k, k + 1);
        }

        /** The values on the host (synchronises). */
        Hyper read() {
            return Hyper.read(alpha, gamma);
        }

        @Override
        public void close() {
            s.close();
            minusS.close();
            minusHalfS.close();
            logAlpha.close();
            if (owned != null) {
                owned.close();
            }
        }
    }

    /** Rows of the factors of {@link #evaluate}. */
    static final int FACTOR_ROWS = 5;

    /**
     * The rows of the left factor P = [a; 1; −½ Σ_k s_k a_k²] [5, p] that do not depend on the hyperparameters: a and
     * 1, into out; {@link #leftNorms} writes the last row.
     */
    static void leftRows(Tensor a, Tensor out) {
        Backend be = a.backend();
        be.copy(a, out.slice(0, 3));
        be.fill(out.row(3), 1);
    }

    /** The last row −½ Σ_k s_k a_k² of the left factor out [5, p], from the squares a² [3, p] of the points. */
    static void leftNorms(Tensor squares, Params p, Tensor out) {
        squares.backend().matmul(p.minusHalfS.reshape(1, 3), false, squares, false, out.slice(4, 5));
    }

    /** The left factor P [5, p] of points a [3, p] as a new tensor. */
    static Tensor leftFactor(Tensor a, Params p) {
        Tensor out = a.backend().zeros(a.dtype(), Shape.of(FACTOR_ROWS, a.shape().dim(1)));
        leftRows(a, out);
        try (Tensor squares = a.square()) {
            leftNorms(squares, p, out);
        }
        return out;
    }

    /**
     * The right factor R = [s∘b; ln α − ½ Σ_k s_k b_k²; 1] [5, q] of points b [3, q] into out, so that
     * K(a, b) = exp(Pᵀ R) with P the {@link #leftFactor} of a.
     */
    static void rightFactor(Tensor b, Params p, Tensor out) {
        Backend be = b.backend();
        for (int k = 0; k < 3; k++) {
            be.binary(BinaryOp.MUL, b.row(k), p.s(k), out.row(k));
        }
        try (Tensor b2 = b.square()) {
            be.matmul(p.minusHalfS.reshape(1, 3), false, b2, false, out.slice(3, 4));
        }
        be.binary(BinaryOp.ADD, out.row(3), p.logAlpha, out.row(3));
        be.fill(out.row(4), 1);
    }

    /** K = exp(Pᵀ R) into out [p, q] for the left factor P [5, p] of a and the right factor R [5, q] of b. */
    static void evaluate(Tensor left, Tensor right, Tensor out) {
        Backend be = left.backend();
        be.matmul(left, true, right, false, out);
        be.unary(UnaryOp.EXP, out, out);
    }

    /** K(a, b) as a new [p, q] tensor. */
    static Tensor evaluate(Tensor a, Tensor b, Params p) {
        Backend be = a.backend();
        Tensor out = be.zeros(a.dtype(), Shape.of(a.shape().dim(1), b.shape().dim(1)));
        try (Tensor left = leftFactor(a, p); Tensor right = be.zeros(a.dtype(), Shape.of(FACTOR_ROWS, b.shape().dim(1)))) {
            rightFactor(b, p, right);
            evaluate(left, right, out);
        }
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
        momentFactor(a, f);
        return f;
    }

    /** {@link #momentFactor(Tensor)} into f [7, p]. */
    static void momentFactor(Tensor a, Tensor f) {
        Backend be = a.backend();
        be.copy(a, f.slice(0, 3));
        be.fill(f.row(3), 1);
        be.unary(UnaryOp.SQUARE, a, f.slice(4, 7));
    }

    /**
     * Adds the cotangents of α, γ, a and b for E = K̄ ⊙ K [p, q] to alphaBar [1], gammaBar [3], aBar [3, p] and
     * bBar [3, q] (either of the last two may be null when that point set is fixed).
     */
    static void cotangent(Tensor a, Tensor b, Params h, Tensor e, Tensor alphaBar, Tensor gammaBar, Tensor aBar,
                          Tensor bBar) {
        Backend be = a.backend();
        DType dt = a.dtype();
        int p = a.shape().dim(1);
        int q = b.shape().dim(1);
        try (Tensor fa = momentFactor(a); Tensor moments = be.zeros(dt, Shape.of(MOMENTS, q))) {
            be.matmul(fa, false, e, false, moments);
            cotangentFromMoments(b, h, moments, alphaBar, gammaBar, bBar);
        }
        if (aBar != null) {
            try (Tensor fb = momentFactor(b); Tensor rows = be.zeros(dt, Shape.of(MOMENTS, p))) {
                be.matmul(fb, false, e, true, rows);
                addPointCotangent(a, h, rows, aBar);
            }
        }
    }

    /**
     * Adds the cotangents of α, γ and b (bBar [3, q], or null when b is fixed) for the fixed point set a, from the
     * moments F E [7, q] of E = K̄ ⊙ K [p, q] with F = {@link #momentFactor}(a): Y = a E, c = Eᵀ 1 (so that
     * Σ E = Σ c) and a² E (so that Σ_i a_ki² r_i = Σ_j (a_k² E)_j). The moments are linear in E, so they may be
     * summed over blocks of rows of a and E first. Everything stays on the backend.
     */
    static void cotangentFromMoments(Tensor b, Params h, Tensor moments, Tensor alphaBar, Tensor gammaBar,
                                     Tensor bBar) {
        Backend be = b.backend();
        DType dt = b.dtype();
        int q = b.shape().dim(1);
        try (Tensor sums = be.zeros(dt, Shape.of(MOMENTS)); Tensor b2 = b.square();
             Tensor t = be.zeros(dt, Shape.of(3, q)); Tensor u = be.zeros(dt, Shape.of(3));
             Tensor v = be.zeros(dt, Shape.of(3))) {
            be.reduce(ReduceOp.SUM, moments, 1, sums);
            // ᾱ += Σ c / α
            Tensor scratch = v.slice(0, 1);
            be.binary(BinaryOp.DIV, sums.slice(3, 4), h.alpha, scratch);
            be.binary(BinaryOp.ADD, alphaBar, scratch, alphaBar);
            // −2 s̄_k = Σ_j (a_k² E)_j + Σ_j b_kj² c_j − 2 Σ_j Y_kj b_kj
            be.matmul(b2, false, moments.slice(3, 4).reshape(q, 1), false, u.reshape(3, 1));
            be.binary(BinaryOp.ADD, u, sums.slice(4, 7), u);
            be.binary(BinaryOp.MUL, moments.slice(0, 3), b, t);
            be.reduce(ReduceOp.SUM, t, 1, v);
            be.axpby(1, u, -2, v, u);
            // γ̄_k = −2 s̄_k / γ_k³
            be.unary(UnaryOp.SQUARE, h.gamma, v);
            be.binary(BinaryOp.MUL, v, h.gamma, v);
            be.binary(BinaryOp.DIV, u, v, u);
            be.binary(BinaryOp.ADD, gammaBar, u, gammaBar);
        }
        if (bBar != null) {
            addPointCotangent(b, h, moments, bBar);
        }
    }

    /**
     * pointsBar_k += s_k (M_k − points_k ⊙ M_3) for moments M [7, n] of the other point set (rows 0..2 the weighted
     * coordinates, row 3 the weights): b̄ from the column moments, ā from the row moments.
     */
    private static void addPointCotangent(Tensor points, Params h, Tensor moments, Tensor pointsBar) {
        Backend be = points.backend();
        int n = points.shape().dim(1);
        try (Tensor t = be.zeros(points.dtype(), Shape.of(3, n))) {
            // pointsBar −= (s M_3ᵀ) ⊙ points, with the outer product s M_3ᵀ [3, n] as a product of depth 1
            be.matmul(h.minusS.reshape(3, 1), false, moments.slice(3, 4), false, t);
            be.fma(points, t, pointsBar, pointsBar);
            // pointsBar_k += s_k M_k
            for (int k = 0; k < 3; k++) {
                be.binary(BinaryOp.MUL, moments.row(k), h.s(k), t.row(k));
            }
            be.binary(BinaryOp.ADD, pointsBar, t, pointsBar);
        }
    }
}
