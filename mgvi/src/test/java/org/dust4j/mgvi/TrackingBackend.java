package org.dust4j.mgvi;

import java.util.concurrent.atomic.AtomicLong;

import org.dust4j.core.Backend;
import org.dust4j.core.BinaryOp;
import org.dust4j.core.DType;
import org.dust4j.core.HermiteTable;
import org.dust4j.core.LineMoments;
import org.dust4j.core.ReduceOp;
import org.dust4j.core.Shape;
import org.dust4j.core.Storage;
import org.dust4j.core.Tensor;
import org.dust4j.core.UnaryOp;
import org.dust4j.core.WindowLayout;

/**
 * A backend that runs everything on a delegate backend but counts its live allocations, so that tests can check
 * that MGVI releases every tensor it allocates (as the GPU backend needs). Its tensors hold a {@link Counted}
 * storage wrapping the delegate's; each operation unwraps its arguments into views of the delegate's tensors.
 */
final class TrackingBackend implements Backend {
    private final Backend delegate;
    private final AtomicLong live = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();

    TrackingBackend(Backend delegate) {
        this.delegate = delegate;
    }

    /** Allocations not yet released. */
    long live() {
        return live.get();
    }

    /** The largest number of simultaneously live allocations so far. */
    long peak() {
        return peak.get();
    }

    private final class Counted implements Storage {
        final Tensor inner;
        private boolean released;

        Counted(Tensor inner) {
            this.inner = inner;
            peak.accumulateAndGet(live.incrementAndGet(), Math::max);
        }

        @Override
        public long capacity() {
            return inner.size();
        }

        @Override
        public DType dtype() {
            return inner.dtype();
        }

        @Override
        public synchronized void release() {
            if (!released) {
                released = true;
                inner.close();
                live.decrementAndGet();
            }
        }

        @Override
        public synchronized boolean isReleased() {
            return released;
        }
    }

    private Tensor track(Tensor inner) {
        return Tensor.wrap(this, new Counted(inner), inner.shape());
    }

    /** The delegate's view of a tensor of this backend (other tensors pass through). */
    private Tensor u(Tensor t) {
        if (t.backend() != this) {
            return t;
        }
        Tensor whole = ((Counted) t.storage()).inner;
        int capacity = Math.toIntExact(whole.size());
        int from = Math.toIntExact(t.offset());
        return whole.reshape(capacity).slice(from, from + Math.toIntExact(t.size())).reshape(t.shape().dims());
    }

    @Override
    public String name() {
        return "tracking(" + delegate.name() + ")";
    }

    @Override
    public String description() {
        return "allocation-counting wrapper of " + delegate.description();
    }

    @Override
    public Tensor zeros(DType dtype, Shape shape) {
        return track(delegate.zeros(dtype, shape));
    }

    @Override
    public Tensor fromHost(double[] data, DType dtype, Shape shape) {
        return track(delegate.fromHost(data, dtype, shape));
    }

    @Override
    public Tensor fromHost(float[] data, DType dtype, Shape shape) {
        return track(delegate.fromHost(data, dtype, shape));
    }

    @Override
    public Tensor fromHost(int[] data, Shape shape) {
        return track(delegate.fromHost(data, shape));
    }

    @Override
    public void copyToHost(Tensor src, double[] dst, int dstOffset) {
        delegate.copyToHost(u(src), dst, dstOffset);
    }

    @Override
    public void copyToHost(Tensor src, float[] dst, int dstOffset) {
        delegate.copyToHost(u(src), dst, dstOffset);
    }

    @Override
    public void copyToHost(Tensor src, int[] dst, int dstOffset) {
        delegate.copyToHost(u(src), dst, dstOffset);
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        delegate.copy(u(src), u(dst));
    }

    @Override
    public void fill(Tensor t, double value) {
        delegate.fill(u(t), value);
    }

    @Override
    public void synchronize() {
        delegate.synchronize();
    }

    @Override
    public void unary(UnaryOp op, Tensor x, Tensor out) {
        delegate.unary(op, u(x), u(out));
    }

    @Override
    public void unaryAffine(UnaryOp op, double scale, double shift, Tensor x, Tensor out) {
        delegate.unaryAffine(op, scale, shift, u(x), u(out));
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        delegate.binary(op, u(a), u(b), u(out));
    }

    @Override
    public void binaryScalar(BinaryOp op, Tensor a, double s, Tensor out) {
        delegate.binaryScalar(op, u(a), s, u(out));
    }

    @Override
    public void scalarBinary(BinaryOp op, double s, Tensor a, Tensor out) {
        delegate.scalarBinary(op, s, u(a), u(out));
    }

    @Override
    public void fma(Tensor a, Tensor b, Tensor c, Tensor out) {
        delegate.fma(u(a), u(b), u(c), u(out));
    }

    @Override
    public void axpby(double alpha, Tensor x, double beta, Tensor y, Tensor out) {
        delegate.axpby(alpha, u(x), beta, u(y), u(out));
    }

