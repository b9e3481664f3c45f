package org.dust4j.icr;

/**
 * A stationary, isotropic covariance function: the covariance of a Gaussian field at two points depends only on
 * their Euclidean distance, C(x, y) = k(|x - y|). Implementations are immutable and thread-safe.
 *
 * <p>The static factories cover the kernels dust4j ships: the Matérn family for ν = 1/2, 3/2, 5/2 and the squared
 * exponential (closed forms, {@link ClosedFormKernel}), a kernel tabulated on a log-spaced radius grid
 * ({@link TabulatedKernel}) and a kernel defined by its power spectrum ({@link SpectralKernel}). In every case
 * {@code amplitude} is the standard deviation of the field, k(0) = amplitude².
 */
public interface Kernel {
    /**
     * The covariance at distance r ≥ 0.
     *
     * @throws IllegalArgumentException if r is negative, NaN, or outside the range the kernel is defined on
     */
    double covariance(double r);

    /** The variance k(0). */
    default double variance() {
        return covariance(0);
    }

    /** A short human-readable description with all parameters. */
    String describe();

    /** Matérn ν = 1/2 (exponential): k(r) = a² exp(-r/ℓ). */
    static Kernel matern12(double amplitude, double lengthScale) {
        return new ClosedFormKernel(ClosedFormKernel.Form.MATERN_12, amplitude, lengthScale);
    }

    /** Matérn ν = 3/2: k(r) = a² (1 + √3 r/ℓ) exp(-√3 r/ℓ). */
    static Kernel matern32(double amplitude, double lengthScale) {
        return new ClosedFormKernel(ClosedFormKernel.Form.MATERN_32, amplitude, lengthScale);
    }

    /** Matérn ν = 5/2: k(r) = a² (1 + √5 r/ℓ + 5r²/(3ℓ²)) exp(-√5 r/ℓ). */
    static Kernel matern52(double amplitude, double lengthScale) {
        return new ClosedFormKernel(ClosedFormKernel.Form.MATERN_52, amplitude, lengthScale);
    }

    /** Squared exponential: k(r) = a² exp(-r²/(2ℓ²)). */
    static Kernel squaredExponential(double amplitude, double lengthScale) {
        return new ClosedFormKernel(ClosedFormKernel.Form.SQUARED_EXPONENTIAL, amplitude, lengthScale);
    }
}
