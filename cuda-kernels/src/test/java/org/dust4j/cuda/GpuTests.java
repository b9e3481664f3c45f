package org.dust4j.cuda;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.dust4j.core.Backend;
import org.dust4j.core.DType;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;

/** Helpers of the gpu-tagged tests: opening the backend, tracking tensors, inputs and comparisons. */
final class GpuTests {
    private GpuTests() {
    }

    /**
     * A new CUDA backend. Skips the test (assumption) where there is no CUDA driver or no GPU; fails where a
     * GPU is present but the backend cannot use it (kernels not built, cuBLAS missing ...), naming the reason.
     */
    static CudaBackend open() {
        CudaRuntime r = CudaRuntime.system();
        assumeTrue(r.driverLoaded && r.deviceCount > 0, () -> "no CUDA driver or GPU: " + r.availability().detail());
        assertTrue(r.availability().available(), () -> "a GPU is present but the CUDA backend is unusable: "
                + r.availability().detail());
        return new CudaBackend(r);
    }

    /** Closes every tensor it tracked. */
    static final class Scope implements AutoCloseable {
        private final List<Tensor> tensors = new ArrayList<>();

        Tensor track(Tensor t) {
            tensors.add(t);
            return t;
        }

        @Override
        public void close() {
            for (Tensor t : tensors) {
                t.close();
            }
            tensors.clear();
        }
    }

    static double[] normal(int n, long seed) {
        Random r = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextGaussian();
        }
        return x;
    }

    static double[] uniform(int n, long seed, double lo, double hi) {
        Random r = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = lo + (hi - lo) * r.nextDouble();
        }
        return x;
    }

    /** The values as the given dtype holds them (rounded to float for FLOAT32). */
    static double[] as(DType dtype, double[] x) {
        if (dtype != DType.FLOAT32) {
            return x;
        }
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) x[i];
        }
        return y;
    }

    static double[] abs(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.abs(x[i]);
        }
        return y;
    }

    /** Tolerance of the parity suite: float64 1e-12 (1e-10 for reductions), float32 1e-5. */
    static double tolerance(DType dtype, boolean reduction) {
        return dtype == DType.FLOAT32 ? 1e-5 : reduction ? 1e-10 : 1e-12;
    }

    /**
     * Asserts got matches the reference: equal, both NaN, or within tol * max(|ref|, scale) per element (the
     * scale, when given, bounds the rounding error of sums with cancellation). For FLOAT32 the FLOAT64
     * reference is rounded to float first.
     */
    static void assertClose(String what, double[] ref, double[] got, DType dtype, double tol, double[] scale) {
        if (ref.length != got.length) {
            fail(what + ": expected " + ref.length + " elements, got " + got.length);
        }
        for (int i = 0; i < ref.length; i++) {
            double r = dtype == DType.FLOAT32 ? (float) ref[i] : ref[i];
            double g = got[i];
            if (Double.isNaN(r) && Double.isNaN(g) || r == g) {
                continue;
            }
            double s = Math.max(Math.abs(r), scale == null ? 0 : scale[i]);
            if (!(Math.abs(g - r) <= tol * Math.max(s, Double.MIN_NORMAL))) {
                fail(what + ": element " + i + " of " + ref.length + " is " + g + ", expected " + r + " (tolerance "
                        + tol + " x " + s + ")");
            }
        }
    }

    /** Uploads values to a backend as dtype. */
    static Tensor put(Backend b, Scope scope, double[] values, DType dtype, Shape shape) {
        return scope.track(b.fromHost(values, dtype, shape));
    }

    /** A GPU output of dtype and shape poisoned with NaN, so elements a kernel fails to write are caught. */
    static Tensor poisoned(Backend gpu, Scope scope, DType dtype, Shape shape) {
        Tensor t = scope.track(gpu.zeros(dtype, shape));
        gpu.fill(t, Double.NaN);
        return t;
    }
}
