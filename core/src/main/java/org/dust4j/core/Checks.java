package org.dust4j.core;

import java.util.Arrays;

/** Argument validation shared by all backends, so every backend reports the same clear messages. */
public final class Checks {
    private Checks() {
    }

    /** The tensor lives on {@code b}. */
    public static void onBackend(Backend b, String name, Tensor t) {
        if (t.backend() != b) {
            throw new IllegalArgumentException(name + " lives on backend '" + t.backend().name()
                    + "', operation runs on '" + b.name() + "'; copy it with tensor.to(backend)");
        }
    }

    // ---------------------------------------------------------------- argument groups every backend checks alike

    /** Both tensors live on {@code backend}, are floating and share a dtype. */
    public static void floatingSame(Backend backend, String nameA, Tensor a, String nameB, Tensor b) {
        onBackend(backend, nameA, a);
        onBackend(backend, nameB, b);
        floating(nameA, a);
        sameDType(nameA, a, nameB, b);
    }

    /** The operand has the shape of out, or a single element (broadcast). */
    public static void broadcastable(String name, Tensor t, Tensor out) {
        if (t.size() != 1 && !t.shape().equals(out.shape())) {
            throw new IllegalArgumentException(name + " must have shape " + out.shape()
                    + " or a single element, got " + t.shape());
        }
    }

    /** The tensor has exactly one element. */
    public static void singleElement(String name, Tensor t) {
        if (t.size() != 1) {
            throw new IllegalArgumentException(name + " must have one element, got shape " + t.shape());
        }
    }

    /** A host array of {@code length} elements fills {@code shape}. */
    public static void hostLength(int length, Shape shape) {
        if (length != shape.size()) {
            throw new IllegalArgumentException("host array has " + length + " elements, shape " + shape + " needs "
                    + shape.size());
        }
    }

    /** {@code src} fits into a host array of {@code dstLength} at {@code dstOffset}; returns its size. */
    public static int hostRange(Tensor src, int dstLength, int dstOffset) {
        long n = src.size();
        if (dstOffset < 0 || dstOffset + n > dstLength) {
            throw new IllegalArgumentException("host array of length " + dstLength + " cannot take " + n
                    + " elements at offset " + dstOffset);
        }
        return (int) n;
    }

    /** Arguments of {@link Backend#copy}: same backend, same size, both floating or both INT32. */
    public static void copyable(Backend backend, Tensor src, Tensor dst) {
        onBackend(backend, "src", src);
        onBackend(backend, "dst", dst);
        if (src.size() != dst.size()) {
            throw new IllegalArgumentException("copy needs equal sizes: src " + src.shape() + ", dst " + dst.shape());
        }
        if ((src.dtype() == DType.INT32) != (dst.dtype() == DType.INT32)) {
            throw new IllegalArgumentException("copy between " + src.dtype() + " and " + dst.dtype() + " is not supported");
        }
    }

    /** Arguments of gather / scatter-add: table [n, r...], index INT32 [m], rows [m, r...]. */
    public static void indexed(Backend backend, Tensor table, Tensor index, Tensor rows, String tableName, String rowsName) {
        onBackend(backend, "index", index);
        dtype("index", index, DType.INT32);
        if (index.rank() != 1) {
            throw new IllegalArgumentException("index must have rank 1, got shape " + index.shape());
        }
        minRank(tableName, table, 1);
        shape(rowsName, rows, table.shape().with(0, index.shape().dim(0)));
    }

    /** The tensor is FLOAT32 or FLOAT64. */
    public static void floating(String name, Tensor t) {
        if (!t.dtype().isFloating()) {
            throw new IllegalArgumentException(name + " must be FLOAT32 or FLOAT64, got " + t.dtype());
        }
    }

