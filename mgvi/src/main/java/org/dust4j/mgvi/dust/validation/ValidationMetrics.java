package org.dust4j.mgvi.dust.validation;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.dust4j.core.Statistics;
import org.dust4j.mgvi.dust.DustGrid;
import org.dust4j.mgvi.dust.DustResult;
import org.dust4j.mgvi.dust.SampleMoments;
import org.dust4j.mgvi.dust.synthetic.SyntheticDust;
import org.dust4j.mgvi.dust.synthetic.SyntheticSurvey;
import org.dust4j.model.SphericalGrid;

/**
 * How well a reconstruction recovers a synthetic truth, on three levels:
 * <ul>
 * <li><b>voxels</b> of the data region (shells between rMin and rMax, all pixels): the truth is the field's voxel
 * mean ({@link SyntheticDust#voxelMeans}); compared in log density with the posterior
 * mean and std of log rho over the samples: Pearson correlation, RMS difference, and the fractions of voxels whose
 * truth lies within 1 and 2 posterior std;</li>
 * <li><b>columns</b>: the extinction from the Sun to every shell boundary of the data region, per pixel (truth:
 * {@link SyntheticDust#columns}, the exact line integrals averaged over sub-pixels;
 * posterior: each sample's cumulative sum of rho dr, which has no dust inside the grid's first boundary): median
 * absolute error and 1/2-sigma coverage;</li>
 * <li><b>stars</b> used by the fit: the posterior-mean predicted extinction against the noise-free extinction to the
 * star's true distance: median absolute error, and coverage with the predictive std √(std² + s_a²) (posterior spread
 * of the expected extinction plus the model's spread over the star's distance distribution).</li>
 * </ul>
 * For a calibrated Gaussian posterior the 1- and 2-sigma coverages are 68.3 % and 95.4 %.
 *
 * @param voxels           data-region voxels compared
 * @param logCorrelation   Pearson correlation of true log rho and posterior-mean log rho over those voxels
 * @param cloudCorrelation the same after subtracting the log of the field's smooth background (the truth without its
 *                         clouds) from both: how well the clouds are recovered, apart from the |z| gradient
 * @param baselineCorrelation the correlation of true log rho with the log of the smooth background alone: what an
 *                         oracle map knowing the exact background but no cloud would score in {@code logCorrelation}
 * @param linearCorrelation Pearson correlation of true rho and posterior-mean rho (dominated by the clouds)
 * @param linearBaseline   the oracle background's score in {@code linearCorrelation}
 * @param logRms           RMS of (posterior-mean log rho − true log rho)
 * @param voxelCoverage1   fraction of voxels with |mean log − true log| ≤ std log
 * @param voxelCoverage2   the same within 2 std
 * @param columns          (pixel, boundary) columns compared
 * @param columnMedianAbs  median |posterior-mean column − true column| (mag)
 * @param columnMedianRel  median of that error relative to the true column
 * @param columnCoverage1  fraction of columns within 1 posterior std
 * @param columnCoverage2  within 2 std
 * @param stars            stars compared (those used in the fit)
 * @param starMedianAbs    median |A_pred − A_true| (mag)
 * @param starCoverage1    fraction of stars within 1 predictive std
 * @param starCoverage2    within 2 predictive std
 * @param maxColumn        the largest posterior-mean column to rMax over the pixels (mag): a pixel with runaway dust
 *                         shows here, while the medians above hardly move
 * @param maxColumnTruth   the true column to rMax of that pixel (mag)
 */
