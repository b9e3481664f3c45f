package org.dust4j.core.op;

import java.util.List;
import java.util.stream.IntStream;

import org.dust4j.core.Backend;
import org.dust4j.core.BinaryOp;
import org.dust4j.core.DType;
import org.dust4j.core.ReduceOp;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;

/**
 * A linear map A between two real {@link Space}s with its adjoint Aᵀ (⟨A x, y⟩ = ⟨x, Aᵀ y⟩ in the Euclidean
 * inner products of the flattened tensors). A linear operator is an {@link Operator} whose Jacobian is itself.
 *
 * <p>Conventions: {@code a.after(b)} is the product A·B (B is applied first); {@code a.plus(b)} is A + B;
 * {@code a.scale(c)} is c·A; {@code a.adjoint()} is the view Aᵀ and {@code a.adjoint(y)} applies it.
 * {@link #apply} and {@link #adjoint(Tensor)} allocate their results on the input's backend;
 * {@link #apply(Tensor, Tensor)} and {@link #adjoint(Tensor, Tensor)} write them into a given tensor. Operators built
 * from tensors ({@link #diagonal}, {@link #matrix}, {@link #triangularSolve}) reference them without owning
 * them: keep those tensors alive while the operator is used, and close them yourself.
 *
 * <p>Subclasses implement {@link #compute} (A x) and {@link #computeAdjoint} (Aᵀ y) on checked inputs.
 */
public abstract class LinearOperator extends Operator {

    /**
     * @param domain the space of inputs
     * @param target the space of outputs
     * @param name   a short description used in error messages and {@link #toString()}
     */
    protected LinearOperator(Space domain, Space target, String name) {
        super(domain, target, name);
    }

    /** Aᵀ y, a new tensor in {@link #domain()} on y's backend. */
    public final Tensor adjoint(Tensor y) {
        requireIn("adjoint", "an input", target(), y);
        return computeAdjoint(y);
    }

    /** Computes Aᵀ y for y already checked to lie in the target. */
    protected abstract Tensor computeAdjoint(Tensor y);

    /**
     * A x written into {@code out}, a tensor of {@link #target()} on x's backend that does not overlap x (a view of a
     * larger tensor, for instance). This default computes A x and copies it into out; operators that can write their
     * result in place override it and save the temporary and the copy.
     */
    public void apply(Tensor x, Tensor out) {
        requireIn("apply", "an output", target(), out);
        try (Tensor r = apply(x)) {
            out.backend().copy(r, out);
        }
    }

    /**
     * Aᵀ y written into {@code out}, a tensor of {@link #domain()} on y's backend that does not overlap y. This default
     * computes Aᵀ y and copies it into out; operators that can write their result in place override it.
     */
    public void adjoint(Tensor y, Tensor out) {
        requireIn("adjoint", "an output", domain(), out);
        try (Tensor r = adjoint(y)) {
            out.backend().copy(r, out);
        }
    }

    /** The linearization of a linear operator: the value A x and the Jacobian A. */
    @Override
    protected final Linearization linearizeAt(Tensor x) {
        return new Linearization(compute(x), this);
    }

    /** The adjoint Aᵀ as an operator (a view: no work is done until it is applied). */
    public LinearOperator adjoint() {
        return new Adjoint(this);
    }

    /** A∘B when the inner operator is linear (then the result is a {@link LinearOperator}), else f∘g. */
    @Override
    public Operator after(Operator inner) {
        return inner instanceof LinearOperator l ? after(l) : super.after(inner);
    }

    /** The product A·B (B applied first). */
    public LinearOperator after(LinearOperator inner) {
        requireComposable(this, inner);
        return new Product(this, inner);
    }

    /** A + B when the other operator is linear (then the result is a {@link LinearOperator}). */
    @Override
    public Operator plus(Operator other) {
        return other instanceof LinearOperator l ? plus(l) : super.plus(other);
    }

    /** A + B; both must have the same domain and target. */
    public LinearOperator plus(LinearOperator other) {
        requireSameSpaces("plus", this, other);
        return new Sum(this, other);
    }

    /** c·A. */
    @Override
    public LinearOperator scale(double c) {
        return new Scaled(this, c);
    }

