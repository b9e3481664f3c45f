package org.dust4j.core.op;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.dust4j.core.BinaryOp;
import org.dust4j.core.Tensor;
import org.dust4j.core.UnaryOp;

/**
 * A scalar energy functional E on a {@link Space} (after NIFTy's EnergyOperator): {@link #value} evaluates
 * it, {@link #at} gives value, gradient, metric and metric square root at a position as an {@link Energy}.
 *
 * <p>Energies are built by composition. With a response {@link Operator} R and its Jacobian J at x,
 * {@code E.after(R)} has value E(R(x)), gradient Jᵀ ∇E, metric Jᵀ M_E J and metric square root Jᵀ S_E.
 * For instance {@code gaussian(d, N).after(R).plus(standardNormal(domain))} is the MGVI/geoVI posterior
 * energy ½ (d − R(ξ))ᵀ N⁻¹ (d − R(ξ)) + ½ |ξ|² with metric Jᵀ N⁻¹ J + 1 and square root the block operator
 * [Jᵀ N^{-1/2}, 1] acting on the concatenation of a data-space and a domain vector.
 *
 * <p>Values omit constants (normalisations such as ½ n log 2π and, for fixed noise, ½ log det N).
 */
public abstract class EnergyOperator {
    private final Space domain;
    private final String name;

    protected EnergyOperator(Space domain, String name) {
        this.domain = Objects.requireNonNull(domain, "domain");
        this.name = Operator.abbreviate(Objects.requireNonNull(name, "name"));
    }

    /** The space of positions. */
    public final Space domain() {
        return domain;
    }

    /** The energy at x (cheaper than {@link #at}: no gradient). */
    public final double value(Tensor x) {
        Operator.requireIn(name, "value", "a position", domain, x);
        return valueAt(x);
    }

    /** Value, gradient and (where defined) metric at x; close the result to release its tensors. */
    public final Energy at(Tensor x) {
        Operator.requireIn(name, "at", "a position", domain, x);
        return energyAt(x);
    }

    /** The value at a checked position. */
    protected abstract double valueAt(Tensor x);

    /** The energy at a checked position. */
    protected abstract Energy energyAt(Tensor x);

    /** x ↦ E(op(x)): the chain rule gives gradient Jᵀ∇E, metric Jᵀ M J and square root Jᵀ S. */
    public final EnergyOperator after(Operator op) {
        if (!op.target().equals(domain)) {
            throw new IllegalArgumentException("cannot compose " + this + " after " + op + ": the operator's target "
                    + op.target() + " differs from the energy's domain " + domain);
        }
        return new Composed(this, op);
    }

    /**
     * E₁ + E₂ on one domain: metrics add, and the square root is the block row [S₁, S₂] on the concatenation
     * of the square roots' domains (so that [S₁, S₂][S₁, S₂]ᵀ = S₁S₁ᵀ + S₂S₂ᵀ).
     */
    public final EnergyOperator plus(EnergyOperator other) {
        if (!other.domain.equals(domain)) {
            throw new IllegalArgumentException("cannot add energies on different domains: " + this + " on " + domain
                    + ", " + other + " on " + other.domain);
        }
        List<EnergyOperator> terms = new ArrayList<>();
        for (EnergyOperator e : List.of(this, other)) {
            if (e instanceof Sum s) {
                terms.addAll(s.terms);
            } else {
                terms.add(e);
            }
        }
        return new Sum(terms);
    }

    /** c·E for c > 0 (metric c·M, square root √c·S). */
    public final EnergyOperator scale(double c) {
        if (!(c > 0) || Double.isInfinite(c)) {
            throw new IllegalArgumentException("an energy can only be scaled by a finite c > 0, got " + c);
        }
        return new Scaled(this, c);
    }

    @Override
    public String toString() {
        return name;
    }

    // ---------------------------------------------------------------- factories

    /**
     * The Gaussian likelihood ½ (d − s)ᵀ N⁻¹ (d − s) in the signal s, with data d and diagonal noise covariance
     * N given by its variances (same space as d): gradient −N⁻¹(d − s), metric N⁻¹, square root N^{-1/2}.
     * The tensors are referenced, not copied.
     */
    public static EnergyOperator gaussian(Tensor data, Tensor noiseVariance) {
        Space s = Space.of(data);
        Operator.requireIn("gaussian", "create", "a noise variance", s, noiseVariance);
        return new Gaussian(data, noiseVariance);
    }

    /** The standard-normal prior ½ |ξ|²: gradient ξ, metric and square root the identity. */
    public static EnergyOperator standardNormal(Space space) {
        return new StandardNormal(space);
    }

