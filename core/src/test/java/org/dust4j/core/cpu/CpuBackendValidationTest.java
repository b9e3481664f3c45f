package org.dust4j.core.cpu;

import static org.dust4j.core.cpu.Fixtures.CPU;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Proxy;
import org.dust4j.core.Backend;
import org.dust4j.core.BinaryOp;
import org.dust4j.core.DType;
import org.dust4j.core.ReduceOp;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.dust4j.core.UnaryOp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The CPU backend rejects wrong shapes, dtypes and backends with messages naming the argument. */
class CpuBackendValidationTest {
    private static final Tensor F64_3 = CPU.zeros(DType.FLOAT64, Shape.of(3));
    private static final Tensor F64_4 = CPU.zeros(DType.FLOAT64, Shape.of(4));
    private static final Tensor F32_3 = CPU.zeros(DType.FLOAT32, Shape.of(3));
    private static final Tensor I32_3 = CPU.zeros(DType.INT32, Shape.of(3));
    private static final Tensor SCALAR = CPU.zeros(DType.FLOAT64, Shape.scalar());

    private static void rejects(String message, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertEquals(message, e.getMessage());
    }

    /** A tensor whose backend is some other backend named "other". */
    private static Tensor foreign() {
        Backend other = (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("name")) {
                        return "other";
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return Tensor.wrap(other, new CpuStorage(DType.FLOAT64, 3), Shape.of(3));
    }

    @Test
    void elementwiseChecksShapesAndDtypes() {
        rejects("shape mismatch: x is [3], out is [4]", () -> CPU.unary(UnaryOp.EXP, F64_3, F64_4));
        rejects("dtype mismatch: x is FLOAT32, out is FLOAT64", () -> CPU.unary(UnaryOp.EXP, F32_3, F64_3));
        rejects("x must be FLOAT32 or FLOAT64, got INT32", () -> CPU.unary(UnaryOp.EXP, I32_3, I32_3));
        rejects("b must have shape [4] or a single element, got [3]", () -> CPU.binary(BinaryOp.ADD, F64_4, F64_3, F64_4));
        rejects("a must have shape [3] or a single element, got [4]", () -> CPU.binary(BinaryOp.ADD, F64_4, SCALAR, F64_3));
        rejects("dtype mismatch: b is FLOAT32, out is FLOAT64", () -> CPU.binary(BinaryOp.MUL, F64_3, F32_3, F64_3));
        rejects("shape mismatch: a is [4], out is [3]", () -> CPU.binaryScalar(BinaryOp.ADD, F64_4, 1, F64_3));
        rejects("shape mismatch: a is [4], out is [3]", () -> CPU.scalarBinary(BinaryOp.SUB, 1, F64_4, F64_3));
        rejects("shape mismatch: c is [4], out is [3]", () -> CPU.fma(F64_3, F64_3, F64_4, F64_3));
        rejects("dtype mismatch: y is FLOAT32, out is FLOAT64", () -> CPU.axpby(1, F64_3, 1, F32_3, F64_3));
        rejects("shape mismatch: cond is [4], out is [3]", () -> CPU.where(F64_4, F64_3, F64_3, F64_3));
        rejects("copy needs equal sizes: src [3], dst [4]", () -> CPU.copy(F64_3, F64_4));
        rejects("copy between INT32 and FLOAT64 is not supported", () -> CPU.copy(I32_3, F64_3));
    }

    @Test
    void reductionsCheckShapesAndAxes() {
        Tensor m = CPU.zeros(DType.FLOAT64, Shape.of(3, 4));
        rejects("out must have one element, got shape [3]", () -> CPU.reduceAll(ReduceOp.SUM, m, F64_3));
        rejects("out must have shape [3], got [4]", () -> CPU.reduce(ReduceOp.MAX, m, 1, F64_4));
        rejects("axis 2 out of range for shape [3, 4]", () -> CPU.reduce(ReduceOp.MAX, m, 2, F64_4));
        rejects("dot needs equal sizes: a [3], b [4]", () -> CPU.dot(F64_3, F64_4, SCALAR));
        rejects("shape mismatch: x is [3, 4], out is [4]", () -> CPU.cumsum(m, 0, false, false, F64_4));
        rejects("axis -3 out of range for shape [3, 4]", () -> CPU.cumsum(m, -3, false, false, m));
    }

    @Test
    void indexingChecksIndexAndRowShapes() {
        Tensor table = CPU.zeros(DType.FLOAT64, Shape.of(5, 2));
        Tensor out = CPU.zeros(DType.FLOAT64, Shape.of(3, 2));
        rejects("index must be INT32, got FLOAT64", () -> CPU.gather(table, F64_3, out));
        rejects("index must have rank 1, got shape [3, 1]", () -> CPU.gather(table, I32_3.reshape(3, 1), out));
        rejects("out must have shape [3, 2], got [5, 2]", () -> CPU.gather(table, I32_3, table));
        rejects("src must have shape [3, 2], got [5, 2]", () -> CPU.scatterAdd(table, I32_3, table));
        rejects("x needs at least 1 axes, got shape []", () -> CPU.gather(SCALAR, I32_3, out));
    }

    @Test
    void everyOperandMustLiveOnTheBackend() {
        String msg = "%s lives on backend 'other', operation runs on 'cpu'; copy it with tensor.to(backend)";
        rejects(msg.formatted("x"), () -> CPU.unary(UnaryOp.NEG, foreign(), F64_3));
        rejects(msg.formatted("out"), () -> CPU.binary(BinaryOp.ADD, F64_3, F64_3, foreign()));
        rejects(msg.formatted("c"), () -> CPU.fma(F64_3, F64_3, foreign(), F64_3));
        rejects(msg.formatted("cond"), () -> CPU.where(foreign(), F64_3, F64_3, F64_3));
        rejects(msg.formatted("x"), () -> CPU.reduceAll(ReduceOp.SUM, foreign(), SCALAR));
        rejects(msg.formatted("b"), () -> CPU.dot(F64_3, foreign(), SCALAR));
        rejects(msg.formatted("src"), () -> CPU.copy(foreign(), F64_3));
        rejects(msg.formatted("t"), () -> CPU.fill(foreign(), 1));
        rejects(msg.formatted("index"), () -> CPU.gather(F64_3, foreign(), F64_3));
    }
}