    /**
     * The matrix of this operator, [target size, domain size], built column by column by applying the operator
     * to the unit vectors (so it costs one application per domain element): for tests and small problems.
     */
    public Tensor toDense(Backend backend) {
        int rows = Math.toIntExact(target().size());
        int cols = Math.toIntExact(domain().size());
        DType dtype = domain().dtype();
        try (Tensor columns = backend.zeros(dtype, Shape.of(cols, rows))) {
            double[] unit = new double[cols];
            for (int j = 0; j < cols; j++) {
                unit[j] = 1;
                try (Tensor e = backend.fromHost(unit, dtype, domain().shape()); Tensor c = compute(e)) {
                    backend.copy(c, columns.row(j));
                }
                unit[j] = 0;
            }
            return TensorOps.transpose(columns, null);
        }
    }

    // ---------------------------------------------------------------- factories

    /** The identity on a space. */
    public static LinearOperator identity(Space space) {
        return new Identity(space);
    }

    /** x ↦ d ⊙ x, the diagonal operator with diagonal d (any shape; the space is d's). Self-adjoint. */
    public static LinearOperator diagonal(Tensor d) {
        Space s = Space.of(d);
        return new Multiplication(s, d, s, "diagonal" + s);
    }

    /**
     * The dense matrix m [p, q] acting on vectors: domain [q], target [p].
     */
    public static LinearOperator matrix(Tensor m) {
        if (m.rank() != 2) {
            throw new IllegalArgumentException("matrix(m) needs a rank-2 matrix, got shape " + m.shape()
                    + "; use matrix(m, rhs) for batches");
        }
        return matrix(m, Shape.of(m.shape().dim(1)));
    }

    /**
     * x ↦ m · x for matrices m [..., p, q] and inputs of shape {@code rhs} = [..., q, k] (or the vector [q]),
     * giving [..., p, k] (or [p]); batch axes follow {@link Backend#matmul} (equal, or absent on one side).
     */
    public static LinearOperator matrix(Tensor m, Shape rhs) {
        return new MatrixProduct(m, new Space(m.dtype(), rhs));
    }

    /**
     * x ↦ op(t)⁻¹ x for a fixed triangular t [..., n, n] (lower or upper, op = transpose when requested) and
     * inputs of shape {@code rhs} = [..., n, k] with t's batch axes (or the vector [n] for an unbatched t).
     * The adjoint solves with op(t)ᵀ.
     */
    public static LinearOperator triangularSolve(Tensor t, boolean lower, boolean transpose, Shape rhs) {
        return new TriangularSolve(t, lower, transpose, new Space(t.dtype(), rhs));
    }

    /**
     * Picks elements of the flattened input: y.flat[i] = x.flat[index[i]], y of shape {@code target} (which must
     * have index.length elements). The adjoint scatters and adds back (repeated indices accumulate).
     */
    public static LinearOperator select(Space domain, int[] index, Shape target) {
        return select(domain, index, target, null);
    }

    /**
     * {@link #select(Space, int[], Shape)} with the index table uploaded once per backend into {@code cache} (null:
     * at every call).
     */
    public static LinearOperator select(Space domain, int[] index, Shape target, TensorCache cache) {
        return new Selection(domain, index.clone(), target, "select(" + domain + " -> " + target + ")", cache);
    }

    /** The transpose of the last two axes: [..., r, c] -> [..., c, r]. */
    public static LinearOperator transpose(Space domain) {
        return transpose(domain, null);
    }

    /**
     * {@link #transpose(Space)} with the index table uploaded once per backend into {@code cache} (null: at every
     * call).
     */
    public static LinearOperator transpose(Space domain, TensorCache cache) {
        requireMatrix("transpose", domain);
        Shape t = TensorOps.transposedShape(domain.shape());
        return new Selection(domain, TensorOps.transposeIndex(domain.shape()), t, "transpose" + domain, cache);
    }

