package org.dust4j.core.cpu;

import static org.dust4j.core.cpu.CpuBackend.doubles;
import static org.dust4j.core.cpu.CpuBackend.floats;
import static org.dust4j.core.cpu.CpuBackend.ints;
import static org.dust4j.core.cpu.CpuBackend.off;

import java.util.Arrays;
import org.dust4j.core.BinaryOp;
import org.dust4j.core.DType;
import org.dust4j.core.Tensor;
import org.dust4j.core.UnaryOp;

/**
 * Elementwise kernels of the CPU backend. Arguments arrive validated by {@link CpuBackend}.
 *
 * <p>Every operation splits its index range with {@link Parallel#forRange} and runs one tight loop over the
 * primitive arrays per chunk; the switch on the operation sits outside the loop, so C2 compiles each case to
 * a plain (auto-vectorised where the operation allows) loop. FLOAT32 is computed in float arithmetic;
 * transcendental functions are evaluated in double and rounded once to float.
 *
 * <p>C2 does not vectorise {@link Math#exp} and its kin, so the transcendental operations (EXP, LOG, LOG1P,
 * EXPM1, TANH, SOFTPLUS, SIGMOID, POW) hand each chunk to {@link SimdKernels} first when {@link Simd} enables
 * the Vector API; the scalar loop below then finishes the chunk's last elements (fewer than one vector), or
 * the whole chunk when the Vector API is off.
 *
 * <p>An output may alias an input when both are the same view (same storage and offset); each element is
 * read before it is written. Partially overlapping views are not supported (except by {@link #copy}).
 */
final class CpuElementwise {
    /**
     * Chunk size for transcendental operations: at 0.3 to 3 ns per element (vector kernels) or 5 to 50 ns
     * (scalar loops) a much shorter range than {@link Parallel#GRAIN} already pays for handing it to another
     * thread.
     */
    private static final int GRAIN_EXPENSIVE = Parallel.GRAIN / 16;

    private CpuElementwise() {
    }

    /** The chunk body of a kernel over the index range [from, to) of its tensors. */
    @FunctionalInterface
    private interface Kernel {
        void run(int from, int to);
    }

    private static void forRange(long n, int grain, Kernel kernel) {
        Parallel.forRange(n, grain, (from, to) -> kernel.run((int) from, (int) to));
    }

    // ---------------------------------------------------------------- copy and fill

    /**
     * dst = src with dtype conversion between the floating types; INT32 to INT32. Views of one storage may
     * overlap: that case is copied serially with {@link System#arraycopy}, which handles any overlap.
     */
    static void copy(Tensor src, Tensor dst) {
        long n = src.size();
        int so = off(src);
        int d = off(dst);
        if (src.dtype() == dst.dtype()) {
            Object s = array(src);
            Object t = array(dst);
            if (s == t && so == d) {
                return;
            }
            if (s == t && so < d + n && d < so + n) {
                System.arraycopy(s, so, t, d, (int) n);
                return;
            }
            forRange(n, Parallel.GRAIN, (from, to) -> System.arraycopy(s, so + from, t, d + from, to - from));
        } else if (src.dtype() == DType.FLOAT32) {
            float[] s = floats(src);
            double[] t = doubles(dst);
            forRange(n, Parallel.GRAIN, (from, to) -> {
                for (int i = from; i < to; i++) {
                    t[d + i] = s[so + i];
                }
            });
        } else {
            double[] s = doubles(src);
            float[] t = floats(dst);
            forRange(n, Parallel.GRAIN, (from, to) -> {
                for (int i = from; i < to; i++) {
                    t[d + i] = (float) s[so + i];
                }
            });
        }
    }

    private static Object array(Tensor t) {
        return switch (t.dtype()) {
            case FLOAT32 -> floats(t);
            case FLOAT64 -> doubles(t);
            case INT32 -> ints(t);
        };
    }

    /** Sets every element to value (rounded to float for FLOAT32; INT32 tensors need an exact int value). */
    static void fill(Tensor t, double value) {
        int o = off(t);
        switch (t.dtype()) {
            case FLOAT64 -> {
                double[] a = doubles(t);
                forRange(t.size(), Parallel.GRAIN, (from, to) -> Arrays.fill(a, o + from, o + to, value));
            }
            case FLOAT32 -> {
                float[] a = floats(t);
                float v = (float) value;
                forRange(t.size(), Parallel.GRAIN, (from, to) -> Arrays.fill(a, o + from, o + to, v));
            }
            case INT32 -> {
                int v = (int) value;
                if (v != value) {
                    throw new IllegalArgumentException("cannot fill an INT32 tensor with " + value
                            + ": not an int value");
                }
                int[] a = ints(t);
                forRange(t.size(), Parallel.GRAIN, (from, to) -> Arrays.fill(a, o + from, o + to, v));
            }
        }
    }

