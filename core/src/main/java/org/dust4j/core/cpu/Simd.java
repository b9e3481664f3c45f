package org.dust4j.core.cpu;

/**
 * Decides once per JVM whether the CPU backend evaluates its transcendental elementwise operations (EXP, LOG,
 * LOG1P, EXPM1, TANH, SOFTPLUS, SIGMOID and POW) with {@link SimdKernels} on the incubating Vector API
 * ({@code jdk.incubator.vector}, whose lanewise LOG1P, EXPM1, ... call the vector math library bundled with the JDK,
 * SVML on x86-64; EXP and LOG by default with {@link SimdFdlibm} and {@link SimdFloatExpLog}, see
 * {@link #EXP_LOG_PROPERTY}) instead of the scalar loops of {@link CpuElementwise}, and whether its matrix
 * products (with the Cholesky factorisation and triangular solves built on them) use the vector micro-kernels of
 * {@link SimdGemm} instead of the scalar ones of {@link Gemm} (and {@link SmallDense} its loops with
 * {@link SimdSmallDense}), and whether table lookups run eight at a time: the line moments' tabulated distribution
 * function with {@link SimdCdf} instead of {@link org.dust4j.core.SymmetricCdfTable}'s scalar function, and
 * {@link LogGridSpline}'s batches with {@link SimdLogSpline} (the same bits either way, as for SmallDense).
 *
 * <p>This class itself uses no type of that module: {@link SimdKernels}, {@link SimdGemm}, {@link SimdSmallDense},
 * {@link SimdCdf}, {@link SimdLogSpline}, {@link SimdFdlibm} and {@link SimdFloatExpLog} are loaded only after the
 * module was found in the boot layer, so a JVM started without {@code --add-modules jdk.incubator.vector} (JShell, an
 * application's own launcher) runs the scalar loops and never meets a {@link NoClassDefFoundError}.
 *
 * <p>The system property {@value #PROPERTY} selects the mode: {@code auto} (default) uses the vector kernels
 * on x86-64, where they were measured, when the module is resolved; {@code false} always uses the scalar
 * loops; {@code true} uses the vector kernels on any architecture where the module is resolved (elsewhere the
 * JDK may bind SLEEF, or fall back to a per-lane Java implementation that is slower than the scalar loops).
 * The vector kernels are never used when vectors hold fewer than two float64 lanes; the transcendental ones
 * also not when the JDK is told to use that Java fallback ({@code -Djdk.incubator.vector.VectorMathLibrary=java}),
 * which the matrix kernels and the table lookups do not call.
 */
final class Simd {
    /** The system property that selects the mode: {@code auto}, {@code true} or {@code false}. */
    static final String PROPERTY = "dust4j.cpu.simd";

    /**
     * The system property that selects how EXP and LOG are evaluated: {@code strict} (default: one algorithm on both
     * paths, so that every call gives the same bits and runs are reproducible: fdlibm's in FLOAT64, the bits of
     * {@link StrictMath}, with {@link SimdFdlibm} on the vector path; {@link FloatExpLog} in FLOAT32, with
     * {@link SimdFloatExpLog}) or {@code svml} (the vector path's lanewise EXP and LOG, i.e. SVML once compiled and
     * {@link Math} lane by lane before, about three times the throughput but not reproducible from run to run; the
     * scalar loops then use {@link Math}).
     */
    static final String EXP_LOG_PROPERTY = "dust4j.cpu.expLog";

    /** Whether EXP and LOG are reproducible ({@value #EXP_LOG_PROPERTY}={@code strict}). */
    static final boolean STRICT_EXP_LOG = strictExpLog(System.getProperty(EXP_LOG_PROPERTY, "strict"));

    /** The incubating module that holds the Vector API. */
    static final String MODULE = "jdk.incubator.vector";

    /** Whether EXP, LOG, LOG1P, EXPM1, TANH, SOFTPLUS and SIGMOID run on the Vector API. */
    static final boolean UNARY;

