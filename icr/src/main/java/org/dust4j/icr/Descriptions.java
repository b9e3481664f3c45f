package org.dust4j.icr;

import java.util.List;

import org.dust4j.core.json.JsonFields;

/**
 * The readers of the structured descriptions that {@link AxisMap#toMap()}, {@link Kernel#toMap()} and
 * {@link Chart#toMap()} write, behind their public {@code fromMap} factories.
 */
final class Descriptions {
    private static final String[] KERNEL_TYPES = {"matern12", "matern32", "matern52", "squared_exponential",
            "tabulated", "spectral"};

    private Descriptions() {
    }

    static AxisMap axisMap(JsonFields f) {
        return switch (f.type("affine", "logarithmic")) {
            case "affine" -> new AxisMap.Affine(f.number("origin"), f.number("spacing"));
            default -> new AxisMap.Logarithmic(f.number("a"), f.number("b"));
        };
    }

    static Kernel kernel(JsonFields f) {
        String type = f.type(KERNEL_TYPES);
        for (ClosedFormKernel.Form form : ClosedFormKernel.Form.values()) {
            if (form.type().equals(type)) {
                return new ClosedFormKernel(form, f.number("amplitude"), f.number("lengthScale"));
            }
        }
        return switch (type) {
            case "tabulated" -> TabulatedKernel.fromFields(f);
            default -> SpectralKernel.of(f.number("amplitude"), f.number("alpha"), f.number("beta"),
                    f.number("kCutoff"), f.number("rMax"));
        };
    }

    static Chart chart(JsonFields f) {
        return switch (f.type("grid", "healpix")) {
            case "grid" -> {
                int[] shape0 = f.integers("shape0");
                List<JsonFields> maps = f.objects("axisMaps");
                if (maps.size() != shape0.length) {
                    throw new IllegalArgumentException(f.what() + ": " + maps.size() + " axisMaps for "
                            + shape0.length + " axes (shape0)");
                }
                GridChart.Builder b = GridChart.builder().shape0(shape0).levels(f.integer("levels"))
                        .window(f.integer("coarseWindow"), f.integer("finePixels"));
                for (int d = 0; d < shape0.length; d++) {
                    b.axisMap(d, axisMap(maps.get(d)));
                }
                yield b.build();
            }
            default -> HealpixChart.builder().nside0(f.longInteger("nside0")).levels(f.integer("levels"))
                    .shells0(f.integer("shells0")).radialMap(axisMap(f.object("radialMap"))).build();
        };
    }
}
