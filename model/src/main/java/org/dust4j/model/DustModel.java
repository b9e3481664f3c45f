package org.dust4j.model;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.dust4j.core.Backend;
import org.dust4j.core.BinaryOp;
import org.dust4j.core.DType;
import org.dust4j.core.HermiteTable;
import org.dust4j.core.ReduceOp;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.dust4j.core.UnaryOp;
import org.dust4j.core.cpu.Parallel;
import org.dust4j.core.op.Blocks;
import org.dust4j.core.op.Energy;
import org.dust4j.core.op.EnergyOperator;
import org.dust4j.core.op.LinearOperator;
import org.dust4j.core.op.Linearization;
import org.dust4j.core.op.Operator;
import org.dust4j.core.op.Space;

/**
 * The dust model of Edenhofer et al. (2024) as a function of standard-normal parameters
 * xi = [xi_s, xi_scl, xi_off, xi_n]:
 * <pre>
 *   s     = F xi_s                      (the field prior, e.g. ICR: excitations to a field on the grid)
 *   rho   = exp(scl s + off),  scl = f_scl(xi_scl),  off = f_off(xi_off)
 *   n_i   = f_n(xi_n,i)                 (per-star factor on the extinction error)
 *   (a_i, s_i^2) = response(rho)        ({@link ParallaxResponse})
 *   A_i ~ N(a_i, v_i),  v_i = (n_i sA_i)^2 + s_i^2
 * </pre>
 * with the priors f of the {@link ModelDescription} ({@link ScalarPrior}). {@link #likelihood()} is
 * L(xi) = sum_i [(A_i - a_i)^2 / v_i + log v_i] / 2 (constants omitted) with its gradient, its Fisher metric
 * J_a^T V^-1 J_a + J_v^T (2 V^2)^-1 J_v and a left square root S (metric = S S^T), evaluated with the response's
 * fused passes: one pass for value and gradient, one pass per metric application. {@link #energy()} adds the
 * standard-normal prior |xi|^2 / 2. {@link #likelihood(Curvature)} carries another curvature with the same value
 * and gradient, for Newton's method on MGVI's KL. {@link #response()} is the map xi -> (a, v) itself, for posterior predictions and
 * as a reference (the likelihood equals {@code EnergyOperator.gaussianWithVariance(A).after(response())}).
 *
 * <p>The parameter vector is the flat concatenation described by {@link #parameters()}; stars are in pixel-sorted
 * order ({@link #stars()}). The per-star transform f_n is read from a {@code TabulatedTransform} (Hermite table of
 * log f_n, relative error below 1e-10, exact beyond |xi| = 8), since the inverse-gamma quantile costs about a
 * microsecond per star. Tensors may live on any backend: value and gradient run as one fused pass of the backend's
 * {@link Backend#lineMomentsGaussian} (the per-star likelihood terms and cotangents computed next to the response,
 * on the device for the GPU), the noise variances (n_i sA_i)^2 as one pass of the backend's {@link Backend#hermite}
 * (a table of log f_n^2 times sA_i^2), the pull of the density cotangent as one {@link Backend#affineExpProduct} pass
 * and the prior with the gradient's assembly as one {@link Backend#axpbySquaredNorm} pass; the host reads scalars from
 * the backend twice per evaluation (docs/model.md lists the passes). Each metric application is one pass of
 * {@link Backend#lineMomentsPushPullDiagonal} with per-star weights kept on the backend. No per-star value crosses to
 * the host except where some |xi_n| reaches the noise table's end (8).
 */
public final class DustModel {
    /** Block index of the field prior's excitations. */
    public static final int EXCITATIONS = 0;
    /** Block index of xi_scl (shape [1]). */
    public static final int SCALE = 1;
    /** Block index of xi_off (shape [1]). */
    public static final int OFFSET = 2;
    /** Block index of the per-star noise parameters xi_n (shape [nstars]). */
    public static final int NOISE = 3;

