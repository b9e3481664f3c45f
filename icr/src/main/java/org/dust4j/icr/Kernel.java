package org.dust4j.icr;

import java.util.Map;

import org.dust4j.core.json.JsonFields;

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

    /**
     * A short human-readable description of the parameters. It need not identify the kernel (a tabulated kernel's
     * does not list its table): {@link #toMap()} does.
     */
    String describe();

    /**
     * The structured description of this kernel, complete enough to rebuild it with {@link #fromMap} (a kernel equal
     * to this one, with the same covariance at every distance): a map with a {@code "type"} (one of
     * {@code matern12, matern32, matern52, squared_exponential, tabulated, spectral}) and the parameters of the
     * factory that made it, every double as it is (a JSON writer that prints doubles with {@link Double#toString}
     * keeps them bit for bit). Tabulated kernels list all their values.
     *
     * @throws UnsupportedOperationException for a kernel other than those of this interface's factories; tabulate such
     *                                       a kernel ({@link TabulatedKernel#sample}) to write it down
     */
    default Map<String, Object> toMap() {
        throw new UnsupportedOperationException("kernel " + describe() + " (" + getClass().getName() + ") has no"
                + " structured description; tabulate it with TabulatedKernel.sample to write it into a description");
    }

    /**
     * Reads a kernel written by {@link #toMap()}; numbers may be any {@link Number} (a JSON reader's doubles too).
     *
     * @throws IllegalArgumentException for an unknown type, a missing or ill-typed field (naming it) or invalid
     *                                  parameters
     */
    static Kernel fromMap(Map<String, ?> map) {
        return Descriptions.kernel(JsonFields.of(map, "kernel"));
    }

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
