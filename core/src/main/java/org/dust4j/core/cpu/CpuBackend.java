package org.dust4j.core.cpu;

import org.dust4j.core.Backend;
import org.dust4j.core.BinaryOp;
import org.dust4j.core.Checks;
import org.dust4j.core.DType;
import org.dust4j.core.HermiteTable;
import org.dust4j.core.LineMoments;
import org.dust4j.core.ReduceOp;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.dust4j.core.UnaryOp;
import org.dust4j.core.WindowLayout;

/**
 * The reference backend: tensors in Java arrays, work spread over all cores by {@link Parallel}.
 * Every method validates its arguments with {@link Checks} and then calls the kernel class of its family
 * ({@link CpuElementwise}, {@link CpuReductions}, {@link CpuIndexing}, {@link CpuLinalg}, {@link CpuRandom}).
 */
public final class CpuBackend implements Backend {
    static final CpuBackend INSTANCE = new CpuBackend();

    private CpuBackend() {
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public String description() {
        return "CPU, " + Parallel.threads() + " threads, Java " + Runtime.version() + ", " + Simd.STATUS;
    }

    // ---------------------------------------------------------------- memory

    @Override
    public Tensor zeros(DType dtype, Shape shape) {
        return Tensor.wrap(this, new CpuStorage(dtype, shape.size()), shape);
    }

    /** Shares {@code data} without copying when {@code dtype} is FLOAT64; copies (converting) otherwise. */
    @Override
    public Tensor fromHostReadOnly(double[] data, DType dtype, Shape shape) {
        if (dtype != DType.FLOAT64) {
            return fromHost(data, dtype, shape);
        }
        checkLength(data.length, shape);
        return Tensor.wrap(this, new CpuStorage(data), shape);
    }

    @Override
    public Tensor fromHost(double[] data, DType dtype, Shape shape) {
        checkLength(data.length, shape);
        Tensor t = zeros(dtype, shape);
        switch (dtype) {
            case FLOAT64 -> System.arraycopy(data, 0, doubles(t), 0, data.length);
            case FLOAT32 -> {
                float[] f = floats(t);
                for (int i = 0; i < data.length; i++) {
                    f[i] = (float) data[i];
                }
            }
            case INT32 -> throw new IllegalArgumentException("use fromHost(int[], shape) for INT32 tensors");
        }
        return t;
    }

    @Override
    public Tensor fromHost(float[] data, DType dtype, Shape shape) {
        checkLength(data.length, shape);
        Tensor t = zeros(dtype, shape);
        switch (dtype) {
            case FLOAT32 -> System.arraycopy(data, 0, floats(t), 0, data.length);
            case FLOAT64 -> {
                double[] d = doubles(t);
                for (int i = 0; i < data.length; i++) {
                    d[i] = data[i];
                }
            }
            case INT32 -> throw new IllegalArgumentException("use fromHost(int[], shape) for INT32 tensors");
        }
        return t;
    }

    @Override
    public Tensor fromHost(int[] data, Shape shape) {
        checkLength(data.length, shape);
        Tensor t = zeros(DType.INT32, shape);
        System.arraycopy(data, 0, ints(t), 0, data.length);
        return t;
    }

    private static void checkLength(int length, Shape shape) {
        Checks.hostLength(length, shape);
    }

    @Override
    public void copyToHost(Tensor src, double[] dst, int dstOffset) {
        Checks.onBackend(this, "src", src);
        Checks.floating("src", src);
        int n = hostRange(src, dst.length, dstOffset);
        int o = off(src);
        if (src.dtype() == DType.FLOAT64) {
            System.arraycopy(doubles(src), o, dst, dstOffset, n);
        } else {
            float[] f = floats(src);
            for (int i = 0; i < n; i++) {
                dst[dstOffset + i] = f[o + i];
            }
        }
    }

    @Override
    public void copyToHost(Tensor src, float[] dst, int dstOffset) {
        Checks.onBackend(this, "src", src);
        Checks.floating("src", src);
        int n = hostRange(src, dst.length, dstOffset);
        int o = off(src);
        if (src.dtype() == DType.FLOAT32) {
            System.arraycopy(floats(src), o, dst, dstOffset, n);
        } else {
            double[] d = doubles(src);
            for (int i = 0; i < n; i++) {
                dst[dstOffset + i] = (float) d[o + i];
            }
        }
    }

    @Override
    public void copyToHost(Tensor src, int[] dst, int dstOffset) {
        Checks.onBackend(this, "src", src);
        Checks.dtype("src", src, DType.INT32);
        int n = hostRange(src, dst.length, dstOffset);
        System.arraycopy(ints(src), off(src), dst, dstOffset, n);
    }

    private static int hostRange(Tensor src, int dstLength, int dstOffset) {
        return Checks.hostRange(src, dstLength, dstOffset);
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        Checks.copyable(this, src, dst);
        CpuElementwise.copy(src, dst);
    }

    @Override
    public void fill(Tensor t, double value) {
        Checks.onBackend(this, "t", t);
        CpuElementwise.fill(t, value);
    }

    @Override
    public void synchronize() {
        // all CPU work is synchronous
    }

    // ---------------------------------------------------------------- elementwise

    @Override
    public void unary(UnaryOp op, Tensor x, Tensor out) {
        floatingSame("x", x, "out", out);
        Checks.sameShape("x", x, "out", out);
        CpuElementwise.unary(op, x, out);
    }

    @Override
    public void unaryAffine(UnaryOp op, double scale, double shift, Tensor x, Tensor out) {
        floatingSame("x", x, "out", out);
        Checks.sameShape("x", x, "out", out);
        CpuElementwise.unaryAffine(op, scale, shift, x, out);
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        floatingSame("a", a, "out", out);
        floatingSame("b", b, "out", out);
        broadcastable("a", a, out);
        broadcastable("b", b, out);
        CpuElementwise.binary(op, a, b, out);
    }

    @Override
    public void binaryScalar(BinaryOp op, Tensor a, double s, Tensor out) {
        floatingSame("a", a, "out", out);
        Checks.sameShape("a", a, "out", out);
        CpuElementwise.binaryScalar(op, a, s, out, false);
    }

    @Override
    public void scalarBinary(BinaryOp op, double s, Tensor a, Tensor out) {
        floatingSame("a", a, "out", out);
        Checks.sameShape("a", a, "out", out);
        CpuElementwise.binaryScalar(op, a, s, out, true);
    }

    @Override
    public void fma(Tensor a, Tensor b, Tensor c, Tensor out) {
        floatingSame("a", a, "out", out);
        floatingSame("b", b, "out", out);
        floatingSame("c", c, "out", out);
        Checks.sameShape("a", a, "out", out);
        Checks.sameShape("b", b, "out", out);
        Checks.sameShape("c", c, "out", out);
        CpuElementwise.fma(a, b, c, out);
    }

    @Override
    public void axpby(double alpha, Tensor x, double beta, Tensor y, Tensor out) {
        floatingSame("x", x, "out", out);
        floatingSame("y", y, "out", out);
        Checks.sameShape("x", x, "out", out);
        Checks.sameShape("y", y, "out", out);
        CpuElementwise.axpby(alpha, x, beta, y, out);
    }

    @Override
    public void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
        Checks.onBackend(this, "cond", cond);
        floatingSame("a", a, "out", out);
        floatingSame("b", b, "out", out);
        Checks.sameShape("cond", cond, "out", out);
        Checks.sameShape("a", a, "out", out);
        Checks.sameShape("b", b, "out", out);
        CpuElementwise.where(cond, a, b, out);
    }

