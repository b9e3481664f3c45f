package org.dust4j.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.dust4j.core.Backend;
import org.dust4j.core.Backends;
import org.dust4j.core.DType;
import org.dust4j.core.Tensor;
import org.dust4j.core.cpu.Parallel;
import org.dust4j.core.op.Energy;
import org.dust4j.core.op.Space;
import org.dust4j.icr.IcrOperator;
import org.dust4j.icr.Kernel;
import org.dust4j.icr.Normalisation;
import org.dust4j.mgvi.CgResult;
import org.dust4j.mgvi.CgSettings;
import org.dust4j.mgvi.IterationReport;
import org.dust4j.mgvi.MgviResult;
import org.dust4j.mgvi.dust.DustGrid;
import org.dust4j.mgvi.dust.DustReconstruction;
import org.dust4j.mgvi.dust.synthetic.SyntheticDust;
import org.dust4j.mgvi.dust.synthetic.SyntheticSurvey;

/**
 * Benchmark main: one global MGVI iteration of the ICR + MGVI dust reconstruction (draw the samples, minimise the
 * sampled KL) on a synthetic survey, timed from ξ = 0 after warm-up iterations; also the building blocks (ICR apply and
 * adjoint, the model energy with gradient, one metric application). Prints medians.
 *
 * <p>Arguments ({@code key=value}, all optional): {@code nside} (16), {@code shells} (data shells, 56),
 * {@code pad} (least padding per side, 4), {@code levels} (grid default), {@code rmin} (60), {@code rmax} (1250),
 * {@code stars} (20000), {@code clouds} (100), {@code samples} (4), {@code newton} (5 steps), {@code runs} (5),
 * {@code warmup} (1), {@code dtype} (FLOAT64 | FLOAT32), {@code backend} (cpu | cuda | auto: the backend the whole
 * iteration runs on), {@code normalisation} (EXACT_VARIANCE | NONE), {@code budget} (GiB for the ICR normalisation,
 * 2), {@code samplecg} / {@code sampletol} (the sample solves' iteration cap and relative tolerance, default
 * {@link DustReconstruction#DEFAULT_SAMPLING}). The size of the GPU target, ~10^8 voxels: {@code nside=256 shells=124 pad=2 normalisation=NONE
 * stars=1000000 backend=cuda} (12·256² pixels × 128 shells = 1.0·10^8 voxels).
 */
public final class MgviIterationBench {
    private MgviIterationBench() {
    }

    public static void main(String[] args) {
        int nside = 16;
        int shells = 56;
        int pad = 4;
        int levels = -1;
        double rMin = 60;
        double rMax = 1250;
        int stars = 20000;
        int clouds = 100;
        int samples = 4;
        int newton = 5;
        int runs = 5;
        int warmup = 1;
        DType dtype = DType.FLOAT64;
        String backendName = "cpu";
        Normalisation normalisation = Normalisation.EXACT_VARIANCE;
        double budgetGiB = 2;
        CgSettings sampling = DustReconstruction.DEFAULT_SAMPLING;
        for (String a : args) {
            String[] kv = a.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("arguments are key=value, got '" + a + "'");
            }
            switch (kv[0]) {
                case "nside" -> nside = Integer.parseInt(kv[1]);
                case "shells" -> shells = Integer.parseInt(kv[1]);
                case "pad" -> pad = Integer.parseInt(kv[1]);
                case "levels" -> levels = Integer.parseInt(kv[1]);
                case "rmin" -> rMin = Double.parseDouble(kv[1]);
                case "rmax" -> rMax = Double.parseDouble(kv[1]);
                case "stars" -> stars = Integer.parseInt(kv[1]);
                case "clouds" -> clouds = Integer.parseInt(kv[1]);
                case "samples" -> samples = Integer.parseInt(kv[1]);
                case "newton" -> newton = Integer.parseInt(kv[1]);
                case "runs" -> runs = Integer.parseInt(kv[1]);
                case "warmup" -> warmup = Integer.parseInt(kv[1]);
                case "dtype" -> dtype = DType.valueOf(kv[1]);
                case "backend" -> backendName = kv[1];
                case "normalisation" -> normalisation = Normalisation.valueOf(kv[1]);
                case "budget" -> budgetGiB = Double.parseDouble(kv[1]);
                case "samplecg" -> sampling = sampling.withMaxIterations(Integer.parseInt(kv[1]));
                case "sampletol" -> sampling = sampling.withRelativeTolerance(Double.parseDouble(kv[1]));
                default -> throw new IllegalArgumentException("unknown argument '" + kv[0] + "'");
            }
        }
        Backend backend = switch (backendName) {
            case "auto" -> Backends.best();
            default -> Backends.get(backendName);
        };
        DustGrid.Builder gb = DustGrid.builder().nside(nside).shells(rMin, rMax, shells).padding(pad, pad);
        if (levels >= 0) {
            gb.levels(levels);
        }
        DustGrid grid = gb.build();
        SyntheticSurvey survey = SyntheticSurvey.observe(SyntheticDust.standard(1, clouds, rMax),
                SyntheticSurvey.Settings.of(stars, rMax, 2));
        DustReconstruction rec = DustReconstruction.builder().grid(grid).kernel(Kernel.matern12(2, 300))
                .normalisation(normalisation).normalisationBudget((long) (budgetGiB * (1L << 30)))
                .catalog(survey.catalog(), "synthetic").samples(samples).sampling(sampling).globalIterations(1)
                .minimizer(DustReconstruction.DEFAULT_MINIMIZER.withMaxSteps(newton)).dtype(dtype).backend(backend)
                .build();
        DustReconstruction.Problem problem = rec.prepare();
        System.out.printf(Locale.ROOT, "%s; %d voxels; %d of %d stars selected; %s; backend %s; %d threads%n", grid,
                grid.sphericalGrid().voxels(), problem.model().stars().size(), stars, dtype, backend.name(),
                Parallel.threads());
        System.out.println(problem.prior().report());
        System.out.printf(Locale.ROOT, "setup (selection, ICR prior, model): %.2f s%n",
                problem.setupTime().toMillis() / 1e3);

