package org.dust4j.cli.plot;

import java.util.Objects;

/**
 * Truth | reconstruction | residual panels for comparing a reconstruction with a known field (the demo's figures):
 * the truth and the reconstruction in the same colours with one shared colour bar under both, and the residual in a
 * diverging map (positive red, negative blue, zero white) with its own bar.
 */
public final class Comparison {
    /** What the residual panel shows. */
    public enum Residual {
        /** reconstruction − truth, in the data's unit. */
        DIFFERENCE,
        /** log10(reconstruction / truth); NaN where either is not positive. */
        LOG10_RATIO
    }

    private static final double SHARED_BAR_LENGTH = 0.6;
    private static final double OWN_BAR_LENGTH = 0.8;

    private Comparison() {
    }

    /**
     * Three Mollweide maps: {@code truth} (values, ordering, colour map, scale, label and unit all taken from it),
     * the {@code reconstruction} in the same grid and colours, and the residual.
     *
     * @throws IllegalArgumentException if the reconstruction's length differs from the truth's
     */
    public static Plot skyMaps(SkyMap truth, double[] reconstruction, Residual residual) {
        double[] truthValues = truth.values();
        double[] res = residual(truthValues, reconstruction, residual);
        var ordering = truth.grid().ordering();
        SkyMap t = truth.toBuilder().title("truth").colorBar(false).build();
        SkyMap r = truth.toBuilder().values(reconstruction, ordering).title("reconstruction").colorBar(false).build();
        SkyMap d = truth.toBuilder().values(res, ordering).title(residualTitle(residual)).colorBar(false)
                .colorMap(diverging()).scale(Scale.symmetric(res)).build();
        return arrange(t, r, truth.colorBar(), d, residualBar(d.colorBar(), truth.colorBar(), residual));
    }

    /**
     * Three images: {@code truth} (values, axes, colour map, scale, label and unit all taken from it), the
     * {@code reconstruction} of the same shape and the residual. Colour bars go under the panels.
     *
     * @throws IllegalArgumentException if the reconstruction's length differs from the truth's
     */
    public static Plot images(ImagePlot truth, double[] reconstruction, Residual residual) {
        double[] truthValues = truth.values();
        double[] res = residual(truthValues, reconstruction, residual);
        ImagePlot t = truth.toBuilder().title("truth").colorBar(null).build();
        ImagePlot r = truth.toBuilder().values(reconstruction, truth.nx(), truth.ny()).title("reconstruction")
                .colorBar(null).build();
        ImagePlot d = truth.toBuilder().values(res, truth.nx(), truth.ny()).title(residualTitle(residual))
                .colorBar(null).colorMap(diverging()).scale(Scale.symmetric(res)).build();
        ColorBar shared = truth.colorBar().withOrientation(ColorBar.Orientation.HORIZONTAL);
        return arrange(t, r, shared, d, residualBar(d.colorBar(), shared, residual));
    }

    /**
     * The residual of {@code reconstruction} against {@code truth}, elementwise.
     *
     * @throws IllegalArgumentException if the lengths differ
     */
    public static double[] residual(double[] truth, double[] reconstruction, Residual kind) {
        Objects.requireNonNull(kind, "kind");
        if (truth.length != reconstruction.length) {
            throw new IllegalArgumentException("truth has " + truth.length + " values but reconstruction has "
                    + reconstruction.length);
        }
        double[] out = new double[truth.length];
        for (int i = 0; i < out.length; i++) {
            double t = truth[i];
            double r = reconstruction[i];
            out[i] = switch (kind) {
                case DIFFERENCE -> r - t;
                case LOG10_RATIO -> t > 0 && r > 0 ? Math.log10(r / t) : Double.NaN;
            };
        }
        return out;
    }

    /** RdBu reversed: positive residuals (over-estimates) red, negative blue. */
    private static ColorMap diverging() {
        return ColorMap.rdBu().reversed();
    }

    private static String residualTitle(Residual kind) {
        return kind == Residual.DIFFERENCE ? "reconstruction \u2212 truth" : "log\u2081\u2080(reconstruction / truth)";
    }

    private static ColorBar residualBar(ColorBar own, ColorBar data, Residual kind) {
        ColorBar bar = own.withOrientation(ColorBar.Orientation.HORIZONTAL).withLength(OWN_BAR_LENGTH);
        return kind == Residual.DIFFERENCE ? bar.withLabel("\u0394 " + data.label(), "")
                : bar.withLabel("log\u2081\u2080 ratio", "");
    }

    private static Plot arrange(Plot truth, Plot reconstruction, ColorBar shared, Plot residual,
            ColorBar residualBar) {
        return Panels.row(new double[] {2, 1},
                Panels.withColorBar(Panels.row(truth, reconstruction),
                        shared.withOrientation(ColorBar.Orientation.HORIZONTAL).withLength(SHARED_BAR_LENGTH)),
                Panels.withColorBar(residual, residualBar));
    }
}