    @Override
    public void affineExpProduct(double scale, double shift, double factor, Tensor x, Tensor g, Tensor out,
                                 Tensor sums) {
        Checks.affineExpProduct(this, x, g, out, sums);
        CpuFused.affineExpProduct(scale, shift, factor, x, g, out, sums);
    }

    @Override
    public void axpbySquaredNorm(double alpha, Tensor x, double beta, Tensor y, Tensor out, Tensor squaredNorm) {
        Checks.axpbySquaredNorm(this, x, y, out, squaredNorm);
        CpuFused.axpbySquaredNorm(alpha, x, beta, y, out, squaredNorm);
    }

    // ---------------------------------------------------------------- reductions and scans

    @Override
    public void reduceAll(ReduceOp op, Tensor x, Tensor out) {
        floatingSame("x", x, "out", out);
        Checks.singleElement("out", out);
        CpuReductions.reduceAll(op, x, out);
    }

    @Override
    public void reduce(ReduceOp op, Tensor x, int axis, Tensor out) {
        floatingSame("x", x, "out", out);
        Checks.shape("out", out, x.shape().without(axis));
        CpuReductions.reduce(op, x, x.shape().normalizeAxis(axis), out);
    }

    @Override
    public void dot(Tensor a, Tensor b, Tensor out) {
        floatingSame("a", a, "out", out);
        floatingSame("b", b, "out", out);
        if (a.size() != b.size()) {
            throw new IllegalArgumentException("dot needs equal sizes: a " + a.shape() + ", b " + b.shape());
        }
        Checks.singleElement("out", out);
        CpuReductions.dot(a, b, out);
    }