        IcrOperator icr = problem.prior().operator(dtype);
        Space params = problem.model().parameters().space();
        try (Tensor xi = icr.domain().zeros(backend); Tensor field = icr.target().zeros(backend);
                Tensor x = params.zeros(backend); Tensor v = params.zeros(backend)) {
            backend.randomNormal(1, 0, xi);
            backend.randomNormal(2, 0, v);
            int n = 4 * runs + 1;
            // each run ends with backend.synchronize(): on the GPU the operations only queue kernels, and a time
            // without it measures the launches (ICR apply read 0.66 ms where the device needs ~8 ms)
            double[] apply = CpuLinalgBenchmark.median(n, synced(backend, () -> icr.apply(xi, field)));
            double[] adjoint = CpuLinalgBenchmark.median(n, synced(backend, () -> icr.adjoint(field, xi)));
            double[] energy = CpuLinalgBenchmark.median(n, synced(backend,
                    () -> problem.model().energy().at(x).close()));
            double[] metric;
            try (Energy e = problem.model().energy().at(x)) {
                metric = CpuLinalgBenchmark.median(n, synced(backend, () -> e.metric().apply(v).close()));
            }
            System.out.printf(Locale.ROOT, "medians of %d runs, wall (calling-thread CPU) ms: ICR apply %.2f (%.2f),"
                    + " adjoint %.2f (%.2f); energy + gradient %.2f (%.2f); metric application %.2f (%.2f)%n", n,
                    1e3 * apply[0], 1e3 * apply[1], 1e3 * adjoint[0], 1e3 * adjoint[1], 1e3 * energy[0],
                    1e3 * energy[1], 1e3 * metric[0], 1e3 * metric[1]);
        }

        List<Double> seconds = new ArrayList<>();
        for (int r = 0; r < warmup + runs; r++) {
            long t0 = System.nanoTime();
            IterationReport report;
            try (Tensor initial = problem.mgvi().space().zeros(backend);
                    MgviResult result = problem.mgvi().run(initial)) {
                report = result.reports().get(0);
            }
            double s = (System.nanoTime() - t0) * 1e-9;
            int sampleCg = report.samples().stream().mapToInt(CgResult::iterations).sum();
            long converged = report.samples().stream().filter(CgResult::converged).count();
            int newtonCg = report.minimizer().steps().stream().mapToInt(st -> st.cg().iterations()).sum();
            System.out.printf(Locale.ROOT, "%s %d: %.2f s (sample CG iterations %d, %d of %d solves converged; Newton"
                    + " steps %d with %d CG iterations)%n", r < warmup ? "warm-up" : "run", r, s, sampleCg, converged,
                    report.samples().size(), report.minimizer().steps().size(), newtonCg);
            if (r >= warmup) {
                seconds.add(s);
            }
        }
        double[] t = seconds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "one global MGVI iteration: median %.2f s over %d runs (min %.2f, max %.2f)%n",
                t[t.length / 2], t.length, t[0], t[t.length - 1]);
    }

    /** {@code op} followed by {@code backend.synchronize()}, so a timed run includes the device work it queued. */
    private static Runnable synced(Backend backend, Runnable op) {
        return () -> {
            op.run();
            backend.synchronize();
        };
    }
}
