package org.dust4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.dust4j.core.Statistics;

/**
 * How close a reconstruction of the demo is to its known truth, measured the same way for both methods:
 * <ul>
 *   <li>{@code logCorrelation}: the Pearson correlation of the true and the reconstructed log10 density over the
 *       compared cells (the posterior mean of log10 ρ);</li>
 *   <li>{@code cloudCorrelation}: the same correlation for the clouds alone, i.e. of log10(ρ / ρ_disk) with ρ_disk
 *       the truth's smooth disk;</li>
 *   <li>{@code coverage1}: the fraction of those cells whose true log10 ρ lies within one posterior standard
 *       deviation of the posterior mean of log10 ρ (68.3 % for a calibrated Gaussian posterior);</li>
 *   <li>{@code starError}: the median over the stars used by the fit of |A_rec − A_true| / A_true, A_true the
 *       noise-free extinction to the star's true position and A_rec the posterior's extinction to it.</li>
 * </ul>
 * Next to the correlation and the star error stand those of a reference that is given the truth's smooth disk exactly
 * but none of its clouds ({@code referenceCorrelation}, {@code referenceStarError}). The disk alone explains most of
 * the variation of log ρ (with height above the plane) and can correlate better with the truth than a
 * reconstruction that has to learn the disk from the stars; the cloud correlation and the extinctions to the stars
 * show what a reconstruction recovered beyond it.
 *
 * @param cells                cells compared
 * @param logCorrelation       correlation of true and reconstructed log10 ρ
 * @param cloudCorrelation     correlation of true and reconstructed log10(ρ / ρ_disk)
 * @param coverage1            fraction of cells with |mean − truth| ≤ std in log10 ρ
 * @param stars                stars compared
 * @param starError            median relative extinction error to the stars
 * @param referenceCorrelation correlation of true and the disk-only log10 ρ over the same cells
 * @param referenceStarError   median relative extinction error of the disk alone to the same stars
 */