    /**
     * The curvature a likelihood's metric carries. Both give the same value and gradient and are positive
     * semi-definite; they differ in the weight w_i of the variance part J_v^T W J_v (star i's variance v_i,
     * residual r_i = A_i - a_i).
     */
    public enum Curvature {
        /**
         * The Fisher metric, w_i = 1/(2 v_i^2): the expected second derivative of the star's term (r_i^2/v_i +
         * log v_i)/2 in v_i. MGVI's sampling metric.
         */
        FISHER,
        /**
         * w_i = max(1/(2 v_i^2), r_i^2/v_i^3 - 1/(2 v_i^2)): the Fisher weight, raised to the observed second
         * derivative where the residual exceeds its standard deviation (r_i^2 &gt; v_i). For Newton's method on the
         * KL: the Fisher weight underestimates the curvature of a badly fitted star's variance by a factor of about
         * 2 r_i^2/v_i, so Fisher-scoring steps in directions that raise variances overshoot by that factor (by
         * 10^2-10^3 at the start of a reconstruction), see docs/model.md, "Curvature for the minimisation".
         */
        OBSERVED_VARIANCE
    }

    private final ModelDescription description;
    private final LinearOperator field;
    private final StarData stars;
    private final ParallaxResponse response;
    private final TabulatedTransform noise;
    private final double[] extinction;
    private final double[] errorVariance;
    private final Blocks parameters;
    private final DType dtype;
    private final Space starSpace;
    private final Space stackedSpace;
    /** Per backend the observed extinctions, their error variances and the noise transform's table. */
    private final Map<Backend, StarTensors> starTensors = new ConcurrentHashMap<>();

    private DustModel(ModelDescription description, LinearOperator field, StarData selected) {
        this.description = Objects.requireNonNull(description, "description");
        this.field = Objects.requireNonNull(field, "field");
        description.data().verify(selected);
        SphericalGrid grid = description.grid();
        this.dtype = field.domain().dtype();
        Space fieldSpace = new Space(dtype, grid.shape());
        if (!field.target().equals(fieldSpace)) {
            throw new IllegalArgumentException("the field operator " + field + " must map to the grid's " + fieldSpace
                    + ", it maps to " + field.target());
        }
        this.stars = selected.sortedByPixel();
        this.response = ParallaxResponse.of(grid, stars, description.zCut());
        this.noise = new TabulatedTransform(description.noise());
        int n = stars.size();
        this.extinction = stars.extinctions();
        this.errorVariance = stars.extinctionErrors();
        for (int i = 0; i < n; i++) {
            errorVariance[i] *= errorVariance[i];
        }
        this.starSpace = Space.of(dtype, n);
        this.stackedSpace = Space.of(dtype, 2, n);
        this.parameters = Blocks.of(field.domain(), Space.of(dtype, 1), Space.of(dtype, 1), starSpace);
    }

    /**
     * The model described by {@code description} with the field prior {@code field} (mapping its excitations to a
     * field of the grid's shape, in the dtype of the whole model) and the selected stars, which must be the stars
     * the description's data fingerprint was made from.
     */
    public static DustModel of(ModelDescription description, LinearOperator field, StarData selected) {
        return new DustModel(description, field, selected);
    }

    public ModelDescription description() {
        return description;
    }

    /** The stars in the model's (pixel-sorted) order. */
    public StarData stars() {
        return stars;
    }

    /** The response kernel. */
    public ParallaxResponse kernel() {
        return response;
    }

    /** The layout of the parameter vector: excitations, xi_scl, xi_off, xi_n. */
    public Blocks parameters() {
        return parameters;
    }

    /**
     * The likelihood energy sum_i [(A_i - a_i)^2 / v_i + log v_i] / 2 with its gradient, Fisher metric
     * J_a^T V^-1 J_a + J_v^T (2 V^2)^-1 J_v and left square root J^T W^(1/2) on the stacked [2, nstars] data space:
     * what {@code org.dust4j.mgvi.Mgvi} takes (it adds the standard-normal prior itself).
     */
    public EnergyOperator likelihood() {
        return likelihood(Curvature.FISHER);
    }

