package org.dust4j.core.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.dust4j.core.Backend;
import org.dust4j.core.Backends;
import org.dust4j.core.DType;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.dust4j.core.WindowLayout;
import org.junit.jupiter.api.Test;

/**
 * {@link Backend#windowedMatVec} and its adjoint on the CPU against a naive reference that evaluates the definition
 * of {@link WindowLayout} literally, the adjoint dot-product test, the colouring and the argument validation.
 */
class WindowedMatVecTest {
    private static final Backend CPU = Backends.cpu();

    /** A random factor: Nf fine points dealt to W windows of nf, each window nc distinct coarse points of Nc. */
    static WindowLayout.Factor randomFactor(Random rnd, int windows, int nc, int nf, int coarseSize, int classes) {
        int fineSize = windows * nf;
        int[] perm = permutation(rnd, fineSize);
        int[] coarse = new int[windows * nc];
        for (int w = 0; w < windows; w++) {
            int[] pick = permutation(rnd, coarseSize);
            System.arraycopy(pick, 0, coarse, w * nc, nc);
        }
        int[] cls = new int[windows];
        for (int w = 0; w < windows; w++) {
            cls[w] = rnd.nextInt(classes);
        }
        return new WindowLayout.Factor(nc, nf, coarseSize, fineSize, coarse, perm, cls, classes);
    }

