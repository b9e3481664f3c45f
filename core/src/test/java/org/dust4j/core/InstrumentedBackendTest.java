package org.dust4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class InstrumentedBackendTest {
    @Test
    void countsWhatAGpuPaysForAndComputesLikeTheDelegate() {
        InstrumentedBackend be = new InstrumentedBackend(Backends.cpu(), false);
        try (Tensor a = be.fromHost(new double[] {1, 2, 3, 4, 5, 6}, DType.FLOAT64, Shape.of(2, 3));
             Tensor out = be.zeros(DType.FLOAT64, Shape.of(3))) {
            be.binary(BinaryOp.ADD, a.row(0), a.row(1), out);
            assertArrayEquals(new double[] {5, 7, 9}, out.toDoubleArray(), 0, "views of the delegate's storage");
            try (Tensor l = be.zeros(DType.FLOAT64, Shape.of(2, 2)); Tensor s = be.fromHost(new double[] {4, 2, 2, 3},
                    DType.FLOAT64, Shape.of(2, 2))) {
                be.cholesky(s, l);
            }
            assertEquals(new InstrumentedBackend.Counts(4, 4, 2, 1, 4), be.counts(),
                    "zeros ×2, binary, cholesky; 4 tensors; 2 uploads; 1 download; transfers and the Cholesky wait");
            assertTrue(be.profile().isEmpty(), "no timing unless asked");
        }
    }

    @Test
    void timingRecordsEachKindOfOperationWithItsCaller() {
        InstrumentedBackend be = new InstrumentedBackend(Backends.cpu(), true);
        try (Tensor a = be.zeros(DType.FLOAT32, Shape.of(8)); Tensor b = a.exp()) {
            be.fill(a, 1);
            List<InstrumentedBackend.Entry> p = be.profile();
            assertTrue(p.stream().anyMatch(e -> e.kind().startsWith("fill <- InstrumentedBackendTest."
                    + "timingRecordsEachKindOfOperationWithItsCaller:") && e.calls() == 1), p.toString());
            assertTrue(p.stream().anyMatch(e -> e.kind().startsWith("unary <- ")), p.toString());
            assertEquals(4, be.counts().operations(), "zeros, zeros (exp's output), unary, fill");
            assertEquals(4, p.stream().mapToLong(InstrumentedBackend.Entry::calls).sum(), "every operation timed");
            be.clearProfile();
            assertTrue(be.profile().isEmpty());
        }
    }

    @Test
    void countsLiveAllocationsAndTheirPeak() {
        InstrumentedBackend be = new InstrumentedBackend(Backends.cpu(), false);
        Tensor a = be.zeros(DType.FLOAT32, Shape.of(2, 4));
        Tensor b = a.exp();
        assertEquals(2, be.live());
        a.row(1).close();
        assertEquals(2, be.live(), "closing a view releases nothing");
        a.close();
        a.close();
        assertEquals(1, be.live(), "a release counts once");
        try (Tensor c = be.fromHost(new int[] {1, 2}, Shape.of(2)); Tensor d = c.reshape(1, 2)) {
            assertEquals(2, be.live());
            assertArrayEquals(new int[] {1, 2}, d.toIntArray(), "a view of a counted tensor reads the delegate's storage");
        }
        b.close();
        assertEquals(0, be.live());
        assertEquals(2, be.peak(), "at most two at once");
        assertEquals(3, be.counts().allocations());
        assertThrows(IllegalStateException.class, a::toFloatArray, "a released tensor cannot be read");
    }

    @Test
    void runsTableOperationsOnTheDelegateAndRefusesForeignTensors() {
        Backend cpu = Backends.cpu();
        InstrumentedBackend be = new InstrumentedBackend(cpu, false);
        SymmetricCdfTable logistic = SymmetricCdfTable.of(20, 64, z -> 1 / (1 + Math.exp(-z)),
                z -> Math.exp(-z) / ((1 + Math.exp(-z)) * (1 + Math.exp(-z))));
        // 2 lines × 3 cells; items 0, 1 on line 0 and item 2 on line 1
        LineMoments layout = new LineMoments(2, new double[] {3, 2, 1, 0.5}, new double[] {0.5, 1, 1.5},
                new int[] {0, 0, 1}, new double[] {1, 0.7, 1.3}, new double[] {0.2, 0.5, 1}, new int[] {0, 1, 0},
                new int[] {3, 2, 3}, logistic);
        double[] x = {0.3, 1.1, 0.7, 2.0, 0.1, 0.9};
        double[][] expected = new double[2][];
        double[][] actual = new double[2][];
        for (Backend b : List.of(cpu, be)) {
            try (LineMoments.Tables tables = layout.upload(b);
                 Tensor xs = b.fromHost(x, DType.FLOAT64, layout.lineShape());
                 Tensor mean = b.zeros(DType.FLOAT64, layout.itemShape());
                 Tensor variance = b.zeros(DType.FLOAT64, layout.itemShape())) {
                b.lineMoments(tables, xs, mean, variance);
                double[][] r = b == cpu ? expected : actual;
                r[0] = mean.toDoubleArray();
                r[1] = variance.toDoubleArray();
            }
        }
        assertArrayEquals(expected[0], actual[0], 0, "means as on the delegate");
        assertArrayEquals(expected[1], actual[1], 0, "variances as on the delegate");
        assertTrue(expected[1][0] > 0, "a nontrivial case");
        assertEquals(0, be.live(), "the tables are released with the rest");
        try (Tensor foreign = cpu.zeros(DType.FLOAT64, Shape.of(3)); Tensor own = be.zeros(DType.FLOAT64, Shape.of(3))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> be.copy(foreign, own));
            assertTrue(e.getMessage().contains("lives on cpu"), e.getMessage());
        }
    }
}
