package org.dust4j.mgvi.dust;

import java.util.Comparator;
import java.util.stream.IntStream;

import org.dust4j.core.Tensor;
import org.dust4j.core.op.Blocks;
import org.dust4j.mgvi.MgviResult;
import org.dust4j.model.DustModel;
import org.dust4j.model.StarData;

/**
 * Maps every posterior sample of an MGVI run through the dust model and accumulates what a {@link DustResult}
 * holds: the density of each sample (float32, grid layout), the mean and standard deviation of the density and of
 * its logarithm, the stars' predicted extinctions (mean and std over the samples) with the mean distance-spread variance s_a² and the noise
 * factors, and the mean and std of scl and off. Standard deviations are over the samples with the unbiased
 * variance (n − 1), as {@link org.dust4j.mgvi.PosteriorStatistics} ({@link SampleMoments}).
 */
final class PosteriorCollector {
    final float[][] samples;
    final double[] densityMean;
    final double[] densityStd;
    final double[] logMean;
    final double[] logStd;
    final int[] catalogRows;
    final double[] extinctionMean;
    final double[] extinctionStd;
    final double[] distanceVariance;
    final double[] noiseFactor;
    final double[] scale;
    final double[] offset;

    private PosteriorCollector(float[][] samples, SampleMoments density, SampleMoments logDensity, int[] catalogRows,
            double[] extinctionMean, double[] extinctionStd, double[] distanceVariance, double[] noiseFactor,
            SampleMoments scale, SampleMoments offset) {
        this.samples = samples;
        this.densityMean = density.mean();
        this.densityStd = density.std();
        this.logMean = logDensity.mean();
        this.logStd = logDensity.std();
        this.catalogRows = catalogRows;
        this.extinctionMean = extinctionMean;
        this.extinctionStd = extinctionStd;
        this.distanceVariance = distanceVariance;
        this.noiseFactor = noiseFactor;
        this.scale = new double[] {scale.mean()[0], scale.std()[0]};
        this.offset = new double[] {offset.mean()[0], offset.std()[0]};
    }

    static PosteriorCollector collect(DustModel model, MgviResult r, DustGrid grid) {
        StarData stars = model.stars();
        int n = stars.size();
        int count = r.sampleCount();
        Blocks layout = model.parameters();
        float[][] samples = new float[count][];
        int voxels = Math.toIntExact(grid.sphericalGrid().voxels());
        SampleMoments density = new SampleMoments(voxels);
        SampleMoments logDensity = new SampleMoments(voxels);
        SampleMoments extinction = new SampleMoments(n);
        SampleMoments spread = new SampleMoments(n);
        SampleMoments scale = new SampleMoments(1);
        SampleMoments offset = new SampleMoments(1);
        for (int i = 0; i < count; i++) {
            try (Tensor x = r.sample(i); Tensor rho = model.density(x);
                    Tensor mean = rho.backend().zeros(model.dtype(), model.starShape());
                    Tensor var = rho.backend().zeros(model.dtype(), model.starShape())) {
                model.kernel().apply(rho, mean, var);
                extinction.add(mean.toDoubleArray());
                spread.add(var.toDoubleArray());
                samples[i] = rho.toFloatArray();
                double[] values = rho.toDoubleArray();
                density.add(values);
                for (int v = 0; v < values.length; v++) {
                    values[v] = Math.log(values[v]);
                }
                logDensity.add(values);
                scale.add(new double[] {model.description().scale().value(layout.view(x, DustModel.SCALE).item())});
                offset.add(new double[] {
                    model.description().offset().value(layout.view(x, DustModel.OFFSET).item())});
            }
        }
        double[] nf = model.noiseFactors(r.position());
        // per-star outputs in catalog order (the model holds its stars sorted by pixel)
        int[] order = IntStream.range(0, n).boxed()
                .sorted(Comparator.comparingInt(stars::sourceRow)).mapToInt(Integer::intValue).toArray();
        int[] rows = new int[n];
        double[][] out = new double[4][n];
        double[][] in = {extinction.mean(), extinction.std(), spread.mean(), nf};
        for (int j = 0; j < n; j++) {
            rows[j] = stars.sourceRow(order[j]);
            for (int q = 0; q < out.length; q++) {
                out[q][j] = in[q][order[j]];
            }
        }
        return new PosteriorCollector(samples, density, logDensity, rows, out[0], out[1], out[2], out[3], scale, offset);
    }
}