    /** Whether POW runs on the Vector API (the JDK's SVML binding has vector pow for 512-bit vectors only). */
    static final boolean POW;

    /**
     * Whether matrix products (and the factorisations built on them) use the micro-kernels of {@link SimdGemm}, and
     * {@link SmallDense} the loops of {@link SimdSmallDense}.
     */
    static final boolean GEMM;

    /**
     * Whether the line moments evaluate their tabulated distribution function with {@link SimdCdf} and
     * {@link LogGridSpline} its batches with {@link SimdLogSpline}: where the matrix kernels are on and vectors are 512
     * bits wide (the only shape measured).
     */
    static final boolean CDF;

    /**
     * How the transcendental operations and the matrix products are evaluated, and why, for
     * {@link CpuBackend#description()}.
     */
    static final String STATUS;

    static {
        String setting = System.getProperty(PROPERTY, "auto");
        boolean present = ModuleLayer.boot().findModule(MODULE).isPresent();
        String arch = System.getProperty("os.arch");
        String off = reasonOff(setting, present, arch, System.getProperty("jdk.incubator.vector.VectorMathLibrary"));
        String gemmOff = reasonOff(setting, present, arch, null);
        if (gemmOff == null && !SimdKernels.wideEnough()) {
            gemmOff = "vectors narrower than two float64 lanes";
        }
        if (off == null) {
            off = gemmOff;
        }
        UNARY = off == null;
        POW = UNARY && SimdKernels.hasPow();
        GEMM = gemmOff == null;
        CDF = GEMM && SimdCdf.usable();
        STATUS = (UNARY ? "vector math " + SimdKernels.shape() + (POW ? "" : ", scalar pow")
                        : "scalar math (" + off + ")")
                + (STRICT_EXP_LOG ? ", reproducible exp/log" : ", exp/log " + (UNARY ? "SVML" : "Math"))
                + (GEMM ? ", vector matmul " + SimdGemm.MR + "x" + SimdGemm.columnsF64() + " (float64) / "
                        + SimdGemm.MR + "x" + SimdGemm.columnsF32() + " (float32)"
                        : ", scalar matmul" + (gemmOff.equals(off) ? "" : " (" + gemmOff + ")"))
                + (CDF ? ", vector table lookups"
                        : ", scalar table lookups" + (GEMM ? " (vectors narrower than 512 bits)" : ""));
    }

    private Simd() {
    }

    /** True for {@code strict}, false for {@code svml}. */
    static boolean strictExpLog(String setting) {
        return switch (setting) {
            case "strict" -> true;
            case "svml" -> false;
            default -> throw new IllegalArgumentException("system property " + EXP_LOG_PROPERTY
                    + " must be strict or svml, got '" + setting + "'");
        };
    }

    /**
     * Why the vector kernels must not be used, or null when they may (subject to the vector width).
     *
     * @param setting value of {@value #PROPERTY}: {@code auto}, {@code true} or {@code false}
     * @param modulePresent whether {@value #MODULE} is in the boot layer
     * @param arch the {@code os.arch} property
     * @param mathLibrary the {@code jdk.incubator.vector.VectorMathLibrary} property, or null
     * @throws IllegalArgumentException for any other setting
     */
    static String reasonOff(String setting, boolean modulePresent, String arch, String mathLibrary) {
        if (!setting.equals("auto") && !setting.equals("true") && !setting.equals("false")) {
            throw new IllegalArgumentException("system property " + PROPERTY + " must be auto, true or false, got '"
                    + setting + "'");
        }
        if (setting.equals("false")) {
            return PROPERTY + "=false";
        }
        if (!modulePresent) {
            return "module " + MODULE + " not resolved: start java with --add-modules " + MODULE;
        }
        if ("java".equals(mathLibrary)) {
            return "jdk.incubator.vector.VectorMathLibrary=java";
        }
        if (setting.equals("auto") && !arch.equals("amd64") && !arch.equals("x86_64")) {
            return "not measured on " + arch + "; -D" + PROPERTY + "=true to try";
        }
        return null;
    }
}