    /**
     * The likelihood of {@link #likelihood()} (same value and gradient) with the metric of the given curvature and
     * its left square root: {@link Curvature#FISHER} is {@link #likelihood()}; {@link Curvature#OBSERVED_VARIANCE}
     * is the curvature for minimising the KL (see {@code org.dust4j.mgvi.Mgvi}'s minimisation likelihood).
     */
    public EnergyOperator likelihood(Curvature curvature) {
        return new DustLikelihood(Objects.requireNonNull(curvature, "curvature"), false);
    }

    /**
     * The posterior energy: {@link #likelihood()} plus the standard-normal prior |xi|^2 / 2, so the metric is the
     * Fisher metric plus the identity and its square root [J^T W^(1/2), 1] acts on the concatenation of a stacked
     * [2, nstars] data-space vector and a parameter vector: {@code likelihood().plus(EnergyOperator.standardNormal(…))}
     * in value, gradient, metric and square root, with the prior's gradient added while the likelihood's is assembled
     * (no separate pass over the parameter vector for it).
     */
    public EnergyOperator energy() {
        return new DustLikelihood(Curvature.FISHER, true);
    }

    /** The map xi -> [2, nstars]: row 0 the expected extinctions a_i, row 1 the total variances v_i. */
    public Operator response() {
        return new ResponseOperator();
    }

    /** The density rho at xi (a new tensor of the grid's shape). */
    public Tensor density(Tensor xi) {
        try (Point p = new Point(xi)) {
            return p.rho.copy();
        }
    }

    /** The noise factors n_i at xi, in the model's star order. */
    public double[] noiseFactors(Tensor xi) {
        if (!parameters.space().contains(xi)) {
            throw new IllegalArgumentException("parameters must be " + parameters.space() + ", got " + xi.shape() + " "
                    + xi.dtype());
        }
        Backend be = xi.backend();
        try (Tensor n = starSpace.zeros(be); Tensor dn = starSpace.zeros(be)) {
            noiseFactors(parameters.view(xi, NOISE), n, dn);
            return n.toDoubleArray();
        }
    }

    /**
     * Slots of the small tensor into which an evaluation reduces its scalars on the backend, read to the host with one
     * transfer: xi_scl and xi_off (when a point is made), then sum eta s and sum eta (the pull of a density cotangent,
     * eta its product with rho), the summed per-star loss, and the squared norm of the parameters (the prior).
     */
    private static final int SLOT_SCALE = 0;
    private static final int SLOT_OFFSET = 1;
    private static final int SLOT_CHECK = 2;
    private static final int SLOT_ETA_S = 0;
    private static final int SLOT_ETA = 1;
    private static final int SLOT_LOSS = 2;
    private static final int SLOT_PRIOR = 3;
    private static final int SLOTS = 4;

    /** The two adjacent elements [xi_scl, xi_off] of a parameter vector, as a view. */
    private Tensor scalarPair(Tensor x) {
        int o = (int) parameters.offset(SCALE);
        return x.reshape(Math.toIntExact(parameters.space().size())).slice(o, o + 2);
    }

    /** The model at one parameter vector: the field, the density and the scalar and per-star parameters. */
    private final class Point implements AutoCloseable {
        Tensor s;
        Tensor rho;
        final double scl;
        final double dScl;
        final double dOff;
        final double off;
        /** xi_scl and xi_off of this point. */
        final double xScale;
        final double xOffset;
        /** (n_i sA_i)^2 and d/dxi_n,i of it on the backend of xi, [n] each. */
        Tensor noiseVariance;
        Tensor noiseSlope;
        /** The response's per-star mean and variance at this point once computed (on the backend), else null. */
        Tensor mean;
        Tensor variance;
        /** The metric's per-star weights of the last curvature asked, on the backend. */
        private Weights weights;

