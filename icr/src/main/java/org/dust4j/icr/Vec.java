package org.dust4j.icr;

/**
 * A view of a FLOAT64 or FLOAT32 host array (from offset on) with double arithmetic, so that one CPU kernel serves
 * both precisions.
 */
sealed interface Vec permits Vec.Doubles, Vec.Floats {
    double get(int i);

    void set(int i, double v);

    static Vec of(double[] a, int offset) {
        return new Doubles(a, offset);
    }

    static Vec of(float[] a, int offset) {
        return new Floats(a, offset);
    }

    record Doubles(double[] a, int offset) implements Vec {
        @Override
        public double get(int i) {
            return a[offset + i];
        }

        @Override
        public void set(int i, double v) {
            a[offset + i] = v;
        }
    }

    record Floats(float[] a, int offset) implements Vec {
        @Override
        public double get(int i) {
            return a[offset + i];
        }

        @Override
        public void set(int i, double v) {
            a[offset + i] = (float) v;
        }
    }
}
