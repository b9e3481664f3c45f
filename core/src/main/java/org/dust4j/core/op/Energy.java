package org.dust4j.core.op;

import java.util.List;
import java.util.Objects;

import org.dust4j.core.Tensor;

/**
 * An energy (negative log-probability up to a constant) evaluated at one position: its value, its gradient,
 * and, where defined, a metric M (a self-adjoint positive operator approximating the curvature, such as the
 * Fisher metric) with a left square root S, M = S Sᵀ, S mapping some space into the domain: S ξ with
 * ξ ~ N(0, 1) is a draw from N(0, M), as MGVI needs.
 *
 * <p>An energy owns its gradient and the listed resources (the linearizations its metric references) and
 * releases them on {@link #close()}. Energies are produced by {@link EnergyOperator#at}.
 */
public final class Energy implements AutoCloseable {
    private final double value;
    private final Tensor gradient;
    private final LinearOperator metric;
    private final LinearOperator metricSqrt;
    private final List<AutoCloseable> resources;

    private Energy(double value, Tensor gradient, LinearOperator metric, LinearOperator metricSqrt,
                   AutoCloseable[] resources) {
        this.value = value;
        this.gradient = Objects.requireNonNull(gradient, "gradient");
        this.metric = metric;
        this.metricSqrt = metricSqrt;
        this.resources = List.of(resources);
        Space domain = Space.of(gradient);
        if (metric != null && (!metric.domain().equals(domain) || !metric.target().equals(domain))) {
            throw new IllegalArgumentException("the metric " + metric + " must map " + domain + " to itself, it maps "
                    + metric.domain() + " -> " + metric.target());
        }
        if (metricSqrt != null && !metricSqrt.target().equals(domain)) {
            throw new IllegalArgumentException("the metric square root " + metricSqrt + " must map into " + domain
                    + ", it maps " + metricSqrt.domain() + " -> " + metricSqrt.target());
        }
    }

    /**
     * An energy with a metric M and a left square root S (M = S Sᵀ, S's target the gradient's space).
     *
     * @param resources further things released by {@link #close()} besides the gradient
     */
    public static Energy of(double value, Tensor gradient, LinearOperator metric, LinearOperator metricSqrt,
                            AutoCloseable... resources) {
        return new Energy(value, gradient, Objects.requireNonNull(metric, "metric"),
                Objects.requireNonNull(metricSqrt, "metricSqrt"), resources);
    }

    /** An energy with value and gradient only (for optimisation without curvature, e.g. an ELBO with AdamW). */
    public static Energy withoutMetric(double value, Tensor gradient, AutoCloseable... resources) {
        return new Energy(value, gradient, null, null, resources);
    }

    /** The domain of the energy (the gradient's space). */
    public Space domain() {
        return Space.of(gradient);
    }

    public double value() {
        return value;
    }

    /** The gradient, owned by this energy. */
    public Tensor gradient() {
        return gradient;
    }

    /** Whether {@link #metric()} and {@link #metricSqrt()} are available. */
    public boolean hasMetric() {
        return metric != null;
    }

    /** The metric M, self-adjoint and positive (semi-)definite on the domain. */
    public LinearOperator metric() {
        requireMetric();
        return metric;
    }

    /** A left square root S of the metric, M = S Sᵀ; its target is the domain. */
    public LinearOperator metricSqrt() {
        requireMetric();
        return metricSqrt;
    }

    private void requireMetric() {
        if (metric == null) {
            throw new IllegalStateException("this energy on " + domain() + " has no metric (it was built from a "
                    + "scalar operator or a sum including one)");
        }
    }

    /** Releases the gradient and the resources; idempotent. */
    @Override
    public void close() {
        gradient.close();
        Resources.closeAll(resources);
    }
}