        /**
         * Queues the noise variances (one table pass with the error variances as factor, and their sum, NaN where some
         * xi_n left the table) and the field s = F xi_s, then reads xi_scl, xi_off and that check with one transfer
         * (the host needs scl and off to queue rho = exp(scl s + off)).
         */
        Point(Tensor xi) {
            if (!parameters.space().contains(xi)) {
                throw new IllegalArgumentException("parameters must be " + parameters.space() + ", got "
                        + xi.shape() + " " + xi.dtype());
            }
            Backend be = xi.backend();
            try (Tensor slots = be.empty(dtype, Shape.of(SLOTS))) {
                this.noiseVariance = be.empty(dtype, starSpace.shape());
                this.noiseSlope = be.empty(dtype, starSpace.shape());
                Tensor xn = parameters.view(xi, NOISE);
                be.hermite(onBackend(be).noiseSquared(), xn, errorVariances(be), noiseVariance, noiseSlope);
                be.reduceAll(ReduceOp.SUM, noiseVariance, slots.slice(SLOT_CHECK, SLOT_CHECK + 1));
                be.copy(scalarPair(xi), slots.slice(SLOT_SCALE, SLOT_OFFSET + 1));
                this.s = be.empty(dtype, field.target().shape());
                field.apply(parameters.view(xi, EXCITATIONS), s);
                double[] read = slots.slice(0, SLOT_CHECK + 1).toDoubleArray();
                if (Double.isNaN(read[SLOT_CHECK])) {
                    exactNoise(xn, true, noiseVariance, noiseSlope);
                }
                this.xScale = read[SLOT_SCALE];
                this.xOffset = read[SLOT_OFFSET];
                this.scl = description.scale().value(xScale);
                this.dScl = description.scale().derivative(xScale);
                this.off = description.offset().value(xOffset);
                this.dOff = description.offset().derivative(xOffset);
                this.rho = s.emptyLike();
                be.unaryAffine(UnaryOp.EXP, scl, off, s, rho);
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }

        /**
         * The metric's per-star weights for {@code curvature} on the backend, from the response's mean and variance at
         * this point (computed once per curvature).
         */
        synchronized Weights weights(Curvature curvature) {
            if (weights == null || weights.curvature() != curvature) {
                if (weights != null) {
                    weights.close();
                }
                weights = Weights.of(curvature, observed(mean.backend()), mean, variance, noiseVariance);
            }
            return weights;
        }

        /**
         * The density tangent of a parameter tangent x: rho (scl F x_s + s scl' x_scl + off' x_off); writes the
         * per-star variance tangents of the noise parameters to {@code dvNoise} [n].
         */
        Tensor pushDensity(Tensor x, Tensor dvNoise) {
            double[] xso = scalarPair(x).toDoubleArray();
            double xs = dScl * xso[0];
            double xo = dOff * xso[1];
            Backend be = x.backend();
            Tensor t = be.empty(dtype, field.target().shape());
            try {
                field.apply(parameters.view(x, EXCITATIONS), t);
                be.binary(BinaryOp.MUL, noiseSlope, parameters.view(x, NOISE), dvNoise);
                be.axpby(scl, t, xs, s, t);
                be.binaryScalar(BinaryOp.ADD, t, xo, t);
                be.binary(BinaryOp.MUL, t, rho, t);
            } catch (RuntimeException e) {
                t.close();
                throw e;
            }
            return t;
        }

        /**
         * The parameter cotangent of a density cotangent rhoBar and per-star variance cotangents vBar (of which the
         * noise parameters take their part): a new tensor in the parameter space. Uses rhoBar as scratch (its content
         * is lost).
         */
        Tensor pullParameters(Tensor rhoBar, Tensor vBar) {
            return pull(rhoBar, vBar, null, null).gradient();
        }

        /**
         * The parameter cotangent of (rhoBar, vBar) as {@link #pullParameters}, plus {@code prior} (the parameter vector
         * itself: the gradient of |xi|^2 / 2) unless it is null, with the sum of {@code loss} (unless null) and |prior|^2
         * reduced on the backend and read with the pull's two sums in one transfer:
         * <pre>
         *   eta = rho rhoBar (rho recomputed from s),   one pass writing scl eta over rhoBar with sum eta s, sum eta
         *   out_s = F^T (scl eta) [+ xi_s],  out_scl = scl' sum eta s [+ xi_scl],  out_off = off' sum eta [+ xi_off],
         *   out_n = vBar noiseSlope [+ xi_n]
         * </pre>
         * the adjoint written straight into out, the prior added to the whole vector by one pass that also sums its
         * squares.
         */
        Pull pull(Tensor rhoBar, Tensor vBar, Tensor loss, Tensor prior) {
            Backend be = rhoBar.backend();
            // every block of out is written below
            Tensor out = be.empty(dtype, parameters.space().shape());
            try (Tensor slots = be.empty(dtype, Shape.of(SLOTS))) {
                be.affineExpProduct(scl, off, scl, s, rhoBar, rhoBar, slots.slice(SLOT_ETA_S, SLOT_ETA + 1));
                if (loss != null) {
                    be.reduceAll(ReduceOp.SUM, loss, slots.slice(SLOT_LOSS, SLOT_LOSS + 1));
                }
                field.adjoint(rhoBar, parameters.view(out, EXCITATIONS));
                be.binary(BinaryOp.MUL, vBar, noiseSlope, parameters.view(out, NOISE));
                if (prior != null) {
                    be.fill(scalarPair(out), 0);
                    be.axpbySquaredNorm(1, out, 1, prior, out, slots.slice(SLOT_PRIOR, SLOT_PRIOR + 1));
                }
                double[] read = slots.slice(0, prior != null ? SLOTS : loss != null ? SLOT_LOSS + 1 : SLOT_ETA + 1)
                        .toDoubleArray();
                double plusScale = prior == null ? 0 : xScale;
                double plusOffset = prior == null ? 0 : xOffset;
                be.fill(parameters.view(out, SCALE), dScl * read[SLOT_ETA_S] + plusScale);
                be.fill(parameters.view(out, OFFSET), dOff * read[SLOT_ETA] + plusOffset);
                return new Pull(out, loss == null ? 0 : read[SLOT_LOSS], prior == null ? 0 : read[SLOT_PRIOR]);
            } catch (RuntimeException e) {
                out.close();
                throw e;
            }
        }

        /** A grid-shaped tensor for a cotangent the response writes completely (unspecified elements until then). */
        Tensor gridEmpty() {
            return rho.emptyLike();
        }

        /** Releases what the point holds (also a partly constructed one). */
        @Override
        public void close() {
            for (Tensor t : new Tensor[] {s, rho, noiseVariance, noiseSlope, mean, variance}) {
                if (t != null) {
                    t.close();
                }
            }
            if (weights != null) {
                weights.close();
            }
        }
    }

