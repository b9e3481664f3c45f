package org.dust4j.inducing;

import org.dust4j.core.Backend;
import org.dust4j.core.BinaryOp;
import org.dust4j.core.DType;
import org.dust4j.core.LineMoments;
import org.dust4j.core.ReduceOp;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.dust4j.core.UnaryOp;
import org.dust4j.core.WindowLayout;

/**
 * A backend that runs everything on another one and counts what a GPU backend pays for: operations (each a kernel
 * launch or a library call on the CUDA backend), allocations, uploads and downloads, and the points where the CUDA
 * backend makes the host wait for the device (transfers, Cholesky factorisations and eigendecompositions, which
 * report failures, and {@link #synchronize()}). Its tensors share the delegate's storage; its name is not "cpu", so
 * operators choose their non-CPU settings (block sizes) as on a GPU. Windowed products and line moments are not
 * supported (the inducing module does not use them).
 */
final class CountingBackend implements Backend {
    private final Backend delegate;
    long operations;
    long allocations;
    long uploads;
    long downloads;
    long synchronisations;

    CountingBackend(Backend delegate) {
        this.delegate = delegate;
    }

    /** Snapshot of the counters: operations, allocations, uploads, downloads, synchronisations. */
    long[] counts() {
        return new long[] {operations, allocations, uploads, downloads, synchronisations};
    }

    /** The delegate's view of one of this backend's tensors. */
    private Tensor in(Tensor t) {
        if (t == null) {
            return null;
        }
        if (t.backend() != this) {
            throw new IllegalArgumentException("tensor " + t.shape() + " lives on " + t.backend().name());
        }
        Tensor whole = Tensor.wrap(delegate, t.storage(), Shape.of(Math.toIntExact(t.storage().capacity())));
        return whole.slice(Math.toIntExact(t.offset()), Math.toIntExact(t.offset() + t.size())).reshape(t.shape().dims());
    }

    private Tensor out(Tensor t) {
        allocations++;
        return Tensor.wrap(this, t.storage(), t.shape());
    }

    private void op() {
        operations++;
    }

    @Override
    public String name() {
        return "counting";
    }

    @Override
    public String description() {
        return "counting " + delegate.description();
    }

    @Override
    public Tensor zeros(DType dtype, Shape shape) {
        op();
        return out(delegate.zeros(dtype, shape));
    }

    @Override
    public Tensor fromHost(double[] data, DType dtype, Shape shape) {
        uploads++;
        synchronisations++;
        return out(delegate.fromHost(data, dtype, shape));
    }

    @Override
    public Tensor fromHost(float[] data, DType dtype, Shape shape) {
        uploads++;
        synchronisations++;
        return out(delegate.fromHost(data, dtype, shape));
    }

    @Override
    public Tensor fromHost(int[] data, Shape shape) {
        uploads++;
        synchronisations++;
        return out(delegate.fromHost(data, shape));
    }

    @Override
    public void copyToHost(Tensor src, double[] dst, int dstOffset) {
        downloads++;
        synchronisations++;
        delegate.copyToHost(in(src), dst, dstOffset);
    }

    @Override
    public void copyToHost(Tensor src, float[] dst, int dstOffset) {
        downloads++;
        synchronisations++;
        delegate.copyToHost(in(src), dst, dstOffset);
    }

    @Override
    public void copyToHost(Tensor src, int[] dst, int dstOffset) {
        downloads++;
        synchronisations++;
        delegate.copyToHost(in(src), dst, dstOffset);
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        op();
        delegate.copy(in(src), in(dst));
    }

    @Override
    public void fill(Tensor t, double value) {
        op();
        delegate.fill(in(t), value);
    }

    @Override
    public void synchronize() {
        synchronisations++;
        delegate.synchronize();
    }

    @Override
    public void unary(UnaryOp o, Tensor x, Tensor out) {
        op();
        delegate.unary(o, in(x), in(out));
    }

    @Override
    public void binary(BinaryOp o, Tensor a, Tensor b, Tensor out) {
        op();
        delegate.binary(o, in(a), in(b), in(out));
    }

