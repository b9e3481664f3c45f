package org.dust4j.core.op;

import static org.dust4j.core.op.OpTesting.CPU;
import static org.dust4j.core.op.OpTesting.EXACT_TOLERANCE;
import static org.dust4j.core.op.OpTesting.assertClose;
import static org.dust4j.core.op.OpTesting.checkAdjoint;
import static org.dust4j.core.op.OpTesting.flat;
import static org.dust4j.core.op.OpTesting.matrix;
import static org.dust4j.core.op.OpTesting.random;
import static org.dust4j.core.op.OpTesting.times;
import static org.dust4j.core.op.OpTesting.transposed;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dust4j.core.DType;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.junit.jupiter.api.Test;

class LinearOperatorTest {
    private static final DType F64 = DType.FLOAT64;

    @Test
    void identityDiagonalAndScalingAreAdjointConsistentAndCorrect() {
        Space s = Space.of(F64, 3, 4);
        try (Tensor d = random(s, 1); Tensor x = random(s, 2)) {
            LinearOperator diag = LinearOperator.diagonal(d);
            checkAdjoint(LinearOperator.identity(s), 10);
            checkAdjoint(diag, 11);
            checkAdjoint(diag.scale(-2.5), 12);
            try (Tensor y = diag.apply(x); Tensor expected = x.mul(d)) {
                assertClose(y, expected, EXACT_TOLERANCE, "diagonal");
            }
            try (Tensor y = LinearOperator.identity(s).apply(x)) {
                assertArrayEquals(x.toDoubleArray(), y.toDoubleArray(), 0);
                assertTrue(y != x, "apply allocates");
            }
        }
    }

    @Test
    void denseMatrixOnVectorsMatchesHostProductAndItsToDense() {
        Space ms = Space.of(F64, 4, 3);
        try (Tensor m = random(ms, 3); Tensor x = random(Space.of(F64, 3), 4)) {
            LinearOperator a = LinearOperator.matrix(m);
            assertEquals(Space.of(F64, 3), a.domain());
            assertEquals(Space.of(F64, 4), a.target());
            checkAdjoint(a, 13);
            double[][] mh = matrix(m);
            double[][] xh = transposed(new double[][] {x.toDoubleArray()});
            try (Tensor y = a.apply(x)) {
                assertClose(y.toDoubleArray(), flat(times(mh, xh)), EXACT_TOLERANCE, "M x");
            }
            try (Tensor dense = a.toDense(CPU); Tensor denseT = a.adjoint().toDense(CPU)) {
                assertEquals(Shape.of(4, 3), dense.shape());
                assertArrayEquals(m.toDoubleArray(), dense.toDoubleArray(), 0);
                assertArrayEquals(flat(transposed(mh)), denseT.toDoubleArray(), 0);
            }
        }
    }

    @Test
    void batchedAndSharedMatricesAreAdjointConsistent() {
        try (Tensor batched = random(Space.of(F64, 2, 4, 3), 5); Tensor shared = random(Space.of(F64, 4, 3), 6)) {
            checkAdjoint(LinearOperator.matrix(batched, Shape.of(2, 3, 5)), 14);
            checkAdjoint(LinearOperator.matrix(shared, Shape.of(2, 3, 5)), 15);
            checkAdjoint(LinearOperator.matrix(batched, Shape.of(3, 5)), 16);
        }
    }

    @Test
    void compositionSumAndAdjointViewMatchDenseAlgebra() {
        try (Tensor m1 = random(Space.of(F64, 4, 3), 7); Tensor m2 = random(Space.of(F64, 3, 5), 8);
             Tensor m3 = random(Space.of(F64, 4, 5), 9)) {
            LinearOperator a = LinearOperator.matrix(m1);
            LinearOperator b = LinearOperator.matrix(m2);
            LinearOperator c = LinearOperator.matrix(m3);
            LinearOperator base = a.after(b).plus(c.scale(3));
            LinearOperator op = base.adjoint();
            checkAdjoint(op, 17);
            double[][] expected = transposed(times(matrix(m1), matrix(m2)));
            double[][] mc = matrix(m3);
            for (int i = 0; i < 5; i++) {
                for (int j = 0; j < 4; j++) {
                    expected[i][j] += 3 * mc[j][i];
                }
            }
            try (Tensor dense = op.toDense(CPU)) {
                assertClose(dense.toDoubleArray(), flat(expected), EXACT_TOLERANCE, "(AB + 3C)ᵀ");
            }
            assertInstanceOf(LinearOperator.class, ((Operator) a).after(b), "linear∘linear stays linear");
            assertInstanceOf(LinearOperator.class, ((Operator) c).plus(c), "linear+linear stays linear");
            assertTrue(op.adjoint() == base, "the adjoint of the adjoint view is the operator");
        }
    }