    /**
     * A parameter cotangent with the scalars its pass read: the summed loss (0 without one) and the parameters'
     * squared norm (0 without the prior).
     */
    private record Pull(Tensor gradient, double loss, double priorSquares) {
    }

    /** A per-star tensor whose elements the caller writes completely. */
    private Tensor starEmpty(Backend be) {
        return be.empty(dtype, starSpace.shape());
    }

    private Tensor starTensor(Backend be, double[] x) {
        return be.fromHost(x, dtype, starSpace.shape());
    }

    /**
     * The observed extinctions, their error variances sA_i^2 and the noise transform's table on {@code be}, uploaded
     * there on first use and kept for the model's lifetime.
     */
    private StarTensors onBackend(Backend be) {
        return starTensors.computeIfAbsent(be, b -> new StarTensors(starTensor(b, extinction),
                starTensor(b, errorVariance), noise.table().upload(b), noise.squaredTable().upload(b)));
    }

    /** The per-star data on one backend: observations, error variances, the tables of f_n and of f_n^2. */
    private record StarTensors(Tensor observed, Tensor errorVariance, HermiteTable.Tables noise,
                               HermiteTable.Tables noiseSquared) {
    }

    private Tensor observed(Backend be) {
        return onBackend(be).observed();
    }

    private Tensor errorVariances(Backend be) {
        return onBackend(be).errorVariance();
    }

