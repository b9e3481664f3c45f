package org.dust4j.core.op;

import java.util.Objects;

import org.dust4j.core.Backend;
import org.dust4j.core.DType;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;

/**
 * The vector space an operator acts on: tensors of one {@link Shape} and one floating {@link DType}.
 * Spaces carry no backend; an operator runs on the backend of its input.
 *
 * @param dtype FLOAT32 or FLOAT64
 * @param shape the tensor shape
 */
public record Space(DType dtype, Shape shape) {
    public Space {
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(shape, "shape");
        if (!dtype.isFloating()) {
            throw new IllegalArgumentException("operator spaces must be FLOAT32 or FLOAT64, got " + dtype);
        }
    }

    /** The space of tensors of the given dtype and dimensions. */
    public static Space of(DType dtype, int... dims) {
        return new Space(dtype, Shape.of(dims));
    }

    /** The space of scalars (rank-0 tensors) of the given dtype. */
    public static Space scalar(DType dtype) {
        return new Space(dtype, Shape.scalar());
    }

    /** The space the tensor belongs to. */
    public static Space of(Tensor t) {
        return new Space(t.dtype(), t.shape());
    }

    /** Number of elements (the dimension of the vector space). */
    public long size() {
        return shape.size();
    }

    /** This space with another shape and the same dtype. */
    public Space withShape(Shape s) {
        return new Space(dtype, s);
    }

    /** Whether {@code t} is an element of this space (same dtype and shape). */
    public boolean contains(Tensor t) {
        return t.dtype() == dtype && t.shape().equals(shape);
    }

    /** A new zero element of this space on {@code backend}. */
    public Tensor zeros(Backend backend) {
        return backend.zeros(dtype, shape);
    }

    @Override
    public String toString() {
        return shape + " " + dtype;
    }
}