    /** The diagonals of square matrices: [..., n, n] -> [..., n]. */
    public static LinearOperator diagonalPart(Space domain) {
        requireMatrix("diagonalPart", domain);
        int n = domain.shape().dim(-1);
        if (domain.shape().dim(-2) != n) {
            throw new IllegalArgumentException("diagonalPart needs square matrices, got " + domain);
        }
        int count = Math.toIntExact(domain.size() / n);
        int[] index = new int[count];
        for (int i = 0; i < count; i++) {
            index[i] = (i / n) * n * n + (i % n) * (n + 1);
        }
        return new Selection(domain, index, domain.shape().without(-1), "diagonalPart" + domain, null);
    }

    /** The sum of all elements, into the scalar space; the adjoint broadcasts. */
    public static LinearOperator sum(Space domain) {
        return new Total(domain);
    }

    /** The same elements in another shape of equal size. */
    public static LinearOperator reshape(Space domain, Shape target) {
        if (target.size() != domain.size()) {
            throw new IllegalArgumentException("cannot reshape " + domain + " (" + domain.size() + " elements) to "
                    + target + " (" + target.size() + " elements)");
        }
        return new Reshape(domain, domain.withShape(target));
    }

    /**
     * The block column [A₁; A₂; …]: x ↦ the concatenation of A_i x, flattened, for operators with one domain.
     * Its adjoint sums A_iᵀ y_i over the blocks y_i of y ({@link Blocks#of} of the targets describes them).
     */
    public static LinearOperator blockColumn(LinearOperator... ops) {
        return blockColumn(null, ops);
    }

    /** Block column whose target is the flat concatenation, or {@code target} (same size) when given. */
    static LinearOperator blockColumn(Space target, LinearOperator... ops) {
        if (ops.length == 0) {
            throw new IllegalArgumentException("a block column needs at least one operator");
        }
        Space[] targets = new Space[ops.length];
        for (int i = 0; i < ops.length; i++) {
            if (!ops[i].domain().equals(ops[0].domain())) {
                throw new IllegalArgumentException("block column operators need one domain: block 0 (" + ops[0]
                        + ") has " + ops[0].domain() + ", block " + i + " (" + ops[i] + ") has " + ops[i].domain());
            }
            targets[i] = ops[i].target();
        }
        Blocks blocks = Blocks.of(targets);
        return new BlockColumn(List.of(ops), blocks, target == null ? blocks.space() : target);
    }

    /**
     * The block row [A₁, A₂, …]: x ↦ Σ A_i x_i for the blocks x_i of a flat concatenated input
     * ({@link Blocks#of} of the domains describes them), for operators with one target. This is the adjoint of
     * the block column of the adjoints.
     */
    public static LinearOperator blockRow(LinearOperator... ops) {
        LinearOperator[] adjoints = new LinearOperator[ops.length];
        for (int i = 0; i < ops.length; i++) {
            adjoints[i] = ops[i].adjoint();
        }
        for (int i = 0; i < ops.length; i++) {
            if (!ops[i].target().equals(ops[0].target())) {
                throw new IllegalArgumentException("block row operators need one target: block 0 (" + ops[0]
                        + ") has " + ops[0].target() + ", block " + i + " (" + ops[i] + ") has " + ops[i].target());
            }
        }
        return blockColumn(adjoints).adjoint();
    }

    private static void requireMatrix(String what, Space s) {
        if (s.shape().rank() < 2) {
            throw new IllegalArgumentException(what + " needs matrices (rank >= 2), got " + s);
        }
    }

    // ---------------------------------------------------------------- implementations

    private static final class Adjoint extends LinearOperator {
        private final LinearOperator op;

        Adjoint(LinearOperator op) {
            super(op.target(), op.domain(), op + "ᵀ");
            this.op = op;
        }

        @Override
        protected Tensor compute(Tensor x) {
            return op.computeAdjoint(x);
        }

        @Override
        protected Tensor computeAdjoint(Tensor y) {
            return op.compute(y);
        }

        @Override
        public LinearOperator adjoint() {
            return op;
        }
    }

    private static final class Product extends LinearOperator {
        private final LinearOperator outer;
        private final LinearOperator inner;

        Product(LinearOperator outer, LinearOperator inner) {
            super(inner.domain(), outer.target(), outer + "·" + inner);
            this.outer = outer;
            this.inner = inner;
        }

        @Override
        protected Tensor compute(Tensor x) {
            return chain(outer, inner, x);
        }