    @Test
    void fixedTriangularSolveSolvesAndIsAdjointConsistent() {
        for (boolean lower : new boolean[] {true, false}) {
            for (boolean transpose : new boolean[] {false, true}) {
                try (Tensor t = OpTesting.triangular(F64, lower, 20, 5, 5);
                     Tensor tb = OpTesting.triangular(F64, lower, 21, 2, 4, 4);
                     Tensor b = random(Space.of(F64, 5, 3), 22)) {
                    LinearOperator solve = LinearOperator.triangularSolve(t, lower, transpose, b.shape());
                    checkAdjoint(solve, 23);
                    checkAdjoint(LinearOperator.triangularSolve(t, lower, transpose, Shape.of(5)), 24);
                    checkAdjoint(LinearOperator.triangularSolve(tb, lower, transpose, Shape.of(2, 4, 3)), 25);
                    try (Tensor x = solve.apply(b)) {
                        double[][] th = matrix(t);
                        double[][] op = transpose ? transposed(th) : th;
                        assertClose(flat(times(op, matrix(x))), b.toDoubleArray(), 1e-13, "op(T) X = B");
                    }
                }
            }
        }
    }

    @Test
    void selectionsTransposeDiagonalSumAndReshape() {
        Space s = Space.of(F64, 2, 3, 3);
        try (Tensor x = random(s, 30)) {
            double[] xh = x.toDoubleArray();
            LinearOperator t = LinearOperator.transpose(s);
            LinearOperator diag = LinearOperator.diagonalPart(s);
            LinearOperator sum = LinearOperator.sum(s);
            LinearOperator pick = LinearOperator.select(s, new int[] {0, 17, 0, 4}, Shape.of(2, 2));
            for (LinearOperator op : new LinearOperator[] {t, diag, sum, pick, LinearOperator.reshape(s, Shape.of(6, 3))}) {
                checkAdjoint(op, 31);
            }
            try (Tensor y = t.apply(x); Tensor d = diag.apply(x); Tensor total = sum.apply(x); Tensor p = pick.apply(x)) {
                double[] yh = y.toDoubleArray();
                double[] dh = d.toDoubleArray();
                double expectedSum = 0;
                for (int b = 0; b < 2; b++) {
                    for (int i = 0; i < 3; i++) {
                        assertEquals(xh[b * 9 + i * 4], dh[b * 3 + i], 0, "diagonal");
                        for (int j = 0; j < 3; j++) {
                            assertEquals(xh[b * 9 + i * 3 + j], yh[b * 9 + j * 3 + i], 0, "transpose");
                            expectedSum += xh[b * 9 + i * 3 + j];
                        }
                    }
                }
                assertEquals(expectedSum, total.item(), 1e-13 * Math.abs(expectedSum) + 1e-15);
                assertArrayEquals(new double[] {xh[0], xh[17], xh[0], xh[4]}, p.toDoubleArray(), 0);
            }
            try (Tensor ones = CPU.fromHost(new double[] {1, 1, 1, 1}, F64, Shape.of(2, 2));
                 Tensor back = pick.adjoint(ones)) {
                double[] bh = back.toDoubleArray();
                assertEquals(2, bh[0], 0, "repeated indices accumulate in the adjoint");
                assertEquals(1, bh[17], 0);
                assertEquals(0, bh[1], 0);
            }
        }
    }

