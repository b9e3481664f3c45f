package org.dust4j.inducing.validation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.dust4j.core.Statistics;
import org.dust4j.inducing.Hyperparameters;
import org.dust4j.inducing.LbdGrid;
import org.dust4j.inducing.Prediction;
import org.dust4j.inducing.SampleSummary;
import org.dust4j.inducing.Stars;

/**
 * How well a fit recovers a {@link SimulatedField}, using posterior medians:
 * <ul>
 *   <li>the paper's measures: median |ΔA|/A over the stars (against the exact, noise-free extinction, and against
 *       the noisy input) and median |Δρ|/ρ over all region cells of the prediction grid;</li>
 *   <li>measures that a field without clumps cannot pass, each next to the value of the "background-only" model
 *       ρ = ρ_bg (the true background, no clumps): median |Δρ|/ρ over the clump cells (true ρ > 2 ρ_bg) and median
 *       |ΔA|/A over the stars whose sight line crosses a clump (true A > 1.2 ρ_bg d);</li>
 *   <li>per clump, within 3 clump radii of its centre: the distance from the true centre to the densest predicted
 *       cell, the distance between the densest predicted and the densest true cell (the same as the former for an
 *       isolated clump; for overlapping clumps, whose sum peaks between them, the fair measure of "centre
 *       recovered"), both next to the geometric mean of the learned length scales, and the ratio of the predicted
 *       to the true peak density.</li>
 * </ul>
 *
 * @param starError            median |ΔA|/A against the exact extinction
 * @param starErrorObserved    median |ΔA|/A against the noisy input extinction
 * @param densityError         median |Δρ|/ρ over all region cells of the prediction grid
 * @param clumpCells           number of clump cells
 * @param clumpCellError       median |Δρ|/ρ over the clump cells
 * @param clumpCellBaseline    the same for the background-only model
 * @param crossingStars        number of stars whose sight line crosses a clump
 * @param crossingStarError    median |ΔA|/A over those stars
 * @param crossingStarBaseline the same for the background-only model
 * @param clumpOffsets         per clump, distance [pc] from the true centre to the predicted peak
 * @param peakOffsets          per clump, distance [pc] from the true peak to the predicted peak
 * @param clumpPeakRatios      per clump, predicted peak density / true peak density
 * @param lengthScale          geometric mean of the learned length scales [pc]
 */