        @Override
        protected Tensor computeAdjoint(Tensor y) {
            try (Tensor x = outer.computeAdjoint(y)) {
                return inner.computeAdjoint(x);
            }
        }
    }

    private static final class Sum extends LinearOperator {
        private final List<LinearOperator> terms;

        Sum(LinearOperator a, LinearOperator b) {
            super(a.domain(), a.target(), "(" + a + " + " + b + ")");
            this.terms = List.of(a, b);
        }

        @Override
        protected Tensor compute(Tensor x) {
            return sumOf(terms, t -> t.compute(x));
        }

        @Override
        protected Tensor computeAdjoint(Tensor y) {
            return sumOf(terms, t -> t.computeAdjoint(y));
        }
    }

    private static final class Scaled extends LinearOperator {
        private final LinearOperator op;
        private final double c;

        Scaled(LinearOperator op, double c) {
            super(op.domain(), op.target(), c + "·" + op);
            this.op = op;
            this.c = c;
        }

        @Override
        protected Tensor compute(Tensor x) {
            return scaled(op.compute(x));
        }

        @Override
        protected Tensor computeAdjoint(Tensor y) {
            return scaled(op.computeAdjoint(y));
        }

        private Tensor scaled(Tensor t) {
            t.backend().binaryScalar(BinaryOp.MUL, t, c, t);
            return t;
        }
    }

    private static final class Identity extends LinearOperator {
        Identity(Space space) {
            super(space, space, "identity" + space);
        }

        @Override
        protected Tensor compute(Tensor x) {
            return x.copy();
        }

        @Override
        protected Tensor computeAdjoint(Tensor y) {
            return y.copy();
        }
    }

    private static final class Reshape extends LinearOperator {
        Reshape(Space domain, Space target) {
            super(domain, target, "reshape(" + domain + " -> " + target + ")");
        }

        @Override
        protected Tensor compute(Tensor x) {
            return TensorOps.copyInto(x, target());
        }

        @Override
        protected Tensor computeAdjoint(Tensor y) {
            return TensorOps.copyInto(y, domain());
        }
    }

    /**
     * x ↦ x ⊙ f, where f and x have the target's shape or a single element (broadcast). With a single-element
     * domain and a full factor the adjoint is the inner product ⟨y, f⟩.
     */
    static final class Multiplication extends LinearOperator {
        private final Tensor factor;

        Multiplication(Space domain, Tensor factor, Space target, String name) {
            super(domain, target, name);
            this.factor = factor;
            boolean factorOk = factor.size() == 1 || factor.shape().equals(target.shape());
            boolean domainOk = domain.size() == 1 || domain.equals(target);
            if (!factorOk || !domainOk || factor.dtype() != target.dtype()) {
                throw new IllegalArgumentException(name + ": factor " + factor.shape() + " " + factor.dtype()
                        + " and domain " + domain + " must match the target " + target + " or have one element");
            }
        }

        @Override
        protected Tensor compute(Tensor x) {
            Tensor out = target().zeros(x.backend());
            x.backend().binary(BinaryOp.MUL, x, factor, out);
            return out;
        }

        @Override
        protected Tensor computeAdjoint(Tensor y) {
            Tensor out = domain().zeros(y.backend());
            if (domain().size() == target().size()) {
                y.backend().binary(BinaryOp.MUL, y, factor, out);
            } else {
                y.backend().dot(y, factor, out);
            }
            return out;
        }
    }

    private static final class MatrixProduct extends LinearOperator {
        private final Tensor m;

        MatrixProduct(Tensor m, Space domain) {
            super(domain, new Space(domain.dtype(), productShape(m, domain.shape())), "matrix" + m.shape());
            this.m = m;
        }

        private static Shape productShape(Tensor m, Shape rhs) {
            Shape s = TensorOps.matmulShape(m.shape(), false, TensorOps.asMatrix(rhs), false);
            return rhs.rank() == 1 ? Shape.of(s.dim(0)) : s;
        }

        @Override
        protected Tensor compute(Tensor x) {
            Tensor out = target().zeros(x.backend());
            x.backend().matmul(m, false, TensorOps.asMatrix(x), false, TensorOps.asMatrix(out));
            return out;
        }

