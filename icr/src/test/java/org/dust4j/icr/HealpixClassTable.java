package org.dust4j.icr;

import java.util.Locale;

/**
 * Prints the numbers docs/icr.md quotes under "Deduplication and memory": the angular windows and angular matrix
 * classes (modulo the HEALPix symmetries, default geometry tolerance 1e-10) for coarse nside 2 … 128, and the largest
 * deviation of a window from its class representative ({@link IcrPrior#deduplicationDeviation()}, relative to the
 * window diameter) on the charts of {@code DeduplicationTest}. Run with
 * {@code java -cp icr/target/test-classes:icr/target/classes:core/target/classes:healpix/target/classes
 * org.dust4j.icr.HealpixClassTable}.
 */
public final class HealpixClassTable {
    private HealpixClassTable() {
    }

    public static void main(String[] args) {
        Locale.setDefault(Locale.ROOT);
        System.out.println("| coarse nside | angular windows (12 nside²) | classes modulo the symmetries |");
        System.out.println("|---:|---:|---:|");
        for (long nside = 2; nside <= 128; nside *= 2) {
            HealpixFactor sphere = new HealpixFactor(nside, 1);
            int classes = sphere.classify(0, 1e-10, true).representatives().length;
            System.out.printf("| %d | %d | %d |%n", nside, sphere.windows(0), classes);
        }
        Chart[] charts = {
            HealpixChart.builder().nside0(1).levels(3).shells0(4).radialMap(AxisMap.logarithmic(0.4, 1.0)).build(),
            GridChart.builder().shape0(5, 4).levels(2).axisMap(0, AxisMap.logarithmic(0.3, 0.2)).build(),
            GridChart.builder().shape0(5, 5, 5).levels(2).build(),
        };
        Kernel[] kernels = {Kernel.matern32(1.1, 1.5), Kernel.matern52(1.0, 1.2), Kernel.matern32(1.0, 2.0)};
        for (int i = 0; i < charts.length; i++) {
            IcrPrior prior = IcrPrior.builder(charts[i], kernels[i]).normalisation(Normalisation.NONE)
                    .verifyDeduplication(true).build();
            System.out.printf("%s: largest deviation from the class representative %.1e of the window diameter%n",
                    charts[i].describe(), prior.deduplicationDeviation());
        }
    }
}