    /**
     * n_i = f_n(xi_n,i) and its derivative into {@code n} and {@code dn} on xn's backend: the table on the backend,
     * and the exact transform on the host when some |xi_n,i| reaches the table's end (the backend gives NaN there).
     */
    private void noiseFactors(Tensor xn, Tensor n, Tensor dn) {
        Backend be = xn.backend();
        be.hermite(onBackend(be).noise(), xn, n, dn);
        if (Double.isNaN(n.sum())) {
            exactNoise(xn, false, n, dn);
        }
    }

    /**
     * The noise factors from the exact transform on the host, for where some |xi_n,i| reaches the table's end (the
     * backend's table passes give NaN there): n_i and dn_i/dxi_n,i into {@code value} and {@code slope}, or with
     * {@code variances} the noise variances (n_i sA_i)^2 and their derivatives.
     */
    private void exactNoise(Tensor xn, boolean variances, Tensor value, Tensor slope) {
        Backend be = xn.backend();
        double[] x = xn.toDoubleArray();
        double[] v = new double[x.length];
        double[] d = new double[x.length];
        Parallel.forRange(x.length, 4096, (from, to) -> {
            double[] fd = new double[2];
            for (int i = (int) from; i < to; i++) {
                noise.evaluate(x[i], fd);
                if (variances) {
                    v[i] = errorVariance[i] * fd[0] * fd[0];
                    d[i] = 2 * errorVariance[i] * fd[0] * fd[1];
                } else {
                    v[i] = fd[0];
                    d[i] = fd[1];
                }
            }
        });
        try (Tensor tv = starTensor(be, v); Tensor td = starTensor(be, d)) {
            be.copy(tv, value);
            be.copy(td, slope);
        }
    }

    // ---------------------------------------------------------------- the energy

    /** The likelihood, or with {@code prior} the posterior energy (the likelihood plus |xi|^2 / 2). */
    private final class DustLikelihood extends EnergyOperator {
        private final Curvature curvature;
        private final boolean prior;

        DustLikelihood(Curvature curvature, boolean prior) {
            super(parameters.space(), (prior ? "dustEnergy(" : "dustLikelihood(") + stars.size() + " stars, "
                    + description.grid() + ", " + curvature + " curvature)");
            this.curvature = curvature;
            this.prior = prior;
        }

        @Override
        protected double valueAt(Tensor xi) {
            Backend be = xi.backend();
            try (Point p = new Point(xi); Tensor mean = starEmpty(be); Tensor v = starEmpty(be);
                    Tensor r = starEmpty(be); Tensor sums = be.empty(dtype, Shape.of(2))) {
                response.apply(p.rho, mean, v);
                // sum_i (r_i (r_i / v_i) + log v_i) / 2, r_i = A_i - a_i, with backend operations (the arithmetic of
                // lineMomentsGaussian's loss on the CPU, so that value() and at() agree there)
                be.binary(BinaryOp.ADD, v, p.noiseVariance, v);
                be.binary(BinaryOp.SUB, observed(be), mean, r);
                be.binary(BinaryOp.DIV, r, v, mean);
                be.binary(BinaryOp.MUL, r, mean, r);
                be.unary(UnaryOp.LOG, v, v);
                be.binary(BinaryOp.ADD, r, v, r);
                be.reduceAll(ReduceOp.SUM, r, sums.slice(0, 1));
                if (!prior) {
                    return 0.5 * sums.slice(0, 1).item();
                }
                be.dot(xi, xi, sums.slice(1, 2));
                double[] read = sums.toDoubleArray();
                return 0.5 * read[0] + 0.5 * read[1];
            }
        }

        @Override
        protected Energy energyAt(Tensor xi) {
            Point p = new Point(xi);
            Backend be = xi.backend();
            Tensor gradient;
            double value;
            try (Tensor rhoBar = p.gridEmpty(); Tensor loss = starEmpty(be); Tensor vBar = starEmpty(be)) {
                p.mean = starEmpty(be);
                p.variance = starEmpty(be);
                response.gaussian(p.rho, observed(be), p.noiseVariance, p.mean, p.variance, loss, vBar, rhoBar);
                Pull pull = p.pull(rhoBar, vBar, loss, prior ? xi : null);
                gradient = pull.gradient();
                value = pull.loss() + 0.5 * pull.priorSquares();
            } catch (RuntimeException e) {
                p.close();
                throw e;
            }
            LinearOperator metric = new Metric(p, curvature);
            LinearOperator sqrt = new MetricSqrt(p, curvature);
            if (prior) {
                LinearOperator identity = LinearOperator.identity(parameters.space());
                return Energy.of(value, gradient, metric.plus(identity), LinearOperator.blockRow(sqrt, identity), p);
            }
            return Energy.of(value, gradient, metric, sqrt, p);
        }
    }

