package org.dust4j.core;

/** Reductions over all elements or along one axis. */
public enum ReduceOp {
    SUM, MAX, MIN,
    /** Sum of absolute values. */
    L1,
    /** Square root of the sum of squares, computed with scaling so it does not overflow. */
    L2
}
