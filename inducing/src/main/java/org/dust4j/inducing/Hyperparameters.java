package org.dust4j.inducing;

import java.util.Arrays;

/**
 * The Gaussian-process prior's hyperparameters in physical units.
 *
 * @param meanLog10Density the constant mean c of φ = log10 ρ (ρ in mag/pc)
 * @param amplitude        the kernel amplitude α, the prior variance of φ
 * @param lengthScales     the length scales γ_x, γ_y, γ_z [pc]
 */
public record Hyperparameters(double meanLog10Density, double amplitude, double[] lengthScales) {
    /** Copies the length scales and checks there are three. */
    public Hyperparameters {
        lengthScales = lengthScales.clone();
        if (lengthScales.length != 3) {
            throw new IllegalArgumentException("three length scales are needed, got " + lengthScales.length);
        }
    }

    /** The length scales (a copy). */
    @Override
    public double[] lengthScales() {
        return lengthScales.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Hyperparameters h && Double.compare(meanLog10Density, h.meanLog10Density) == 0
                && Double.compare(amplitude, h.amplitude) == 0 && Arrays.equals(lengthScales, h.lengthScales);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Double.hashCode(meanLog10Density) + Double.hashCode(amplitude)) + Arrays.hashCode(lengthScales);
    }

    @Override
    public String toString() {
        return "Hyperparameters[c=" + meanLog10Density + ", alpha=" + amplitude + ", gamma="
                + Arrays.toString(lengthScales) + " pc]";
    }
}
