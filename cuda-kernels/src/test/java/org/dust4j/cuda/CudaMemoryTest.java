package org.dust4j.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dust4j.core.Backends;
import org.dust4j.core.DType;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.dust4j.core.UnaryOp;
import org.junit.jupiter.api.Test;

/** Allocation accounting, release, the Cleaner safety net, out-of-memory, closing, threads, registration. */
class CudaMemoryTest extends GpuSuite {
    @Test
    void everyAllocationIsCountedUntilReleased() {
        assertEquals(0, gpu.liveAllocations());
        Tensor t = gpu.zeros(DType.FLOAT64, Shape.of(1000));
        assertEquals(1, gpu.liveAllocations());
        assertEquals(8000, gpu.liveBytes());
        Tensor view = t.reshape(10, 100).row(3);
        assertEquals(1, gpu.liveAllocations(), "views own nothing");
        view.close();
        assertEquals(1, gpu.liveAllocations());
        Tensor empty = gpu.zeros(DType.FLOAT32, Shape.of(0));
        assertEquals(2, gpu.liveAllocations(), "empty tensors are counted too");
        empty.close();
        t.close();
        t.close();  // idempotent
        assertEquals(0, gpu.liveAllocations());
        assertThrows(IllegalStateException.class, t::toDoubleArray, "use after release");
    }

    @Test
    void emptyTensorsAreCountedAndWritable() {
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            try (Tensor t = gpu.empty(dt, Shape.of(3, 5)); Tensor like = t.emptyLike()) {
                assertEquals(2, gpu.liveAllocations());
                assertEquals(dt, like.dtype());
                assertEquals(Shape.of(3, 5), like.shape());
                gpu.fill(t, 7);
                double[] v = t.toDoubleArray();
                for (double x : v) {
                    assertEquals(7.0, x, 0.0, "written after allocation, " + dt);
                }
            }
        }
    }

    @Test
    void unreachableTensorsAreFreedByTheCleaner() throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            gpu.zeros(DType.FLOAT32, Shape.of(1 << 16));  // dropped without close
        }
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (gpu.liveAllocations() > 0 && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(50);
        }
        assertEquals(0, gpu.liveAllocations(), "the Cleaner frees what was dropped");
    }

    @Test
    void outOfMemoryStatesRequestedAndFreeBytesAndLeavesTheBackendUsable() {
        long[] info = gpu.memoryInfo();
        long elements = info[1] / 8 * 2;  // twice the device memory in doubles
        int rows = 1 << 20;
        int cols = (int) (elements / rows + 1);
        CudaOutOfMemoryException e = assertThrows(CudaOutOfMemoryException.class,
                () -> gpu.zeros(DType.FLOAT64, Shape.of(rows, cols)));
        assertEquals(8L * rows * cols, e.requestedBytes());
        assertTrue(e.freeBytes() <= e.totalBytes(), e.getMessage());
        assertTrue(e.getMessage().contains("requested " + 8L * rows * cols + " bytes"), e.getMessage());
        assertEquals(0, gpu.liveAllocations());
        try (Tensor t = gpu.fromHost(new double[] {1, 2}, DType.FLOAT64, Shape.of(2))) {
            assertArrayEquals(new double[] {1, 2}, t.toDoubleArray());
        }
    }

    @Test
    void closingABackendFreesItsMemoryAndRefusesFurtherWork() {
        CudaBackend other = GpuTests.open();
        Tensor t = other.fromHost(new float[] {1, 2, 3}, DType.FLOAT32, Shape.of(3));
        assertEquals(1, other.liveAllocations());
        other.close();
        other.close();
        assertEquals(0, other.liveAllocations());
        assertThrows(IllegalStateException.class, () -> other.zeros(DType.FLOAT32, Shape.of(1)));
        assertThrows(IllegalStateException.class, t::toFloatArray);
        t.close();  // harmless after the backend is gone
    }

    @Test
    void severalThreadsShareOneBackend() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<double[]>> results = new ArrayList<>();
            for (int k = 0; k < 16; k++) {
                int seed = k;
                results.add(pool.submit(() -> {
                    double[] x = GpuTests.normal(100_000, seed);
                    try (Tensor g = gpu.fromHost(x, DType.FLOAT64, Shape.of(x.length));
                         Tensor out = gpu.zeros(DType.FLOAT64, Shape.of(x.length))) {
                        gpu.unary(UnaryOp.SQUARE, g, out);
                        return new double[] {out.sum(), sumOfSquares(x)};
                    }
                }));
            }
            for (Future<double[]> f : results) {
                double[] r = f.get();
                assertEquals(r[1], r[0], 1e-9 * r[1]);
            }
        } finally {
            pool.shutdown();
        }
    }

    private static double sumOfSquares(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v * v;
        }
        return s;
    }

    @Test
    void theRegisteredProviderIsPreferredWhenAGpuIsUsable() {
        assertEquals("cuda:0", gpu.name());
        assertTrue(gpu.description().contains("compute capability"), gpu.description());
        assertTrue(Backends.best().name().startsWith("cuda"), "Backends.best() picks the GPU");
    }
}