        @Override
        protected Tensor computeAdjoint(Tensor y) {
            Tensor out = domain().zeros(y.backend());
            TensorOps.matmulSummed(m, true, TensorOps.asMatrix(y), false, TensorOps.asMatrix(out));
            return out;
        }
    }

    private static final class TriangularSolve extends LinearOperator {
        private final Tensor t;
        private final boolean lower;
        private final boolean transpose;

        TriangularSolve(Tensor t, boolean lower, boolean transpose, Space rhs) {
            super(rhs, rhs, "solve(" + (lower ? "lower" : "upper") + (transpose ? "ᵀ" : "") + t.shape() + ")");
            Linalg.requireSolvable(t.shape(), rhs.shape());
            this.t = t;
            this.lower = lower;
            this.transpose = transpose;
        }

        @Override
        protected Tensor compute(Tensor x) {
            return solve(x, transpose);
        }

        @Override
        protected Tensor computeAdjoint(Tensor y) {
            return solve(y, !transpose);
        }

        private Tensor solve(Tensor b, boolean trans) {
            Tensor out = b.zerosLike();
            b.backend().triangularSolve(t, lower, trans, TensorOps.asMatrix(b), TensorOps.asMatrix(out));
            return out;
        }
    }

    /** Gather by flat index; the adjoint scatters and adds. */
    private static final class Selection extends LinearOperator {
        private final int[] index;
        private final TensorCache cache;

        Selection(Space domain, int[] index, Shape target, String name, TensorCache cache) {
            super(domain, domain.withShape(target), name);
            if (index.length != target.size()) {
                throw new IllegalArgumentException(name + ": " + index.length + " indices cannot fill the target "
                        + target + " of " + target.size() + " elements");
            }
            for (int i = 0; i < index.length; i++) {
                if (index[i] < 0 || index[i] >= domain.size()) {
                    throw new IllegalArgumentException(name + ": index[" + i + "] = " + index[i]
                            + " is outside the domain " + domain + " of " + domain.size() + " elements");
                }
            }
            this.index = index;
            this.cache = cache;
        }

        /** The index table on a backend (keyed by this operator in the cache). */
        private TensorCache.Table table(Backend backend) {
            return TensorCache.Table.index(cache, backend, this, () -> index);
        }

        @Override
        protected Tensor compute(Tensor x) {
            Tensor out = target().zeros(x.backend());
            try (TensorCache.Table t = table(x.backend())) {
                TensorOps.gatherFlat(x, t.tensor(), out);
            }
            return out;
        }

        @Override
        protected Tensor computeAdjoint(Tensor y) {
            Tensor out = domain().zeros(y.backend());
            try (TensorCache.Table t = table(y.backend())) {
                TensorOps.scatterAddFlat(y, t.tensor(), out);
            }
            return out;
        }
    }

    private static final class Total extends LinearOperator {
        Total(Space domain) {
            super(domain, Space.scalar(domain.dtype()), "sum" + domain);
        }

        @Override
        protected Tensor compute(Tensor x) {
            Tensor out = target().zeros(x.backend());
            x.backend().reduceAll(ReduceOp.SUM, x, out);
            return out;
        }

        @Override
        protected Tensor computeAdjoint(Tensor y) {
            Tensor out = domain().zeros(y.backend());
            y.backend().binary(BinaryOp.ADD, out, y, out);
            return out;
        }
    }

    private static final class BlockColumn extends LinearOperator {
        private final List<LinearOperator> ops;
        private final Blocks blocks;

        BlockColumn(List<LinearOperator> ops, Blocks blocks, Space target) {
            super(ops.get(0).domain(), target, "blockColumn" + ops);
            if (target.size() != blocks.space().size()) {
                throw new IllegalArgumentException("block column target " + target + " must have "
                        + blocks.space().size() + " elements");
            }
            this.ops = ops;
            this.blocks = blocks;
        }

        @Override
        protected Tensor compute(Tensor x) {
            return blocks.assemble(target(), x.backend(), i -> ops.get(i).compute(x));
        }

        @Override
        protected Tensor computeAdjoint(Tensor y) {
            return sumOf(IntStream.range(0, ops.size()).boxed().toList(),
                    i -> ops.get(i).computeAdjoint(blocks.view(y, i)));
        }
    }
}
