package org.dust4j.core.op;

import static org.dust4j.core.op.OpTesting.CPU;
import static org.dust4j.core.op.OpTesting.EXACT_TOLERANCE;
import static org.dust4j.core.op.OpTesting.assertClose;
import static org.dust4j.core.op.OpTesting.checkDerivatives;
import static org.dust4j.core.op.OpTesting.random;
import static org.dust4j.core.op.OpTesting.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;

import org.dust4j.core.DType;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.junit.jupiter.api.Test;

class OperatorTest {
    private static final DType F64 = DType.FLOAT64;
    private static final Space S = Space.of(F64, 3, 4);

    private record Case(String name, Function<Space, Operator> op, DoubleUnaryOperator f, double lo, double hi) {
    }

    private static final List<Case> POINTWISE = List.of(
            new Case("exp", Pointwise::exp, Math::exp, -2, 2),
            new Case("log", Pointwise::log, Math::log, 0.5, 3),
            new Case("log1p", Pointwise::log1p, Math::log1p, -0.5, 3),
            new Case("expm1", Pointwise::expm1, Math::expm1, -2, 2),
            new Case("sqrt", Pointwise::sqrt, Math::sqrt, 0.5, 3),
            new Case("square", Pointwise::square, x -> x * x, -2, 2),
            new Case("reciprocal", Pointwise::reciprocal, x -> 1 / x, 0.5, 3),
            new Case("softplus", Pointwise::softplus, x -> Math.log1p(Math.exp(x)), -3, 3),
            new Case("sigmoid", Pointwise::sigmoid, x -> 1 / (1 + Math.exp(-x)), -3, 3),
            new Case("tanh", Pointwise::tanh, Math::tanh, -2, 2),
            new Case("pow(2.5)", s -> Pointwise.pow(s, 2.5), x -> Math.pow(x, 2.5), 0.5, 3),
            new Case("pow(-1.5)", s -> Pointwise.pow(s, -1.5), x -> Math.pow(x, -1.5), 0.5, 3),
            new Case("affine", s -> Pointwise.affine(s, -1.5, 0.25), x -> -1.5 * x + 0.25, -2, 2));

    @Test
    void pointwiseValuesMatchJavaMathAndDerivativesMatchFiniteDifferences() {
        long seed = 100;
        for (Case c : POINTWISE) {
            Operator op = c.op().apply(S);
            try (Tensor x = uniform(S, seed++, c.lo(), c.hi()); Tensor y = op.apply(x)) {
                double[] xh = x.toDoubleArray();
                double[] expected = new double[xh.length];
                for (int i = 0; i < xh.length; i++) {
                    expected[i] = c.f().applyAsDouble(xh[i]);
                }
                assertClose(y.toDoubleArray(), expected, 1e-14, c.name());
                checkDerivatives(op, x, seed++);
            }
        }
    }

    @Test
    void compositionsSumsScalingAndProductsFollowTheChainAndLeibnizRules() {
        Operator exp = Pointwise.exp(S);
        Operator tanh = Pointwise.tanh(S);
        try (Tensor m = random(Space.of(F64, 3, 3), 200); Tensor x = random(S, 201, 0, 0.5)) {
            LinearOperator mix = LinearOperator.matrix(m, S.shape());
            Operator f = tanh.after(mix).after(exp);
            Operator g = Pointwise.softplus(S).after(mix);
            checkDerivatives(f, x, 202);
            checkDerivatives(f.plus(g), x, 203);
            checkDerivatives(f.scale(-0.7), x, 204);
            checkDerivatives(f.times(g), x, 205);
            Operator scalar = LinearOperator.sum(S).after(Pointwise.square(S));
            checkDerivatives(scalar.times(f), x, 206);
            checkDerivatives(f.times(scalar), x, 207);
            try (Tensor fx = f.apply(x); Tensor gx = g.apply(x); Tensor prod = f.times(g).apply(x);
                 Tensor expected = fx.mul(gx); Tensor inner = exp.apply(x); Tensor mixed = mix.apply(inner);
                 Tensor outer = tanh.apply(mixed)) {
                assertClose(prod, expected, EXACT_TOLERANCE, "product value");
                assertClose(fx, outer, EXACT_TOLERANCE, "composition applies the inner operator first");
            }
        }
    }

