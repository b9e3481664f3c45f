package org.dust4j.icr;

/** Argument checks shared by the kernels. */
final class KernelChecks {
    private KernelChecks() {
    }

    static void positive(String name, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be finite and > 0, got " + v);
        }
    }

    static void distance(double r) {
        if (!(r >= 0)) {
            throw new IllegalArgumentException("distance must be >= 0, got " + r);
        }
    }
}