    @Test
    void blocksExtractPackAndBlockOperators() {
        Blocks blocks = Blocks.of(Space.of(F64, 2, 2), Space.of(F64, 3), Space.scalar(F64));
        assertEquals(Space.of(F64, 8), blocks.space());
        assertEquals(4, blocks.offset(1));
        assertEquals(7, blocks.offset(2));
        try (Tensor a = random(Space.of(F64, 2, 2), 40); Tensor b = random(Space.of(F64, 3), 41);
             Tensor c = random(Space.scalar(F64), 42); Tensor packed = blocks.pack(a, b, c);
             Tensor b2 = blocks.extract(1).apply(packed)) {
            assertArrayEquals(b.toDoubleArray(), b2.toDoubleArray(), 0);
            assertArrayEquals(a.toDoubleArray(), blocks.view(packed, 0).toDoubleArray(), 0);
            assertEquals(c.item(), blocks.view(packed, 2).item(), 0);
        }
        for (int i = 0; i < 3; i++) {
            checkAdjoint(blocks.extract(i), 43 + i);
        }
        try (Tensor m1 = random(Space.of(F64, 4, 3), 50); Tensor m2 = random(Space.of(F64, 2, 3), 51);
             Tensor m3 = random(Space.of(F64, 3, 5), 52)) {
            LinearOperator column = LinearOperator.blockColumn(LinearOperator.matrix(m1), LinearOperator.matrix(m2));
            assertEquals(Space.of(F64, 6), column.target());
            checkAdjoint(column, 53);
            LinearOperator row = LinearOperator.blockRow(LinearOperator.matrix(m1).adjoint(),
                    LinearOperator.matrix(m2).adjoint(), LinearOperator.matrix(m3));
            assertEquals(Space.of(F64, 11), row.domain());
            checkAdjoint(row, 54);
            try (Tensor dense = row.toDense(CPU)) {
                double[][] d = matrix(dense);
                double[][] e1 = transposed(matrix(m1));
                double[][] e3 = matrix(m3);
                assertEquals(e1[2][3], d[2][3], 0);
                assertEquals(e3[1][4], d[1][6 + 4], 0);
            }
        }
    }

    @Test
    void wrongInputsAreRejectedNamingBothSpaces() {
        try (Tensor m = random(Space.of(F64, 4, 3), 60); Tensor x = random(Space.of(F64, 4), 61);
             Tensor x32 = random(Space.of(DType.FLOAT32, 3), 62); Tensor y = random(Space.of(F64, 3), 63)) {
            LinearOperator a = LinearOperator.matrix(m);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.apply(x));
            assertTrue(e.getMessage().contains("[3] FLOAT64") && e.getMessage().contains("[4] FLOAT64"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> a.apply(x32));
            assertTrue(e.getMessage().contains("[3] FLOAT64") && e.getMessage().contains("[3] FLOAT32"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> a.adjoint(y));
            assertTrue(e.getMessage().contains("adjoint") && e.getMessage().contains("[4] FLOAT64"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> a.after(a));
            assertTrue(e.getMessage().contains("[4] FLOAT64") && e.getMessage().contains("[3] FLOAT64"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> a.plus(a.adjoint()));
            assertTrue(e.getMessage().contains("[3] FLOAT64 -> [4] FLOAT64")
                    && e.getMessage().contains("[4] FLOAT64 -> [3] FLOAT64"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> LinearOperator.matrix(m, Shape.of(4, 2)));
            assertTrue(e.getMessage().contains("[4, 3]") && e.getMessage().contains("[4, 2]"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> LinearOperator.triangularSolve(m, true, false,
                    Shape.of(3)));
            assertTrue(e.getMessage().contains("[4, 3]"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> LinearOperator.select(Space.of(F64, 3), new int[] {1, 3}, Shape.of(2)));
            assertTrue(e.getMessage().contains("index[1] = 3"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> LinearOperator.reshape(Space.of(F64, 3), Shape.of(2, 2)));
            assertTrue(e.getMessage().contains("[3]") && e.getMessage().contains("[2, 2]"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Blocks.of(Space.of(F64, 2), Space.of(DType.FLOAT32, 2)));
            assertTrue(e.getMessage().contains("FLOAT32"), e.getMessage());
        }
    }
}
