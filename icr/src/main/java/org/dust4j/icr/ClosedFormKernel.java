package org.dust4j.icr;

import java.util.Map;

import org.dust4j.core.json.Json;

/**
 * The Matérn kernels with half-integer ν and the squared-exponential kernel, in closed form.
 *
 * @param form        which kernel
 * @param amplitude   standard deviation of the field, k(0) = amplitude² (finite, &gt; 0)
 * @param lengthScale the length scale ℓ in the units of the chart's positions (finite, &gt; 0)
 */
public record ClosedFormKernel(Form form, double amplitude, double lengthScale) implements Kernel {
    /** The closed-form kernels. */
    public enum Form {
        /** Matérn ν = 1/2, the exponential kernel exp(-r/ℓ). */
        MATERN_12("matern12"),
        /** Matérn ν = 3/2, (1 + √3 r/ℓ) exp(-√3 r/ℓ). */
        MATERN_32("matern32"),
        /** Matérn ν = 5/2, (1 + √5 r/ℓ + 5r²/3ℓ²) exp(-√5 r/ℓ). */
        MATERN_52("matern52"),
        /** Squared exponential exp(-r²/2ℓ²). */
        SQUARED_EXPONENTIAL("squared_exponential");

        private final String type;

        Form(String type) {
            this.type = type;
        }

        /** The kernel's {@code "type"} in {@link Kernel#toMap()} (e.g. "matern32", "squared_exponential"). */
        public String type() {
            return type;
        }
    }

    private static final double SQRT3 = Math.sqrt(3);
    private static final double SQRT5 = Math.sqrt(5);

    public ClosedFormKernel {
        if (form == null) {
            throw new IllegalArgumentException("form must not be null");
        }
        KernelChecks.positive("amplitude", amplitude);
        KernelChecks.positive("lengthScale", lengthScale);
    }

    @Override
    public double covariance(double r) {
        KernelChecks.distance(r);
        double a2 = amplitude * amplitude;
        double x = r / lengthScale;
        return switch (form) {
            case MATERN_12 -> a2 * Math.exp(-x);
            case MATERN_32 -> a2 * (1 + SQRT3 * x) * Math.exp(-SQRT3 * x);
            case MATERN_52 -> a2 * (1 + SQRT5 * x + 5.0 / 3.0 * x * x) * Math.exp(-SQRT5 * x);
            case SQUARED_EXPONENTIAL -> a2 * Math.exp(-0.5 * x * x);
        };
    }

    @Override
    public double variance() {
        return amplitude * amplitude;
    }

    /** {@code {"type": form.type(), "amplitude": …, "lengthScale": …}}. */
    @Override
    public Map<String, Object> toMap() {
        return Json.object("type", form.type(), "amplitude", amplitude, "lengthScale", lengthScale);
    }

    @Override
    public String describe() {
        return form.name().toLowerCase(java.util.Locale.ROOT) + "(amplitude=" + amplitude + ", lengthScale="
                + lengthScale + ")";
    }
}
