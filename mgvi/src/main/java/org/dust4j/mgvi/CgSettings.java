package org.dust4j.mgvi;

import java.io.DataOutput;
import java.io.IOException;

/**
 * Stopping rules of a conjugate-gradient solve of A x = b: it stops once the residual norm ‖b − A x‖ is at most
 * {@code relativeTolerance}·‖b‖ and at least {@code minIterations} iterations have run, or after
 * {@code maxIterations} iterations (then the result is reported as not converged). Immutable; change fields with
 * the {@code with…} methods, e.g. {@code CgSettings.defaults().withMaxIterations(500)}.
 *
 * @param relativeTolerance the residual norm relative to ‖b‖ at which the solve has converged, ≥ 0
 * @param maxIterations     the iteration cap, ≥ 1
 * @param minIterations     iterations run even when the tolerance is met earlier (unless the residual is exactly
 *                          zero), 0 ≤ minIterations ≤ maxIterations
 */
public record CgSettings(double relativeTolerance, int maxIterations, int minIterations) {
    /** The defaults for drawing samples: relative residual 1e-5, at most 200 and at least 6 iterations. */
    public static final CgSettings DEFAULT = new CgSettings(1e-5, 200, 6);

    public CgSettings {
        if (!(relativeTolerance >= 0) || Double.isInfinite(relativeTolerance)) {
            throw new IllegalArgumentException("CG relativeTolerance must be finite and >= 0, got " + relativeTolerance);
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException("CG maxIterations must be >= 1, got " + maxIterations);
        }
        if (minIterations < 0 || minIterations > maxIterations) {
            throw new IllegalArgumentException("CG minIterations must lie in [0, maxIterations = " + maxIterations
                    + "], got " + minIterations);
        }
    }

    /** {@link #DEFAULT}. */
    public static CgSettings defaults() {
        return DEFAULT;
    }

    public CgSettings withRelativeTolerance(double tolerance) {
        return new CgSettings(tolerance, maxIterations, minIterations);
    }

    /** These settings with another cap; minIterations is lowered to the cap when it exceeds it. */
    public CgSettings withMaxIterations(int max) {
        return new CgSettings(relativeTolerance, max, Math.min(minIterations, max));
    }

    public CgSettings withMinIterations(int min) {
        return new CgSettings(relativeTolerance, maxIterations, min);
    }

    /** Writes the fields for the configuration hash. */
    void hashInto(DataOutput out) throws IOException {
        out.writeDouble(relativeTolerance);
        out.writeInt(maxIterations);
        out.writeInt(minIterations);
    }
}