    @Override
    public void binaryScalar(BinaryOp o, Tensor a, double s, Tensor out) {
        op();
        delegate.binaryScalar(o, in(a), s, in(out));
    }

    @Override
    public void scalarBinary(BinaryOp o, double s, Tensor a, Tensor out) {
        op();
        delegate.scalarBinary(o, s, in(a), in(out));
    }

    @Override
    public void fma(Tensor a, Tensor b, Tensor c, Tensor out) {
        op();
        delegate.fma(in(a), in(b), in(c), in(out));
    }

    @Override
    public void axpby(double alpha, Tensor x, double beta, Tensor y, Tensor out) {
        op();
        delegate.axpby(alpha, in(x), beta, in(y), in(out));
    }

    @Override
    public void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
        op();
        delegate.where(in(cond), in(a), in(b), in(out));
    }

    @Override
    public void reduceAll(ReduceOp o, Tensor x, Tensor out) {
        op();
        delegate.reduceAll(o, in(x), in(out));
    }

    @Override
    public void reduce(ReduceOp o, Tensor x, int axis, Tensor out) {
        op();
        delegate.reduce(o, in(x), axis, in(out));
    }

    @Override
    public void dot(Tensor a, Tensor b, Tensor out) {
        op();
        delegate.dot(in(a), in(b), in(out));
    }

    @Override
    public void cumsum(Tensor x, int axis, boolean exclusive, boolean reverse, Tensor out) {
        op();
        delegate.cumsum(in(x), axis, exclusive, reverse, in(out));
    }

    @Override
    public void gather(Tensor x, Tensor index, Tensor out) {
        op();
        delegate.gather(in(x), in(index), in(out));
    }

    @Override
    public void scatterAdd(Tensor src, Tensor index, Tensor out) {
        op();
        delegate.scatterAdd(in(src), in(index), in(out));
    }

    @Override
    public void matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor out) {
        op();
        delegate.matmul(in(a), transposeA, in(b), transposeB, in(out));
    }

    @Override
    public void cholesky(Tensor a, Tensor out) {
        op();
        synchronisations++;
        delegate.cholesky(in(a), in(out));
    }

    @Override
    public void triangularSolve(Tensor t, boolean lower, boolean transpose, Tensor b, Tensor out) {
        op();
        delegate.triangularSolve(in(t), lower, transpose, in(b), in(out));
    }

    @Override
    public void symmetricEigen(Tensor a, Tensor eigenvalues, Tensor eigenvectors) {
        op();
        synchronisations++;
        delegate.symmetricEigen(in(a), in(eigenvalues), in(eigenvectors));
    }

    @Override
    public void windowedMatVec(WindowLayout.Tables windows, Tensor r, Tensor d, Tensor scale, Tensor coarse, Tensor xi,
                               Tensor fine) {
        throw new UnsupportedOperationException("windowed products are not counted");
    }

    @Override
    public void windowedMatVecAdjoint(WindowLayout.Tables windows, Tensor r, Tensor d, Tensor scale,
                                      Tensor fineCotangent, Tensor coarseCotangent, Tensor xiCotangent) {
        throw new UnsupportedOperationException("windowed products are not counted");
    }

    @Override
    public void lineMoments(LineMoments.Tables lines, Tensor x, Tensor mean, Tensor variance) {
        throw new UnsupportedOperationException("line moments are not counted");
    }

    @Override
    public void lineMomentsJvp(LineMoments.Tables lines, Tensor x, Tensor tangent, Tensor dMean, Tensor dVariance) {
        throw new UnsupportedOperationException("line moments are not counted");
    }

    @Override
    public void lineMomentsVjp(LineMoments.Tables lines, Tensor x, Tensor meanCotangent, Tensor varianceCotangent,
                               Tensor xCotangent) {
        throw new UnsupportedOperationException("line moments are not counted");
    }

    @Override
    public void randomNormal(long seed, long offset, Tensor out) {
        op();
        delegate.randomNormal(seed, offset, in(out));
    }

    @Override
    public void randomUniform(long seed, long offset, Tensor out) {
        op();
        delegate.randomUniform(seed, offset, in(out));
    }

    @Override
    public void close() {
    }
}
