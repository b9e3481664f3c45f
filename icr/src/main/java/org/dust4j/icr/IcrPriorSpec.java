package org.dust4j.icr;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

import org.dust4j.core.json.Json;
import org.dust4j.core.json.JsonFields;

/**
 * What defines an {@link IcrPrior}: the chart, the kernel and the variance normalisation, as a value with a structured
 * description ({@link #toMap()}) from which the same prior can be rebuilt ({@link #fromMap}, {@link #build()}). This is
 * the {@code fieldPrior} of a model description (docs/model.md); the build settings that do not change the prior
 * beyond rounding (geometry tolerance, memory budget) are not part of it and take their defaults in {@link #builder()}.
 *
 * @param chart         the chart
 * @param kernel        the kernel (one with a structured description, see {@link Kernel#toMap()})
 * @param normalisation the variance normalisation
 */
public record IcrPriorSpec(Chart chart, Kernel kernel, Normalisation normalisation) {
    /** The {@code "type"} of the description. */
    public static final String TYPE = "icr";

    public IcrPriorSpec {
        Objects.requireNonNull(chart, "chart");
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(normalisation, "normalisation");
    }

    /**
     * {@code {"type": "icr", "kernel": kernel.toMap(), "normalisation": "EXACT_VARIANCE" or "NONE",
     * "chart": chart.toMap()}}.
     *
     * @throws UnsupportedOperationException if the kernel or an axis map of the chart has no structured description
     */
    public Map<String, Object> toMap() {
        return Json.object("type", TYPE, "kernel", kernel.toMap(), "normalisation", normalisation.name(), "chart",
                chart.toMap());
    }

    /**
     * Reads a description written by {@link #toMap()}. Other fields (a caller's additions, such as the dust grid a
     * reconstruction writes beside the chart) are ignored.
     *
     * @throws IllegalArgumentException for a type other than "icr", an unknown normalisation, kernel or chart type, or
     *                                  a missing or ill-typed field (the message names it and its value)
     */
    public static IcrPriorSpec fromMap(Map<String, ?> map) {
        JsonFields f = JsonFields.of(map, "field prior");
        f.type(TYPE);
        String n = f.string("normalisation");
        Normalisation normalisation;
        try {
            normalisation = Normalisation.valueOf(n);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field prior: unknown normalisation '" + n + "' (known: "
                    + Arrays.toString(Normalisation.values()) + ")", e);
        }
        return new IcrPriorSpec(Descriptions.chart(f.object("chart")), Descriptions.kernel(f.object("kernel")),
                normalisation);
    }

    /** A builder of the prior with this chart, kernel and normalisation (other settings at their defaults). */
    public IcrPrior.Builder builder() {
        return IcrPrior.builder(chart, kernel).normalisation(normalisation);
    }

    /** Builds the prior ({@code builder().build()}). */
    public IcrPrior build() {
        return builder().build();
    }
}
