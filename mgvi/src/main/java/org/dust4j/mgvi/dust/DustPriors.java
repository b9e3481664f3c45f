package org.dust4j.mgvi.dust;

import java.util.Objects;

import org.dust4j.model.ParallaxResponse;
import org.dust4j.model.ScalarPrior;

/**
 * The scalar priors of the dust model, rho = exp(scl s + off) with the ICR field s, and A_i ~ N(a_i, (n_i sA_i)² +
 * s_a,i²) with a per-star factor n_i on the catalogued extinction error (the outlier model): each written as a
 * function of a standard-normal parameter ({@link ScalarPrior}), plus the response's cut in z (see
 * {@link ParallaxResponse}).
 *
 * @param scale  prior of scl
 * @param offset prior of off (log of the density unit, e.g. mag/pc)
 * @param noise  prior of the per-star error factor n_i; the n_i are point estimates in MGVI
 * @param zCut   the response's cut in z (boundaries with |z| above it get F = 0 or 1)
 */
public record DustPriors(ScalarPrior scale, ScalarPrior offset, ScalarPrior noise, double zCut) {
    public DustPriors {
        Objects.requireNonNull(scale, "scale");
        Objects.requireNonNull(offset, "offset");
        Objects.requireNonNull(noise, "noise");
        if (!(zCut > 0) || Double.isInfinite(zCut)) {
            throw new IllegalArgumentException("zCut must be positive and finite, got " + zCut);
        }
    }

    /**
     * The priors of Edenhofer et al. (2024): scl log-normal with mean 1 and std 0.5, off normal with mean -6.91 and
     * std 1, n_i inverse-gamma with shape 3 and scale 4 (mode 1), the response's default cut.
     */
    public static DustPriors edenhofer2024() {
        return new DustPriors(new ScalarPrior.LogNormal(1, 0.5), new ScalarPrior.Normal(-6.91, 1),
                new ScalarPrior.InverseGammaPrior(3, 4), ParallaxResponse.DEFAULT_Z_CUT);
    }

    public DustPriors withScale(ScalarPrior p) {
        return new DustPriors(p, offset, noise, zCut);
    }

    public DustPriors withOffset(ScalarPrior p) {
        return new DustPriors(scale, p, noise, zCut);
    }

    public DustPriors withNoise(ScalarPrior p) {
        return new DustPriors(scale, offset, p, zCut);
    }

    public DustPriors withZCut(double z) {
        return new DustPriors(scale, offset, noise, z);
    }
}
