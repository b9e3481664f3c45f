package org.dust4j.core.op;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.dust4j.core.DType;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.junit.jupiter.api.Test;

class TensorCacheTest {
    private static final DType F64 = DType.FLOAT64;

    /** Value and pulled-back cotangent of an operator with a seeded cotangent. */
    private static double[][] valueAndVjp(Operator op, Tensor x) {
        try (Linearization lin = op.linearize(x); Tensor w = OpTesting.random(op.target(), 9);
             Tensor g = lin.vjp(w)) {
            return new double[][] {lin.value().toDoubleArray(), g.toDoubleArray()};
        }
    }

    @Test
    void cachedTablesGiveTheSameResultsAndAreUploadedOnce() {
        Space s = Space.of(F64, 2, 5, 5);
        Space rhs = Space.of(F64, 2, 5, 3);
        Blocks b = Blocks.of(s, rhs);
        try (TensorCache cache = new TensorCache(); Tensor a = OpTesting.spd(F64, 1, 2, 5, 5);
             Tensor r = OpTesting.random(rhs, 2); Tensor x = b.pack(a, r)) {
            Operator plain = Linalg.triangularSolve(s, rhs, true, true).of(Linalg.cholesky(s).after(b.extract(0)),
                    b.extract(1));
            Operator cached = Linalg.triangularSolve(s, rhs, true, true, cache)
                    .of(Linalg.cholesky(s, cache).after(b.extract(0)), b.extract(1));
            double[][] want = valueAndVjp(plain, x);
            double[][] got = valueAndVjp(cached, x);
            assertArrayEquals(want[0], got[0], 0, "value");
            assertArrayEquals(want[1], got[1], 0, "gradient");
            int tables = cache.size();
            assertEquals(3, tables, "the transpose table and the two triangular masks");
            valueAndVjp(cached, x);
            assertEquals(tables, cache.size(), "a second pass reuses the tables");
        }
    }

    @Test
    void selectionsShareTheirTableAndAClosedCacheIsRefused() {
        Space s = Space.of(F64, 6);
        TensorCache cache = new TensorCache();
        LinearOperator pick = LinearOperator.select(s, new int[] {4, 0, 4}, Shape.of(3), cache);
        try (Tensor x = OpTesting.random(s, 3); Tensor y = pick.apply(x); Tensor back = pick.adjoint(y)) {
            double[] v = x.toDoubleArray();
            assertArrayEquals(new double[] {v[4], v[0], v[4]}, y.toDoubleArray(), 0);
            assertArrayEquals(new double[] {v[0], 0, 0, 0, 2 * v[4], 0}, back.toDoubleArray(), 0);
            assertEquals(1, cache.size(), "one table for the selection and its adjoint");
            cache.close();
            assertEquals(0, cache.size());
            assertThrows(IllegalStateException.class, () -> pick.apply(x));
        }
    }
}