    private static int[] permutation(Random rnd, int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Layouts of one, two and three factors, with a regular-axis-like factor among them. */
    static WindowLayout[] layouts() {
        Random rnd = new Random(7);
        return new WindowLayout[] {
            WindowLayout.of(randomFactor(rnd, 13, 5, 3, 20, 4)),
            WindowLayout.of(axis(6), randomFactor(rnd, 7, 4, 2, 9, 3)),
            WindowLayout.of(randomFactor(rnd, 3, 2, 2, 5, 2), axis(5), axis(4)),
        };
    }

    /** A regular axis of n windows: coarse points w, w+1, w+2 of n + 2, fine points 2w, 2w+1, classes w mod 2. */
    static WindowLayout.Factor axis(int n) {
        int[] coarse = new int[3 * n];
        int[] fine = new int[2 * n];
        int[] cls = new int[n];
        for (int w = 0; w < n; w++) {
            for (int k = 0; k < 3; k++) {
                coarse[3 * w + k] = w + k;
            }
            fine[2 * w] = 2 * w;
            fine[2 * w + 1] = 2 * w + 1;
            cls[w] = w % 2;
        }
        return new WindowLayout.Factor(3, 2, n + 2, 2 * n, coarse, fine, cls, 2);
    }

    /** K(w, k), J(w, j) and c(w) from the definition, factor by factor. */
    private record Decoded(int cls, int[] coarse, int[] fine) {
        static Decoded of(WindowLayout l, int w) {
            int m = l.factorCount();
            int[] fw = new int[m];
            int rest = w;
            for (int f = m - 1; f >= 0; f--) {
                fw[f] = rest % l.factor(f).windows();
                rest /= l.factor(f).windows();
            }
            int cls = 0;
            for (int f = 0; f < m; f++) {
                cls = cls * l.factor(f).classCount() + l.factor(f).classOf()[fw[f]];
            }
            int[] coarse = new int[l.coarsePerWindow()];
            int[] fine = new int[l.finePerWindow()];
            for (int k = 0; k < coarse.length; k++) {
                coarse[k] = element(l, fw, k, true);
            }
            for (int j = 0; j < fine.length; j++) {
                fine[j] = element(l, fw, j, false);
            }
            return new Decoded(cls, coarse, fine);
        }

        private static int element(WindowLayout l, int[] fw, int slot, boolean coarse) {
            int m = l.factorCount();
            int[] digit = new int[m];
            for (int f = m - 1; f >= 0; f--) {
                int n = coarse ? l.factor(f).coarsePoints() : l.factor(f).finePoints();
                digit[f] = slot % n;
                slot /= n;
            }
            int idx = 0;
            for (int f = 0; f < m; f++) {
                WindowLayout.Factor fac = l.factor(f);
                int points = coarse ? fac.coarsePoints() : fac.finePoints();
                int[] table = coarse ? fac.coarseTable() : fac.fineTable();
                idx = idx * (coarse ? fac.coarseSize() : fac.fineSize()) + table[fw[f] * points + digit[f]];
            }
            return idx;
        }
    }

    /** The operands of one test: matrices, scale and vectors as host arrays. */
    record Operands(double[] r, double[] d, double[] s, double[] coarse, double[] xi, double[] g) {
        static Operands random(WindowLayout l, boolean scaled, long seed) {
            Random rnd = new Random(seed);
            int nc = l.coarsePerWindow();
            int nf = l.finePerWindow();
            return new Operands(gauss(rnd, l.classes() * nf * nc), gauss(rnd, l.classes() * nf * nf),
                    scaled ? gauss(rnd, l.fineSize()) : null, gauss(rnd, l.coarseSize()), gauss(rnd, l.fineSize()),
                    gauss(rnd, l.fineSize()));
        }

        private static double[] gauss(Random rnd, int n) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = rnd.nextGaussian();
            }
            return x;
        }
    }

    /** The forward map by the definition. */
    static double[] referenceForward(WindowLayout l, Operands o) {
        int nc = l.coarsePerWindow();
        int nf = l.finePerWindow();
        double[] fine = new double[l.fineSize()];
        for (int w = 0; w < l.windows(); w++) {
            Decoded dw = Decoded.of(l, w);
            for (int j = 0; j < nf; j++) {
                double acc = 0;
                for (int k = 0; k < nc; k++) {
                    acc += o.r[(dw.cls * nf + j) * nc + k] * o.coarse[dw.coarse[k]];
                }
                for (int q = 0; q < nf; q++) {
                    acc += o.d[(dw.cls * nf + j) * nf + q] * o.xi[dw.fine[q]];
                }
                int fj = dw.fine[j];
                fine[fj] = o.s == null ? acc : o.s[fj] * acc;
            }
        }
        return fine;
    }

    /** The adjoint by the definition: {coarseBar, xiBar}. */
    static double[][] referenceAdjoint(WindowLayout l, Operands o) {
        int nc = l.coarsePerWindow();
        int nf = l.finePerWindow();
        double[] cb = new double[l.coarseSize()];
        double[] xb = new double[l.fineSize()];
        for (int w = 0; w < l.windows(); w++) {
            Decoded dw = Decoded.of(l, w);
            for (int j = 0; j < nf; j++) {
                int fj = dw.fine[j];
                double sg = o.g[fj] * (o.s == null ? 1 : o.s[fj]);
                for (int k = 0; k < nc; k++) {
                    cb[dw.coarse[k]] += o.r[(dw.cls * nf + j) * nc + k] * sg;
                }
                for (int q = 0; q < nf; q++) {
                    xb[dw.fine[q]] += o.d[(dw.cls * nf + j) * nf + q] * sg;
                }
            }
        }
        return new double[][] {cb, xb};
    }

    /** The forward map on a backend in a dtype. */
    static double[] forward(Backend b, WindowLayout l, Operands o, DType dt) {
        int nc = l.coarsePerWindow();
        int nf = l.finePerWindow();
        try (WindowLayout.Tables t = l.upload(b);
             Tensor r = b.fromHost(o.r, dt, Shape.of(l.classes(), nf, nc));
             Tensor d = b.fromHost(o.d, dt, Shape.of(l.classes(), nf, nf));
             Tensor s = o.s == null ? null : b.fromHost(o.s, dt, Shape.of(l.fineSize()));
             Tensor c = b.fromHost(o.coarse, dt, Shape.of(l.coarseSize()));
             Tensor x = b.fromHost(o.xi, dt, Shape.of(l.fineSize()));
             Tensor fine = b.zeros(dt, Shape.of(l.fineSize()))) {
            b.fill(fine, Double.NaN);
            b.windowedMatVec(t, r, d, s, c, x, fine);
            return fine.toDoubleArray();
        }
    }

    /** The adjoint on a backend in a dtype: {coarseBar, xiBar}. */
    static double[][] adjoint(Backend b, WindowLayout l, Operands o, DType dt) {
        int nc = l.coarsePerWindow();
        int nf = l.finePerWindow();
        try (WindowLayout.Tables t = l.upload(b);
             Tensor r = b.fromHost(o.r, dt, Shape.of(l.classes(), nf, nc));
             Tensor d = b.fromHost(o.d, dt, Shape.of(l.classes(), nf, nf));
             Tensor s = o.s == null ? null : b.fromHost(o.s, dt, Shape.of(l.fineSize()));
             Tensor g = b.fromHost(o.g, dt, Shape.of(l.fineSize()));
             Tensor cb = b.zeros(dt, Shape.of(l.coarseSize()));
             Tensor xb = b.zeros(dt, Shape.of(l.fineSize()))) {
            b.fill(cb, Double.NaN);
            b.fill(xb, Double.NaN);
            b.windowedMatVecAdjoint(t, r, d, s, g, cb, xb);
            return new double[][] {cb.toDoubleArray(), xb.toDoubleArray()};
        }
    }

    private static void assertClose(String what, double[] want, double[] got, double tol) {
        assertEquals(want.length, got.length, what);
        double scale = 0;
        for (double v : want) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < want.length; i++) {
            double tolerance = tol * Math.max(1, scale);
            int at = i;
            assertTrue(Math.abs(want[i] - got[i]) <= tolerance,
                    () -> what + ": element " + at + " is " + got[at] + ", expected " + want[at]);
        }
    }

    @Test
    void forwardAndAdjointMatchTheDefinitionInBothDtypes() {
        int seed = 0;
        for (WindowLayout l : layouts()) {
            for (boolean scaled : new boolean[] {false, true}) {
                Operands o = Operands.random(l, scaled, seed++);
                double[] want = referenceForward(l, o);
                double[][] wantAdj = referenceAdjoint(l, o);
                for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
                    double tol = dt == DType.FLOAT64 ? 1e-13 : 1e-5;
                    String what = l.factorCount() + " factors, scaled " + scaled + ", " + dt;
                    assertClose("forward " + what, want, forward(CPU, l, o, dt), tol);
                    double[][] got = adjoint(CPU, l, o, dt);
                    assertClose("coarse cotangent " + what, wantAdj[0], got[0], tol);
                    assertClose("xi cotangent " + what, wantAdj[1], got[1], tol);
                }
            }
        }
    }

    @Test
    void adjointPassesTheDotProductTest() {
        int seed = 100;
        for (WindowLayout l : layouts()) {
            Operands o = Operands.random(l, true, seed++);
            double[] y = forward(CPU, l, o, DType.FLOAT64);
            double[][] a = adjoint(CPU, l, o, DType.FLOAT64);
            double lhs = 0;
            double norm = 0;
            for (int i = 0; i < y.length; i++) {
                lhs += y[i] * o.g[i];
                norm += y[i] * y[i];
            }
            double rhs = 0;
            for (int i = 0; i < o.coarse.length; i++) {
                rhs += o.coarse[i] * a[0][i];
            }
            for (int i = 0; i < o.xi.length; i++) {
                rhs += o.xi[i] * a[1][i];
            }
            double gnorm = 0;
            for (double v : o.g) {
                gnorm += v * v;
            }
            assertEquals(lhs, rhs, 1e-12 * Math.sqrt(norm * gnorm), "dot-product test, " + l.factorCount()
                    + " factors");
        }
    }

    @Test
    void windowsOfOneColourShareNoCoarsePoint() {
        for (WindowLayout l : layouts()) {
            int[] p = l.packed();
            for (int f = 0; f < l.factorCount(); f++) {
                WindowLayout.Factor fac = l.factor(f);
                int h = WindowLayout.HEADER + WindowLayout.FACTOR * f;
                int[] coarse = fac.coarseTable();
                int seen = 0;
                for (int q = 0; q < fac.colours(); q++) {
                    Set<Integer> used = new HashSet<>();
                    int start = p[p[h + 11] + q];
                    for (int i = 0; i < fac.windowsOfColour(q); i++) {
                        int w = p[p[h + 9] + start + i];
                        seen++;
                        for (int k = 0; k < fac.coarsePoints(); k++) {
                            assertTrue(used.add(coarse[w * fac.coarsePoints() + k]), "factor " + f + " colour " + q
                                    + " window " + w);
                        }
                    }
                }
                assertEquals(fac.windows(), seen, "every window has one colour");
            }
        }
        assertEquals(3, axis(10).colours(), "a regular axis of 3-wide windows needs 3 colours");
    }

    @Test
    void slabsCoverEveryWindowOnceAndSlabsOfOneColourShareNoCoarseElement() {
        Random rnd = new Random(11);
        WindowLayout[] cases = {layouts()[0], layouts()[1], layouts()[2], WindowLayout.of(axis(600)),
            WindowLayout.of(axis(700), axis(3)), WindowLayout.of(randomFactor(rnd, 900, 4, 2, 1200, 3), axis(2))};
        for (WindowLayout l : cases) {
            WindowLayout.Slabs slabs = l.slabs();
            assertTrue(slabs.count() <= WindowLayout.MAX_SLABS, "at most MAX_SLABS slabs");
            long next = 0;
            for (int s = 0; s < slabs.count(); s++) {
                assertEquals(next, slabs.from(s), "slab " + s + " starts where the previous one ends");
                assertTrue(slabs.to(s) > slabs.from(s), "slab " + s + " is not empty");
                next = slabs.to(s);
            }
            assertEquals(l.windows(), next, "the slabs cover every window");
            Set<Integer> listed = new HashSet<>();
            for (int q = 0; q < slabs.colours(); q++) {
                Set<Long> used = new HashSet<>();
                for (int i = 0; i < slabs.slabsOfColour(q); i++) {
                    int s = slabs.slabOfColour(q, i);
                    assertTrue(listed.add(s), "slab " + s + " listed twice");
                    Set<Long> own = new HashSet<>();
                    for (long w = slabs.from(s); w < slabs.to(s); w++) {
                        for (long e : coarseElements(l, w)) {
                            own.add(e);
                        }
                    }
                    for (long e : own) {
                        assertTrue(used.add(e), l.factorCount() + " factors: colour " + q + " slab " + s
                                + " shares coarse element " + e + " with another slab of its colour");
                    }
                }
            }
            assertEquals(slabs.count(), listed.size(), "every slab has one colour");
        }
        WindowLayout.Slabs axis = WindowLayout.of(axis(600)).slabs();
        assertEquals(200, axis.count(), "600 windows in runs of 3");
        assertEquals(2, axis.colours(), "runs of 3 windows of a regular axis alternate in two colours");
    }

    /** The coarse elements K(w, k) of window w, from the definition of {@link WindowLayout}. */
    private static long[] coarseElements(WindowLayout l, long w) {
        int m = l.factorCount();
        int[] wf = new int[m];
        long rest = w;
        for (int f = m - 1; f >= 0; f--) {
            wf[f] = (int) (rest % l.factor(f).windows());
            rest /= l.factor(f).windows();
        }
        long[] out = {0};
        for (int f = 0; f < m; f++) {
            WindowLayout.Factor fac = l.factor(f);
            int[] table = fac.coarseTable();
            long[] next = new long[out.length * fac.coarsePoints()];
            for (int i = 0; i < out.length; i++) {
                for (int k = 0; k < fac.coarsePoints(); k++) {
                    next[i * fac.coarsePoints() + k] = out[i] * fac.coarseSize()
                            + table[wf[f] * fac.coarsePoints() + k];
                }
            }
            out = next;
        }
        return out;
    }

    @Test
    void byClassOrderListsEveryWindowSortedStablyByClass() {
        for (WindowLayout l : layouts()) {
            int[] p = l.packed();
            for (int f = 0; f < l.factorCount(); f++) {
                int[] cls = l.factor(f).classOf();
                int at = p[WindowLayout.HEADER + WindowLayout.FACTOR * f + 12];
                Set<Integer> seen = new HashSet<>();
                for (int i = 0; i < cls.length; i++) {
                    int w = p[at + i];
                    assertTrue(seen.add(w), "factor " + f + " lists window " + w + " twice");
                    if (i > 0) {
                        int prev = p[at + i - 1];
                        assertTrue(cls[prev] < cls[w] || cls[prev] == cls[w] && prev < w, "factor " + f
                                + " entry " + i + ": window " + w + " (class " + cls[w] + ") after window " + prev
                                + " (class " + cls[prev] + ")");
                    }
                }
                assertEquals(cls.length, seen.size());
            }
        }
    }

    @Test
    void outerTableRowsGiveEveryWindowsClassAndElements() {
        for (WindowLayout l : layouts()) {
            int[] p = l.packed();
            int m = l.factorCount();
            WindowLayout.Factor inner = l.factor(m - 1);
            int at = p[6];
            int row = p[7];
            int nco = l.coarsePerWindow() / inner.coarsePoints();
            int nfo = l.finePerWindow() / inner.finePoints();
            assertEquals(0, at % 4, "the outer table starts at a multiple of 4");
            assertEquals((1 + nco + nfo + 3) / 4 * 4, row);
            int outer = l.windows() / inner.windows();
            int[] digit = new int[m];
            for (int pos = 0; pos < outer; pos++) {
                // the outer windows of this class-major position, then every inner window with them
                int[] fw = new int[m];
                for (int f = 0; f < m - 1; f++) {
                    fw[f] = p[p[WindowLayout.HEADER + WindowLayout.FACTOR * f + 12] + digit[f]];
                }
                for (int wi = 0; wi < inner.windows(); wi++) {
                    fw[m - 1] = wi;
                    int cls = 0;
                    for (int f = 0; f < m; f++) {
                        cls = cls * l.factor(f).classCount() + l.factor(f).classOf()[fw[f]];
                    }
                    String what = m + " factors, position " + pos + ", inner window " + wi;
                    assertEquals(cls, p[at + pos * row] * inner.classCount() + inner.classOf()[wi], what);
                    int[] want = elements(l, fw, true);
                    for (int k = 0; k < want.length; k++) {
                        int ki = k % inner.coarsePoints();
                        assertEquals(want[k], p[at + pos * row + 1 + k / inner.coarsePoints()]
                                + inner.coarseTable()[wi * inner.coarsePoints() + ki], what + ", coarse slot " + k);
                    }
                    want = elements(l, fw, false);
                    for (int j = 0; j < want.length; j++) {
                        int ji = j % inner.finePoints();
                        assertEquals(want[j], p[at + pos * row + 1 + nco + j / inner.finePoints()]
                                + inner.fineTable()[wi * inner.finePoints() + ji], what + ", fine slot " + j);
                    }
                }
                for (int f = m - 2; f >= 0 && ++digit[f] == l.factor(f).windows(); f--) {
                    digit[f] = 0;
                }
            }
        }
    }

    /** A regular axis as the last factor slides; a random factor there, or a regular axis before it, does not. */
    @Test
    void innerSlidesOnlyWhereTheLastFactorIsARegularAxis() {
        WindowLayout[] l = layouts();
        assertTrue(!l[0].innerSlides() && !l[1].innerSlides() && l[2].innerSlides());
        assertTrue(WindowLayout.of(axis(1)).innerSlides());
        // a regular axis whose coarse points are listed in another order within each window does not slide
        WindowLayout.Factor a = axis(4);
        int[] coarse = a.coarseTable();
        int t = coarse[3];
        coarse[3] = coarse[4];
        coarse[4] = t;
        WindowLayout.Factor swapped = new WindowLayout.Factor(3, 2, 6, 8, coarse, a.fineTable(), a.classOf(), 2);
        assertTrue(!WindowLayout.of(swapped).innerSlides());
    }

    /**
     * The outer table's inverse lists every (outer slot, class-major position) once, under the outer coarse point its
     * outer coarse part names, each list in increasing order, and ends the packed form.
     */
    @Test
    void outerInverseListsEachOuterSlotOfEachPositionUnderItsCoarsePoint() {
        for (WindowLayout l : layouts()) {
            int[] p = l.packed();
            WindowLayout.Factor inner = l.factor(l.factorCount() - 1);
            int nco = l.coarsePerWindow() / inner.coarsePoints();
            int outer = l.windows() / inner.windows();
            int at = l.outerInverseOffset();
            assertEquals(p[6] + outer * p[7], at);
            int points = p[at];
            assertEquals(l.coarseSize() / inner.coarseSize(), points);
            int entries = at + 1 + points + 1;
            assertEquals(p.length, entries + outer * nco, "the inverse ends the packed form");
            int[] seen = new int[outer * nco];
            for (int q = 0; q < points; q++) {
                int from = p[at + 1 + q];
                int to = p[at + 2 + q];
                for (int i = from; i < to; i++) {
                    int e = p[entries + i];
                    int o = e / outer;
                    int pos = e % outer;
                    assertEquals(q * inner.coarseSize(), p[p[6] + pos * p[7] + 1 + o],
                            l.factorCount() + " factors: entry " + e + " listed under outer point " + q);
                    if (i > from) {
                        assertTrue(p[entries + i - 1] < e, "each list in increasing order");
                    }
                    seen[e]++;
                }
            }
            assertEquals(0, p[at + 1]);
            for (int e = 0; e < seen.length; e++) {
                assertEquals(1, seen[e], "entry " + e + " listed once");
            }
        }
    }

    /** The coarse (or fine) elements of the window with factor windows fw, slot by slot (row-major), by definition. */
    private static int[] elements(WindowLayout l, int[] fw, boolean coarse) {
        int m = l.factorCount();
        int n = coarse ? l.coarsePerWindow() : l.finePerWindow();
        int[] out = new int[n];
        for (int slot = 0; slot < n; slot++) {
            int rest = slot;
            long e = 0;
            long stride = 1;
            for (int f = m - 1; f >= 0; f--) {
                WindowLayout.Factor x = l.factor(f);
                int points = coarse ? x.coarsePoints() : x.finePoints();
                int[] table = coarse ? x.coarseTable() : x.fineTable();
                e += (long) table[fw[f] * points + rest % points] * stride;
                rest /= points;
                stride *= coarse ? x.coarseSize() : x.fineSize();
            }
            out[slot] = (int) e;
        }
        return out;
    }

    @Test
    void layoutsRejectInconsistentTables() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new WindowLayout.Factor(2, 1,
                4, 2, new int[] {0, 1, 2, 3}, new int[] {0, 0}, new int[] {0, 0}, 1));
        assertEquals("fine point 0 belongs to two windows (fine table entry 1)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new WindowLayout.Factor(2, 1, 4, 3,
                new int[] {0, 1, 2, 3}, new int[] {0, 2}, new int[] {0, 0}, 1));
        assertEquals("fine point 1 belongs to no window", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new WindowLayout.Factor(2, 1, 4, 2,
                new int[] {0, 1, 2, 2}, new int[] {0, 1}, new int[] {0, 0}, 1));
        assertEquals("window 1 holds coarse point 2 twice", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new WindowLayout.Factor(2, 1, 4, 2,
                new int[] {0, 1, 2, 4}, new int[] {0, 1}, new int[] {0, 0}, 1));
        assertEquals("coarse table entry 3 is 4, outside [0, 4)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new WindowLayout.Factor(2, 1, 4, 2,
                new int[] {0, 1, 2, 3}, new int[] {0, 1}, new int[] {0, 1}, 1));
        assertEquals("class table entry 1 is 1, outside [0, 1)", e.getMessage());
        WindowLayout.Factor a = axis(2);
        e = assertThrows(IllegalArgumentException.class, () -> WindowLayout.of(a, a, a, a, a));
        assertEquals("a window layout needs 1 to 4 factors, got 5", e.getMessage());
    }

    @Test
    void argumentsAreValidated() {
        WindowLayout l = WindowLayout.of(axis(3));
        try (WindowLayout.Tables t = l.upload(CPU);
             Tensor r = CPU.zeros(DType.FLOAT64, Shape.of(2, 2, 3));
             Tensor d = CPU.zeros(DType.FLOAT64, Shape.of(2, 2, 2));
             Tensor c = CPU.zeros(DType.FLOAT64, Shape.of(5));
             Tensor x = CPU.zeros(DType.FLOAT64, Shape.of(6));
             Tensor f = CPU.zeros(DType.FLOAT64, Shape.of(2, 3));
             Tensor f32 = CPU.zeros(DType.FLOAT32, Shape.of(6));
             Tensor rBad = CPU.zeros(DType.FLOAT64, Shape.of(2, 3, 2))) {
            CPU.windowedMatVec(t, r, d, null, c, x, f);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CPU.windowedMatVec(t, rBad, d, null, c, x, f));
            assertEquals("r must have shape [2, 2, 3], got [2, 3, 2]", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> CPU.windowedMatVec(t, r, d, null, c, x, f32));
            assertEquals("dtype mismatch: r is FLOAT64, fine is FLOAT32", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> CPU.windowedMatVec(t, r, d, null, x, x, f));
            assertEquals("coarse must have 5 elements, got shape [6]", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> CPU.windowedMatVec(t, r, d, null, c, x, x));
            assertEquals("xi and fine overlap in memory; fine must be a separate tensor", e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> CPU.windowedMatVecAdjoint(t, r, d, null, x, c, x));
            assertEquals("fineCotangent and xiCotangent overlap in memory; xiCotangent must be a separate tensor",
                    e.getMessage());
        }
    }
}
