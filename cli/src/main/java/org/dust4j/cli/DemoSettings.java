package org.dust4j.cli;

/**
 * The sizes of a {@code dust4j demo} run: the synthetic field and catalog, the ICR + MGVI grid and iterations, and
 * the inducing-point region's grids, inducing points and iterations. {@link #standard()} is the default run,
 * {@link #quick()} the small one of {@code --quick} (and of the CLI test).
 *
 * @param name              "standard" or "quick", printed in the output
 * @param clouds            random Gaussian clouds of the all-sky field (within rMax)
 * @param allSkyStars       stars of the all-sky survey (directions uniform, out to rMax)
 * @param regionStars       stars of the targeted survey of the inducing-point region
 * @param nside             HEALPix nside of the ICR grid (finest level)
 * @param rMin              inner radius of the ICR data region (pc)
 * @param rMax              outer radius of the ICR data region and of the field's clouds (pc)
 * @param shells            log-spaced shells of the ICR data region
 * @param padding           least padding shells inside rMin and beyond rMax
 * @param mgviSamples       MGVI posterior samples (even)
 * @param mgviIterations    MGVI global iterations
 * @param trainingCells     cells (l, b, d) of the inducing-point training grid (b sine-spaced)
 * @param predictionCells   cells (l, b, d) of its prediction grid (linear; an odd b count puts a row on b = 0)
 * @param ghostCells        ghost cells in front of the region, from the Sun to its lower distance
 * @param inducingPoints    number of inducing points
 * @param elboSamples       Monte-Carlo samples of the ELBO per iteration
 * @param adamIterations    AdamW iterations (the fit runs to this cap)
 * @param predictionSamples posterior samples of the inducing-point predictions
 */
record DemoSettings(String name, int clouds, int allSkyStars, int regionStars, int nside, double rMin, double rMax,
        int shells, int padding, int mgviSamples, int mgviIterations, int[] trainingCells, int[] predictionCells,
        int ghostCells, int inducingPoints, int elboSamples, int adamIterations, int predictionSamples) {

    /** The default run: about a minute on two CPU cores. */
    static DemoSettings standard() {
        return new DemoSettings("standard", 40, 3000, 1500, 8, 60, 1000, 24, 4, 4, 6, new int[] {10, 8, 20},
                new int[] {40, 21, 50}, 2, 150, 8, 800, 50);
    }

    /** The {@code --quick} run: a coarser ICR grid, fewer stars and iterations; a few seconds of fitting. */
    static DemoSettings quick() {
        return new DemoSettings("quick", 40, 1500, 800, 4, 60, 1000, 12, 2, 2, 3, new int[] {8, 6, 12},
                new int[] {20, 11, 25}, 2, 80, 8, 400, 30);
    }
}
