package org.dust4j.core;

/**
 * A compute backend: owns tensor memory and runs every tensor operation on it. The CPU backend is the
 * default and the reference; the CUDA backend implements the same contract on a GPU. Backends are found by
 * {@link java.util.ServiceLoader} through {@link BackendProvider}; obtain them with {@link Backends}.
 *
 * <p>Conventions, shared by all implementations:
 * <ul>
 *   <li>Operations write into caller-supplied output tensors ("out"), which must live on this backend and have
 *       the documented shape and dtype; mismatches throw {@link IllegalArgumentException} naming the argument,
 *       the expected and the actual shape or dtype. Floating operations accept FLOAT32 or FLOAT64, never mixed.</li>
 *   <li>Elementwise outputs may alias an input (in-place): the identical view, same storage and offset;
 *       partially overlapping views are not supported. Other outputs must not alias inputs unless stated.</li>
 *   <li>Launches may be asynchronous. Transfers to the host ({@code copyToHost}) and {@link #synchronize()}
 *       wait for all earlier work.</li>
 *   <li>Batched linear algebra works on the last two axes; all leading axes are batch axes.</li>
 * </ul>
 * {@link Tensor} offers allocating conveniences on top of these primitives.
 */
public interface Backend extends AutoCloseable {
    /** Short name, e.g. "cpu" or "cuda:0". */
    String name();

    /** Human-readable description (device model, threads, memory). */
    String description();

    // ---------------------------------------------------------------- memory

    /** A new zero-filled tensor owned by the caller. */
    Tensor zeros(DType dtype, Shape shape);

    /**
     * A new tensor owned by the caller whose elements are unspecified: for outputs the caller overwrites completely
     * before reading, so a backend may skip clearing the memory (a pass over it on a GPU). This default returns
     * {@link #zeros}.
     */
    default Tensor empty(DType dtype, Shape shape) {
        return zeros(dtype, shape);
    }

    /** A new tensor holding a copy of {@code data} (FLOAT64, or converted to {@code dtype}). */
    Tensor fromHost(double[] data, DType dtype, Shape shape);

    /**
     * A tensor with the contents of {@code data} (FLOAT64, or converted to {@code dtype}) for read-only use, e.g. large
     * constant tables: a backend may share {@code data} instead of copying it when no conversion is needed, so the
     * caller must not change {@code data} while the tensor lives, and nothing may write into the tensor. The default
     * copies ({@link #fromHost(double[], DType, Shape)}); the CPU backend shares FLOAT64 arrays.
     */
    default Tensor fromHostReadOnly(double[] data, DType dtype, Shape shape) {
        return fromHost(data, dtype, shape);
    }

    /** A new FLOAT32 tensor (or converted to {@code dtype}) holding a copy of {@code data}. */
    Tensor fromHost(float[] data, DType dtype, Shape shape);

    /** A new INT32 tensor holding a copy of {@code data}. */
    Tensor fromHost(int[] data, Shape shape);

    /** Copies {@code src} (any floating dtype) into {@code dst}, converting to double. Waits for pending work. */
    void copyToHost(Tensor src, double[] dst, int dstOffset);

    /** Copies {@code src} (any floating dtype) into {@code dst}, converting to float. Waits for pending work. */
    void copyToHost(Tensor src, float[] dst, int dstOffset);

    /** Copies an INT32 tensor to the host. */
    void copyToHost(Tensor src, int[] dst, int dstOffset);

    /**
     * Copies {@code src} into {@code dst} (same size, shapes may differ). FLOAT32 and FLOAT64 convert into each
     * other; INT32 copies only to INT32.
     */
    void copy(Tensor src, Tensor dst);

    /** Sets every element of {@code t} to {@code value} (rounded for FLOAT32; INT32 accepts only int values). */
    void fill(Tensor t, double value);

    /** Waits until all work queued on this backend has finished. */
    void synchronize();

    // ---------------------------------------------------------------- elementwise

