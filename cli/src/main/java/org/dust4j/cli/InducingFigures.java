package org.dust4j.cli;

import org.dust4j.cli.plot.ColorMap;
import org.dust4j.cli.plot.ImagePlot;
import org.dust4j.cli.plot.Scale;
import org.dust4j.inducing.LbdGrid;

/**
 * Pieces of the inducing-point figures that {@code dust4j demo} and {@code dust4j fit} share, on the region cells of
 * a prediction grid (values in the prediction's order: l fastest, then b, then d): the l–d plane at the middle
 * latitude row (b = 0 for an odd count) and the l–b map at the region's far edge.
 */
final class InducingFigures {
    private InducingFigures() {
    }

    /** The l–d plane of {@code cube} at the middle latitude row, rows = distance (nl × nd). */
    static double[] slice(LbdGrid g, double[] cube) {
        int nl = g.l().cells();
        int nb = g.b().cells();
        int nd = g.d().cells();
        int middle = nb / 2;
        double[] plane = new double[nl * nd];
        for (int k = 0; k < nd; k++) {
            for (int il = 0; il < nl; il++) {
                plane[k * nl + il] = cube[il + nl * (middle + nb * k)];
            }
        }
        return plane;
    }

    /** The l–b map of {@code cube} in the last distance cell (nl × nb). */
    static double[] farEdge(LbdGrid g, double[] cube) {
        int cells = g.l().cells() * g.b().cells();
        double[] map = new double[cells];
        System.arraycopy(cube, cells * (g.d().cells() - 1), map, 0, cells);
        return map;
    }

    /** "b = 0 deg": the latitude of {@link #slice}. */
    static String sliceLatitude(LbdGrid g) {
        double[] bc = g.latitudeCentres();
        return "b = " + Numbers.compact(Math.round(bc[bc.length / 2] * 100) / 100.0) + " deg";
    }

    /** An l–d image of a density {@link #slice}, logarithmic colours over the range of {@code scaleValues}. */
    static ImagePlot sliceImage(LbdGrid g, double[] plane, double[] scaleValues) {
        double[] lc = g.longitudeCentres();
        double[] dc = g.distanceCentres();
        int nd = g.d().cells();
        int ghosts = g.ghostCells();
        return ImagePlot.builder(plane, lc.length, nd).xCenters(lc[0], lc[lc.length - 1])
                .yCenters(dc[ghosts], dc[ghosts + nd - 1]).axisLabels("l [deg]", "d [pc]").equalAspect(false)
                .label("density at " + sliceLatitude(g), "mag/pc")
                .scale(Scale.percentiles(Scale.Type.LOG, scaleValues, 0, 100)).build();
    }

    /** An l–b image of an extinction {@link #farEdge} map, linear colours over the range of {@code scaleValues}. */
    static ImagePlot farEdgeImage(LbdGrid g, double[] map, double[] scaleValues) {
        double[] lc = g.longitudeCentres();
        double[] bc = g.latitudeCentres();
        double[] dc = g.distanceCentres();
        return ImagePlot.builder(map, lc.length, bc.length).xCenters(lc[0], lc[lc.length - 1])
                .yCenters(bc[0], bc[bc.length - 1]).axisLabels("l [deg]", "b [deg]")
                .label("A to " + Numbers.compact(dc[dc.length - 1]) + " pc", "mag").colorMap(ColorMap.magma())
                .scale(Scale.linearOf(scaleValues)).build();
    }
}
