package org.dust4j.inducing;

import java.util.Objects;

import org.dust4j.core.op.Blocks;

/**
 * The fitted variational posterior and hyperparameters, as host values: everything predictions need. Holds the
 * flat parameter vector θ in the layout of {@link ElboModel} together with the configuration and the coordinate
 * origin.
 */
public final class Posterior {
    private final InducingConfig config;
    private final double[] origin;
    private final double[] theta;
    private final Blocks layout;

    /**
     * @param config the configuration the parameters belong to
     * @param origin the Cartesian shift [pc] of the model's coordinates ({@link ElboModel#origin()})
     * @param theta  the flat parameters (copied)
     */
    public Posterior(InducingConfig config, double[] origin, double[] theta) {
        this.config = Objects.requireNonNull(config, "config");
        this.origin = origin.clone();
        this.theta = theta.clone();
        int m = config.inducingPoints();
        this.layout = ElboModel.layoutOf(config.dtype(), m);
        if (theta.length != layout.space().size() || origin.length != 3) {
            throw new IllegalArgumentException("a posterior with " + m + " inducing points needs " + layout.space().size()
                    + " parameters and a 3-vector origin, got " + theta.length + " and " + origin.length);
        }
    }

    /** The configuration. */
    public InducingConfig config() {
        return config;
    }

    /** The Cartesian shift of the model's coordinates [pc] (a copy). */
    public double[] origin() {
        return origin.clone();
    }

    /** The flat parameter vector θ (a copy). */
    public double[] parameters() {
        return theta.clone();
    }

    private double[] block(int b) {
        int from = (int) layout.offset(b);
        double[] out = new double[(int) layout.block(b).size()];
        System.arraycopy(theta, from, out, 0, out.length);
        return out;
    }

    /** c, α and γ in physical units. */
    public Hyperparameters hyperparameters() {
        PositiveTransform t = config.positiveTransform();
        double[] g = block(ElboModel.LENGTH_SCALES);
        return new Hyperparameters(block(ElboModel.CONSTANT)[0], t.value(block(ElboModel.AMPLITUDE)[0]),
                new double[] {t.value(g[0]), t.value(g[1]), t.value(g[2])});
    }

    /** The inducing points in heliocentric Galactic Cartesian coordinates [pc], rows x, y, z of [3][M]. */
    public double[][] inducingPoints() {
        int m = config.inducingPoints();
        double[] z = block(ElboModel.INDUCING);
        double[][] out = new double[3][m];
        for (int k = 0; k < 3; k++) {
            for (int j = 0; j < m; j++) {
                out[k][j] = z[k * m + j] + origin[k];
            }
        }
        return out;
    }

    /** The inducing points as the model holds them (shifted by the origin), flat [3·M]. */
    double[] shiftedInducingPoints() {
        return block(ElboModel.INDUCING);
    }

    /** The variational mean m of the whitened inducing values [M]. */
    public double[] variationalMean() {
        return block(ElboModel.MEAN);
    }

    /** The variational Cholesky factor L (S = L Lᵀ), dense row-major [M·M], lower triangular. */
    public double[] variationalFactor() {
        int m = config.inducingPoints();
        double[] packed = block(ElboModel.FACTOR);
        PositiveTransform t = config.positiveTransform();
        double[] l = new double[m * m];
        for (int i = 0, p = 0; i < m; i++) {
            for (int j = 0; j <= i; j++, p++) {
                l[i * m + j] = i == j ? t.value(packed[p]) : packed[p];
            }
        }
        return l;
    }

    @Override
    public String toString() {
        return "Posterior[" + config.inducingPoints() + " inducing points, " + hyperparameters() + "]";
    }
}
