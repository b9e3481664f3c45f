package org.dust4j.mgvi.dust.validation;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.dust4j.healpix.HealpixGrid;
import org.dust4j.healpix.Ordering;
import org.dust4j.healpix.Pointing;
import org.dust4j.mgvi.dust.DustGrid;
import org.dust4j.mgvi.dust.DustResult;
import org.dust4j.mgvi.dust.synthetic.SyntheticSurvey;
import org.dust4j.model.SphericalGrid;

/**
 * Writes a validation run's tables: {@code voxels.csv} (every data-region voxel: pixel, shell, l, b, r, true density,
 * posterior mean and std of rho and of log rho), {@code stars.csv} (every star used: catalog row, l, b, true distance,
 * parallax and error, observed extinction and error, true extinction, predicted mean and std, distance spread, noise
 * factor) and {@code metrics.md}.
 */
final class ValidationOutput {
    private ValidationOutput() {
    }

    static void write(Path dir, DustResult result, SyntheticSurvey survey, ValidationMetrics.Truth truth,
            ValidationMetrics metrics) throws IOException {
        writeVoxels(dir.resolve("voxels.csv"), result, truth);
        writeStars(dir.resolve("stars.csv"), result, survey);
        Files.writeString(dir.resolve("metrics.md"), metrics.toMarkdown(), StandardCharsets.UTF_8);
        Plots.write(dir, result, survey, truth);
    }

    private static void writeVoxels(Path file, DustResult result, ValidationMetrics.Truth truth) throws IOException {
        DustGrid dg = result.grid();
        SphericalGrid g = dg.sphericalGrid();
        int n = g.nshell();
        HealpixGrid hp = HealpixGrid.of(g.nside(), Ordering.NEST);
        double[] centres = g.shellGeometry().centers();
        double[] mean = result.mean();
        double[] std = result.std();
        double[] logMean = result.logMean();
        double[] logStd = result.logStd();
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            w.println("pixel,shell,l_deg,b_deg,r_pc,true_rho,mean_rho,std_rho,mean_log_rho,std_log_rho");
            for (int p = 0; p < g.npix(); p++) {
                Pointing pt = hp.pix2ang(p);
                double l = Math.toDegrees(pt.phi());
                double b = 90 - Math.toDegrees(pt.theta());
                for (int k = dg.firstDataShell(); k < dg.firstDataShell() + dg.dataShells(); k++) {
                    int v = p * n + k;
                    w.printf(Locale.ROOT, "%d,%d,%.4f,%.4f,%.3f,%.6e,%.6e,%.6e,%.5f,%.5f%n", p, k, l, b, centres[k],
                            truth.voxels()[v], mean[v], std[v], logMean[v], logStd[v]);
                }
            }
        }
    }

    private static void writeStars(Path file, DustResult result, SyntheticSurvey survey) throws IOException {
        DustResult.StarPredictions sp = result.stars();
        int[] rows = sp.catalogRows();
        double[] a = sp.mean();
        double[] sa = sp.std();
        double[] dv = sp.distanceVariance();
        double[] nf = sp.noiseFactor();
        var cat = survey.catalog();
        double[] l = cat.l();
        double[] b = cat.b();
        double[] w = cat.parallax();
        double[] sw = cat.parallaxError();
        double[] ext = cat.extinction();
        double[] extErr = cat.extinctionError();
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            out.println("row,l_deg,b_deg,true_distance_pc,parallax_mas,parallax_error_mas,extinction,extinction_error,"
                    + "true_extinction,predicted_mean,predicted_std,distance_spread,noise_factor,outlier");
            for (int i = 0; i < rows.length; i++) {
                int r = rows[i];
                out.printf(Locale.ROOT, "%d,%.5f,%.5f,%.3f,%.5f,%.5f,%.5f,%.5f,%.5f,%.5f,%.5f,%.5f,%.4f,%b%n", r, l[r],
                        b[r], survey.trueDistance(r), w[r], sw[r], ext[r], extErr[r], survey.trueExtinction(r), a[i],
                        sa[i], Math.sqrt(dv[i]), nf[i], survey.isOutlier(r));
            }
        }
    }
}
