package org.dust4j.core.op;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import org.dust4j.core.BinaryOp;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;

/**
 * A differentiable map between two {@link Space}s, after NIFTy's operators and JAX's jvp/vjp.
 * {@link #apply} evaluates it; {@link #linearize} returns the value together with the Jacobian at that point
 * as a {@link LinearOperator} (forward mode: {@code jacobian.apply}, reverse mode: {@code jacobian.adjoint}).
 *
 * <p>Composition reads like mathematics: {@code f.after(g)} is f∘g, the map x ↦ f(g(x)) (g runs first);
 * its Jacobian is J_f(g(x)) · J_g(x). Operators are immutable and work on tensors of any backend: the result
 * lives on the backend of the input. Results of {@code apply} belong to the caller, who closes them.
 *
 * <p>Subclasses implement {@link #compute} and {@link #linearizeAt}; the public methods validate the input's
 * shape and dtype first and throw {@link IllegalArgumentException} naming the operator, the expected and the
 * actual space.
 *
 * <p>Shared subexpressions: {@code h.times(g)} with {@code h = a.after(c)} and {@code g = b.after(c)} evaluates
 * c twice and its reverse pass twice; write {@code a.times(b).after(c)} instead, which evaluates c once.
 */
public abstract class Operator {
    private static final int NAME_LIMIT = 160;

    private final Space domain;
    private final Space target;
    private final String name;

    /**
     * @param domain the space of inputs
     * @param target the space of outputs
     * @param name   a short description used in error messages and {@link #toString()}
     */
    protected Operator(Space domain, Space target, String name) {
        this.domain = Objects.requireNonNull(domain, "domain");
        this.target = Objects.requireNonNull(target, "target");
        this.name = abbreviate(Objects.requireNonNull(name, "name"));
        if (domain.dtype() != target.dtype()) {
            throw new IllegalArgumentException(name + ": domain " + domain + " and target " + target
                    + " must have the same dtype");
        }
    }

    /** Names of deep compositions are cut, so that messages stay readable and building them stays linear. */
    static String abbreviate(String name) {
        return name.length() <= NAME_LIMIT ? name : name.substring(0, NAME_LIMIT) + "…";
    }

    /** The space of inputs. */
    public final Space domain() {
        return domain;
    }

    /** The space of outputs. */
    public final Space target() {
        return target;
    }

    /** The value at x, a new tensor in {@link #target()} on x's backend. */
    public final Tensor apply(Tensor x) {
        requireIn("apply", "an input", domain, x);
        return compute(x);
    }

    /**
     * The value and the Jacobian at x. The linearization may reference x, so keep x alive while using it;
     * close the linearization to release what it allocated (its value included).
     */
    public final Linearization linearize(Tensor x) {
        requireIn("linearize", "an input", domain, x);
        return linearizeAt(x);
    }

    /** Evaluates the operator at an input already checked to lie in the domain. */
    protected abstract Tensor compute(Tensor x);

    /** Linearizes the operator at an input already checked to lie in the domain. */
    protected abstract Linearization linearizeAt(Tensor x);

    /** Throws naming this operator, the method and both spaces unless t lies in {@code space}. */
    final void requireIn(String method, String what, Space space, Tensor t) {
        requireIn(name, method, what, space, t);
    }

    /** Throws naming the owner, the method and both spaces unless t lies in {@code space}. */
    static void requireIn(String owner, String method, String what, Space space, Tensor t) {
        Objects.requireNonNull(t, what);
        if (!t.dtype().isFloating() || !space.contains(t)) {
            throw new IllegalArgumentException(owner + ": " + method + " needs " + what + " in " + space + ", got "
                    + t.shape() + " " + t.dtype());
        }
    }

    // ---------------------------------------------------------------- combinators

    /** f∘g: the map x ↦ this(inner(x)). The inner operator's target must equal this operator's domain. */
    public Operator after(Operator inner) {
        requireComposable(this, inner);
        return new Composed(this, inner);
    }