    /**
     * The Gaussian likelihood with parameter-dependent mean μ and variance v, on the stacked space
     * [2, data shape] holding (μ, v): ½ Σ [(d − μ)²/v + log v]. Its metric is the Fisher metric
     * diag(1/v, 1/(2v²)), square root diag(v^{-1/2}, 1/(√2 v)); after a response x ↦ (μ(x), v(x)) (see
     * {@link Operator#stack}) it becomes J_μᵀ v⁻¹ J_μ + J_vᵀ (2v²)⁻¹ J_v. The variance must be positive.
     */
    public static EnergyOperator gaussianWithVariance(Tensor data) {
        return new VariableGaussian(data);
    }

    /**
     * The energy given by an operator with a single-element target (value f(x), gradient Jᵀ·1), without a
     * metric: for objectives such as an ELBO optimised by first-order methods.
     */
    public static EnergyOperator of(Operator scalar) {
        if (scalar.target().size() != 1) {
            throw new IllegalArgumentException("an energy needs an operator with a single-element target, " + scalar
                    + " maps to " + scalar.target());
        }
        return new Scalar(scalar);
    }

    // ---------------------------------------------------------------- implementations

    private static final class Composed extends EnergyOperator {
        private final EnergyOperator energy;
        private final Operator op;

        Composed(EnergyOperator energy, Operator op) {
            super(op.domain(), energy + " ∘ " + op);
            this.energy = energy;
            this.op = op;
        }

        @Override
        protected double valueAt(Tensor x) {
            try (Tensor y = op.compute(x)) {
                return energy.valueAt(y);
            }
        }

        @Override
        protected Energy energyAt(Tensor x) {
            Linearization lin = op.linearizeAt(x);
            Energy e = energy.energyAt(lin.value());
            LinearOperator j = lin.jacobian();
            Tensor gradient = j.adjoint(e.gradient());
            if (!e.hasMetric()) {
                return Energy.withoutMetric(e.value(), gradient, e, lin);
            }
            LinearOperator jt = j.adjoint();
            return Energy.of(e.value(), gradient, jt.after(e.metric()).after(j), jt.after(e.metricSqrt()), e, lin);
        }
    }

    private static final class Sum extends EnergyOperator {
        private final List<EnergyOperator> terms;

        Sum(List<EnergyOperator> terms) {
            super(terms.get(0).domain(), "(" + String.join(" + ", terms.stream().map(Object::toString).toList()) + ")");
            this.terms = List.copyOf(terms);
        }

        @Override
        protected double valueAt(Tensor x) {
            double v = 0;
            for (EnergyOperator t : terms) {
                v += t.valueAt(x);
            }
            return v;
        }

        @Override
        protected Energy energyAt(Tensor x) {
            List<Energy> es = new ArrayList<>();
            for (EnergyOperator t : terms) {
                es.add(t.energyAt(x));
            }
            double value = 0;
            boolean metric = true;
            for (Energy e : es) {
                value += e.value();
                metric &= e.hasMetric();
            }
            Tensor gradient = es.get(0).gradient().copy();
            for (int i = 1; i < es.size(); i++) {
                TensorOps.addInPlace(gradient, es.get(i).gradient());
            }
            AutoCloseable[] owned = es.toArray(AutoCloseable[]::new);
            if (!metric) {
                return Energy.withoutMetric(value, gradient, owned);
            }
            LinearOperator m = es.get(0).metric();
            LinearOperator[] roots = new LinearOperator[es.size()];
            for (int i = 0; i < es.size(); i++) {
                m = i == 0 ? m : m.plus(es.get(i).metric());
                roots[i] = es.get(i).metricSqrt();
            }
            return Energy.of(value, gradient, m, LinearOperator.blockRow(roots), owned);
        }
    }

    private static final class Scaled extends EnergyOperator {
        private final EnergyOperator energy;
        private final double c;

        Scaled(EnergyOperator energy, double c) {
            super(energy.domain(), c + "·" + energy);
            this.energy = energy;
            this.c = c;
        }

        @Override
        protected double valueAt(Tensor x) {
            return c * energy.valueAt(x);
        }

        @Override
        protected Energy energyAt(Tensor x) {
            Energy e = energy.energyAt(x);
            Tensor gradient = TensorOps.scale(e.gradient(), c);
            if (!e.hasMetric()) {
                return Energy.withoutMetric(c * e.value(), gradient, e);
            }
            return Energy.of(c * e.value(), gradient, e.metric().scale(c), e.metricSqrt().scale(Math.sqrt(c)), e);
        }
    }

    private static final class Gaussian extends EnergyOperator {
        private final Tensor data;
        private final Tensor variance;

