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
 * An optional mask (1 = learned, 0 = frozen) keeps frozen entries unchanged: their gradient is ignored and no
 * weight decay applies to them. Everything runs through {@link Backend} operations on the parameters' backend.
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
    private final Tensor mask;
    private final Tensor m;
    private final Tensor v;
    private final Tensor scratch;
    private long step;

    /**
     * An optimiser for parameters shaped like {@code like} (same backend, dtype and shape), with zero moments.
     *
     * @param mask null (everything learned) or a tensor like the parameters holding 1 (learned) or 0 (frozen);
     *             referenced, not copied
     */
    public AdamW(Settings settings, Tensor like, Tensor mask) {
        this.settings = Objects.requireNonNull(settings, "settings");
        if (mask != null && (!mask.shape().equals(like.shape()) || mask.dtype() != like.dtype())) {
            throw new IllegalArgumentException("the mask must be " + like.shape() + " " + like.dtype() + ", got "
                    + mask.shape() + " " + mask.dtype());
        }
        this.mask = mask;
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
        Tensor g = gradient;
        if (mask != null) {
            be.binary(BinaryOp.MUL, gradient, mask, scratch);
            g = scratch;
        }
        // decoupled weight decay (masked: frozen entries keep their value)
        if (settings.weightDecay > 0) {
            if (mask != null) {
                try (Tensor decay = theta.mul(mask)) {
                    be.axpby(1, theta, -lr * settings.weightDecay, decay, theta);
                }
            } else {
                be.binaryScalar(BinaryOp.MUL, theta, 1 - lr * settings.weightDecay, theta);
            }
        }
        be.axpby(settings.beta1, m, 1 - settings.beta1, g, m);
        try (Tensor g2 = g.square()) {
            be.axpby(settings.beta2, v, 1 - settings.beta2, g2, v);
        }
        double bias1 = 1 - Math.pow(settings.beta1, step);
        double bias2 = 1 - Math.pow(settings.beta2, step);
        // scratch ← sqrt(v) / sqrt(bias2) + ε ; scratch ← m / scratch ; θ ← θ − (lr / bias1) scratch
        be.unary(UnaryOp.SQRT, v, scratch);
        be.binaryScalar(BinaryOp.MUL, scratch, 1 / Math.sqrt(bias2), scratch);
        be.binaryScalar(BinaryOp.ADD, scratch, settings.epsilon, scratch);
        be.binary(BinaryOp.DIV, m, scratch, scratch);
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