    // ---------------------------------------------------------------- unary

    /** out = op(x). */
    static void unary(UnaryOp op, Tensor x, Tensor out) {
        int xo = off(x);
        int oo = off(out);
        int grain = switch (op) {
            case NEG, ABS, SQUARE, SQRT, RECIPROCAL -> Parallel.GRAIN;
            default -> GRAIN_EXPENSIVE;
        };
        if (x.dtype() == DType.FLOAT64) {
            double[] xa = doubles(x);
            double[] oa = doubles(out);
            forRange(x.size(), grain, (from, to) -> {
                int v = Simd.UNARY ? SimdKernels.unary(op, xa, xo + from, oa, oo + from, to - from) : 0;
                unary(op, xa, xo + from + v, oa, oo + from + v, to - from - v);
            });
        } else {
            float[] xa = floats(x);
            float[] oa = floats(out);
            forRange(x.size(), grain, (from, to) -> {
                int v = Simd.UNARY ? SimdKernels.unary(op, xa, xo + from, oa, oo + from, to - from) : 0;
                unary(op, xa, xo + from + v, oa, oo + from + v, to - from - v);
            });
        }
    }

    /** out = op(x · scale + shift): the three steps of the definition on each chunk, in place in out. */
    static void unaryAffine(UnaryOp op, double scale, double shift, Tensor x, Tensor out) {
        int xo = off(x);
        int oo = off(out);
        if (x.dtype() == DType.FLOAT64) {
            double[] xa = doubles(x);
            double[] oa = doubles(out);
            forRange(x.size(), GRAIN_EXPENSIVE, (from, to) -> unaryAffine(op, scale, shift, xa, xo + from, oa,
                    oo + from, to - from));
        } else {
            float[] xa = floats(x);
            float[] oa = floats(out);
            forRange(x.size(), GRAIN_EXPENSIVE, (from, to) -> unaryAffine(op, scale, shift, xa, xo + from, oa,
                    oo + from, to - from));
        }
    }

    /**
     * o[oo, oo + n) = op(x · scale + shift) over x[xo, xo + n), each step rounded as {@code binaryScalar(MUL)},
     * {@code binaryScalar(ADD)} and {@code unary(op)} round it ({@code o} may be {@code x} at the same offset).
     */
    static void unaryAffine(UnaryOp op, double scale, double shift, double[] x, int xo, double[] o, int oo, int n) {
        binaryScalar(BinaryOp.MUL, x, xo, scale, false, o, oo, n);
        binaryScalar(BinaryOp.ADD, o, oo, shift, false, o, oo, n);
        int v = Simd.UNARY ? SimdKernels.unary(op, o, oo, o, oo, n) : 0;
        unary(op, o, oo + v, o, oo + v, n - v);
    }

    /** The FLOAT32 form of {@link #unaryAffine(UnaryOp, double, double, double[], int, double[], int, int)}. */
    static void unaryAffine(UnaryOp op, double scale, double shift, float[] x, int xo, float[] o, int oo, int n) {
        binaryScalar(BinaryOp.MUL, x, xo, (float) scale, false, o, oo, n);
        binaryScalar(BinaryOp.ADD, o, oo, (float) shift, false, o, oo, n);
        int v = Simd.UNARY ? SimdKernels.unary(op, o, oo, o, oo, n) : 0;
        unary(op, o, oo + v, o, oo + v, n - v);
    }