    @Test
    void concatAndStackAreDifferentiable() {
        Operator exp = Pointwise.exp(S);
        Operator sq = Pointwise.square(S);
        Operator sum = LinearOperator.sum(S).after(Pointwise.sigmoid(S));
        try (Tensor x = random(S, 300)) {
            Operator concat = Operator.concat(exp, sum, sq);
            assertEquals(Space.of(F64, 25), concat.target());
            checkDerivatives(concat, x, 301);
            Operator stack = Operator.stack(exp, sq);
            assertEquals(Space.of(F64, 2, 3, 4), stack.target());
            checkDerivatives(stack, x, 302);
            try (Tensor c = concat.apply(x); Tensor s = sum.apply(x); Tensor e = exp.apply(x)) {
                Blocks b = Blocks.of(exp.target(), sum.target(), sq.target());
                assertEquals(s.item(), b.view(c, 1).item(), 0);
                assertClose(b.view(c, 0).copy(), e, 0, "first block");
            }
        }
    }

    @Test
    void linearOperatorsLinearizeToThemselves() {
        try (Tensor d = random(S, 400); Tensor x = random(S, 401)) {
            LinearOperator diag = LinearOperator.diagonal(d);
            try (Linearization lin = diag.linearize(x); Tensor y = diag.apply(x)) {
                assertTrue(lin.jacobian() == diag);
                assertClose(lin.value(), y, 0, "value");
            }
        }
    }

    @Test
    void closingALinearizationReleasesItsTape() {
        Operator f = Pointwise.log(S).after(Pointwise.exp(S));
        try (Tensor x = random(S, 450)) {
            Linearization lin = f.linearize(x);
            Tensor value = lin.value();
            lin.close();
            assertThrows(IllegalStateException.class, value::storage, "value released");
            assertThrows(IllegalStateException.class, () -> lin.jvp(x), "the Jacobian's tensors are released");
            x.storage();
            lin.close();
        }
    }

    @Test
    void float32FollowsFloat64() {
        Space s32 = Space.of(DType.FLOAT32, 3, 4);
        Function<Space, Operator> build = s -> Pointwise.softplus(s).after(Pointwise.exp(s)).times(Pointwise.tanh(s));
        try (Tensor x = random(S, 500); Tensor x32 = x.as(DType.FLOAT32); Tensor v = random(S, 501);
             Tensor v32 = v.as(DType.FLOAT32)) {
            Operator f = build.apply(S);
            Operator f32 = build.apply(s32);
            try (Linearization l = f.linearize(x); Linearization l32 = f32.linearize(x32);
                 Tensor jv = l.jvp(v); Tensor jv32 = l32.jvp(v32); Tensor jtv = l.vjp(v); Tensor jtv32 = l32.vjp(v32)) {
                assertEquals(DType.FLOAT32, l32.value().dtype());
                assertEquals(DType.FLOAT32, jtv32.dtype());
                assertClose(l32.value().as(F64), l.value(), 1e-6, "float32 value");
                assertClose(jv32.as(F64), jv, 1e-5, "float32 jvp");
                assertClose(jtv32.as(F64), jtv, 1e-5, "float32 vjp");
            }
        }
    }

    @Test
    void mismatchedOperatorsAreRejectedNamingBothSpaces() {
        Operator exp = Pointwise.exp(S);
        Operator other = Pointwise.exp(Space.of(F64, 4, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> exp.after(other));
        assertTrue(e.getMessage().contains("[4, 3] FLOAT64") && e.getMessage().contains("[3, 4] FLOAT64"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> exp.plus(other));
        assertTrue(e.getMessage().contains("[4, 3] FLOAT64") && e.getMessage().contains("[3, 4] FLOAT64"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> exp.times(other));
        assertTrue(e.getMessage().contains("[4, 3] FLOAT64") && e.getMessage().contains("[3, 4] FLOAT64"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Operator.stack(exp, LinearOperator.sum(S)));
        assertTrue(e.getMessage().contains("[3, 4] FLOAT64") && e.getMessage().contains("[] FLOAT64"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Operator.concat(exp, other));
        assertTrue(e.getMessage().contains("[4, 3] FLOAT64") && e.getMessage().contains("[3, 4] FLOAT64"), e.getMessage());
        try (Tensor x = random(Space.of(DType.FLOAT32, 3, 4), 600)) {
            e = assertThrows(IllegalArgumentException.class, () -> exp.linearize(x));
            assertTrue(e.getMessage().contains("[3, 4] FLOAT32") && e.getMessage().contains("[3, 4] FLOAT64"),
                    e.getMessage());
        }
        try (Tensor idx = CPU.fromHost(new int[] {1, 2}, Shape.of(2))) {
            e = assertThrows(IllegalArgumentException.class, () -> Space.of(idx));
            assertTrue(e.getMessage().contains("INT32"), e.getMessage());
        }
    }
}