    @Override
    public void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
        delegate.where(u(cond), u(a), u(b), u(out));
    }

    @Override
    public void reduceAll(ReduceOp op, Tensor x, Tensor out) {
        delegate.reduceAll(op, u(x), u(out));
    }

    @Override
    public void reduce(ReduceOp op, Tensor x, int axis, Tensor out) {
        delegate.reduce(op, u(x), axis, u(out));
    }

    @Override
    public void dot(Tensor a, Tensor b, Tensor out) {
        delegate.dot(u(a), u(b), u(out));
    }

    @Override
    public void cumsum(Tensor x, int axis, boolean exclusive, boolean reverse, Tensor out) {
        delegate.cumsum(u(x), axis, exclusive, reverse, u(out));
    }

    @Override
    public void gather(Tensor x, Tensor index, Tensor out) {
        delegate.gather(u(x), u(index), u(out));
    }

    @Override
    public void scatterAdd(Tensor src, Tensor index, Tensor out) {
        delegate.scatterAdd(u(src), u(index), u(out));
    }

    @Override
    public void matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor out) {
        delegate.matmul(u(a), transposeA, u(b), transposeB, u(out));
    }

    @Override
    public void cholesky(Tensor a, Tensor out) {
        delegate.cholesky(u(a), u(out));
    }

    @Override
    public void triangularSolve(Tensor t, boolean lower, boolean transpose, Tensor b, Tensor out) {
        delegate.triangularSolve(u(t), lower, transpose, u(b), u(out));
    }

    @Override
    public void symmetricEigen(Tensor a, Tensor eigenvalues, Tensor eigenvectors) {
        delegate.symmetricEigen(u(a), u(eigenvalues), u(eigenvectors));
    }

    @Override
    public void randomNormal(long seed, long offset, Tensor out) {
        delegate.randomNormal(seed, offset, u(out));
    }

    @Override
    public void randomUniform(long seed, long offset, Tensor out) {
        delegate.randomUniform(seed, offset, u(out));
    }

    @Override
    public void windowedMatVec(WindowLayout.Tables windows, Tensor r, Tensor d, Tensor scale, Tensor coarse,
                               Tensor xi, Tensor fine) {
        delegate.windowedMatVec(u(windows), u(r), u(d), scale == null ? null : u(scale), u(coarse), u(xi), u(fine));
    }

    @Override
    public void windowedMatVecAdjoint(WindowLayout.Tables windows, Tensor r, Tensor d, Tensor scale,
                                      Tensor fineCotangent, Tensor coarseCotangent, Tensor xiCotangent) {
        delegate.windowedMatVecAdjoint(u(windows), u(r), u(d), scale == null ? null : u(scale), u(fineCotangent),
                u(coarseCotangent), u(xiCotangent));
    }

    @Override
    public void lineMoments(LineMoments.Tables lines, Tensor x, Tensor mean, Tensor variance) {
        delegate.lineMoments(u(lines), u(x), u(mean), u(variance));
    }

    @Override
    public void lineMomentsJvp(LineMoments.Tables lines, Tensor x, Tensor tangent, Tensor dMean, Tensor dVariance) {
        delegate.lineMomentsJvp(u(lines), u(x), u(tangent), u(dMean), u(dVariance));
    }

    @Override
    public void lineMomentsVjp(LineMoments.Tables lines, Tensor x, Tensor meanCotangent, Tensor varianceCotangent,
                               Tensor xCotangent) {
        delegate.lineMomentsVjp(u(lines), u(x), u(meanCotangent), u(varianceCotangent), u(xCotangent));
    }

    @Override
    public void lineMomentsPullBack(LineMoments.Tables lines, Tensor x, LineMoments.ItemCotangents loss,
                                    Tensor xCotangent) {
        delegate.lineMomentsPullBack(u(lines), u(x), loss, u(xCotangent));
    }

    @Override
    public void hermite(HermiteTable.Tables table, Tensor x, Tensor value, Tensor slope) {
        delegate.hermite(new HermiteTable.Tables(table.layout(), u(table.doubles())), u(x), u(value), u(slope));
    }

    @Override
    public void lineMomentsGaussian(LineMoments.Tables lines, Tensor x, Tensor observed, Tensor extraVariance,
                                    Tensor mean, Tensor variance, Tensor loss, Tensor varianceCotangent,
                                    Tensor xCotangent) {
        delegate.lineMomentsGaussian(u(lines), u(x), u(observed), u(extraVariance), u(mean), u(variance), u(loss),
                u(varianceCotangent), u(xCotangent));
    }

    @Override
    public void lineMomentsPushPullDiagonal(LineMoments.Tables lines, Tensor x, Tensor tangent, Tensor meanWeight,
                                            Tensor varianceWeight, Tensor varianceOffset, Tensor varianceCotangent,
                                            Tensor xCotangent) {
        delegate.lineMomentsPushPullDiagonal(u(lines), u(x), u(tangent), u(meanWeight), u(varianceWeight),
                varianceOffset == null ? null : u(varianceOffset), u(varianceCotangent), u(xCotangent));
    }

    @Override
    public void lineMomentsPushPull(LineMoments.Tables lines, Tensor x, Tensor tangent, LineMoments.ItemTangentMap map,
                                    Tensor xCotangent) {
        delegate.lineMomentsPushPull(u(lines), u(x), u(tangent), map, u(xCotangent));
    }

    private LineMoments.Tables u(LineMoments.Tables t) {
        return new LineMoments.Tables(t.layout(), u(t.ints()), u(t.doubles()));
    }

    private WindowLayout.Tables u(WindowLayout.Tables t) {
        return new WindowLayout.Tables(t.layout(), u(t.index()));
    }

    @Override
    public void close() {
    }
}
