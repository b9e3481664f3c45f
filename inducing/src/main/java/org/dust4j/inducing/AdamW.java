package org.dust4j.inducing;

import java.util.Objects;

import org.dust4j.core.Backend;
import org.dust4j.core.BinaryOp;
import org.dust4j.core.Tensor;
import org.dust4j.core.UnaryOp;

/**
 * The AdamW optimiser (Loshchilov &amp; Hutter 2019, as in PyTorch's {@code torch.optim.AdamW}) on one flat
 * parameter tensor, minimising an objective. Step t (counted from 1) with gradient g:
 * <pre>
 *   θ ← θ (1 − lr·wd)                      decoupled weight decay
 *   m ← β1 m + (1 − β1) g
 *   v ← β2 v + (1 − β2) g²
 *   θ ← θ − lr · (m / (1 − β1^t)) / (sqrt(v) / sqrt(1 − β2^t) + ε)
 * </pre>
 * An optional per-entry learning-rate scale r (PyTorch's parameter groups, one entry each) replaces lr by lr·r
 * in both the decay and the step; r = 0 freezes an entry (its gradient is ignored and no weight decay applies).
 * Everything runs through {@link Backend} operations on the parameters' backend.
 */
public final class AdamW implements AutoCloseable {
    /**
     * The optimiser's settings.
     *
     * @param learningRate lr > 0
     * @param beta1        decay of the first moment, in [0, 1)
     * @param beta2        decay of the second moment, in [0, 1)
     * @param epsilon      ε > 0 added to the denominator
     * @param weightDecay  wd >= 0, decoupled (applied to the parameters, not the gradient)
     */
    public record Settings(double learningRate, double beta1, double beta2, double epsilon, double weightDecay) {
        /** Checks the ranges. */
        public Settings {
            if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
                throw new IllegalArgumentException("the learning rate must be positive, got " + learningRate);
            }
            if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
                throw new IllegalArgumentException("beta1 and beta2 must lie in [0, 1), got " + beta1 + ", " + beta2);
            }
            if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
                throw new IllegalArgumentException("epsilon must be positive, got " + epsilon);
            }
            if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
                throw new IllegalArgumentException("the weight decay must be >= 0, got " + weightDecay);
            }
        }

        /** PyTorch's AdamW defaults: lr 0.01 (the authors'), β1 0.9, β2 0.999, ε 1e-8, weight decay 0.01. */
        public static Settings defaults() {
            return new Settings(0.01, 0.9, 0.999, 1e-8, 0.01);
        }
    }

    private final Settings settings;
    private final Tensor scale;
    private final Tensor m;
    private final Tensor v;
    private final Tensor scratch;
    private long step;

    /**
     * An optimiser for parameters shaped like {@code like} (same backend, dtype and shape), with zero moments.
     *
     * @param scale null (lr for every entry) or a tensor like the parameters holding each entry's learning-rate
     *              multiplier, >= 0 (0 freezes the entry); referenced, not copied
     */
    public AdamW(Settings settings, Tensor like, Tensor scale) {
        this.settings = Objects.requireNonNull(settings, "settings");
        if (scale != null && (!scale.shape().equals(like.shape()) || scale.dtype() != like.dtype())) {
            throw new IllegalArgumentException("the learning-rate scale must be " + like.shape() + " " + like.dtype()
                    + ", got " + scale.shape() + " " + scale.dtype());
        }
        this.scale = scale;
        this.m = like.zerosLike();
        this.v = like.zerosLike();
        this.scratch = like.zerosLike();
    }

    /** The settings. */
    public Settings settings() {
        return settings;
    }

    /** Number of steps taken. */
    public long steps() {
        return step;
    }

    /** The first moment m (owned by the optimiser). */
    public Tensor firstMoment() {
        return m;
    }

    /** The second moment v (owned by the optimiser). */
    public Tensor secondMoment() {
        return v;
    }

    /** Restores a state saved from {@link #steps()}, {@link #firstMoment()} and {@link #secondMoment()}. */
    public void restore(long steps, double[] first, double[] second) {
        if (steps < 0 || first.length != m.size() || second.length != v.size()) {
            throw new IllegalArgumentException("an AdamW state needs steps >= 0 and moments of " + m.size()
                    + " elements, got " + steps + ", " + first.length + ", " + second.length);
        }
        Backend be = m.backend();
        try (Tensor a = be.fromHost(first, m.dtype(), m.shape()); Tensor b = be.fromHost(second, v.dtype(), v.shape())) {
            be.copy(a, m);
            be.copy(b, v);
        }
        this.step = steps;
    }

    /** One step: updates {@code theta} in place from the gradient of the objective to minimise. */
    public void step(Tensor theta, Tensor gradient) {
        if (!theta.shape().equals(m.shape()) || !gradient.shape().equals(m.shape()) || theta.dtype() != m.dtype()
                || gradient.dtype() != m.dtype()) {
            throw new IllegalArgumentException("AdamW works on " + m.shape() + " " + m.dtype() + ", got parameters "
                    + theta.shape() + " " + theta.dtype() + " and gradient " + gradient.shape() + " " + gradient.dtype());
        }
        Backend be = theta.backend();
        step++;
        double lr = settings.learningRate;
        be.axpby(settings.beta1, m, 1 - settings.beta1, gradient, m);
        try (Tensor g2 = gradient.square()) {
            be.axpby(settings.beta2, v, 1 - settings.beta2, g2, v);
        }
        // decoupled weight decay: θ ← θ − lr·wd·(r ⊙ θ)
        if (settings.weightDecay > 0) {
            if (scale != null) {
                be.binary(BinaryOp.MUL, theta, scale, scratch);
                be.axpby(1, theta, -lr * settings.weightDecay, scratch, theta);
            } else {
                be.binaryScalar(BinaryOp.MUL, theta, 1 - lr * settings.weightDecay, theta);
            }
        }
        double bias1 = 1 - Math.pow(settings.beta1, step);
        double bias2 = 1 - Math.pow(settings.beta2, step);
        // scratch ← r ⊙ m / (sqrt(v) / sqrt(bias2) + ε) ; θ ← θ − (lr / bias1) scratch
        be.unary(UnaryOp.SQRT, v, scratch);
        be.binaryScalar(BinaryOp.MUL, scratch, 1 / Math.sqrt(bias2), scratch);
        be.binaryScalar(BinaryOp.ADD, scratch, settings.epsilon, scratch);
        be.binary(BinaryOp.DIV, m, scratch, scratch);
        if (scale != null) {
            be.binary(BinaryOp.MUL, scratch, scale, scratch);
        }
        be.axpby(1, theta, -lr / bias1, scratch, theta);
    }

    /** Releases the moments. */
    @Override
    public void close() {
        m.close();
        v.close();
        scratch.close();
    }
}
