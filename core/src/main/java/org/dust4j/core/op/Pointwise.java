package org.dust4j.core.op;

import org.dust4j.core.Backend;
import org.dust4j.core.BinaryOp;
import org.dust4j.core.Tensor;
import org.dust4j.core.UnaryOp;

/**
 * Elementwise differentiable functions x ↦ f(x) on a {@link Space}; the Jacobian is the diagonal operator
 * diag(f'(x)). Each factory takes the space the operator acts on.
 */
public final class Pointwise {
    private Pointwise() {
    }

    public static Operator exp(Space s) {
        return new Elementwise(s, "exp", unary(UnaryOp.EXP), (x, y) -> y);
    }

    /** Natural logarithm (x > 0). */
    public static Operator log(Space s) {
        return new Elementwise(s, "log", unary(UnaryOp.LOG), (x, y) -> map(x, UnaryOp.RECIPROCAL));
    }

    /** log(1 + x), accurate for small x. */
    public static Operator log1p(Space s) {
        return new Elementwise(s, "log1p", unary(UnaryOp.LOG1P), (x, y) -> {
            Tensor d = x.add(1);
            d.backend().unary(UnaryOp.RECIPROCAL, d, d);
            return d;
        });
    }

    /** exp(x) − 1, accurate for small x. */
    public static Operator expm1(Space s) {
        return new Elementwise(s, "expm1", unary(UnaryOp.EXPM1), (x, y) -> y.add(1));
    }

    /** Square root (x > 0 for the derivative). */
    public static Operator sqrt(Space s) {
        return new Elementwise(s, "sqrt", unary(UnaryOp.SQRT), (x, y) -> {
            Tensor d = y.zerosLike();
            d.backend().scalarBinary(BinaryOp.DIV, 0.5, y, d);
            return d;
        });
    }

    public static Operator square(Space s) {
        return new Elementwise(s, "square", unary(UnaryOp.SQUARE), (x, y) -> x.mul(2));
    }

    /** 1/x. */
    public static Operator reciprocal(Space s) {
        return new Elementwise(s, "reciprocal", unary(UnaryOp.RECIPROCAL), (x, y) -> {
            Tensor d = map(y, UnaryOp.SQUARE);
            d.backend().binaryScalar(BinaryOp.MUL, d, -1, d);
            return d;
        });
    }

    /** log(1 + exp(x)), whose derivative is the logistic sigmoid. */
    public static Operator softplus(Space s) {
        return new Elementwise(s, "softplus", unary(UnaryOp.SOFTPLUS), (x, y) -> map(x, UnaryOp.SIGMOID));
    }

    /** The logistic function 1 / (1 + exp(−x)). */
    public static Operator sigmoid(Space s) {
        return new Elementwise(s, "sigmoid", unary(UnaryOp.SIGMOID), (x, y) -> {
            Tensor d = y.zerosLike();
            d.backend().scalarBinary(BinaryOp.SUB, 1, y, d);
            d.backend().binary(BinaryOp.MUL, d, y, d);
            return d;
        });
    }

    public static Operator tanh(Space s) {
        return new Elementwise(s, "tanh", unary(UnaryOp.TANH), (x, y) -> {
            Tensor d = map(y, UnaryOp.SQUARE);
            d.backend().scalarBinary(BinaryOp.SUB, 1, d, d);
            return d;
        });
    }

    /** x ↦ x^p (x > 0 unless p is an integer). */
    public static Operator pow(Space s, double p) {
        return new Elementwise(s, "pow(" + p + ")", (be, x, out) -> be.binaryScalar(BinaryOp.POW, x, p, out),
                (x, y) -> {
                    Tensor d = x.pow(p - 1);
                    d.backend().binaryScalar(BinaryOp.MUL, d, p, d);
                    return d;
                });
    }

    /** x ↦ a·x + b (an affine map; its Jacobian is a·identity). */
    public static Operator affine(Space s, double a, double b) {
        return new Affine(s, a, b);
    }

    // ---------------------------------------------------------------- implementation

    /** out = f(x) on the backend. */
    private interface Function {
        void apply(Backend backend, Tensor x, Tensor out);
    }

    /** f'(x) as a new tensor, given x and y = f(x); may return y itself when f' = f. */
    private interface Derivative {
        Tensor at(Tensor x, Tensor y);
    }

    private static Function unary(UnaryOp op) {
        return (be, x, out) -> be.unary(op, x, out);
    }

    private static Tensor map(Tensor x, UnaryOp op) {
        Tensor out = x.zerosLike();
        x.backend().unary(op, x, out);
        return out;
    }

    private static final class Elementwise extends Operator {
        private final Function f;
        private final Derivative df;

        Elementwise(Space s, String name, Function f, Derivative df) {
            super(s, s, name + s);
            this.f = f;
            this.df = df;
        }

        @Override
        protected Tensor compute(Tensor x) {
            Tensor out = x.zerosLike();
            f.apply(x.backend(), x, out);
            return out;
        }

        @Override
        protected Linearization linearizeAt(Tensor x) {
            Tensor y = compute(x);
            Tensor d = df.at(x, y);
            return new Linearization(y, LinearOperator.diagonal(d), d);
        }
    }

    private static final class Affine extends Operator {
        private final double a;
        private final double b;
        private final LinearOperator jacobian;

        Affine(Space s, double a, double b) {
            super(s, s, "affine(" + a + "·x + " + b + ")" + s);
            this.a = a;
            this.b = b;
            this.jacobian = LinearOperator.identity(s).scale(a);
        }

        @Override
        protected Tensor compute(Tensor x) {
            Tensor out = x.zerosLike();
            x.backend().binaryScalar(BinaryOp.MUL, x, a, out);
            x.backend().binaryScalar(BinaryOp.ADD, out, b, out);
            return out;
        }

        @Override
        protected Linearization linearizeAt(Tensor x) {
            return new Linearization(compute(x), jacobian);
        }
    }
}