    /** Both tensors have the same dtype. */
    public static void sameDType(String nameA, Tensor a, String nameB, Tensor b) {
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException("dtype mismatch: " + nameA + " is " + a.dtype() + ", " + nameB
                    + " is " + b.dtype());
        }
    }

    /** The tensor has the given dtype. */
    public static void dtype(String name, Tensor t, DType want) {
        if (t.dtype() != want) {
            throw new IllegalArgumentException(name + " must be " + want + ", got " + t.dtype());
        }
    }

    /** The tensor has the given shape. */
    public static void shape(String name, Tensor t, Shape want) {
        if (!t.shape().equals(want)) {
            throw new IllegalArgumentException(name + " must have shape " + want + ", got " + t.shape());
        }
    }

    /** Both tensors have the same shape. */
    public static void sameShape(String nameA, Tensor a, String nameB, Tensor b) {
        if (!a.shape().equals(b.shape())) {
            throw new IllegalArgumentException("shape mismatch: " + nameA + " is " + a.shape() + ", " + nameB
                    + " is " + b.shape());
        }
    }

    /** The tensor has at least {@code rank} axes. */
    public static void minRank(String name, Tensor t, int rank) {
        if (t.rank() < rank) {
            throw new IllegalArgumentException(name + " needs at least " + rank + " axes, got shape " + t.shape());
        }
    }

    /** The last two axes are square. */
    public static int square(String name, Tensor t) {
        minRank(name, t, 2);
        int n = t.shape().dim(-1);
        if (t.shape().dim(-2) != n) {
            throw new IllegalArgumentException(name + " must be square in its last two axes, got shape " + t.shape());
        }
        return n;
    }

    /**
     * Shapes of the batched product out = op(a)·op(b) of {@link Backend#matmul}: op(a) is [..., m, k], op(b)
     * [..., k, n] and out [..., m, n]; the batch axes of a and b are equal, or one of them has rank 2 and is
     * shared across the batch of the other.
     */
    public static void matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor out) {
        minRank("a", a, 2);
        minRank("b", b, 2);
        minRank("out", out, 2);
        int m = a.shape().dim(transposeA ? -1 : -2);
        int ka = a.shape().dim(transposeA ? -2 : -1);
        int kb = b.shape().dim(transposeB ? -1 : -2);
        int n = b.shape().dim(transposeB ? -2 : -1);
        if (ka != kb) {
            throw new IllegalArgumentException("matmul inner dimensions differ: op(a) is " + m + "x" + ka + " (a "
                    + a.shape() + (transposeA ? " transposed" : "") + "), op(b) is " + kb + "x" + n + " (b "
                    + b.shape() + (transposeB ? " transposed" : "") + ")");
        }
        int[] batchA = batchDims(a);
        int[] batchB = batchDims(b);
        if (a.rank() > 2 && b.rank() > 2 && !Arrays.equals(batchA, batchB)) {
            throw new IllegalArgumentException("matmul batch axes differ: a " + a.shape() + ", b " + b.shape()
                    + "; they must be equal, or a or b must have rank 2 (shared across the batch)");
        }
        int[] want = Arrays.copyOf(a.rank() > 2 ? batchA : batchB, Math.max(a.rank(), b.rank()));
        want[want.length - 2] = m;
        want[want.length - 1] = n;
        shape("out", out, Shape.of(want));
    }

    /**
     * Shapes of the batched triangular solve op(t)·x = b of {@link Backend#triangularSolve}: t [..., n, n],
     * b [..., n, k]; t has the batch axes of b, or rank 2 and is shared across the batch.
     */
    public static void triangularSolve(Tensor t, Tensor b) {
        int n = square("t", t);
        minRank("b", b, 2);
        if (b.shape().dim(-2) != n) {
            throw new IllegalArgumentException("b must have " + n + " rows, the order of t " + t.shape() + ", got shape "
                    + b.shape());
        }
        if (t.rank() > 2 && !Arrays.equals(batchDims(t), batchDims(b))) {
            throw new IllegalArgumentException("triangularSolve batch axes differ: t " + t.shape() + ", b " + b.shape()
                    + "; t must have the batch axes of b, or rank 2 (shared across the batch)");
        }
    }

    /**
     * Arguments of {@link Backend#windowedMatVec} (and of its adjoint, with the cotangents in the places of coarse, xi
     * and fine): the tables and every tensor on {@code backend}, floating tensors of one dtype, r [C, nf, nc],
     * d [C, nf, nf], scale null or of Nf elements, {@code a} of {@code aSize} elements, {@code b} and {@code out} of
     * {@code outSize}; {@code out} disjoint from {@code a} and {@code b}, and {@code b} disjoint from {@code a} when
     * both are outputs ({@code bIsOutput}).
     */
    public static void windowedMatVec(Backend backend, WindowLayout.Tables windows, Tensor r, Tensor d, Tensor scale,
                                      String aName, Tensor a, String bName, Tensor b, String outName, Tensor out,
                                      boolean bIsOutput) {
        if (windows.backend() != backend) {
            throw new IllegalArgumentException("window tables live on backend '" + windows.backend().name()
                    + "', operation runs on '" + backend.name() + "'; upload the layout to this backend");
        }
        WindowLayout l = windows.layout();
        floatingSame(backend, "r", r, outName, out);
        floatingSame(backend, "d", d, outName, out);
        floatingSame(backend, aName, a, outName, out);
        floatingSame(backend, bName, b, outName, out);
        shape("r", r, Shape.of(l.classes(), l.finePerWindow(), l.coarsePerWindow()));
        shape("d", d, Shape.of(l.classes(), l.finePerWindow(), l.finePerWindow()));
        if (scale != null) {
            floatingSame(backend, "scale", scale, outName, out);
            size("scale", scale, l.fineSize());
        }
        size(aName, a, bIsOutput ? l.fineSize() : l.coarseSize());
        size(bName, b, bIsOutput ? l.coarseSize() : l.fineSize());
        size(outName, out, l.fineSize());
        disjoint(aName, a, outName, out);
        disjoint(bName, b, outName, out);
        if (bIsOutput) {
            disjoint(aName, a, bName, b);
        }
    }

    /**
     * Arguments of the {@link Backend#lineMoments} family: the tables and every tensor on {@code backend}, floating
     * tensors of x's dtype; x of shape [L, N], {@code tensors[i]} (named {@code names[i]}) of shape [L, N] where
     * {@code perLine[i]}, else [n]; the last {@code outputs} tensors are outputs and must overlap no other tensor.
     */
    public static void lineMoments(Backend backend, LineMoments.Tables lines, Tensor x, String[] names,
                                   Tensor[] tensors, boolean[] perLine, int outputs) {
        if (lines.backend() != backend) {
            throw new IllegalArgumentException("line tables live on backend '" + lines.backend().name()
                    + "', operation runs on '" + backend.name() + "'; upload the layout to this backend");
        }
        onBackend(backend, "x", x);
        floating("x", x);
        shape("x", x, lines.layout().lineShape());
        for (int i = 0; i < tensors.length; i++) {
            floatingSame(backend, names[i], tensors[i], "x", x);
            shape(names[i], tensors[i], perLine[i] ? lines.layout().lineShape() : lines.layout().itemShape());
        }
        for (int o = tensors.length - outputs; o < tensors.length; o++) {
            disjoint("x", x, names[o], tensors[o]);
            for (int i = 0; i < tensors.length; i++) {
                if (i != o) {
                    int a = Math.min(i, o);
                    int b = Math.max(i, o);
                    disjoint(names[a], tensors[a], names[b], tensors[b]);
                }
            }
        }
    }

    /** The arguments of {@link Backend#hermite(HermiteTable.Tables, Tensor, Tensor, Tensor, Tensor)} (factor may be null). */
    public static void hermite(Backend backend, HermiteTable.Tables table, Tensor x, Tensor factor, Tensor value,
                               Tensor slope) {
        if (table.backend() != backend) {
            throw new IllegalArgumentException("the Hermite table lives on backend '" + table.backend().name()
                    + "', operation runs on '" + backend.name() + "'; upload the table to this backend");
        }
        onBackend(backend, "x", x);
        floating("x", x);
        floatingSame(backend, "value", value, "x", x);
        floatingSame(backend, "slope", slope, "x", x);
        shape("value", value, x.shape());
        shape("slope", slope, x.shape());
        disjoint("x", x, "value", value);
        disjoint("x", x, "slope", slope);
        disjoint("value", value, "slope", slope);
        if (factor != null) {
            floatingSame(backend, "factor", factor, "x", x);
            shape("factor", factor, x.shape());
            disjoint("factor", factor, "value", value);
            disjoint("factor", factor, "slope", slope);
        }
    }

    /** The arguments of {@link Backend#affineExpProduct}. */
    public static void affineExpProduct(Backend backend, Tensor x, Tensor g, Tensor out, Tensor sums) {
        elementwiseWithSums(backend, "x", x, "g", g, out, "sums", sums, 2);
    }

    /** The arguments of {@link Backend#axpbySquaredNorm}. */
    public static void axpbySquaredNorm(Backend backend, Tensor x, Tensor y, Tensor out, Tensor squaredNorm) {
        elementwiseWithSums(backend, "x", x, "y", y, out, "squaredNorm", squaredNorm, 1);
    }

    /**
     * Two elementwise operands and out: floating of one dtype and shape on the backend, out the same view as an operand
     * or disjoint from it; the sums tensor of that dtype with {@code count} elements, disjoint from all three.
     */
    private static void elementwiseWithSums(Backend backend, String nameA, Tensor a, String nameB, Tensor b, Tensor out,
                                            String sumsName, Tensor sums, int count) {
        floatingSame(backend, nameA, a, "out", out);
        floatingSame(backend, nameB, b, "out", out);
        floatingSame(backend, sumsName, sums, "out", out);
        sameShape(nameA, a, "out", out);
        sameShape(nameB, b, "out", out);
        size(sumsName, sums, count);
        disjointOrSame(nameA, a, "out", out);
        disjointOrSame(nameB, b, "out", out);
        disjoint(nameA, a, sumsName, sums);
        disjoint(nameB, b, sumsName, sums);
        disjoint("out", out, sumsName, sums);
    }

    /** The arguments of {@link Backend#lineMomentsGaussian}. */
    public static void lineMomentsGaussian(Backend backend, LineMoments.Tables lines, Tensor x, Tensor observed,
                                           Tensor extraVariance, Tensor mean, Tensor variance, Tensor loss,
                                           Tensor varianceCotangent, Tensor xCotangent) {
        lineMoments(backend, lines, x, new String[] {"observed", "extraVariance", "mean", "variance", "loss",
            "varianceCotangent", "xCotangent"}, new Tensor[] {observed, extraVariance, mean, variance, loss,
            varianceCotangent, xCotangent}, new boolean[] {false, false, false, false, false, false, true}, 5);
    }

    /** The arguments of {@link Backend#lineMomentsPushPullDiagonal} (varianceOffset may be null). */
    public static void lineMomentsPushPullDiagonal(Backend backend, LineMoments.Tables lines, Tensor x, Tensor tangent,
                                                   Tensor meanWeight, Tensor varianceWeight, Tensor varianceOffset,
                                                   Tensor varianceCotangent, Tensor xCotangent) {
        Tensor offset = varianceOffset != null ? varianceOffset : varianceWeight;
        lineMoments(backend, lines, x, new String[] {"tangent", "meanWeight", "varianceWeight", "varianceOffset",
            "varianceCotangent", "xCotangent"}, new Tensor[] {tangent, meanWeight, varianceWeight, offset,
            varianceCotangent, xCotangent}, new boolean[] {true, false, false, false, false, true}, 2);
    }

    /** The tensor has {@code n} elements. */
    public static void size(String name, Tensor t, long n) {
        if (t.size() != n) {
            throw new IllegalArgumentException(name + " must have " + n + " elements, got shape " + t.shape());
        }
    }

    /** The tensors share no element (an output must not overlap this input). */
    public static void disjoint(String nameA, Tensor a, String nameB, Tensor b) {
        if (overlap(a, b)) {
            throw new IllegalArgumentException(nameA + " and " + nameB + " overlap in memory; " + nameB
                    + " must be a separate tensor");
        }
    }

    /** The tensors are the same elements (an in-place operation) or share none. */
    public static void disjointOrSame(String nameA, Tensor a, String nameB, Tensor b) {
        boolean same = a.storage() == b.storage() && a.offset() == b.offset() && a.size() == b.size();
        if (!same && overlap(a, b)) {
            throw new IllegalArgumentException(nameA + " and " + nameB + " partially overlap in memory; " + nameB
                    + " must be " + nameA + " itself or a separate tensor");
        }
    }

    private static boolean overlap(Tensor a, Tensor b) {
        return a.storage() == b.storage() && a.size() > 0 && b.size() > 0 && a.offset() < b.offset() + b.size()
                && b.offset() < a.offset() + a.size();
    }

    /** The batch axes of a matrix tensor: all but the last two. */
    private static int[] batchDims(Tensor t) {
        return Arrays.copyOf(t.shape().dims(), t.rank() - 2);
    }
}