    /**
     * The per-star weights of a metric at one point, on the backend, [n] each: 1/v and its square root for the mean
     * part, w and its square root for the variance part, v the total variance and w the variance weight of the curvature
     * (1/(2 v^2) for the Fisher metric; max(1/2, r^2/v - 1/2) / v^2 for {@link Curvature#OBSERVED_VARIANCE}).
     */
    private record Weights(Curvature curvature, Tensor invV, Tensor invSqrtV, Tensor w, Tensor sqrtW)
            implements AutoCloseable {
        static Weights of(Curvature curvature, Tensor observed, Tensor mean, Tensor variance, Tensor noiseVariance) {
            Backend be = mean.backend();
            Tensor invV = mean.zerosLike();
            Tensor invSqrtV = mean.zerosLike();
            Tensor w = mean.zerosLike();
            Tensor sqrtW = mean.zerosLike();
            be.binary(BinaryOp.ADD, variance, noiseVariance, invV);
            be.scalarBinary(BinaryOp.DIV, 1, invV, invV);
            be.unary(UnaryOp.SQRT, invV, invSqrtV);
            be.binary(BinaryOp.MUL, invV, invV, sqrtW);                 // 1/v^2, scratch
            if (curvature == Curvature.FISHER) {
                be.binaryScalar(BinaryOp.MUL, sqrtW, 0.5, w);
            } else {
                be.binary(BinaryOp.SUB, observed, mean, w);             // r
                be.binary(BinaryOp.MUL, w, w, w);                       // r^2
                be.binary(BinaryOp.MUL, w, invV, w);                    // r^2 / v
                be.binaryScalar(BinaryOp.ADD, w, -0.5, w);
                be.binaryScalar(BinaryOp.MAX, w, 0.5, w);
                be.binary(BinaryOp.MUL, w, sqrtW, w);
            }
            be.unary(UnaryOp.SQRT, w, sqrtW);
            return new Weights(curvature, invV, invSqrtV, w, sqrtW);
        }

        @Override
        public void close() {
            invV.close();
            invSqrtV.close();
            w.close();
            sqrtW.close();
        }
    }

    /**
     * The metric J^T W J with W = diag(1/v, w) (w the variance weight of the curvature: 1/(2 v^2) for the Fisher
     * metric), one fused pass of the backend's {@code lineMomentsPushPullDiagonal} per application.
     */
    private final class Metric extends LinearOperator {
        private final Point p;
        private final Curvature curvature;

        Metric(Point p, Curvature curvature) {
            super(parameters.space(), parameters.space(), "dustMetric");
            this.p = p;
            this.curvature = curvature;
        }

        @Override
        protected Tensor compute(Tensor x) {
            Weights wt = p.weights(curvature);
            Backend be = x.backend();
            try (Tensor dvNoise = starSpace.zeros(be); Tensor vBar = starSpace.zeros(be);
                    Tensor drho = p.pushDensity(x, dvNoise); Tensor rhoBar = p.gridEmpty()) {
                response.pushPullDiagonal(p.rho, drho, wt.invV(), wt.w(), dvNoise, vBar, rhoBar);
                return p.pullParameters(rhoBar, vBar);
            }
        }

        @Override
        protected Tensor computeAdjoint(Tensor y) {
            return compute(y);
        }
    }