    /** out = op(x). */
    void unary(UnaryOp op, Tensor x, Tensor out);

    /**
     * out = op(x · scale + shift) in one pass: the same as {@code binaryScalar(MUL, x, scale, out)},
     * {@code binaryScalar(ADD, out, shift, out)}, {@code unary(op, out, out)} (each step rounded to the dtype), without
     * the intermediate passes over memory. x and out floating of one dtype and shape; out may be x.
     */
    void unaryAffine(UnaryOp op, double scale, double shift, Tensor x, Tensor out);

    /** out = a op b; a and b have the shape of out, or one of them has a single element (broadcast). */
    void binary(BinaryOp op, Tensor a, Tensor b, Tensor out);

    /** out = a op s for a host scalar s (s is cast to the dtype of a). */
    void binaryScalar(BinaryOp op, Tensor a, double s, Tensor out);

    /** out = s op a for a host scalar s. */
    void scalarBinary(BinaryOp op, double s, Tensor a, Tensor out);

    /** out = a * b + c with a single rounding (fused multiply-add), all of one shape. */
    void fma(Tensor a, Tensor b, Tensor c, Tensor out);

    /** out = alpha * x + beta * y, all of one shape (BLAS axpby). */
    void axpby(double alpha, Tensor x, double beta, Tensor y, Tensor out);

    /** out = cond != 0 ? a : b, all of one shape; cond is floating (NaN counts as nonzero) or INT32. */
    void where(Tensor cond, Tensor a, Tensor b, Tensor out);

    // ---------------------------------------------------------------- elementwise passes with sums

    /**
     * The exponential of an affine map times a second tensor, scaled, and two sums of the product, in one pass over
     * memory: with e_i = exp(scale · x_i + shift) as {@link #unaryAffine}{@code (EXP, scale, shift)} computes it (the
     * affine steps rounded to the dtype) and p_i = e_i · g_i,
     * <pre>
     *   out_i = factor · p_i,   sums[0] = Σ_i p_i x_i,   sums[1] = Σ_i p_i.
     * </pre>
     * For y = exp(scale · x + shift) and a cotangent g of y, p is the cotangent of the exponent: sums[0] and sums[1]
     * are then the cotangents of scale and shift and out (with factor = scale) that of x, without reading y. x, g and
     * out are floating of one dtype and shape, sums has two elements of that dtype, all on this backend; out may be x
     * or g itself (in place), sums must not overlap the others. p_i and out_i are formed in double from e_i and g_i
     * (FLOAT32 results rounded once); the sums accumulate in double in a backend's own order (rounded once to the
     * dtype). Arguments are validated by {@link Checks#affineExpProduct}.
     */
    void affineExpProduct(double scale, double shift, double factor, Tensor x, Tensor g, Tensor out, Tensor sums);

    /**
     * {@link #axpby} and the squared norm of y in one pass over memory: out = alpha · x + beta · y with the arithmetic
     * of {@link #axpby}, and squaredNorm (one element) = Σ_i y_i², accumulated in double in a backend's own order
     * (rounded once to the dtype). x, y and out are floating of one dtype and shape, squaredNorm of that dtype, all on
     * this backend; out may be x or y itself (in place), squaredNorm must not overlap the others. Arguments are
     * validated by {@link Checks#axpbySquaredNorm}.
     */
    void axpbySquaredNorm(double alpha, Tensor x, double beta, Tensor y, Tensor out, Tensor squaredNorm);

    // ---------------------------------------------------------------- reductions and scans

    /**
     * Reduces all elements of x into the single-element tensor out, accumulating in double precision for
     * FLOAT32 too. Empty input: SUM/L1/L2 give 0, MAX/MIN give ∓∞. MAX and MIN propagate NaN.
     */
    void reduceAll(ReduceOp op, Tensor x, Tensor out);

    /** Reduces x along {@code axis}; out has x's shape without that axis. */
    void reduce(ReduceOp op, Tensor x, int axis, Tensor out);

