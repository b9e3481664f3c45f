package org.dust4j.core;

/** Argument validation shared by all backends, so every backend reports the same clear messages. */
public final class Checks {
    private Checks() {
    }

    /** The tensor lives on {@code b}. */
    public static void onBackend(Backend b, String name, Tensor t) {
        if (t.backend() != b) {
            throw new IllegalArgumentException(name + " lives on backend '" + t.backend().name()
                    + "', operation runs on '" + b.name() + "'; copy it with tensor.to(backend)");
        }
    }

    /** The tensor is FLOAT32 or FLOAT64. */
    public static void floating(String name, Tensor t) {
        if (!t.dtype().isFloating()) {
            throw new IllegalArgumentException(name + " must be FLOAT32 or FLOAT64, got " + t.dtype());
        }
    }

    /** Both tensors have the same dtype. */
    public static void sameDType(String nameA, Tensor a, String nameB, Tensor b) {
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException("dtype mismatch: " + nameA + " is " + a.dtype() + ", " + nameB
                    + " is " + b.dtype());
        }
    }

    /** The tensor has the given dtype. */
    public static void dtype(String name, Tensor t, DType want) {
        if (t.dtype() != want) {
            throw new IllegalArgumentException(name + " must be " + want + ", got " + t.dtype());
        }
    }

    /** The tensor has the given shape. */
    public static void shape(String name, Tensor t, Shape want) {
        if (!t.shape().equals(want)) {
            throw new IllegalArgumentException(name + " must have shape " + want + ", got " + t.shape());
        }
    }

    /** Both tensors have the same shape. */
    public static void sameShape(String nameA, Tensor a, String nameB, Tensor b) {
        if (!a.shape().equals(b.shape())) {
            throw new IllegalArgumentException("shape mismatch: " + nameA + " is " + a.shape() + ", " + nameB
                    + " is " + b.shape());
        }
    }

    /** The tensor has at least {@code rank} axes. */
    public static void minRank(String name, Tensor t, int rank) {
        if (t.rank() < rank) {
            throw new IllegalArgumentException(name + " needs at least " + rank + " axes, got shape " + t.shape());
        }
    }

    /** The last two axes are square. */
    public static int square(String name, Tensor t) {
        minRank(name, t, 2);
        int n = t.shape().dim(-1);
        if (t.shape().dim(-2) != n) {
            throw new IllegalArgumentException(name + " must be square in its last two axes, got shape " + t.shape());
        }
        return n;
    }
}
