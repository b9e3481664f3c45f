package org.dust4j.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A backend that runs everything on another one and counts what a GPU backend pays for: operations (each a kernel
 * launch or a library call on the CUDA backend), allocations, uploads and downloads, and the points where the CUDA
 * backend makes the host wait for the device (transfers, Cholesky factorisations and eigendecompositions, which
 * report failures, and {@link #synchronize()}). It also counts the {@link #live() live} allocations and their
 * {@link #peak() peak}, so that tests can check that code releases every tensor it allocates (as a GPU backend needs)
 * and how much it holds at once. With timing on, it also waits for the delegate after every operation
 * and adds the elapsed wall-clock time to the operation's kind (the backend method and the first calling method, with
 * its line, outside core's tensor conveniences), so that {@link #profile} shows where the device time goes (each entry
 * includes one synchronisation's latency). For tests and benchmarks, not for production work.
 *
 * <p>Every operation runs on the delegate, the table operations (windowed products, line moments, tabulated
 * functions) included: their tables must live on this backend too. The host-callback line-moment operations
 * ({@link #lineMomentsPullBack}, {@link #lineMomentsPushPull}) run as {@link Backend}'s unfused defaults, as on the
 * CUDA backend, so they count (and compute) as the forward, tangent, transfers and pull-back they are made of. Its
 * tensors wrap the delegate's storage, whose release they count (views are translated at every call; tensors up to
 * 2³¹ elements); a tensor of another backend is refused with an error naming it. Its name is not the delegate's, so
 * code that picks settings by backend name ("cpu") picks its non-CPU settings.
 */
public final class InstrumentedBackend implements Backend {
    private final Backend delegate;
    private final boolean timed;
    private final Map<String, long[]> byKind = new HashMap<>();
    private long operations;
    private long allocations;
    private long uploads;
    private long downloads;
    private long synchronisations;
    private long live;
    private long peak;

    /**
     * @param timed wait for the delegate after every operation and record the time per kind of operation
     */
    public InstrumentedBackend(Backend delegate, boolean timed) {
        this.delegate = delegate;
        this.timed = timed;
    }

    /** The counters so far. */
    public record Counts(long operations, long allocations, long uploads, long downloads, long synchronisations) {
        /** This minus an earlier snapshot. */
        public Counts minus(Counts o) {
            return new Counts(operations - o.operations, allocations - o.allocations, uploads - o.uploads,
                    downloads - o.downloads, synchronisations - o.synchronisations);
        }
    }

    /** A snapshot of the counters. */
    public synchronized Counts counts() {
        return new Counts(operations, allocations, uploads, downloads, synchronisations);
    }

    /** Allocations not yet released (tensors this backend made whose storage is still held). */
    public synchronized long live() {
        return live;
    }

    /** The largest number of simultaneously {@link #live() live} allocations so far. */
    public synchronized long peak() {
        return peak;
    }

    /** Time and count of one kind of operation. */
    public record Entry(String kind, long calls, double milliseconds) {
    }

    /** The timed kinds of operation, longest total time first (empty without timing). */
    public synchronized List<Entry> profile() {
        List<Entry> out = new ArrayList<>();
        byKind.forEach((k, v) -> out.add(new Entry(k, v[0], v[1] * 1e-6)));
        out.sort(Comparator.comparingDouble(Entry::milliseconds).reversed());
        return out;
    }

    /** Forgets the timings. */
    public synchronized void clearProfile() {
        byKind.clear();
    }

    /** The delegate's view of one of this backend's tensors. */
    private Tensor in(Tensor t) {
        if (t == null) {
            return null;
        }
        if (t.backend() != this) {
            throw new IllegalArgumentException("tensor " + t.shape() + " lives on " + t.backend().name()
                    + ", not on " + name());
        }
        Storage inner = ((Counted) t.storage()).inner;
        Tensor whole = Tensor.wrap(delegate, inner, Shape.of(Math.toIntExact(inner.capacity())));
        return whole.slice(Math.toIntExact(t.offset()), Math.toIntExact(t.offset() + t.size())).reshape(t.shape().dims());
    }

    /** Takes over a tensor the delegate allocated: counts it and wraps its storage so that its release is counted. */
    private Tensor out(Tensor t) {
        synchronized (this) {
            allocations++;
            live++;
            peak = Math.max(peak, live);
        }
        return Tensor.wrap(this, new Counted(t.storage()), t.shape());
    }

    private synchronized void countRelease() {
        live--;
    }

    /** The delegate's storage of one allocation; releasing it releases the delegate's and counts the release. */
    private final class Counted implements Storage {
        final Storage inner;
        private boolean released;

        Counted(Storage inner) {
            this.inner = inner;
        }

        @Override
        public long capacity() {
            return inner.capacity();
        }

        @Override
        public DType dtype() {
            return inner.dtype();
        }

        @Override
        public synchronized void release() {
            if (!released) {
                released = true;
                inner.release();
                countRelease();
            }
        }

        @Override
        public synchronized boolean isReleased() {
            return released;
        }
    }

    /** Runs one operation of the delegate, counted and, with timing, timed. */
    private void op(Runnable r) {
        synchronized (this) {
            operations++;
        }
        if (!timed) {
            r.run();
            return;
        }
        long t0 = System.nanoTime();
        r.run();
        delegate.synchronize();
        long dt = System.nanoTime() - t0;
        String kind = StackWalker.getInstance().walk(frames -> {
            List<StackWalker.StackFrame> f = frames.limit(12).toList();
            String method = f.get(1).getMethodName();
            String caller = f.stream().skip(2).filter(x -> !plumbing(x.getClassName())).findFirst()
                    .map(x -> x.getClassName().substring(x.getClassName().lastIndexOf('.') + 1) + "."
                            + x.getMethodName() + ":" + x.getLineNumber()).orElse("?");
            return method + " <- " + caller;
        });
        synchronized (this) {
            long[] v = byKind.computeIfAbsent(kind, k -> new long[2]);
            v[0]++;
            v[1] += dt;
        }
    }

    /** Classes whose frames the profile skips to name the caller: tensor conveniences and generic combinators. */
    private static boolean plumbing(String className) {
        return className.equals(Tensor.class.getName()) || className.startsWith("org.dust4j.core.op.TensorOps")
                || className.startsWith("org.dust4j.core.op.Space");
    }

    private synchronized void transfer(boolean upload) {
        if (upload) {
            uploads++;
        } else {
            downloads++;
        }
        synchronisations++;
    }

    @Override
    public String name() {
        return "instrumented(" + delegate.name() + ")";
    }

    @Override
    public String description() {
        return "instrumented " + delegate.description();
    }

    @Override
    public Tensor zeros(DType dtype, Shape shape) {
        Tensor[] t = new Tensor[1];
        op(() -> t[0] = delegate.zeros(dtype, shape));
        return out(t[0]);
    }

    @Override
    public Tensor fromHost(double[] data, DType dtype, Shape shape) {
        transfer(true);
        return out(delegate.fromHost(data, dtype, shape));
    }

    @Override
    public Tensor fromHost(float[] data, DType dtype, Shape shape) {
        transfer(true);
        return out(delegate.fromHost(data, dtype, shape));
    }

    @Override
    public Tensor fromHost(int[] data, Shape shape) {
        transfer(true);
        return out(delegate.fromHost(data, shape));
    }

    @Override
    public void copyToHost(Tensor src, double[] dst, int dstOffset) {
        transfer(false);
        delegate.copyToHost(in(src), dst, dstOffset);
    }

    @Override
    public void copyToHost(Tensor src, float[] dst, int dstOffset) {
        transfer(false);
        delegate.copyToHost(in(src), dst, dstOffset);
    }

    @Override
    public void copyToHost(Tensor src, int[] dst, int dstOffset) {
        transfer(false);
        delegate.copyToHost(in(src), dst, dstOffset);
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        op(() -> delegate.copy(in(src), in(dst)));
    }

    @Override
    public void fill(Tensor t, double value) {
        op(() -> delegate.fill(in(t), value));
    }

    @Override
    public void synchronize() {
        synchronized (this) {
            synchronisations++;
        }
        delegate.synchronize();
    }

    @Override
    public void unary(UnaryOp o, Tensor x, Tensor out) {
        op(() -> delegate.unary(o, in(x), in(out)));
    }

    @Override
    public void unaryAffine(UnaryOp o, double scale, double shift, Tensor x, Tensor out) {
        op(() -> delegate.unaryAffine(o, scale, shift, in(x), in(out)));
    }

    @Override
    public void binary(BinaryOp o, Tensor a, Tensor b, Tensor out) {
        op(() -> delegate.binary(o, in(a), in(b), in(out)));
    }

    @Override
    public void binaryScalar(BinaryOp o, Tensor a, double s, Tensor out) {
        op(() -> delegate.binaryScalar(o, in(a), s, in(out)));
    }

    @Override
    public void scalarBinary(BinaryOp o, double s, Tensor a, Tensor out) {
        op(() -> delegate.scalarBinary(o, s, in(a), in(out)));
    }

    @Override
    public void fma(Tensor a, Tensor b, Tensor c, Tensor out) {
        op(() -> delegate.fma(in(a), in(b), in(c), in(out)));
    }

    @Override
    public void axpby(double alpha, Tensor x, double beta, Tensor y, Tensor out) {
        op(() -> delegate.axpby(alpha, in(x), beta, in(y), in(out)));
    }

    @Override
    public void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
        op(() -> delegate.where(in(cond), in(a), in(b), in(out)));
    }

    @Override
    public void affineExpProduct(double scale, double shift, double factor, Tensor x, Tensor g, Tensor out,
                                 Tensor sums) {
        op(() -> delegate.affineExpProduct(scale, shift, factor, in(x), in(g), in(out), in(sums)));
    }

    @Override
    public void axpbySquaredNorm(double alpha, Tensor x, double beta, Tensor y, Tensor out, Tensor squaredNorm) {
        op(() -> delegate.axpbySquaredNorm(alpha, in(x), beta, in(y), in(out), in(squaredNorm)));
    }

    @Override
    public void reduceAll(ReduceOp o, Tensor x, Tensor out) {
        op(() -> delegate.reduceAll(o, in(x), in(out)));
    }

    @Override
    public void reduce(ReduceOp o, Tensor x, int axis, Tensor out) {
        op(() -> delegate.reduce(o, in(x), axis, in(out)));
    }

    @Override
    public void dot(Tensor a, Tensor b, Tensor out) {
        op(() -> delegate.dot(in(a), in(b), in(out)));
    }

    @Override
    public void cumsum(Tensor x, int axis, boolean exclusive, boolean reverse, Tensor out) {
        op(() -> delegate.cumsum(in(x), axis, exclusive, reverse, in(out)));
    }

    @Override
    public void gather(Tensor x, Tensor index, Tensor out) {
        op(() -> delegate.gather(in(x), in(index), in(out)));
    }

    @Override
    public void scatterAdd(Tensor src, Tensor index, Tensor out) {
        op(() -> delegate.scatterAdd(in(src), in(index), in(out)));
    }

    @Override
    public void matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor out) {
        op(() -> delegate.matmul(in(a), transposeA, in(b), transposeB, in(out)));
    }

    @Override
    public void cholesky(Tensor a, Tensor out) {
        reportingFailure();
        op(() -> delegate.cholesky(in(a), in(out)));
    }

    @Override
    public void triangularSolve(Tensor t, boolean lower, boolean transpose, Tensor b, Tensor out) {
        op(() -> delegate.triangularSolve(in(t), lower, transpose, in(b), in(out)));
    }

    @Override
    public void symmetricEigen(Tensor a, Tensor eigenvalues, Tensor eigenvectors) {
        reportingFailure();
        op(() -> delegate.symmetricEigen(in(a), in(eigenvalues), in(eigenvectors)));
    }

    /** Counts the synchronisation of an operation that reports a failure found on the device. */
    private synchronized void reportingFailure() {
        synchronisations++;
    }

    @Override
    public void windowedMatVec(WindowLayout.Tables windows, Tensor r, Tensor d, Tensor scale, Tensor coarse, Tensor xi,
                               Tensor fine) {
        op(() -> delegate.windowedMatVec(in(windows), in(r), in(d), in(scale), in(coarse), in(xi), in(fine)));
    }

    @Override
    public void windowedMatVecAdjoint(WindowLayout.Tables windows, Tensor r, Tensor d, Tensor scale,
                                      Tensor fineCotangent, Tensor coarseCotangent, Tensor xiCotangent) {
        op(() -> delegate.windowedMatVecAdjoint(in(windows), in(r), in(d), in(scale), in(fineCotangent),
                in(coarseCotangent), in(xiCotangent)));
    }

    @Override
    public void lineMoments(LineMoments.Tables lines, Tensor x, Tensor mean, Tensor variance) {
        op(() -> delegate.lineMoments(in(lines), in(x), in(mean), in(variance)));
    }

    @Override
    public void lineMomentsJvp(LineMoments.Tables lines, Tensor x, Tensor tangent, Tensor dMean, Tensor dVariance) {
        op(() -> delegate.lineMomentsJvp(in(lines), in(x), in(tangent), in(dMean), in(dVariance)));
    }

    @Override
    public void lineMomentsVjp(LineMoments.Tables lines, Tensor x, Tensor meanCotangent, Tensor varianceCotangent,
                               Tensor xCotangent) {
        op(() -> delegate.lineMomentsVjp(in(lines), in(x), in(meanCotangent), in(varianceCotangent), in(xCotangent)));
    }

    @Override
    public void lineMomentsGaussian(LineMoments.Tables lines, Tensor x, Tensor observed, Tensor extraVariance,
                                    Tensor mean, Tensor variance, Tensor loss, Tensor varianceCotangent,
                                    Tensor xCotangent) {
        op(() -> delegate.lineMomentsGaussian(in(lines), in(x), in(observed), in(extraVariance), in(mean),
                in(variance), in(loss), in(varianceCotangent), in(xCotangent)));
    }

    @Override
    public void lineMomentsPushPullDiagonal(LineMoments.Tables lines, Tensor x, Tensor tangent, Tensor meanWeight,
                                           Tensor varianceWeight, Tensor varianceOffset, Tensor varianceCotangent,
                                           Tensor xCotangent) {
        op(() -> delegate.lineMomentsPushPullDiagonal(in(lines), in(x), in(tangent), in(meanWeight),
                in(varianceWeight), in(varianceOffset), in(varianceCotangent), in(xCotangent)));
    }

    @Override
    public void hermite(HermiteTable.Tables table, Tensor x, Tensor factor, Tensor value, Tensor slope) {
        op(() -> delegate.hermite(new HermiteTable.Tables(table.layout(), in(table.doubles())), in(x), in(factor),
                in(value), in(slope)));
    }

    private LineMoments.Tables in(LineMoments.Tables t) {
        return new LineMoments.Tables(t.layout(), in(t.ints()), in(t.doubles()));
    }

    private WindowLayout.Tables in(WindowLayout.Tables t) {
        return new WindowLayout.Tables(t.layout(), in(t.index()));
    }

    @Override
    public void randomNormal(long seed, long offset, Tensor out) {
        op(() -> delegate.randomNormal(seed, offset, in(out)));
    }

    @Override
    public void randomUniform(long seed, long offset, Tensor out) {
        op(() -> delegate.randomUniform(seed, offset, in(out)));
    }

    @Override
    public void close() {
    }
}