    @Override
    public void cumsum(Tensor x, int axis, boolean exclusive, boolean reverse, Tensor out) {
        floatingSame("x", x, "out", out);
        Checks.sameShape("x", x, "out", out);
        CpuReductions.cumsum(x, x.shape().normalizeAxis(axis), exclusive, reverse, out);
    }

    // ---------------------------------------------------------------- indexing

    @Override
    public void gather(Tensor x, Tensor index, Tensor out) {
        floatingSame("x", x, "out", out);
        indexArgs(x, index, out, "x", "out");
        CpuIndexing.gather(x, index, out);
    }

    @Override
    public void scatterAdd(Tensor src, Tensor index, Tensor out) {
        floatingSame("src", src, "out", out);
        indexArgs(out, index, src, "out", "src");
        CpuIndexing.scatterAdd(src, index, out);
    }

    /** table [n, r...], index INT32 [m], rows [m, r...]. */
    private void indexArgs(Tensor table, Tensor index, Tensor rows, String tableName, String rowsName) {
        Checks.indexed(this, table, index, rows, tableName, rowsName);
    }

    // ---------------------------------------------------------------- linear algebra

    @Override
    public void matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor out) {
        floatingSame("a", a, "out", out);
        floatingSame("b", b, "out", out);
        CpuLinalg.matmul(a, transposeA, b, transposeB, out);
    }

    @Override
    public void cholesky(Tensor a, Tensor out) {
        floatingSame("a", a, "out", out);
        Checks.square("a", a);
        Checks.sameShape("a", a, "out", out);
        CpuLinalg.cholesky(a, out);
    }

    @Override
    public void triangularSolve(Tensor t, boolean lower, boolean transpose, Tensor b, Tensor out) {
        floatingSame("t", t, "out", out);
        floatingSame("b", b, "out", out);
        Checks.square("t", t);
        Checks.sameShape("b", b, "out", out);
        CpuLinalg.triangularSolve(t, lower, transpose, b, out);
    }

    @Override
    public void symmetricEigen(Tensor a, Tensor eigenvalues, Tensor eigenvectors) {
        floatingSame("a", a, "eigenvectors", eigenvectors);
        floatingSame("eigenvalues", eigenvalues, "eigenvectors", eigenvectors);
        Checks.square("a", a);
        Checks.sameShape("a", a, "eigenvectors", eigenvectors);
        Checks.shape("eigenvalues", eigenvalues, a.shape().without(-1));
        CpuLinalg.symmetricEigen(a, eigenvalues, eigenvectors);
    }

    // ---------------------------------------------------------------- windowed matrix-vector products

    @Override
    public void windowedMatVec(WindowLayout.Tables windows, Tensor r, Tensor d, Tensor scale, Tensor coarse,
                               Tensor xi, Tensor fine) {
        Checks.windowedMatVec(this, windows, r, d, scale, "coarse", coarse, "xi", xi, "fine", fine, false);
        CpuWindowed.forward(windows, r, d, scale, coarse, xi, fine);
    }

    @Override
    public void windowedMatVecAdjoint(WindowLayout.Tables windows, Tensor r, Tensor d, Tensor scale,
                                      Tensor fineCotangent, Tensor coarseCotangent, Tensor xiCotangent) {
        Checks.windowedMatVec(this, windows, r, d, scale, "fineCotangent", fineCotangent, "coarseCotangent",
                coarseCotangent, "xiCotangent", xiCotangent, true);
        CpuWindowed.adjoint(windows, r, d, scale, fineCotangent, coarseCotangent, xiCotangent);
    }

    // ---------------------------------------------------------------- tabulated functions

    @Override
    public void hermite(HermiteTable.Tables table, Tensor x, Tensor factor, Tensor value, Tensor slope) {
        Checks.hermite(this, table, x, factor, value, slope);
        HermiteTable h = table.layout();
        double[] t = h.table();
        HostArray xs = HostArray.of(x);
        HostArray fs = HostArray.ofNullable(factor);
        HostArray vs = HostArray.of(value);
        HostArray ss = HostArray.of(slope);
        Parallel.forRange(x.size(), 4096, (from, to) -> {
            double[] out = new double[2];
            for (int i = (int) from; i < to; i++) {
                HermiteTable.evaluate(t, h.start(), h.perUnit(), h.nodes(), h.exponential(), xs.get(i), out);
                double f = fs == null ? 1 : fs.get(i);
                vs.set(i, f * out[0]);
                ss.set(i, f * out[1]);
            }
        });
    }

    // ---------------------------------------------------------------- line moments

    @Override
    public void lineMoments(LineMoments.Tables lines, Tensor x, Tensor mean, Tensor variance) {
        Checks.lineMoments(this, lines, x, new String[] {"mean", "variance"}, new Tensor[] {mean, variance},
                new boolean[] {false, false}, 2);
        CpuLineMoments pass = new CpuLineMoments(lines, x);
        pass.mean = HostArray.of(mean);
        pass.variance = HostArray.of(variance);
        pass.run();
    }

    @Override
    public void lineMomentsJvp(LineMoments.Tables lines, Tensor x, Tensor tangent, Tensor dMean, Tensor dVariance) {
        Checks.lineMoments(this, lines, x, new String[] {"tangent", "dMean", "dVariance"},
                new Tensor[] {tangent, dMean, dVariance}, new boolean[] {true, false, false}, 2);
        CpuLineMoments pass = new CpuLineMoments(lines, x);
        pass.tangent = HostArray.of(tangent);
        pass.dMean = HostArray.of(dMean);
        pass.dVariance = HostArray.of(dVariance);
        pass.run();
    }

    @Override
    public void lineMomentsVjp(LineMoments.Tables lines, Tensor x, Tensor meanCotangent, Tensor varianceCotangent,
                               Tensor xCotangent) {
        Checks.lineMoments(this, lines, x, new String[] {"meanCotangent", "varianceCotangent", "xCotangent"},
                new Tensor[] {meanCotangent, varianceCotangent, xCotangent}, new boolean[] {false, false, true}, 1);
        HostArray gm = HostArray.of(meanCotangent);
        HostArray gv = HostArray.of(varianceCotangent);
        pullBack(lines, x, null, (i, a, v, da, dv, out) -> {
            out[0] = gm.get(i);
            out[1] = gv.get(i);
        }, xCotangent);
    }

    @Override
    public void lineMomentsPullBack(LineMoments.Tables lines, Tensor x, LineMoments.ItemCotangents loss,
                                    Tensor xCotangent) {
        Checks.lineMoments(this, lines, x, new String[] {"xCotangent"}, new Tensor[] {xCotangent},
                new boolean[] {true}, 1);
        CpuLineMoments pass = new CpuLineMoments(lines, x);
        pass.loss = loss;
        pass.xBar = HostArray.of(xCotangent);
        pass.run();
    }

    @Override
    public void lineMomentsGaussian(LineMoments.Tables lines, Tensor x, Tensor observed, Tensor extraVariance,
                                    Tensor mean, Tensor variance, Tensor loss, Tensor varianceCotangent,
                                    Tensor xCotangent) {
        Checks.lineMomentsGaussian(this, lines, x, observed, extraVariance, mean, variance, loss, varianceCotangent,
                xCotangent);
        HostArray y = HostArray.of(observed);
        HostArray e = HostArray.of(extraVariance);
        HostArray a = HostArray.of(mean);
        HostArray s = HostArray.of(variance);
        HostArray l = HostArray.of(loss);
        HostArray vb = HostArray.of(varianceCotangent);
        CpuLineMoments pass = new CpuLineMoments(lines, x);
        pass.loss = (i, mu, var, out) -> {
            double v = e.get(i) + var;
            double r = y.get(i) - mu;
            double q = r / v;
            double gv = 0.5 * (1 - r * q) / v;
            a.set(i, mu);
            s.set(i, var);
            l.set(i, 0.5 * (r * q + Math.log(v)));
            vb.set(i, gv);
            out[0] = -q;
            out[1] = gv;
        };
        pass.xBar = HostArray.of(xCotangent);
        pass.run();
    }

    @Override
    public void lineMomentsPushPullDiagonal(LineMoments.Tables lines, Tensor x, Tensor tangent, Tensor meanWeight,
                                            Tensor varianceWeight, Tensor varianceOffset, Tensor varianceCotangent,
                                            Tensor xCotangent) {
        Checks.lineMomentsPushPullDiagonal(this, lines, x, tangent, meanWeight, varianceWeight, varianceOffset,
                varianceCotangent, xCotangent);
        HostArray wm = HostArray.of(meanWeight);
        HostArray wv = HostArray.of(varianceWeight);
        HostArray off = HostArray.ofNullable(varianceOffset);
        HostArray vb = HostArray.of(varianceCotangent);
        pullBack(lines, x, tangent, (i, a, v, da, dv, out) -> {
            double gv = wv.get(i) * (off == null ? dv : dv + off.get(i));
            vb.set(i, gv);
            out[0] = wm.get(i) * da;
            out[1] = gv;
        }, xCotangent);
    }

    @Override
    public void lineMomentsPushPull(LineMoments.Tables lines, Tensor x, Tensor tangent, LineMoments.ItemTangentMap map,
                                    Tensor xCotangent) {
        Checks.lineMoments(this, lines, x, new String[] {"tangent", "xCotangent"}, new Tensor[] {tangent, xCotangent},
                new boolean[] {true, true}, 1);
        pullBack(lines, x, tangent, map, xCotangent);
    }

    /** One fused pass: (JVP when tangent is given,) the per-item map, the pull-back into xCotangent. */
    private static void pullBack(LineMoments.Tables lines, Tensor x, Tensor tangent, LineMoments.ItemTangentMap map,
                                 Tensor xCotangent) {
        CpuLineMoments pass = new CpuLineMoments(lines, x);
        pass.tangent = HostArray.ofNullable(tangent);
        pass.map = map;
        pass.xBar = HostArray.of(xCotangent);
        pass.run();
    }

    // ---------------------------------------------------------------- random

    @Override
    public void randomNormal(long seed, long offset, Tensor out) {
        Checks.onBackend(this, "out", out);
        Checks.floating("out", out);
        CpuRandom.normal(seed, offset, out);
    }

    @Override
    public void randomUniform(long seed, long offset, Tensor out) {
        Checks.onBackend(this, "out", out);
        Checks.floating("out", out);
        CpuRandom.uniform(seed, offset, out);
    }

    @Override
    public void close() {
        // the shared CPU backend lives as long as the JVM
    }

    @Override
    public String toString() {
        return description();
    }

    // ---------------------------------------------------------------- helpers for the kernel classes

    private void floatingSame(String na, Tensor a, String nb, Tensor b) {
        Checks.floatingSame(this, na, a, nb, b);
    }

    private static void broadcastable(String name, Tensor t, Tensor out) {
        Checks.broadcastable(name, t, out);
    }

    static float[] floats(Tensor t) {
        return ((CpuStorage) t.storage()).floats();
    }

    static double[] doubles(Tensor t) {
        return ((CpuStorage) t.storage()).doubles();
    }

    static int[] ints(Tensor t) {
        return ((CpuStorage) t.storage()).ints();
    }

    /** Offset of the tensor's first element in its array. */
    static int off(Tensor t) {
        return (int) t.offset();
    }
}
