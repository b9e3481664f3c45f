package org.dust4j.core;

/** A Cholesky factorisation met a non-positive pivot. */
public class NotPositiveDefiniteException extends ArithmeticException {
    private static final long serialVersionUID = 1L;
    private final long batchIndex;
    private final int pivot;

    public NotPositiveDefiniteException(long batchIndex, int pivot, double value) {
        super("matrix " + batchIndex + " of the batch is not positive definite: pivot " + pivot + " is " + value);
        this.batchIndex = batchIndex;
        this.pivot = pivot;
    }

    /** Index of the failing matrix in the batch. */
    public long batchIndex() {
        return batchIndex;
    }

    /** Row/column at which the factorisation failed. */
    public int pivot() {
        return pivot;
    }
}
