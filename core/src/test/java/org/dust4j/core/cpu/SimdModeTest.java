package org.dust4j.core.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/**
 * When the CPU backend uses its vector kernels ({@link Simd}). Surefire runs this class in three JVMs (see
 * core/pom.xml): the default one, started with {@code --add-modules jdk.incubator.vector}; one without that
 * module; and one with {@code -Ddust4j.cpu.simd=false}. The last two set {@code dust4j.test.expectScalar} to
 * the reason the scalar loops must be in use.
 */
class SimdModeTest {
    private static final String MODULE_HINT = "--add-modules jdk.incubator.vector";

    @Test
    void reasonOffFollowsTheSettingTheModuleAndTheArchitecture() {
        assertNull(Simd.reasonOff("auto", true, "amd64", null));
        assertNull(Simd.reasonOff("auto", true, "x86_64", "svml"));
        assertNull(Simd.reasonOff("true", true, "aarch64", null), "true tries any architecture");
        assertTrue(Simd.reasonOff("auto", true, "aarch64", null).contains("-Ddust4j.cpu.simd=true"));
        assertEquals("dust4j.cpu.simd=false", Simd.reasonOff("false", true, "amd64", null));
        assertTrue(Simd.reasonOff("auto", false, "amd64", null).contains(MODULE_HINT));
        assertTrue(Simd.reasonOff("true", false, "amd64", null).contains(MODULE_HINT));
        assertTrue(Simd.reasonOff("true", true, "amd64", "java").contains("VectorMathLibrary=java"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Simd.reasonOff("yes", true, "amd64", null));
        assertTrue(e.getMessage().contains("dust4j.cpu.simd") && e.getMessage().contains("'yes'"), e.getMessage());
    }

    @Test
    void thisJvmUsesThePathItWasStartedFor() {
        String expectScalar = System.getProperty("dust4j.test.expectScalar");
        String status = CpuBackend.INSTANCE.description();
        assertTrue(status.endsWith(Simd.STATUS), status);
        if (expectScalar != null) {
            assertFalse(Simd.UNARY, status);
            assertFalse(Simd.POW, status);
            assertFalse(Simd.GEMM, status);
            assertFalse(Simd.CDF, status);
            assertTrue(status.endsWith(", scalar matmul, scalar table lookups"), status);
            assertTrue(Simd.STATUS.startsWith("scalar math (") && Simd.STATUS.contains(expectScalar), Simd.STATUS);
            return;
        }
        String arch = System.getProperty("os.arch");
        assumeTrue(arch.equals("amd64") || arch.equals("x86_64"), "vector kernels are on by default on x86-64 only");
        assertTrue(ModuleLayer.boot().findModule(Simd.MODULE).isPresent(), "surefire's argLine adds " + MODULE_HINT);
        assertTrue(Simd.UNARY, status);
        assertTrue(Simd.GEMM, status);
        assertTrue(Simd.STATUS.startsWith("vector math "), Simd.STATUS);
        assertTrue(Simd.STATUS.contains(", vector matmul "), Simd.STATUS);
        assertEquals(SimdCdf.usable(), Simd.CDF, status);
        assertTrue(Simd.STATUS.endsWith(Simd.CDF ? ", vector table lookups"
                : ", scalar table lookups (vectors narrower than 512 bits)"), Simd.STATUS);
    }
}