    /**
     * S = J^T W^(1/2) on the stacked [2, nstars] data space (row 0 the mean part, row 1 the variance part),
     * W^(1/2) = diag(v^-1/2, w^1/2) (w^1/2 = 1/(sqrt(2) v) for the Fisher metric); S S^T is the metric. One VJP (S)
     * or JVP (S^T) pass, the weights applied by elementwise backend operations.
     */
    private final class MetricSqrt extends LinearOperator {
        private final Point p;
        private final Curvature curvature;

        MetricSqrt(Point p, Curvature curvature) {
            super(stackedSpace, parameters.space(), "dustMetricSqrt");
            this.p = p;
            this.curvature = curvature;
        }

        @Override
        protected Tensor compute(Tensor y) {
            Weights wt = p.weights(curvature);
            Backend be = y.backend();
            try (Tensor gm = starSpace.zeros(be); Tensor gv = starSpace.zeros(be); Tensor rhoBar = p.gridEmpty()) {
                be.binary(BinaryOp.MUL, y.row(0), wt.invSqrtV(), gm);
                be.binary(BinaryOp.MUL, y.row(1), wt.sqrtW(), gv);
                response.vjp(p.rho, gm, gv, rhoBar);
                return p.pullParameters(rhoBar, gv);
            }
        }

        @Override
        protected Tensor computeAdjoint(Tensor x) {
            Weights wt = p.weights(curvature);
            Backend be = x.backend();
            Tensor out = stackedSpace.zeros(be);
            try (Tensor dvNoise = starSpace.zeros(be); Tensor drho = p.pushDensity(x, dvNoise)) {
                response.jvp(p.rho, drho, out.row(0), out.row(1));
                be.binary(BinaryOp.MUL, out.row(0), wt.invSqrtV(), out.row(0));
                be.binary(BinaryOp.ADD, out.row(1), dvNoise, out.row(1));
                be.binary(BinaryOp.MUL, out.row(1), wt.sqrtW(), out.row(1));
            } catch (RuntimeException e) {
                out.close();
                throw e;
            }
            return out;
        }
    }

    // ---------------------------------------------------------------- the response as an operator

    private final class ResponseOperator extends Operator {
        ResponseOperator() {
            super(parameters.space(), stackedSpace, "dustResponse(" + stars.size() + " stars)");
        }

        @Override
        protected Tensor compute(Tensor xi) {
            try (Point p = new Point(xi)) {
                return value(p, xi.backend());
            }
        }

        private Tensor value(Point p, Backend be) {
            Tensor out = stackedSpace.zeros(be);
            response.apply(p.rho, out.row(0), out.row(1));
            be.binary(BinaryOp.ADD, out.row(1), p.noiseVariance, out.row(1));
            return out;
        }

        @Override
        protected Linearization linearizeAt(Tensor xi) {
            Point p = new Point(xi);
            return new Linearization(value(p, xi.backend()), new ResponseJacobian(p), p);
        }
    }

    /** The Jacobian of xi -> (a, v): separate JVP and VJP passes of the response. */
    private final class ResponseJacobian extends LinearOperator {
        private final Point p;

        ResponseJacobian(Point p) {
            super(parameters.space(), stackedSpace, "dustResponseJacobian");
            this.p = p;
        }

        @Override
        protected Tensor compute(Tensor x) {
            Backend be = x.backend();
            Tensor out = stackedSpace.zeros(be);
            try (Tensor dvNoise = starSpace.zeros(be); Tensor drho = p.pushDensity(x, dvNoise)) {
                response.jvp(p.rho, drho, out.row(0), out.row(1));
                be.binary(BinaryOp.ADD, out.row(1), dvNoise, out.row(1));
            } catch (RuntimeException e) {
                out.close();
                throw e;
            }
            return out;
        }

        @Override
        protected Tensor computeAdjoint(Tensor y) {
            try (Tensor rhoBar = p.gridEmpty()) {
                response.vjp(p.rho, y.row(0), y.row(1), rhoBar);
                return p.pullParameters(rhoBar, y.row(1));
            }
        }
    }

    /** The dtype of the parameters and of every tensor of the model. */
    public DType dtype() {
        return dtype;
    }

    /** The per-star shape (nstars). */
    public Shape starShape() {
        return starSpace.shape();
    }
}