public record ValidationMetrics(int voxels, double logCorrelation, double cloudCorrelation,
        double baselineCorrelation, double linearCorrelation, double linearBaseline, double logRms, double voxelCoverage1,
        double voxelCoverage2, int columns, double columnMedianAbs, double columnMedianRel, double columnCoverage1,
        double columnCoverage2, int stars, double starMedianAbs, double starCoverage1, double starCoverage2,
        double maxColumn, double maxColumnTruth) {

    /** Sub-pixel subdivision used for the truth (4^2 = 16 directions per pixel). */
    public static final int TRUTH_SUBDIVISION = 2;

    /** Compares {@code result} with the truth of {@code survey}. */
    public static ValidationMetrics evaluate(DustResult result, SyntheticSurvey survey) {
        return evaluate(result, survey, Truth.of(result.grid(), survey));
    }

    /** As {@link #evaluate(DustResult, SyntheticSurvey)} with the truth on the grid already computed. */
    public static ValidationMetrics evaluate(DustResult result, SyntheticSurvey survey, Truth truth) {
        DustGrid dg = result.grid();
        SphericalGrid g = dg.sphericalGrid();
        int n = g.nshell();
        int npix = g.npix();
        int first = dg.firstDataShell();
        int last = first + dg.dataShells();
        int count = result.sampleCount();
        double[] dr = g.shellWidths();

        // voxels: the posterior moments of log rho; columns to the boundaries first+1 .. last, from each sample
        int nv = npix * dg.dataShells();
        double[] logMean = result.logMean();
        double[] logStd = result.logStd();
        double[] mean = result.mean();
        double[] trueRho = new double[nv];
        double[] bgRho = new double[nv];
        double[] meanRho = new double[nv];
        double[] trueLog = new double[nv];
        double[] bgLog = new double[nv];
        double[] meanLog = new double[nv];
        double[] stdLog = new double[nv];
        double[] trueCol = new double[nv];
        for (int p = 0; p < npix; p++) {
            for (int k = first; k < last; k++) {
                int j = p * dg.dataShells() + (k - first);
                trueLog[j] = Math.log(truth.voxels[p * n + k]);
                bgLog[j] = Math.log(truth.background[p * n + k]);
                trueRho[j] = truth.voxels[p * n + k];
                bgRho[j] = truth.background[p * n + k];
                meanRho[j] = mean[p * n + k];
                meanLog[j] = logMean[p * n + k];
                stdLog[j] = logStd[p * n + k];
                trueCol[j] = truth.columns[p * (n + 1) + k + 1];
            }
        }
        SampleMoments columns = new SampleMoments(nv);
        double[] col = new double[nv];
        for (int s = 0; s < count; s++) {
            float[] rho = result.sample(s);
            for (int p = 0; p < npix; p++) {
                double sum = 0;
                for (int k = 0; k < last; k++) {
                    sum += rho[p * n + k] * dr[k];
                    if (k >= first) {
                        col[p * dg.dataShells() + (k - first)] = sum;
                    }
                }
            }
            columns.add(col);
        }
        double[] meanCol = columns.mean();
        double[] stdCol = columns.std();
        int nc = nv;
        int worst = 0;
        for (int p = 1; p < npix; p++) {
            if (meanCol[(p + 1) * dg.dataShells() - 1] > meanCol[(worst + 1) * dg.dataShells() - 1]) {
                worst = p;
            }
        }
        double maxColumn = meanCol[(worst + 1) * dg.dataShells() - 1];
        double maxColumnTruth = trueCol[(worst + 1) * dg.dataShells() - 1];

        double[] absCol = new double[nc];
        double[] relCol = new double[nc];
        for (int j = 0; j < nc; j++) {
            absCol[j] = Math.abs(meanCol[j] - trueCol[j]);
            relCol[j] = absCol[j] / trueCol[j];
        }

        // stars
        DustResult.StarPredictions sp = result.stars();
        int[] rows = sp.catalogRows();
        double[] a = sp.mean();
        double[] sa = sp.std();
        double[] dv = sp.distanceVariance();
        double[] absStar = new double[rows.length];
        double[] zStar = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            double t = survey.trueExtinction(rows[i]);
            absStar[i] = Math.abs(a[i] - t);
            zStar[i] = absStar[i] / Math.sqrt(sa[i] * sa[i] + dv[i]);
        }
        double[] zVox = new double[nv];
        double[] zCol = new double[nc];
        double rms = 0;
        for (int j = 0; j < nv; j++) {
            double d = meanLog[j] - trueLog[j];
            rms += d * d;
            zVox[j] = Math.abs(d) / stdLog[j];
            zCol[j] = absCol[j] / stdCol[j];
        }
        double[] trueClouds = new double[nv];
        double[] meanClouds = new double[nv];
        for (int j = 0; j < nv; j++) {
            trueClouds[j] = trueLog[j] - bgLog[j];
            meanClouds[j] = meanLog[j] - bgLog[j];
        }
        return new ValidationMetrics(nv, Statistics.correlation(trueLog, meanLog),
                Statistics.correlation(trueClouds, meanClouds), Statistics.correlation(trueLog, bgLog),
                Statistics.correlation(trueRho, meanRho), Statistics.correlation(trueRho, bgRho), Math.sqrt(rms / nv),
                fraction(zVox, 1), fraction(zVox, 2), nc, Statistics.median(absCol), Statistics.median(relCol),
                fraction(zCol, 1), fraction(zCol, 2), rows.length, Statistics.median(absStar), fraction(zStar, 1),
                fraction(zStar, 2), maxColumn, maxColumnTruth);
    }

    /**
     * The truth on a grid: voxel means [npix·nshell], columns to the boundaries [npix·(nshell + 1)] and the voxel
     * means of the smooth background alone (the field without clouds).
     */
    public record Truth(double[] voxels, double[] columns, double[] background) {
        /** Computes them from the survey's field with {@link #TRUTH_SUBDIVISION}. */
        public static Truth of(DustGrid grid, SyntheticSurvey survey) {
            SphericalGrid g = grid.sphericalGrid();
            SyntheticDust f = survey.field();
            double[] columns = f.columns(g, TRUTH_SUBDIVISION);
            SyntheticDust smooth = new SyntheticDust(f.rho0(), f.scaleHeight(), List.of());
            return new Truth(SyntheticDust.voxelMeans(g, columns), columns,
                    SyntheticDust.voxelMeans(g, smooth.columns(g, TRUTH_SUBDIVISION)));
        }
    }

    private static double fraction(double[] z, double k) {
        long c = Arrays.stream(z).filter(v -> v <= k).count();
        return (double) c / z.length;
    }

    /** The metrics as a Markdown table (two columns: quantity, value). */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| quantity | value |\n|---|---:|\n");
        row(sb, "data-region voxels", Integer.toString(voxels));
        row(sb, "corr(true log rho, posterior-mean log rho)", fmt(logCorrelation, 3));
        row(sb, "the same for the clouds (log background subtracted)", fmt(cloudCorrelation, 3));
        row(sb, "oracle baseline: corr(true log rho, log of the true background)", fmt(baselineCorrelation, 3));
        row(sb, "corr(true rho, posterior-mean rho), linear", fmt(linearCorrelation, 3));
        row(sb, "oracle baseline: corr(true rho, true background), linear", fmt(linearBaseline, 3));
        row(sb, "RMS of log rho difference", fmt(logRms, 3));
        row(sb, "voxels within 1 sigma / 2 sigma", pct(voxelCoverage1) + " / " + pct(voxelCoverage2));
        row(sb, "columns (pixel x boundary)", Integer.toString(columns));
        row(sb, "median abs column error", fmt(columnMedianAbs, 4) + " mag (" + pct(columnMedianRel) + ")");
        row(sb, "columns within 1 sigma / 2 sigma", pct(columnCoverage1) + " / " + pct(columnCoverage2));
        row(sb, "stars", Integer.toString(stars));
        row(sb, "median abs(A_pred - A_true)", fmt(starMedianAbs, 4) + " mag");
        row(sb, "stars within 1 sigma / 2 sigma", pct(starCoverage1) + " / " + pct(starCoverage2));
        row(sb, "largest posterior-mean column to rMax (truth there)", fmt(maxColumn, 2) + " mag ("
                + fmt(maxColumnTruth, 2) + " mag)");
        return sb.toString();
    }

    private static void row(StringBuilder sb, String k, String v) {
        sb.append("| ").append(k).append(" | ").append(v).append(" |\n");
    }

    private static String fmt(double v, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f %%", 100 * v);
    }
}