    private static void unary(UnaryOp op, double[] x, int xo, double[] o, int oo, int n) {
        switch (op) {
            case NEG -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = -x[xo + i];
                }
            }
            case ABS -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Math.abs(x[xo + i]);
                }
            }
            case EXP -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Simd.STRICT_EXP_LOG ? StrictMath.exp(x[xo + i]) : Math.exp(x[xo + i]);
                }
            }
            case LOG -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Simd.STRICT_EXP_LOG ? StrictMath.log(x[xo + i]) : Math.log(x[xo + i]);
                }
            }
            case LOG1P -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Math.log1p(x[xo + i]);
                }
            }
            case EXPM1 -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Math.expm1(x[xo + i]);
                }
            }
            case SQRT -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Math.sqrt(x[xo + i]);
                }
            }
            case SQUARE -> {
                for (int i = 0; i < n; i++) {
                    double v = x[xo + i];
                    o[oo + i] = v * v;
                }
            }
            case RECIPROCAL -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = 1.0 / x[xo + i];
                }
            }
            case TANH -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Math.tanh(x[xo + i]);
                }
            }
            case SOFTPLUS -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = softplus(x[xo + i]);
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = sigmoid(x[xo + i]);
                }
            }
        }
    }

    private static void unary(UnaryOp op, float[] x, int xo, float[] o, int oo, int n) {
        switch (op) {
            case NEG -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = -x[xo + i];
                }
            }
            case ABS -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Math.abs(x[xo + i]);
                }
            }
            case EXP -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Simd.STRICT_EXP_LOG ? FloatExpLog.exp(x[xo + i]) : (float) Math.exp(x[xo + i]);
                }
            }
            case LOG -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Simd.STRICT_EXP_LOG ? FloatExpLog.log(x[xo + i]) : (float) Math.log(x[xo + i]);
                }
            }
            case LOG1P -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (float) Math.log1p(x[xo + i]);
                }
            }
            case EXPM1 -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (float) Math.expm1(x[xo + i]);
                }
            }
            case SQRT -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (float) Math.sqrt(x[xo + i]);
                }
            }
            case SQUARE -> {
                for (int i = 0; i < n; i++) {
                    float v = x[xo + i];
                    o[oo + i] = v * v;
                }
            }
            case RECIPROCAL -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = 1.0f / x[xo + i];
                }
            }
            case TANH -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (float) Math.tanh(x[xo + i]);
                }
            }
            case SOFTPLUS -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (float) softplus(x[xo + i]);
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (float) sigmoid(x[xo + i]);
                }
            }
        }
    }

    /** log(1 + e^x) = max(x, 0) + log1p(e^-|x|): no overflow for large x, full precision for very negative x. */
    static double softplus(double x) {
        return Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    /** 1 / (1 + e^-x), evaluated through e^-|x| so neither branch overflows. */
    static double sigmoid(double x) {
        double e = Math.exp(-Math.abs(x));
        return x >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
    }

    // ---------------------------------------------------------------- binary

    /** out = a op b; a or b may be a single element broadcast over out. */
    static void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        long n = out.size();
        boolean fullA = a.size() == n;
        boolean fullB = b.size() == n;
        if (fullA && fullB) {
            int ao = off(a);
            int bo = off(b);
            int oo = off(out);
            int grain = op == BinaryOp.POW ? GRAIN_EXPENSIVE : Parallel.GRAIN;
            boolean vector = op == BinaryOp.POW && Simd.POW;
            if (out.dtype() == DType.FLOAT64) {
                double[] aa = doubles(a);
                double[] ba = doubles(b);
                double[] oa = doubles(out);
                forRange(n, grain, (from, to) -> {
                    int v = vector ? SimdKernels.pow(aa, ao + from, ba, bo + from, oa, oo + from, to - from) : 0;
                    binary(op, aa, ao + from + v, ba, bo + from + v, oa, oo + from + v, to - from - v);
                });
            } else {
                float[] aa = floats(a);
                float[] ba = floats(b);
                float[] oa = floats(out);
                forRange(n, grain, (from, to) -> {
                    int v = vector ? SimdKernels.pow(aa, ao + from, ba, bo + from, oa, oo + from, to - from) : 0;
                    binary(op, aa, ao + from + v, ba, bo + from + v, oa, oo + from + v, to - from - v);
                });
            }
        } else if (fullA) {
            binaryScalar(op, a, scalar(b), out, false);
        } else if (fullB) {
            binaryScalar(op, b, scalar(a), out, true);
        } else {
            // both operands are single elements broadcast over a larger out: evaluate once, then fill
            if (out.dtype() == DType.FLOAT64) {
                double[] v = {scalar(a)};
                binaryScalar(op, v, 0, scalar(b), false, v, 0, 1);
                fill(out, v[0]);
            } else {
                float[] v = {(float) scalar(a)};
                binaryScalar(op, v, 0, (float) scalar(b), false, v, 0, 1);
                fill(out, v[0]);
            }
        }
    }

    private static double scalar(Tensor t) {
        return t.dtype() == DType.FLOAT64 ? doubles(t)[off(t)] : floats(t)[off(t)];
    }

    private static void binary(BinaryOp op, double[] a, int ao, double[] b, int bo, double[] o, int oo, int n) {
        switch (op) {
            case ADD -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = a[ao + i] + b[bo + i];
                }
            }
            case SUB -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = a[ao + i] - b[bo + i];
                }
            }
            case MUL -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = a[ao + i] * b[bo + i];
                }
            }
            case DIV -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = a[ao + i] / b[bo + i];
                }
            }
            case POW -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Math.pow(a[ao + i], b[bo + i]);
                }
            }
            case MAX -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Math.max(a[ao + i], b[bo + i]);
                }
            }
            case MIN -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Math.min(a[ao + i], b[bo + i]);
                }
            }
        }
    }

    private static void binary(BinaryOp op, float[] a, int ao, float[] b, int bo, float[] o, int oo, int n) {
        switch (op) {
            case ADD -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = a[ao + i] + b[bo + i];
                }
            }
            case SUB -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = a[ao + i] - b[bo + i];
                }
            }
            case MUL -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = a[ao + i] * b[bo + i];
                }
            }
            case DIV -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = a[ao + i] / b[bo + i];
                }
            }
            case POW -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (float) Math.pow(a[ao + i], b[bo + i]);
                }
            }
            case MAX -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Math.max(a[ao + i], b[bo + i]);
                }
            }
            case MIN -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Math.min(a[ao + i], b[bo + i]);
                }
            }
        }
    }

    /** out = a op s, or s op a when {@code scalarFirst}; s is rounded to float for FLOAT32. */
    static void binaryScalar(BinaryOp op, Tensor a, double s, Tensor out, boolean scalarFirst) {
        int ao = off(a);
        int oo = off(out);
        int grain = op == BinaryOp.POW ? GRAIN_EXPENSIVE : Parallel.GRAIN;
        boolean vector = op == BinaryOp.POW && Simd.POW;
        if (a.dtype() == DType.FLOAT64) {
            double[] aa = doubles(a);
            double[] oa = doubles(out);
            forRange(a.size(), grain, (from, to) -> {
                int v = vector ? SimdKernels.pow(aa, ao + from, s, scalarFirst, oa, oo + from, to - from) : 0;
                binaryScalar(op, aa, ao + from + v, s, scalarFirst, oa, oo + from + v, to - from - v);
            });
        } else {
            float[] aa = floats(a);
            float[] oa = floats(out);
            float sf = (float) s;
            forRange(a.size(), grain, (from, to) -> {
                int v = vector ? SimdKernels.pow(aa, ao + from, sf, scalarFirst, oa, oo + from, to - from) : 0;
                binaryScalar(op, aa, ao + from + v, sf, scalarFirst, oa, oo + from + v, to - from - v);
            });
        }
    }

    private static void binaryScalar(BinaryOp op, double[] a, int ao, double s, boolean first, double[] o, int oo,
            int n) {
        switch (op) {
            case ADD -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = a[ao + i] + s;
                }
            }
            case SUB -> {
                if (first) {
                    for (int i = 0; i < n; i++) {
                        o[oo + i] = s - a[ao + i];
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        o[oo + i] = a[ao + i] - s;
                    }
                }
            }
            case MUL -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = a[ao + i] * s;
                }
            }
            case DIV -> {
                if (first) {
                    for (int i = 0; i < n; i++) {
                        o[oo + i] = s / a[ao + i];
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        o[oo + i] = a[ao + i] / s;
                    }
                }
            }
            case POW -> {
                if (first) {
                    for (int i = 0; i < n; i++) {
                        o[oo + i] = Math.pow(s, a[ao + i]);
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        o[oo + i] = Math.pow(a[ao + i], s);
                    }
                }
            }
            case MAX -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Math.max(a[ao + i], s);
                }
            }
            case MIN -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Math.min(a[ao + i], s);
                }
            }
        }
    }

    private static void binaryScalar(BinaryOp op, float[] a, int ao, float s, boolean first, float[] o, int oo,
            int n) {
        switch (op) {
            case ADD -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = a[ao + i] + s;
                }
            }
            case SUB -> {
                if (first) {
                    for (int i = 0; i < n; i++) {
                        o[oo + i] = s - a[ao + i];
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        o[oo + i] = a[ao + i] - s;
                    }
                }
            }
            case MUL -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = a[ao + i] * s;
                }
            }
            case DIV -> {
                if (first) {
                    for (int i = 0; i < n; i++) {
                        o[oo + i] = s / a[ao + i];
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        o[oo + i] = a[ao + i] / s;
                    }
                }
            }
            case POW -> {
                if (first) {
                    for (int i = 0; i < n; i++) {
                        o[oo + i] = (float) Math.pow(s, a[ao + i]);
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        o[oo + i] = (float) Math.pow(a[ao + i], s);
                    }
                }
            }
            case MAX -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Math.max(a[ao + i], s);
                }
            }
            case MIN -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Math.min(a[ao + i], s);
                }
            }
        }
    }

    // ---------------------------------------------------------------- fma, axpby, where

    /** out = a * b + c, fused (rounded once, {@link Math#fma}). */
    static void fma(Tensor a, Tensor b, Tensor c, Tensor out) {
        int ao = off(a);
        int bo = off(b);
        int co = off(c);
        int oo = off(out);
        if (out.dtype() == DType.FLOAT64) {
            double[] aa = doubles(a);
            double[] ba = doubles(b);
            double[] ca = doubles(c);
            double[] oa = doubles(out);
            forRange(out.size(), Parallel.GRAIN, (from, to) -> {
                for (int i = from; i < to; i++) {
                    oa[oo + i] = Math.fma(aa[ao + i], ba[bo + i], ca[co + i]);
                }
            });
        } else {
            float[] aa = floats(a);
            float[] ba = floats(b);
            float[] ca = floats(c);
            float[] oa = floats(out);
            forRange(out.size(), Parallel.GRAIN, (from, to) -> {
                for (int i = from; i < to; i++) {
                    oa[oo + i] = Math.fma(aa[ao + i], ba[bo + i], ca[co + i]);
                }
            });
        }
    }

    /** out = alpha * x + beta * y (alpha and beta rounded to float for FLOAT32). */
    static void axpby(double alpha, Tensor x, double beta, Tensor y, Tensor out) {
        int xo = off(x);
        int yo = off(y);
        int oo = off(out);
        if (out.dtype() == DType.FLOAT64) {
            double[] xa = doubles(x);
            double[] ya = doubles(y);
            double[] oa = doubles(out);
            forRange(out.size(), Parallel.GRAIN, (from, to) -> {
                for (int i = from; i < to; i++) {
                    oa[oo + i] = alpha * xa[xo + i] + beta * ya[yo + i];
                }
            });
        } else {
            float[] xa = floats(x);
            float[] ya = floats(y);
            float[] oa = floats(out);
            float af = (float) alpha;
            float bf = (float) beta;
            forRange(out.size(), Parallel.GRAIN, (from, to) -> {
                for (int i = from; i < to; i++) {
                    oa[oo + i] = af * xa[xo + i] + bf * ya[yo + i];
                }
            });
        }
    }

    /** Elements of the condition converted to a mask at a time in {@link #where}. */
    private static final int MASK_BLOCK = 2048;

    /**
     * out = cond != 0 ? a : b. The condition (FLOAT32, FLOAT64 or INT32; NaN counts as nonzero) is converted
     * to a boolean mask block by block, so one select loop per data type serves every condition type.
     */
    static void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
        int co = off(cond);
        int ao = off(a);
        int bo = off(b);
        int oo = off(out);
        DType ct = cond.dtype();
        Object c = array(cond);
        if (out.dtype() == DType.FLOAT64) {
            double[] aa = doubles(a);
            double[] ba = doubles(b);
            double[] oa = doubles(out);
            forRange(out.size(), Parallel.GRAIN, (from, to) -> {
                boolean[] m = new boolean[Math.min(MASK_BLOCK, to - from)];
                for (int s = from; s < to; s += m.length) {
                    int n = Math.min(m.length, to - s);
                    mask(ct, c, co + s, m, n);
                    for (int i = 0; i < n; i++) {
                        oa[oo + s + i] = m[i] ? aa[ao + s + i] : ba[bo + s + i];
                    }
                }
            });
        } else {
            float[] aa = floats(a);
            float[] ba = floats(b);
            float[] oa = floats(out);
            forRange(out.size(), Parallel.GRAIN, (from, to) -> {
                boolean[] m = new boolean[Math.min(MASK_BLOCK, to - from)];
                for (int s = from; s < to; s += m.length) {
                    int n = Math.min(m.length, to - s);
                    mask(ct, c, co + s, m, n);
                    for (int i = 0; i < n; i++) {
                        oa[oo + s + i] = m[i] ? aa[ao + s + i] : ba[bo + s + i];
                    }
                }
            });
        }
    }

    /** m[0, n) = cond[co + i] != 0. */
    private static void mask(DType type, Object cond, int co, boolean[] m, int n) {
        switch (type) {
            case FLOAT64 -> {
                double[] c = (double[]) cond;
                for (int i = 0; i < n; i++) {
                    m[i] = c[co + i] != 0.0;
                }
            }
            case FLOAT32 -> {
                float[] c = (float[]) cond;
                for (int i = 0; i < n; i++) {
                    m[i] = c[co + i] != 0.0f;
                }
            }
            case INT32 -> {
                int[] c = (int[]) cond;
                for (int i = 0; i < n; i++) {
                    m[i] = c[co + i] != 0;
                }
            }
        }
    }
}