        Gaussian(Tensor data, Tensor variance) {
            super(Space.of(data), "gaussian" + Space.of(data));
            this.data = data;
            this.variance = variance;
        }

        @Override
        protected double valueAt(Tensor s) {
            try (Tensor r = data.sub(s)) {
                r.backend().binary(BinaryOp.MUL, r, r, r);
                r.backend().binary(BinaryOp.DIV, r, variance, r);
                return 0.5 * r.sum();
            }
        }

        @Override
        protected Energy energyAt(Tensor s) {
            Tensor w;
            double value;
            try (Tensor r = data.sub(s)) {
                w = r.div(variance);
                value = 0.5 * r.dot(w);
            }
            w.backend().binaryScalar(BinaryOp.MUL, w, -1, w);
            Tensor precision = variance.zerosLike();
            variance.backend().unary(UnaryOp.RECIPROCAL, variance, precision);
            Tensor root = precision.sqrt();
            return Energy.of(value, w, LinearOperator.diagonal(precision), LinearOperator.diagonal(root),
                    precision, root);
        }
    }

    private static final class StandardNormal extends EnergyOperator {
        private final LinearOperator identity;

        StandardNormal(Space space) {
            super(space, "standardNormal" + space);
            this.identity = LinearOperator.identity(space);
        }

        @Override
        protected double valueAt(Tensor x) {
            return 0.5 * x.dot(x);
        }

        @Override
        protected Energy energyAt(Tensor x) {
            return Energy.of(valueAt(x), x.copy(), identity, identity);
        }
    }

    private static final class VariableGaussian extends EnergyOperator {
        private final Tensor data;

        VariableGaussian(Tensor data) {
            super(stacked(data), "gaussianWithVariance" + Space.of(data));
            this.data = data;
        }

        private static Space stacked(Tensor data) {
            int[] d = data.shape().dims();
            int[] s = new int[d.length + 1];
            s[0] = 2;
            System.arraycopy(d, 0, s, 1, d.length);
            return Space.of(data.dtype(), s);
        }

        @Override
        protected double valueAt(Tensor s) {
            Tensor mean = s.row(0);
            Tensor variance = s.row(1);
            try (Tensor r = data.sub(mean); Tensor logv = variance.log()) {
                r.backend().binary(BinaryOp.MUL, r, r, r);
                r.backend().binary(BinaryOp.DIV, r, variance, r);
                return 0.5 * (r.sum() + logv.sum());
            }
        }

        @Override
        protected Energy energyAt(Tensor s) {
            Tensor mean = s.row(0);
            Tensor variance = s.row(1);
            var be = s.backend();
            Tensor metric = domain().zeros(be);
            Tensor root = domain().zeros(be);
            Tensor gradient = domain().zeros(be);
            // metric diag(1/v, 1/(2v²)) and its square root diag(v^{-1/2}, 1/(√2 v))
            be.unary(UnaryOp.RECIPROCAL, variance, metric.row(0));
            be.unary(UnaryOp.SQUARE, metric.row(0), metric.row(1));
            be.binaryScalar(BinaryOp.MUL, metric.row(1), 0.5, metric.row(1));
            be.unary(UnaryOp.SQRT, metric.row(0), root.row(0));
            be.binaryScalar(BinaryOp.MUL, metric.row(0), Math.sqrt(0.5), root.row(1));
            double value;
            try (Tensor r = data.sub(mean); Tensor q = r.div(variance); Tensor logv = variance.log()) {
                value = 0.5 * (r.dot(q) + logv.sum());
                // ∂/∂μ = −(d − μ)/v, ∂/∂v = 1/(2v) − (d − μ)²/(2v²)
                be.binaryScalar(BinaryOp.MUL, q, -1, gradient.row(0));
                be.unary(UnaryOp.SQUARE, q, gradient.row(1));
                be.axpby(0.5, metric.row(0), -0.5, gradient.row(1), gradient.row(1));
            }
            return Energy.of(value, gradient, LinearOperator.diagonal(metric), LinearOperator.diagonal(root),
                    metric, root);
        }
    }

    private static final class Scalar extends EnergyOperator {
        private final Operator op;

        Scalar(Operator op) {
            super(op.domain(), "energy(" + op + ")");
            this.op = op;
        }

        @Override
        protected double valueAt(Tensor x) {
            try (Tensor v = op.compute(x)) {
                return v.item();
            }
        }

        @Override
        protected Energy energyAt(Tensor x) {
            Linearization lin = op.linearizeAt(x);
            try (Tensor one = lin.value().zerosLike()) {
                one.backend().fill(one, 1);
                return Energy.withoutMetric(lin.value().item(), lin.vjp(one), lin);
            }
        }
    }
}
