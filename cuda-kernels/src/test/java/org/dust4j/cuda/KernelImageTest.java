package org.dust4j.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The kernel image is in the jar exactly when the build had nvcc (the pom tells surefire through the system
 * property dust4j.cuda.kernelsBuilt), it is a fat binary, and it defines every kernel the backend looks up.
 */
class KernelImageTest {
    /** Magic number at the start of a fat binary (fatbinary.h: FATBIN_MAGIC). */
    private static final int FATBIN_MAGIC = 0xBA55ED50;

    private static boolean built() {
        return Boolean.getBoolean("dust4j.cuda.kernelsBuilt");
    }

    @Test
    void theImageIsPresentExactlyWhenTheBuildHadNvcc() {
        Optional<byte[]> image = Kernels.image();
        assertEquals(built(), image.isPresent(), "dust4j.cuda.kernelsBuilt=" + built() + " but the image is "
                + (image.isPresent() ? "present" : "absent"));
        assertEquals(built(), Kernels.imageProperties().containsKey("nvcc.version"));
    }

    @Test
    void theImageIsAFatBinaryForAmpereAndHopperWithEveryKernel() {
        assumeTrue(built(), "the kernels were not built (no nvcc)");
        byte[] image = Kernels.image().orElseThrow();
        assertEquals(FATBIN_MAGIC, ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN).getInt(0));
        assertEquals("sm_80,sm_90,compute_90", Kernels.imageProperties().getProperty("architectures"));
        String text = new String(image, StandardCharsets.ISO_8859_1);
        List<String> missing = new ArrayList<>();
        for (String name : Kernels.names()) {
            // a kernel's symbol is its name followed by NUL in the ELF string tables
            if (!text.contains(name + "\0")) {
                missing.add(name);
            }
        }
        assertTrue(missing.isEmpty(), "kernels missing from the image: " + missing);
        assertFalse(text.contains("this_kernel_does_not_exist\0"));
    }

    @Test
    void kernelNamesAreUniqueAndTyped() {
        List<String> names = Kernels.names();
        assertEquals(names.size(), names.stream().distinct().count());
        assertTrue(names.contains("gather_f64") && names.contains("cholesky_small_f32") && names.contains("fill_i32"));
    }
}