    /** out (single element) = Σ a_i b_i. */
    void dot(Tensor a, Tensor b, Tensor out);

    /**
     * Cumulative sum along {@code axis}. Inclusive: out_k = Σ_{j≤k} x_j; exclusive: Σ_{j<k}. Reverse runs from
     * the end: inclusive out_k = Σ_{j≥k} x_j, exclusive Σ_{j>k}. out may alias x.
     */
    void cumsum(Tensor x, int axis, boolean exclusive, boolean reverse, Tensor out);

    // ---------------------------------------------------------------- indexing

    /**
     * Gathers rows along axis 0: x has shape [n, r...], index is INT32 of shape [m] with values in [0, n),
     * out has shape [m, r...] and out[i] = x[index[i]]. An index out of range throws (CPU) or is reported at
     * the next synchronisation (GPU) naming the position and the value.
     */
    void gather(Tensor x, Tensor index, Tensor out);

    /**
     * Scatter-add along axis 0: out[index[i]] += src[i]; src [m, r...], index INT32 [m], out [n, r...].
     * Repeated indices accumulate; out-of-range indices are reported as for {@link #gather}.
     */
    void scatterAdd(Tensor src, Tensor index, Tensor out);

    // ---------------------------------------------------------------- linear algebra (batched over leading axes)

