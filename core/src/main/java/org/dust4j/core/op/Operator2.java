package org.dust4j.core.op;

import java.util.Objects;

import org.dust4j.core.BinaryOp;
import org.dust4j.core.Tensor;

/**
 * A differentiable function of two tensor arguments, f(a, b), such as a matrix product or a triangular solve
 * (L, B) ↦ L⁻¹B. It meets the one-argument {@link Operator} algebra in two ways:
 * <ul>
 *   <li>{@link #of(Operator, Operator)}: x ↦ f(g(x), h(x)) for two operators with one domain. The Jacobian is
 *       J_a J_g + J_b J_h (chain rule), so gradients flow into both arguments; this is how a parameter vector
 *       θ = [m, L, hyperparameters] (see {@link Blocks}) reaches Cholesky factors and solves.</li>
 *   <li>{@link #withFirst} / {@link #withSecond}: one argument fixed to a tensor, an operator in the other.</li>
 * </ul>
 * Subclasses implement {@link #compute} and {@link #linearizeAt}; the public methods validate both inputs.
 */
public abstract class Operator2 {
    private final Space first;
    private final Space second;
    private final Space target;
    private final String name;

    protected Operator2(Space first, Space second, Space target, String name) {
        this.first = Objects.requireNonNull(first, "first");
        this.second = Objects.requireNonNull(second, "second");
        this.target = Objects.requireNonNull(target, "target");
        this.name = Operator.abbreviate(Objects.requireNonNull(name, "name"));
        if (first.dtype() != second.dtype() || first.dtype() != target.dtype()) {
            throw new IllegalArgumentException(name + ": arguments " + first + ", " + second + " and target " + target
                    + " must have one dtype");
        }
    }

    /** The space of the first argument. */
    public final Space first() {
        return first;
    }

    /** The space of the second argument. */
    public final Space second() {
        return second;
    }

    /** The space of the values. */
    public final Space target() {
        return target;
    }

    /** f(a, b) as a new tensor. */
    public final Tensor apply(Tensor a, Tensor b) {
        checkArguments("apply", a, b);
        return compute(a, b);
    }

    /** The value and both partial Jacobians at (a, b); it may reference a and b, so keep them alive. */
    public final Linearization2 linearize(Tensor a, Tensor b) {
        checkArguments("linearize", a, b);
        return linearizeAt(a, b);
    }

    /** Evaluates f at checked arguments. */
    protected abstract Tensor compute(Tensor a, Tensor b);

    /** Linearizes f at checked arguments. */
    protected abstract Linearization2 linearizeAt(Tensor a, Tensor b);

    private void checkArguments(String method, Tensor a, Tensor b) {
        Operator.requireIn(name, method, "a first argument", first, a);
        Operator.requireIn(name, method, "a second argument", second, b);
    }

    /** x ↦ f(g(x), h(x)); g maps into the first argument's space, h into the second's, from one domain. */
    public final Operator of(Operator g, Operator h) {
        if (!g.target().equals(first) || !h.target().equals(second) || !g.domain().equals(h.domain())) {
            throw new IllegalArgumentException(name + ".of(" + g + ", " + h + "): needs " + first + " and " + second
                    + " from one domain, got " + g.domain() + " -> " + g.target() + " and " + h.domain() + " -> "
                    + h.target());
        }
        return new Applied(g, h);
    }

    /** b ↦ f(a, b) with the first argument fixed (a is referenced, not copied). */
    public final Operator withFirst(Tensor a) {
        Operator.requireIn(name, "withFirst", "a first argument", first, a);
        return new Partial(a, true);
    }

    /** a ↦ f(a, b) with the second argument fixed (b is referenced, not copied). */
    public final Operator withSecond(Tensor b) {
        Operator.requireIn(name, "withSecond", "a second argument", second, b);
        return new Partial(b, false);
    }

    @Override
    public String toString() {
        return name;
    }

    /**
     * The pointwise product (a, b) ↦ a ⊙ b. The spaces must be equal, or one of them must have a single element,
     * which multiplies every element of the other.
     */
    public static Operator2 multiply(Space a, Space b) {
        Space target = a.size() == 1 ? b : a;
        if (!a.equals(b) && a.size() != 1 && b.size() != 1) {
            throw new IllegalArgumentException("multiply needs equal spaces or a single-element one: " + a + " and " + b);
        }
        return new Multiply(a, b, target);
    }

    private final class Applied extends Operator {
        private final Operator g;
        private final Operator h;

        Applied(Operator g, Operator h) {
            super(g.domain(), target, Operator2.this + "(" + g + ", " + h + ")");
            this.g = g;
            this.h = h;
        }

        @Override
        protected Tensor compute(Tensor x) {
            try (Tensor a = g.compute(x); Tensor b = h.compute(x)) {
                return Operator2.this.compute(a, b);
            }
        }

        @Override
        protected Linearization linearizeAt(Tensor x) {
            Linearization lg = g.linearizeAt(x);
            Linearization lh = h.linearizeAt(x);
            Linearization2 l = Operator2.this.linearizeAt(lg.value(), lh.value());
            LinearOperator j = l.jacobianFirst().after(lg.jacobian()).plus(l.jacobianSecond().after(lh.jacobian()));
            return new Linearization(l.value(), j, l, lg, lh);
        }
    }

    private final class Partial extends Operator {
        private final Tensor fixed;
        private final boolean fixedFirst;

        Partial(Tensor fixed, boolean fixedFirst) {
            super(fixedFirst ? second : first, target, Operator2.this + (fixedFirst ? "(fixed, ·)" : "(·, fixed)"));
            this.fixed = fixed;
            this.fixedFirst = fixedFirst;
        }

        @Override
        protected Tensor compute(Tensor x) {
            return fixedFirst ? Operator2.this.compute(fixed, x) : Operator2.this.compute(x, fixed);
        }

        @Override
        protected Linearization linearizeAt(Tensor x) {
            Linearization2 l = fixedFirst ? Operator2.this.linearizeAt(fixed, x) : Operator2.this.linearizeAt(x, fixed);
            return new Linearization(l.value(), fixedFirst ? l.jacobianSecond() : l.jacobianFirst(), l);
        }
    }

    private static final class Multiply extends Operator2 {
        Multiply(Space a, Space b, Space target) {
            super(a, b, target, "multiply");
        }

        @Override
        protected Tensor compute(Tensor a, Tensor b) {
            Tensor out = target().zeros(a.backend());
            a.backend().binary(BinaryOp.MUL, a, b, out);
            return out;
        }

        @Override
        protected Linearization2 linearizeAt(Tensor a, Tensor b) {
            Tensor value = compute(a, b);
            return new Linearization2(value,
                    new LinearOperator.Multiplication(first(), b, target(), "multiplyBy(" + second() + ")"),
                    new LinearOperator.Multiplication(second(), a, target(), "multiplyBy(" + first() + ")"));
        }
    }
}
