package org.dust4j.benchmarks;

import org.dust4j.core.Backends;
import org.dust4j.core.DType;
import org.dust4j.core.Tensor;
import org.dust4j.icr.AxisMap;
import org.dust4j.icr.Chart;
import org.dust4j.icr.GridChart;
import org.dust4j.icr.HealpixChart;
import org.dust4j.icr.IcrOperator;
import org.dust4j.icr.IcrPrior;
import org.dust4j.icr.Kernel;
import org.dust4j.icr.Normalisation;

/**
 * Benchmark main for ICR on the CPU: for a HEALPix × log-radius chart and a 3D grid, the median time to build the
 * prior (all refinement matrices; with and without exact variance normalisation) and to apply the operator and its
 * adjoint (FLOAT32 and FLOAT64), with the rate in field pixels per second. Threads follow
 * {@code -Ddust4j.cpu.threads} (with 1, the CPU time is the single-core cost).
 *
 * <pre>java -cp core/target/classes:healpix/target/classes:icr/target/classes:benchmarks/target/classes \
 *     org.dust4j.benchmarks.IcrBenchmark [runs]</pre>
 */
public final class IcrBenchmark {
    private IcrBenchmark() {
    }

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        System.out.println(Backends.cpu().description() + ", median of " + runs + " runs");
        Chart healpix = HealpixChart.builder().nside0(4).levels(4).shells0(6)
                .radialMap(AxisMap.logarithmic(0.25, 4)).build();
        Chart grid = GridChart.builder().shape0(10, 10, 10).levels(3).build();
        bench("HEALPix nside 4->64 x 6->36 shells", healpix, Kernel.matern32(1, 100), runs);
        bench("3D grid 10^3 -> 52^3", grid, Kernel.matern32(1, 2), runs);
    }

    private static void bench(String name, Chart chart, Kernel kernel, int runs) {
        IcrPrior[] prior = new IcrPrior[1];
        for (Normalisation n : Normalisation.values()) {
            CpuLinalgBenchmark.report(name + " build, " + n, 1, "builds",
                    CpuLinalgBenchmark.median(runs, () -> prior[0] = IcrPrior.builder(chart, kernel).normalisation(n)
                            .build()));
        }
        System.out.println(prior[0].report());
        double pixels = prior[0].fieldSize() * 1e-6;
        for (DType d : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            IcrOperator op = prior[0].operator(d);
            try (Tensor xi = Backends.cpu().zeros(d, op.domain().shape());
                 Tensor field = Backends.cpu().zeros(d, op.target().shape())) {
                Backends.cpu().randomNormal(1, 0, xi);
                CpuLinalgBenchmark.report(name + " apply " + d, pixels, "M px",
                        CpuLinalgBenchmark.median(runs, () -> op.apply(xi, field)));
                CpuLinalgBenchmark.report(name + " adjoint " + d, pixels, "M px",
                        CpuLinalgBenchmark.median(runs, () -> op.adjoint(field, xi)));
            }
        }
    }
}
