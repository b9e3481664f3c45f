package org.dust4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
