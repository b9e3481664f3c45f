package org.dust4j.core;

/** Elementwise binary operations, available on every backend in FLOAT32 and FLOAT64. */
public enum BinaryOp {
    ADD, SUB, MUL, DIV, POW, MAX, MIN
}