public record SimulationMetrics(double starError, double starErrorObserved, double densityError, int clumpCells,
                                double clumpCellError, double clumpCellBaseline, int crossingStars,
                                double crossingStarError, double crossingStarBaseline, double[] clumpOffsets,
                                double[] peakOffsets, double[] clumpPeakRatios, double lengthScale) {

    /** Evaluates a prediction and star extinctions (posterior summaries) against the truth. */
    public static SimulationMetrics evaluate(SimulatedField field, SimulatedField.SimulatedStars sim,
                                             SampleSummary starExtinction, Prediction prediction,
                                             Hyperparameters hyper) {
        Stars stars = sim.stars();
        double[] truth = sim.trueExtinction();
        double[] obs = stars.extinction();
        double[] dist = stars.distance();
        double[] a = starExtinction.p50();
        double bg = field.background();
        List<Double> star = new ArrayList<>();
        List<Double> starObs = new ArrayList<>();
        List<Double> crossing = new ArrayList<>();
        List<Double> crossingBase = new ArrayList<>();
        for (int i = 0; i < stars.size(); i++) {
            if (Double.isNaN(a[i])) {
                continue;
            }
            double e = Math.abs(a[i] - truth[i]) / truth[i];
            star.add(e);
            starObs.add(Math.abs(a[i] - obs[i]) / Math.abs(obs[i]));
            if (truth[i] > 1.2 * bg * dist[i]) {
                crossing.add(e);
                crossingBase.add(Math.abs(bg * dist[i] - truth[i]) / truth[i]);
            }
        }
        LbdGrid grid = prediction.grid();
        double[] lc = grid.longitudeCentres();
        double[] bc = grid.latitudeCentres();
        double[] dc = grid.distanceCentres();
        int nl = lc.length;
        int nb = bc.length;
        int nd = grid.d().cells();
        double[] rho = prediction.density().p50();
        List<Double> all = new ArrayList<>();
        List<Double> clump = new ArrayList<>();
        List<Double> clumpBase = new ArrayList<>();
        List<SimulatedField.Clump> clumps = field.clumps();
        double[] best = new double[clumps.size()];
        double[] bestTrue = new double[clumps.size()];
        double[][] at = new double[clumps.size()][];
        double[][] atTrue = new double[clumps.size()][];
        double[] offsets = new double[clumps.size()];
        Arrays.fill(offsets, Double.NaN);
        for (int k = 0; k < nd; k++) {
            for (int ib = 0; ib < nb; ib++) {
                for (int il = 0; il < nl; il++) {
                    int cell = il + nl * (ib + nb * k);
                    double[] x = SimulatedField.cartesian(lc[il], bc[ib], dc[k + grid.ghostCells()]);
                    double t = field.density(x[0], x[1], x[2]);
                    double e = Math.abs(rho[cell] - t) / t;
                    all.add(e);
                    if (t > 2 * bg) {
                        clump.add(e);
                        clumpBase.add(1 - bg / t);
                    }
                    for (int c = 0; c < clumps.size(); c++) {
                        SimulatedField.Clump cl = clumps.get(c);
                        double r = Math.sqrt(square(x[0] - cl.x()) + square(x[1] - cl.y()) + square(x[2] - cl.z()));
                        if (r < 3 * cl.sigma() && rho[cell] > best[c]) {
                            best[c] = rho[cell];
                            offsets[c] = r;
                            at[c] = x;
                        }
                        if (r < 3 * cl.sigma() && t > bestTrue[c]) {
                            bestTrue[c] = t;
                            atTrue[c] = x;
                        }
                    }
                }
            }
        }
        double[] ratios = new double[clumps.size()];
        double[] peaks = new double[clumps.size()];
        for (int c = 0; c < clumps.size(); c++) {
            ratios[c] = best[c] / bestTrue[c];
            peaks[c] = at[c] == null || atTrue[c] == null ? Double.NaN : Math.sqrt(square(at[c][0] - atTrue[c][0])
                    + square(at[c][1] - atTrue[c][1]) + square(at[c][2] - atTrue[c][2]));
        }
        double[] g = hyper.lengthScales();
        return new SimulationMetrics(median(star), median(starObs), median(all), clump.size(), median(clump),
                median(clumpBase), crossing.size(), median(crossing), median(crossingBase), offsets, peaks, ratios,
                Math.cbrt(g[0] * g[1] * g[2]));
    }

    private static double median(List<Double> values) {
        return Statistics.median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static double square(double x) {
        return x * x;
    }

    @Override
    public double[] clumpOffsets() {
        return clumpOffsets.clone();
    }

    @Override
    public double[] peakOffsets() {
        return peakOffsets.clone();
    }

    @Override
    public double[] clumpPeakRatios() {
        return clumpPeakRatios.clone();
    }

    /** A multi-line report of all measures. */
    public String report() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(java.util.Locale.ROOT, "median |dA|/A (exact)            %.4f%n", starError));
        s.append(String.format(java.util.Locale.ROOT, "median |dA|/A (noisy input)      %.4f%n", starErrorObserved));
        s.append(String.format(java.util.Locale.ROOT, "median |drho|/rho (all cells)    %.4f%n", densityError));
        s.append(String.format(java.util.Locale.ROOT, "clump cells (%d): median |drho|/rho %.4f, background-only %.4f%n",
                clumpCells, clumpCellError, clumpCellBaseline));
        s.append(String.format(java.util.Locale.ROOT, "stars crossing clumps (%d): median |dA|/A %.4f, background-only "
                + "%.4f%n", crossingStars, crossingStarError, crossingStarBaseline));
        for (int c = 0; c < clumpOffsets.length; c++) {
            s.append(String.format(java.util.Locale.ROOT, "clump %d: predicted peak %.1f pc from the centre, %.1f pc from "
                    + "the true peak (length scale %.1f pc); peak density ratio %.3f%n", c, clumpOffsets[c],
                    peakOffsets[c], lengthScale, clumpPeakRatios[c]));
        }
        return s.toString();
    }
}
