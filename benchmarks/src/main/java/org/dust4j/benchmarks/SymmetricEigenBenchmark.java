package org.dust4j.benchmarks;

import static org.dust4j.benchmarks.CpuLinalgBenchmark.median;

import java.util.Locale;
import java.util.Random;
import org.dust4j.core.Backend;
import org.dust4j.core.Backends;
import org.dust4j.core.DType;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;

/**
 * Benchmark main for the CPU backend's batched {@code symmetricEigen} at the sizes of the ICR eigen fallbacks: a batch
 * of 27 × 27 matrices (a HEALPix window's coarse covariance C_cc) and one of 9 × 9 matrices, each in two kinds:
 * <ul>
 *   <li>{@code kernel}: squared-exponential kernel matrices k(r) = exp(−r²/(2ℓ²)) of 3 × 3 × 3 (or 3 × 3) grid points
 *   with unit spacing, jittered by up to ±0.1, ℓ = 2: smooth on the window's scale, so their eigenvalues span many
 *   decades down to the rounding level, like the C_cc that fall back to the pseudo-inverse;</li>
 *   <li>{@code random}: symmetric matrices of standard-normal elements.</li>
 * </ul>
 * Prints, per case, the median wall-clock and calling-thread CPU time of {@code runs} timed runs (after a second of
 * warm-up) and the CPU time per matrix. Run with {@code -Ddust4j.cpu.threads=1} so that all work is on the calling
 * thread and its CPU time is the single-core cost even on a shared machine.
 *
 * <pre>java -Ddust4j.cpu.threads=1 -cp core/target/classes:benchmarks/target/classes \
 *     org.dust4j.benchmarks.SymmetricEigenBenchmark [runs]</pre>
 */
public final class SymmetricEigenBenchmark {
    private static final Backend CPU = Backends.cpu();
    private static final long WARM_UP_NANOS = 1_000_000_000L;
    /** Matrices per batch, chosen so that one batch takes some tens of milliseconds. */
    private static final int BATCH_27 = 2_000;
    private static final int BATCH_9 = 20_000;

    private SymmetricEigenBenchmark() {
    }

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        System.out.println(CPU.description() + ", median of " + runs + " runs");
        for (DType d : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            for (String kind : new String[] {"kernel", "random"}) {
                run(d, kind, 3, BATCH_27, runs);
                run(d, kind, 2, BATCH_9, runs);
            }
        }
    }

    private static void run(DType d, String kind, int dim, int batch, int runs) {
        int n = dim == 3 ? 27 : 9;
        double[] a = kind.equals("kernel") ? kernelMatrices(dim, batch, new Random(27)) : randomMatrices(n, batch,
                new Random(9));
        try (Tensor t = CPU.fromHost(a, d, Shape.of(batch, n, n)); Tensor w = CPU.zeros(d, Shape.of(batch, n));
                Tensor v = CPU.zeros(d, Shape.of(batch, n, n))) {
            double[] wallAndCpu = median(runs, WARM_UP_NANOS, () -> CPU.symmetricEigen(t, w, v));
            System.out.println(String.format(Locale.ROOT, "symmetricEigen %s %-6s batch %6d of %2dx%-2d  wall %8.4f s"
                            + "  cpu %8.4f s  cpu per matrix %8.2f us", d, kind, batch, n, n, wallAndCpu[0],
                    wallAndCpu[1], 1e6 * wallAndCpu[1] / batch));
        }
    }

    /** Squared-exponential kernel matrices (ℓ = 2) of jittered 3^dim grids, one after another. */
    private static double[] kernelMatrices(int dim, int batch, Random rnd) {
        int n = dim == 3 ? 27 : 9;
        double[] out = new double[batch * n * n];
        double[] x = new double[n * dim];
        for (int b = 0; b < batch; b++) {
            for (int p = 0; p < n; p++) {
                for (int k = 0, q = p; k < dim; k++, q /= 3) {
                    x[p * dim + k] = q % 3 + 0.2 * (rnd.nextDouble() - 0.5);
                }
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double r2 = 0;
                    for (int k = 0; k < dim; k++) {
                        double t = x[i * dim + k] - x[j * dim + k];
                        r2 += t * t;
                    }
                    out[b * n * n + i * n + j] = Math.exp(-r2 / 8);
                }
            }
        }
        return out;
    }

    /** Symmetric matrices of standard-normal elements, one after another. */
    private static double[] randomMatrices(int n, int batch, Random rnd) {
        double[] out = new double[batch * n * n];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    double e = rnd.nextGaussian();
                    out[b * n * n + i * n + j] = e;
                    out[b * n * n + j * n + i] = e;
                }
            }
        }
        return out;
    }
}