record DemoMetrics(int cells, double logCorrelation, double cloudCorrelation, double coverage1, int stars, double starError,
        double referenceCorrelation, double referenceStarError) {

    /**
     * What a reconstruction is compared on: per cell the true log10 ρ, the posterior mean and std of log10 ρ and the
     * disk-only reference's log10 ρ; per star the true, the reconstructed and the disk-only extinction.
     *
     * @throws IllegalArgumentException if the arrays of cells or of stars differ in length or are empty
     */
    record Compared(double[] trueLog, double[] meanLog, double[] stdLog, double[] referenceLog,
            double[] trueExtinction, double[] reconstructedExtinction, double[] referenceExtinction) {
        Compared {
            requireSameLength("cells", trueLog.length, meanLog.length, stdLog.length, referenceLog.length);
            requireSameLength("stars", trueExtinction.length, reconstructedExtinction.length,
                    referenceExtinction.length);
        }
    }

    /** The metrics of a comparison. */
    static DemoMetrics of(Compared c) {
        double[] trueLog = c.trueLog();
        int covered = 0;
        for (int i = 0; i < trueLog.length; i++) {
            if (Math.abs(c.meanLog()[i] - trueLog[i]) <= c.stdLog()[i]) {
                covered++;
            }
        }
        double[] trueClouds = new double[trueLog.length];
        double[] reconstructedClouds = new double[trueLog.length];
        for (int i = 0; i < trueLog.length; i++) {
            trueClouds[i] = trueLog[i] - c.referenceLog()[i];
            reconstructedClouds[i] = c.meanLog()[i] - c.referenceLog()[i];
        }
        return new DemoMetrics(trueLog.length, Statistics.correlation(trueLog, c.meanLog()),
                Statistics.correlation(trueClouds, reconstructedClouds),
                (double) covered / trueLog.length, c.trueExtinction().length,
                medianRelativeError(c.reconstructedExtinction(), c.trueExtinction()),
                Statistics.correlation(trueLog, c.referenceLog()),
                medianRelativeError(c.referenceExtinction(), c.trueExtinction()));
    }

    /** The median of |x − truth| / truth. */
    private static double medianRelativeError(double[] x, double[] truth) {
        double[] rel = new double[x.length];
        for (int i = 0; i < rel.length; i++) {
            rel[i] = Math.abs(x[i] - truth[i]) / truth[i];
        }
        return Statistics.median(rel);
    }

    private static void requireSameLength(String what, int... lengths) {
        for (int n : lengths) {
            if (n != lengths[0] || n == 0) {
                throw new IllegalArgumentException("the " + what + " arrays must be non-empty and of equal length, got "
                        + Arrays.toString(lengths));
            }
        }
    }

    /**
     * The metrics of several runs as an aligned text table, one column per run: correlation of log10 ρ, fraction
     * within 1σ, median |ΔA|/A, and the cells and stars they were taken over.
     */
    static String table(List<String> names, List<DemoMetrics> metrics) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "  %-40s", ""));
        for (String n : names) {
            s.append(String.format(Locale.ROOT, "%18s", n));
        }
        s.append('\n');
        row(s, "corr(true, reconstructed log10 rho)", metrics, m -> String.format(Locale.ROOT, "%.3f",
                m.logCorrelation()));
        row(s, "  disk without clouds (reference)", metrics, m -> String.format(Locale.ROOT, "%.3f",
                m.referenceCorrelation()));
        row(s, "corr of the clouds, log10(rho/rho_disk)", metrics, m -> String.format(Locale.ROOT, "%.3f",
                m.cloudCorrelation()));
        row(s, "median |A_rec - A_true| / A_true", metrics, m -> String.format(Locale.ROOT, "%.1f %%",
                100 * m.starError()));
        row(s, "  disk without clouds (reference)", metrics, m -> String.format(Locale.ROOT, "%.1f %%",
                100 * m.referenceStarError()));
        row(s, "cells within 1 posterior sigma", metrics, m -> String.format(Locale.ROOT, "%.1f %%",
                100 * m.coverage1()));
        row(s, "cells compared", metrics, m -> Integer.toString(m.cells()));
        row(s, "stars compared", metrics, m -> Integer.toString(m.stars()));
        return s.toString();
    }

    private static void row(StringBuilder s, String name, List<DemoMetrics> metrics,
            Function<DemoMetrics, String> value) {
        s.append(String.format(Locale.ROOT, "  %-40s", name));
        for (DemoMetrics m : metrics) {
            s.append(String.format(Locale.ROOT, "%18s", value.apply(m)));
        }
        s.append('\n');
    }

    /**
     * Writes the metrics as CSV (atomically): method, cells, log_correlation, cloud_correlation, coverage_1sigma, stars,
     * median_relative_extinction_error, reference_log_correlation, reference_median_relative_extinction_error,
     * seconds; full precision.
     */
    static void writeCsv(Path file, List<String> names, List<DemoMetrics> metrics, double[] seconds)
            throws IOException {
        CliFiles.writeText(file, null, w -> {
            w.write("method,cells,log_correlation,cloud_correlation,coverage_1sigma,stars,"
                    + "median_relative_extinction_error,"
                    + "reference_log_correlation,reference_median_relative_extinction_error,seconds\n");
            for (int i = 0; i < names.size(); i++) {
                DemoMetrics m = metrics.get(i);
                w.write(names.get(i) + "," + m.cells() + "," + m.logCorrelation() + "," + m.cloudCorrelation() + ","
                        + m.coverage1() + ","
                        + m.stars() + "," + m.starError() + "," + m.referenceCorrelation() + ","
                        + m.referenceStarError() + "," + seconds[i] + "\n");
            }
        });
    }

    /**
     * One line: "corr(log rho) 0.917 (disk alone 0.959), of the clouds 0.551 over 18432 cells, within 1 sigma
     * 63.6 %, median |dA|/A 5.0 % (disk alone 48.8 %) over 4233 stars".
     */
    String describe() {
        return String.format(Locale.ROOT, "corr(log rho) %.3f (disk alone %.3f), of the clouds %.3f over %d cells,"
                + " within 1 sigma %.1f %%, median |dA|/A %.1f %% (disk alone %.1f %%) over %d stars", logCorrelation,
                referenceCorrelation, cloudCorrelation, cells, 100 * coverage1, 100 * starError,
                100 * referenceStarError, stars);
    }
}
