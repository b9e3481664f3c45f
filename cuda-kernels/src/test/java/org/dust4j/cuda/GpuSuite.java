package org.dust4j.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.dust4j.core.Backend;
import org.dust4j.core.Backends;
import org.dust4j.core.DType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Base of the GPU parity suites: one CUDA backend per test class (skipped without a driver), the CPU backend
 * as the reference, and after every test the proof that no device allocation was left behind.
 */
@Tag("gpu")
abstract class GpuSuite {
    /** Sizes every elementwise operation, reduction and scan is run at. */
    static final int[] SIZES = {0, 1, 31, 1000, (1 << 20) + 7};

    static CudaBackend gpu;
    static final Backend cpu = Backends.cpu();

    @BeforeAll
    static void openGpu() {
        gpu = GpuTests.open();
    }

    @AfterEach
    void nothingLeaks() {
        if (gpu != null) {
            assertEquals(0, gpu.liveAllocations(), "device allocations left behind by the test (" + gpu.liveBytes()
                    + " bytes)");
        }
    }

    @AfterAll
    static void closeGpu() {
        if (gpu != null) {
            gpu.close();
            gpu = null;
        }
    }

    static Stream<Arguments> dtypesAndSizes() {
        return Stream.of(DType.FLOAT32, DType.FLOAT64)
                .flatMap(d -> java.util.Arrays.stream(SIZES).mapToObj(n -> Arguments.of(d, n)));
    }
}
