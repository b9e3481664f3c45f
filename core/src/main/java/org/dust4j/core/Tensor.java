package org.dust4j.core;

import java.util.Arrays;
import java.util.Objects;

/**
 * A dense row-major tensor living on one {@link Backend}. Tensors that own their memory release it on
 * {@link #close()}; views ({@link #reshape}, {@link #slice}, {@link #row}) share the memory of their parent
 * and own nothing. The convenience methods allocate their result on the same backend.
 */
public final class Tensor implements AutoCloseable {
    private final Backend backend;
    private final Storage storage;
    private final DType dtype;
    private final Shape shape;
    private final long offset;
    private final boolean owner;

    private Tensor(Backend backend, Storage storage, DType dtype, Shape shape, long offset, boolean owner) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.storage = Objects.requireNonNull(storage, "storage");
        this.dtype = Objects.requireNonNull(dtype, "dtype");
        this.shape = Objects.requireNonNull(shape, "shape");
        this.offset = offset;
        this.owner = owner;
        if (storage.dtype() != dtype) {
            throw new IllegalArgumentException("storage holds " + storage.dtype() + ", tensor wants " + dtype);
        }
        if (offset < 0 || offset + shape.size() > storage.capacity()) {
            throw new IllegalArgumentException("view [" + offset + ", " + (offset + shape.size())
                    + ") exceeds storage of " + storage.capacity() + " elements");
        }
    }

    /** For backend implementations: a tensor that owns {@code storage}. */
    public static Tensor wrap(Backend backend, Storage storage, Shape shape) {
        return new Tensor(backend, storage, storage.dtype(), shape, 0, true);
    }

    public Backend backend() {
        return backend;
    }

    /** For backend implementations: the underlying memory. Throws if it has been released. */
    public Storage storage() {
        if (storage.isReleased()) {
            throw new IllegalStateException("tensor " + shape + " " + dtype + " used after its memory was released");
        }
        return storage;
    }

    /** Offset of the first element within {@link #storage()}, in elements. */
    public long offset() {
        return offset;
    }

    public DType dtype() {
        return dtype;
    }

    public Shape shape() {
        return shape;
    }

    public long size() {
        return shape.size();
    }

    public int rank() {
        return shape.rank();
    }

    /** Whether this tensor owns (and on close releases) its memory. */
    public boolean isOwner() {
        return owner;
    }

    // ---------------------------------------------------------------- views

    /** A view with another shape of the same size. */
    public Tensor reshape(int... dims) {
        Shape s = Shape.of(dims);
        if (s.size() != shape.size()) {
            throw new IllegalArgumentException("cannot reshape " + shape + " (" + shape.size() + " elements) to " + s);
        }
        return new Tensor(backend, storage(), dtype, s, offset, false);
    }

    /** A view of rows [start, end) along axis 0. */
    public Tensor slice(int start, int end) {
        if (shape.rank() == 0) {
            throw new IllegalArgumentException("cannot slice a scalar");
        }
        int n = shape.dim(0);
        if (start < 0 || end > n || start > end) {
            throw new IndexOutOfBoundsException("slice [" + start + ", " + end + ") of axis 0 with length " + n);
        }
        long inner = shape.inner(0);
        return new Tensor(backend, storage(), dtype, shape.with(0, end - start), offset + start * inner, false);
    }

    /** A view of row i along axis 0 (rank drops by one). */
    public Tensor row(int i) {
        if (shape.rank() == 0) {
            throw new IllegalArgumentException("cannot take a row of a scalar");
        }
        if (i < 0 || i >= shape.dim(0)) {
            throw new IndexOutOfBoundsException("row " + i + " of axis 0 with length " + shape.dim(0));
        }
        return new Tensor(backend, storage(), dtype, shape.without(0), offset + i * shape.inner(0), false);
    }

    // ---------------------------------------------------------------- transfers

    public double[] toDoubleArray() {
        double[] a = new double[Math.toIntExact(size())];
        backend.copyToHost(this, a, 0);
        return a;
    }

    public float[] toFloatArray() {
        float[] a = new float[Math.toIntExact(size())];
        backend.copyToHost(this, a, 0);
        return a;
    }

    public int[] toIntArray() {
        int[] a = new int[Math.toIntExact(size())];
        backend.copyToHost(this, a, 0);
        return a;
    }

    /** The value of a single-element tensor. */
    public double item() {
        if (size() != 1) {
            throw new IllegalArgumentException("item() needs a single-element tensor, got shape " + shape);
        }
        return toDoubleArray()[0];
    }

    /** A copy on {@code target} (a copy even when target is this backend). */
    public Tensor to(Backend target) {
        if (dtype == DType.INT32) {
            return target.fromHost(toIntArray(), shape);
        }
        if (target == backend) {
            Tensor t = target.zeros(dtype, shape);
            target.copy(this, t);
            return t;
        }
        return dtype == DType.FLOAT32 ? target.fromHost(toFloatArray(), dtype, shape)
                : target.fromHost(toDoubleArray(), dtype, shape);
    }

    /** A copy converted to {@code type} on the same backend. */
    public Tensor as(DType type) {
        Tensor t = backend.zeros(type, shape);
        backend.copy(this, t);
        return t;
    }

    /** A copy on the same backend. */
    public Tensor copy() {
        return as(dtype);
    }

    /** A new zero tensor of the same dtype and shape on the same backend. */
    public Tensor zerosLike() {
        return backend.zeros(dtype, shape);
    }

    /** A new tensor of the same dtype and shape on the same backend with unspecified elements ({@link Backend#empty}). */
    public Tensor emptyLike() {
        return backend.empty(dtype, shape);
    }

    // ---------------------------------------------------------------- allocating conveniences

    private Tensor unary(UnaryOp op) {
        Tensor out = zerosLike();
        backend.unary(op, this, out);
        return out;
    }

    private Tensor binary(BinaryOp op, Tensor other) {
        Tensor out = backend.zeros(dtype, other.size() > size() ? other.shape : shape);
        backend.binary(op, this, other, out);
        return out;
    }

    private Tensor binary(BinaryOp op, double s) {
        Tensor out = zerosLike();
        backend.binaryScalar(op, this, s, out);
        return out;
    }

    public Tensor add(Tensor o) {
        return binary(BinaryOp.ADD, o);
    }

    public Tensor sub(Tensor o) {
        return binary(BinaryOp.SUB, o);
    }

    public Tensor mul(Tensor o) {
        return binary(BinaryOp.MUL, o);
    }

    public Tensor div(Tensor o) {
        return binary(BinaryOp.DIV, o);
    }

    public Tensor add(double s) {
        return binary(BinaryOp.ADD, s);
    }

    public Tensor mul(double s) {
        return binary(BinaryOp.MUL, s);
    }

    public Tensor pow(double p) {
        return binary(BinaryOp.POW, p);
    }

    public Tensor neg() {
        return unary(UnaryOp.NEG);
    }

    public Tensor exp() {
        return unary(UnaryOp.EXP);
    }

    public Tensor log() {
        return unary(UnaryOp.LOG);
    }

    public Tensor sqrt() {
        return unary(UnaryOp.SQRT);
    }

    public Tensor square() {
        return unary(UnaryOp.SQUARE);
    }

    public Tensor abs() {
        return unary(UnaryOp.ABS);
    }

    private double reduceAll(ReduceOp op) {
        try (Tensor out = backend.zeros(dtype, Shape.scalar())) {
            backend.reduceAll(op, this, out);
            return out.item();
        }
    }

    public double sum() {
        return reduceAll(ReduceOp.SUM);
    }

    public double max() {
        return reduceAll(ReduceOp.MAX);
    }

    public double min() {
        return reduceAll(ReduceOp.MIN);
    }

    public double norm() {
        return reduceAll(ReduceOp.L2);
    }

    public double dot(Tensor o) {
        try (Tensor out = backend.zeros(dtype, Shape.scalar())) {
            backend.dot(this, o, out);
            return out.item();
        }
    }

    /** Sum along an axis (the axis is removed). */
    public Tensor sum(int axis) {
        Tensor out = backend.zeros(dtype, shape.without(axis));
        backend.reduce(ReduceOp.SUM, this, axis, out);
        return out;
    }

    /** Inclusive forward cumulative sum along an axis. */
    public Tensor cumsum(int axis) {
        Tensor out = zerosLike();
        backend.cumsum(this, axis, false, false, out);
        return out;
    }

    /** Matrix product of the last two axes, batched over leading axes. */
    public Tensor matmul(Tensor b) {
        int[] d = shape.rank() >= b.shape.rank() ? shape.dims() : b.shape.dims();
        d[d.length - 2] = shape.dim(-2);
        d[d.length - 1] = b.shape.dim(-1);
        Tensor out = backend.zeros(dtype, Shape.of(d));
        backend.matmul(this, false, b, false, out);
        return out;
    }

    /** Releases the memory if this tensor owns it; views do nothing. */
    @Override
    public void close() {
        if (owner) {
            storage.release();
        }
    }

    @Override
    public String toString() {
        String head = "Tensor" + shape + " " + dtype + " on " + backend.name();
        if (storage.isReleased()) {
            return head + " (released)";
        }
        if (size() <= 16) {
            return head + " " + (dtype == DType.INT32 ? Arrays.toString(toIntArray()) : Arrays.toString(toDoubleArray()));
        }
        return head;
    }
}