    /**
     * out = op(a) · op(b) where op transposes the last two axes when requested. a: [..., m, k] (or [..., k, m]
     * transposed), b: [..., k, n], out: [..., m, n]. Batch axes must match, or a or b may have none (shared).
     * k = 0 gives zeros. out must not overlap a or b. Shapes are validated by {@link Checks#matmul}.
     */
    void matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor out);

    /**
     * Lower Cholesky factor L (A = L Lᵀ) of symmetric positive-definite matrices [..., n, n]; only the lower
     * triangle of a is read, the strict upper triangle of out is zero; out may be a itself (in place). A pivot
     * that is not positive (zero, negative or NaN) throws {@link NotPositiveDefiniteException} naming the lowest
     * failing batch index and its pivot; out is then unspecified. FLOAT32 is factored in float.
     */
    void cholesky(Tensor a, Tensor out);

    /**
     * Solves op(T) X = B for triangular T [..., n, n] (lower or upper; op = transpose when requested) and
     * B [..., n, k]; out [..., n, k] may be b itself (in place). T has the batch axes of B, or rank 2 and is
     * shared across the batch ({@link Checks#triangularSolve}). Only the referenced triangle of T is read; as in
     * BLAS trsm, a zero diagonal element is not checked and yields infinities or NaN. FLOAT32 is solved in
     * float.
     */
    void triangularSolve(Tensor t, boolean lower, boolean transpose, Tensor b, Tensor out);

    /**
     * Symmetric eigendecomposition of small matrices [..., n, n] (meant for n up to about 64, correct for any n):
     * eigenvalues [..., n] in ascending order and orthonormal eigenvectors [..., n, n] as columns
     * (A = V diag(w) Vᵀ), each with its component of largest magnitude (the first such) positive. Only the
     * lower triangle of a is read; eigenvectors may be a itself. A non-finite element throws
     * {@link ArithmeticException}. The CPU backend uses Householder tridiagonalisation and the implicit QL method
     * in double precision (FLOAT32 results rounded once), accurate to about 1e-14 ‖A‖.
     */
    void symmetricEigen(Tensor a, Tensor eigenvalues, Tensor eigenvectors);

    // ---------------------------------------------------------------- windowed matrix-vector products

    /**
     * Windowed gathered matrix-vector products over the windows of a {@link WindowLayout} (the forward map of one
     * level of iterative charted refinement, for example): for every window w and fine slot j,
     * <pre>
     *   fine[J(w, j)] = s[J(w, j)] · ( Σ_k r[c(w), j, k] · coarse[K(w, k)] + Σ_j' d[c(w), j, j'] · xi[J(w, j')] )
     * </pre>
     * with K, J and c as defined by the layout. Every fine element belongs to exactly one window, so {@code fine} is
     * overwritten, each element once. Tensors: r [C, nf, nc], d [C, nf, nf], scale s with Nf elements or null
     * (s = 1), coarse with Nc elements, xi and fine with Nf elements (any shapes of these sizes); all floating of one
     * dtype, on this backend, as are the tables. fine must not overlap coarse or xi. Products are accumulated in
     * double precision; FLOAT32 results are rounded once. Arguments are validated by
     * {@link Checks#windowedMatVec}.
     */
    void windowedMatVec(WindowLayout.Tables windows, Tensor r, Tensor d, Tensor scale, Tensor coarse, Tensor xi,
                        Tensor fine);

    /**
     * The adjoint of {@link #windowedMatVec} with respect to (coarse, xi), given the cotangent g of fine:
     * <pre>
     *   xiCotangent[J(w, j)] = Σ_j' d[c(w), j', j] · s[J(w, j')] · g[J(w, j')]
     *   coarseCotangent[K]   = Σ over all (w, k) with K(w, k) = K of Σ_j r[c(w), j, k] · s[J(w, j)] · g[J(w, j)]
     * </pre>
     * Both outputs are overwritten (coarse elements in no window get 0). The order in which a coarse element receives
     * its windows' contributions is the backend's: the CPU backend adds them slab colour by slab colour
     * ({@link WindowLayout#slabs()}), in an order that depends on the layout alone, not on the thread count; a GPU
     * backend may add them with atomics, whose order (and so the last bits) varies from run to run. Tensors as for {@link #windowedMatVec}
     * (fineCotangent has Nf elements, coarseCotangent Nc, xiCotangent Nf); the outputs must not overlap each other or
     * the inputs.
     */
    void windowedMatVecAdjoint(WindowLayout.Tables windows, Tensor r, Tensor d, Tensor scale, Tensor fineCotangent,
                               Tensor coarseCotangent, Tensor xiCotangent);

    // ---------------------------------------------------------------- tabulated functions

    /**
     * Elementwise evaluation of a tabulated function ({@link HermiteTable}): value = g(x) (or exp g) and slope = its
     * derivative, both NaN where x lies outside the table, with the arithmetic of
     * {@link HermiteTable#evaluate(double[], double, int, int, boolean, double, double[])} in double (FLOAT32 results
     * rounded once). x, value and slope are floating of one dtype and shape on this backend, as is the table; value and
     * slope must not overlap x or each other.
     */
    default void hermite(HermiteTable.Tables table, Tensor x, Tensor value, Tensor slope) {
        hermite(table, x, null, value, slope);
    }

    /**
     * {@link #hermite(HermiteTable.Tables, Tensor, Tensor, Tensor)} times a per-element factor in the same pass:
     * value_i = factor_i · g(x_i) (or factor_i · exp g(x_i)) and slope_i = factor_i times its derivative, the products
     * formed in double (FLOAT32 results rounded once); NaN outside the table as there. factor (null: 1, the plain
     * evaluation) has the shape and dtype of x and may overlap x; value and slope must overlap neither.
     */
    void hermite(HermiteTable.Tables table, Tensor x, Tensor factor, Tensor value, Tensor slope);

    // ---------------------------------------------------------------- line moments

    /**
     * The per-item mean and variance of the cumulative sums of x along lines, under the items' position distributions
     * ({@link LineMoments} gives the definition): x [L, N], mean and variance [n], all floating of one dtype on this
     * backend, as are the tables; the outputs are overwritten and must not overlap x or each other. Computed in double
     * precision (FLOAT32 results rounded once); G is the layout table's interpolant of
     * {@link SymmetricCdfTable#cdf(double[], double, int, double)} (the CPU backend uses its arithmetic; a backend may
     * round differently, e.g. with fused multiply-adds or another order of summation, within a few units in the last
     * place of a double). Arguments are validated by
     * {@link Checks#lineMoments}.
     */
    void lineMoments(LineMoments.Tables lines, Tensor x, Tensor mean, Tensor variance);

    /**
     * The JVP of {@link #lineMoments} at x: dMean_i = Σ_k p_ik dC_k and dVariance_i = 2 Σ_k p_ik dC_k (C_k − mean_i),
     * with dC the cumulative sums of the tangent [L, N]; dMean and dVariance [n] are overwritten.
     */
    void lineMomentsJvp(LineMoments.Tables lines, Tensor x, Tensor tangent, Tensor dMean, Tensor dVariance);

    /**
     * The VJP of {@link #lineMoments} at x: the x cotangent [L, N] (overwritten; lines without items get 0) of the
     * per-item cotangents meanCotangent and varianceCotangent [n].
     */
    void lineMomentsVjp(LineMoments.Tables lines, Tensor x, Tensor meanCotangent, Tensor varianceCotangent,
                        Tensor xCotangent);

    /**
     * The Gaussian loss of observations whose mean and variance are line moments, with its pull-back, in one pass on
     * this backend (no per-item transfer): for each item i, with (mean_i, variance_i) of {@link #lineMoments},
     * v_i = extraVariance_i + variance_i and r_i = observed_i − mean_i, writes
     * <pre>
     *   mean_i, variance_i,   loss_i = (r_i² / v_i + log v_i) / 2,   varianceCotangent_i = ∂loss_i/∂v_i = (1 − r_i² / v_i) / (2 v_i)
     * </pre>
     * and the x cotangent [L, N] of Σ_i loss_i (overwritten; lines without items get 0). observed, extraVariance and
     * the outputs mean, variance, loss, varianceCotangent are [n]; all tensors floating of x's dtype on this backend;
     * the outputs must not overlap the inputs or each other. Arithmetic in double (FLOAT32 results rounded once).
     */
    void lineMomentsGaussian(LineMoments.Tables lines, Tensor x, Tensor observed, Tensor extraVariance, Tensor mean,
                             Tensor variance, Tensor loss, Tensor varianceCotangent, Tensor xCotangent);

    /**
     * Jᵀ W J with a diagonal W in one pass on this backend (no per-item transfer): pushes {@code tangent} [L, N] forward
     * to per-item (dMean_i, dVariance_i) as {@link #lineMomentsJvp} does, weights them,
     * <pre>
     *   gMean_i = meanWeight_i dMean_i,   varianceCotangent_i = varianceWeight_i (dVariance_i + varianceOffset_i),
     * </pre>
     * writes the latter to {@code varianceCotangent} and the pull-back of (gMean, varianceCotangent) to xCotangent
     * [L, N] (overwritten; lines without items get 0). meanWeight, varianceWeight, varianceOffset (null: 0) and
     * varianceCotangent are [n]; all tensors floating of x's dtype on this backend; the outputs must not overlap the
     * inputs or each other. Arithmetic in double (FLOAT32 results rounded once).
     */
    void lineMomentsPushPullDiagonal(LineMoments.Tables lines, Tensor x, Tensor tangent, Tensor meanWeight,
                                     Tensor varianceWeight, Tensor varianceOffset, Tensor varianceCotangent,
                                     Tensor xCotangent);

    /**
     * Value and pull-back in one: computes every item's (mean, variance), asks {@code loss} (on the host) for the
     * cotangents of a per-item loss and writes their pull-back into xCotangent [L, N]. The CPU backend fuses this into
     * one pass; this default runs {@link #lineMoments}, the callback on the host and {@link #lineMomentsVjp}.
     */
    default void lineMomentsPullBack(LineMoments.Tables lines, Tensor x, LineMoments.ItemCotangents loss,
                                     Tensor xCotangent) {
        hostItemMap(lines, x, null, (i, mean, variance, dMean, dVariance, out) -> loss.cotangents(i, mean, variance,
                out), xCotangent);
    }

    /**
     * Jᵀ W J in one: pushes {@code tangent} [L, N] forward to per-item (dMean, dVariance), maps them with {@code map}
     * (on the host) and pulls the result back into xCotangent [L, N]. The CPU backend fuses this into one pass; this
     * default runs {@link #lineMoments}, {@link #lineMomentsJvp}, the callback on the host and {@link #lineMomentsVjp}.
     */
    default void lineMomentsPushPull(LineMoments.Tables lines, Tensor x, Tensor tangent,
                                     LineMoments.ItemTangentMap map, Tensor xCotangent) {
        hostItemMap(lines, x, tangent, map, xCotangent);
    }

    /**
     * The unfused form of {@link #lineMomentsPullBack} and {@link #lineMomentsPushPull}: forward (and JVP when
     * tangent is given) on this backend, the per-item map on the host, then the VJP on this backend.
     */
    private void hostItemMap(LineMoments.Tables lines, Tensor x, Tensor tangent, LineMoments.ItemTangentMap map,
                             Tensor xCotangent) {
        Shape items = lines.layout().itemShape();
        DType dt = x.dtype();
        int n = lines.layout().items();
        double[] mean;
        double[] variance;
        double[] dMean = new double[n];
        double[] dVariance = new double[n];
        try (Tensor a = zeros(dt, items); Tensor v = zeros(dt, items)) {
            lineMoments(lines, x, a, v);
            if (tangent != null) {
                try (Tensor da = zeros(dt, items); Tensor dv = zeros(dt, items)) {
                    lineMomentsJvp(lines, x, tangent, da, dv);
                    dMean = da.toDoubleArray();
                    dVariance = dv.toDoubleArray();
                }
            }
            mean = a.toDoubleArray();
            variance = v.toDoubleArray();
        }
        double[] gm = new double[n];
        double[] gv = new double[n];
        double[] dm = dMean;
        double[] dvar = dVariance;
        org.dust4j.core.cpu.Parallel.forRange(n, 4096, (from, to) -> {
            double[] out = new double[2];
            for (int i = (int) from; i < to; i++) {
                map.map(i, mean[i], variance[i], dm[i], dvar[i], out);
                gm[i] = out[0];
                gv[i] = out[1];
            }
        });
        try (Tensor tm = fromHost(gm, dt, items); Tensor tv = fromHost(gv, dt, items)) {
            lineMomentsVjp(lines, x, tm, tv, xCotangent);
        }
    }

    // ---------------------------------------------------------------- random numbers

    /**
     * Fills out with standard-normal draws from the Philox4x32-10 stream of {@code seed}. Element i (row-major
     * position in out) is the Box-Muller normal of the Philox block with key (lo32(seed), hi32(seed)) and
     * counter (lo32(offset + i), hi32(offset + i), 0, 0): with the block words x0..x3,
     * u1 = (((x1·2^32 + x0) >>> 11) + 1)·2^-53 in (0, 1], u2 = ((x3·2^32 + x2) >>> 11)·2^-53 in [0, 1) and
     * z = sqrt(-2 ln u1)·cos(2π u2), evaluated in double and rounded once for FLOAT32. The values depend only
     * on (seed, offset + i): a draw at offset k reproduces elements k, k+1, ... of a draw at offset 0.
     * {@link org.dust4j.core.random.Philox} gives the normative definition and what is bit-identical across
     * backends.
     */
    void randomNormal(long seed, long offset, Tensor out);

    /**
     * Fills out with uniform draws in [0, 1) from the same blocks as {@link #randomNormal}: FLOAT64 element i
     * is ((x1·2^32 + x0) >>> 11)·2^-53, FLOAT32 element i is (x0 >>> 8)·2^-24 (bit-identical on every backend).
     */
    void randomUniform(long seed, long offset, Tensor out);

    /** Releases backend resources (streams, pools). Tensors of a closed backend must not be used. */
    @Override
    void close();
}
