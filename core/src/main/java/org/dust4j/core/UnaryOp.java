package org.dust4j.core;

/** Elementwise unary operations, available on every backend in FLOAT32 and FLOAT64. */
public enum UnaryOp {
    NEG, ABS, EXP, LOG, LOG1P, EXPM1, SQRT, SQUARE, RECIPROCAL, TANH,
    /** log(1 + exp(x)), computed without overflow. */
    SOFTPLUS,
    /** 1 / (1 + exp(-x)). */
    SIGMOID
}
