package org.dust4j.model;

import java.util.SplittableRandom;

import org.dust4j.core.Backends;
import org.dust4j.core.DType;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;

/** Random grids, densities and stars shared by the model tests. */
final class ResponseFixtures {
    private ResponseFixtures() {
    }

    /** A positive, spatially varying density (mag/pc) on the grid, in the given dtype. */
    static Tensor randomDensity(SphericalGrid grid, DType dtype, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] rho = new double[(int) grid.voxels()];
        for (int p = 0; p < grid.npix(); p++) {
            double phase = rnd.nextDouble(0, 6.283);
            for (int k = 0; k < grid.nshell(); k++) {
                rho[p * grid.nshell() + k] = 1e-3 * Math.exp(0.8 * Math.sin(0.05 * k + phase) + 0.3 * rnd.nextGaussian());
            }
        }
        return Backends.cpu().fromHost(rho, dtype, grid.shape());
    }

    /** Gaussian noise of the given shape. */
    static Tensor randomNormal(Shape shape, DType dtype, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] x = new double[(int) shape.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextGaussian();
        }
        return Backends.cpu().fromHost(x, dtype, shape);
    }

    /**
     * Stars spread over the pixels (some pixels left empty), distances between rMin/2 and 1.5 rMax, fractional
     * parallax errors between relErrMin and relErrMax, sorted by pixel.
     */
    static StarData randomStars(SphericalGrid grid, int n, double relErrMin, double relErrMax, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] pix = new int[n];
        double[] w = new double[n];
        double[] sw = new double[n];
        double[] a = new double[n];
        double[] sa = new double[n];
        int usable = Math.max(1, grid.npix() - grid.npix() / 4);
        for (int i = 0; i < n; i++) {
            pix[i] = rnd.nextInt(usable);
            double d = Math.exp(rnd.nextDouble(Math.log(grid.innerRadius() / 2), Math.log(1.5 * grid.outerRadius())));
            w[i] = 1000 / d;
            sw[i] = w[i] * rnd.nextDouble(relErrMin, relErrMax);
            a[i] = rnd.nextDouble(0, 3);
            sa[i] = rnd.nextDouble(0.02, 0.2);
        }
        return StarData.ofParallax(pix, w, sw, a, sa).sortedByPixel();
    }

    static Tensor zeros(Shape shape, DType dtype) {
        return Backends.cpu().zeros(dtype, shape);
    }
}
