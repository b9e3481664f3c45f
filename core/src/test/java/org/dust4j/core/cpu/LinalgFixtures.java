package org.dust4j.core.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.dust4j.core.Backend;
import org.dust4j.core.Backends;
import org.dust4j.core.DType;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.junit.jupiter.params.provider.Arguments;

/** Matrices and reference computations shared by the linear algebra tests. */
final class LinalgFixtures {
    static final Backend CPU = Backends.cpu();
    /** Unit roundoff of each floating dtype. */
    static final double U64 = 0x1.0p-53;
    static final double U32 = 0x1.0p-24;

    private LinalgFixtures() {
    }

    /** Both floating dtypes, each with the four combinations of two flags (transposes, triangle × transpose). */
    static Stream<Arguments> dtypesAndTwoFlags() {
        return Stream.of(DType.FLOAT32, DType.FLOAT64).flatMap(d -> Stream.of(
                Arguments.of(d, false, false),
                Arguments.of(d, true, false),
                Arguments.of(d, false, true),
                Arguments.of(d, true, true)));
    }

    static double unitRoundoff(DType dtype) {
        return dtype == DType.FLOAT32 ? U32 : U64;
    }

    /** Uniform values in [-1, 1). */
    static double[] random(Random rnd, int size) {
        double[] x = new double[size];
        for (int i = 0; i < size; i++) {
            x[i] = 2 * rnd.nextDouble() - 1;
        }
        return x;
    }

    /**
     * A tensor holding {@code data} as a view that starts 3 elements into a larger storage whose other 6 elements
     * are {@code pad}, so kernels that ignore the offset or write out of bounds are caught by {@link #assertPadding}.
     */
    static Tensor view(double[] data, DType dtype, double pad, int... dims) {
        double[] big = new double[data.length + 6];
        Arrays.fill(big, pad);
        System.arraycopy(data, 0, big, 3, data.length);
        Tensor whole = CPU.fromHost(big, dtype, Shape.of(big.length));
        return whole.slice(3, 3 + data.length).reshape(dims);
    }

    /** The 6 storage elements around a {@link #view} still hold {@code pad}. */
    static void assertPadding(Tensor view, double pad) {
        int n = Math.toIntExact(view.size());
        // a second handle on the storage, never closed: the storage belongs to the view's parent
        double[] all = Tensor.wrap(CPU, view.storage(), Shape.of(n + 6)).toDoubleArray();
        for (int i : new int[] {0, 1, 2, n + 3, n + 4, n + 5}) {
            assertEquals(pad, all[i], "storage element " + i + " outside the view");
        }
    }

    /** Row-major m×n product op(A)·op(B) of the blocks at the given offsets (naive triple loop), or of |A|·|B| when abs. */
    static double[] naiveProduct(double[] a, int ao, boolean ta, double[] b, int bo, boolean tb, int m, int k, int n,
            boolean abs) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double x = ta ? a[ao + p * m + i] : a[ao + i * k + p];
                    double y = tb ? b[bo + j * k + p] : b[bo + p * n + j];
                    s += abs ? Math.abs(x * y) : x * y;
                }
                c[i * n + j] = s;
            }
        }
        return c;
    }

    /** A random symmetric positive-definite n×n matrix M Mᵀ / n + I (row-major). */
    static double[] spd(Random rnd, int n) {
        double[] m = random(rnd, n * n);
        double[] a = naiveProduct(m, 0, false, m, 0, true, n, n, n, false);
        for (int i = 0; i < n * n; i++) {
            a[i] /= n;
        }
        for (int i = 0; i < n; i++) {
            a[i * n + i] += 1;
        }
        return a;
    }

    /** A random orthogonal n×n matrix: modified Gram-Schmidt, applied twice, on the columns of a random matrix. */
    static double[] orthogonal(Random rnd, int n) {
        double[] q = random(rnd, n * n);
        for (int pass = 0; pass < 2; pass++) {
            for (int j = 0; j < n; j++) {
                for (int p = 0; p < j; p++) {
                    double dot = 0;
                    for (int i = 0; i < n; i++) {
                        dot += q[i * n + p] * q[i * n + j];
                    }
                    for (int i = 0; i < n; i++) {
                        q[i * n + j] -= dot * q[i * n + p];
                    }
                }
                double norm = 0;
                for (int i = 0; i < n; i++) {
                    norm += q[i * n + j] * q[i * n + j];
                }
                norm = Math.sqrt(norm);
                for (int i = 0; i < n; i++) {
                    q[i * n + j] /= norm;
                }
            }
        }
        return q;
    }

    /** Largest absolute element. */
    static double maxAbs(double[] x) {
        double m = 0;
        for (double v : x) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