    /** x ↦ this(x) + other(x). Both operators must have the same domain and target. */
    public Operator plus(Operator other) {
        requireSameSpaces("plus", this, other);
        return new Sum(List.of(this, other));
    }

    /** x ↦ this(x) + c for a fixed tensor c in the target space (referenced, not copied). */
    public Operator plus(Tensor c) {
        requireIn("plus", "a constant", target, c);
        return new Shifted(this, c);
    }

    /** x ↦ c · this(x). */
    public Operator scale(double c) {
        return new Scaled(this, c);
    }

    /**
     * The pointwise product x ↦ this(x) ⊙ other(x) (Leibniz rule for the Jacobian). The targets must be equal,
     * or one of them must have a single element, which multiplies every element of the other.
     */
    public Operator times(Operator other) {
        return Operator2.multiply(target, other.target).of(this, other);
    }

    /**
     * x ↦ the concatenation of all parts' values, flattened, in a space of shape [Σ sizes]. The parts share
     * one domain; {@link Blocks#of} of their targets describes where each lands.
     */
    public static Operator concat(Operator... parts) {
        Blocks blocks = blocksOfTargets(parts);
        return new Concatenation(List.of(parts), blocks, blocks.space());
    }

    /**
     * x ↦ the parts' values stacked along a new leading axis, in a space of shape [k, shape...]. The parts share
     * one domain and one target.
     */
    public static Operator stack(Operator... parts) {
        Blocks blocks = blocksOfTargets(parts);
        Space first = parts[0].target;
        for (int i = 1; i < parts.length; i++) {
            if (!parts[i].target.equals(first)) {
                throw new IllegalArgumentException("stack needs equal targets: part 0 (" + parts[0] + ") has "
                        + first + ", part " + i + " (" + parts[i] + ") has " + parts[i].target);
            }
        }
        int[] d = first.shape().dims();
        int[] s = new int[d.length + 1];
        s[0] = parts.length;
        System.arraycopy(d, 0, s, 1, d.length);
        return new Concatenation(List.of(parts), blocks, first.withShape(Shape.of(s)));
    }

    private static Blocks blocksOfTargets(Operator[] parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("concatenation needs at least one operator");
        }
        Space[] targets = new Space[parts.length];
        for (int i = 0; i < parts.length; i++) {
            if (!parts[i].domain.equals(parts[0].domain)) {
                throw new IllegalArgumentException("concatenated operators need one domain: part 0 (" + parts[0]
                        + ") has " + parts[0].domain + ", part " + i + " (" + parts[i] + ") has " + parts[i].domain);
            }
            targets[i] = parts[i].target;
        }
        return Blocks.of(targets);
    }

    static void requireComposable(Operator outer, Operator inner) {
        if (!inner.target.equals(outer.domain)) {
            throw new IllegalArgumentException("cannot compose " + outer + " after " + inner + ": the inner target "
                    + inner.target + " differs from the outer domain " + outer.domain);
        }
    }

    static void requireSameSpaces(String what, Operator a, Operator b) {
        if (!a.domain.equals(b.domain) || !a.target.equals(b.target)) {
            throw new IllegalArgumentException(what + " needs operators with equal domains and targets: " + a + " maps "
                    + a.domain + " -> " + a.target + ", " + b + " maps " + b.domain + " -> " + b.target);
        }
    }

    /** The sum of eval(item) over the items (at least one), allocating only the result. */
    static <T> Tensor sumOf(List<T> items, Function<T, Tensor> eval) {
        Tensor acc = eval.apply(items.get(0));
        for (int i = 1; i < items.size(); i++) {
            try (Tensor t = eval.apply(items.get(i))) {
                TensorOps.addInPlace(acc, t);
            }
        }
        return acc;
    }

    /** outer(inner(x)), releasing the intermediate. */
    static Tensor chain(Operator outer, Operator inner, Tensor x) {
        try (Tensor y = inner.compute(x)) {
            return outer.compute(y);
        }
    }

    @Override
    public String toString() {
        return name;
    }

    // ---------------------------------------------------------------- implementations of the combinators

    private static final class Composed extends Operator {
        private final Operator outer;
        private final Operator inner;

        Composed(Operator outer, Operator inner) {
            super(inner.domain, outer.target, outer + " ∘ " + inner);
            this.outer = outer;
            this.inner = inner;
        }

        @Override
        protected Tensor compute(Tensor x) {
            return chain(outer, inner, x);
        }

        @Override
        protected Linearization linearizeAt(Tensor x) {
            Linearization li = inner.linearizeAt(x);
            Linearization lo = outer.linearizeAt(li.value());
            return new Linearization(lo.value(), lo.jacobian().after(li.jacobian()), lo, li);
        }
    }

    private static final class Sum extends Operator {
        private final List<Operator> terms;

        Sum(List<Operator> terms) {
            super(terms.get(0).domain, terms.get(0).target, "(" + terms.get(0) + " + " + terms.get(1) + ")");
            this.terms = terms;
        }

        @Override
        protected Tensor compute(Tensor x) {
            return sumOf(terms, t -> t.compute(x));
        }

        @Override
        protected Linearization linearizeAt(Tensor x) {
            Linearization a = terms.get(0).linearizeAt(x);
            Linearization b = terms.get(1).linearizeAt(x);
            Tensor value = TensorOps.axpby(1, a.value(), 1, b.value());
            return new Linearization(value, a.jacobian().plus(b.jacobian()), a, b);
        }
    }

    private static final class Shifted extends Operator {
        private final Operator op;
        private final Tensor c;

        Shifted(Operator op, Tensor c) {
            super(op.domain, op.target, "(" + op + " + constant)");
            this.op = op;
            this.c = c;
        }

        @Override
        protected Tensor compute(Tensor x) {
            Tensor y = op.compute(x);
            TensorOps.addInPlace(y, c);
            return y;
        }

        @Override
        protected Linearization linearizeAt(Tensor x) {
            Linearization l = op.linearizeAt(x);
            return new Linearization(TensorOps.axpby(1, l.value(), 1, c), l.jacobian(), l);
        }
    }

    private static final class Scaled extends Operator {
        private final Operator op;
        private final double c;

        Scaled(Operator op, double c) {
            super(op.domain, op.target, c + "·" + op);
            this.op = op;
            this.c = c;
        }

        @Override
        protected Tensor compute(Tensor x) {
            Tensor y = op.compute(x);
            y.backend().binaryScalar(BinaryOp.MUL, y, c, y);
            return y;
        }

        @Override
        protected Linearization linearizeAt(Tensor x) {
            Linearization l = op.linearizeAt(x);
            return new Linearization(TensorOps.scale(l.value(), c), l.jacobian().scale(c), l);
        }
    }

    /** Concatenation (or stacking) of the values of operators with one domain. */
    private static final class Concatenation extends Operator {
        private final List<Operator> parts;
        private final Blocks blocks;

        Concatenation(List<Operator> parts, Blocks blocks, Space target) {
            super(parts.get(0).domain, target, "concat" + parts);
            this.parts = parts;
            this.blocks = blocks;
        }

        @Override
        protected Tensor compute(Tensor x) {
            return blocks.assemble(target(), x.backend(), i -> parts.get(i).compute(x));
        }

        @Override
        protected Linearization linearizeAt(Tensor x) {
            List<Linearization> lins = new ArrayList<>();
            List<LinearOperator> jacobians = new ArrayList<>();
            Tensor out = target().zeros(x.backend());
            for (int i = 0; i < parts.size(); i++) {
                Linearization l = parts.get(i).linearizeAt(x);
                lins.add(l);
                jacobians.add(l.jacobian());
                x.backend().copy(l.value(), blocks.view(out, i));
            }
            LinearOperator j = LinearOperator.blockColumn(target(), jacobians.toArray(LinearOperator[]::new));
            return new Linearization(out, j, lins.toArray(AutoCloseable[]::new));
        }
    }
}
