package org.dust4j.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dust4j.core.DType;
import org.dust4j.core.WindowLayout;
import org.junit.jupiter.api.Test;

/** The launch geometry of the class-major windowed kernels and the line-moments schedule property (no GPU needed). */
class WindowedLaunchTest {
    @Test
    void fastKindsAreTheLayoutsWithAThreeTwoInnerFactor() {
        WindowLayout[] l = WindowFixtures.layouts(1);
        int[] want = {0, 3, 0, 1, 2, 3, 4};
        for (int i = 0; i < l.length; i++) {
            assertEquals(want[i], WindowedLaunch.kind(l[i]), "fixture layout " + i);
        }
        assertNull(WindowedLaunch.of(l[0], DType.FLOAT32, false, "fast", 128));
    }

    @Test
    void lanesCoverEveryWindowWithBlocksOfAtMost256Threads() {
        for (WindowLayout l : WindowFixtures.layouts(500)) {
            if (WindowedLaunch.kind(l) == 0) {
                continue;
            }
            int inner = l.factor(l.factorCount() - 1).windows();
            long outer = l.windows() / inner;
            for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                for (boolean adjoint : new boolean[] {false, true}) {
                    for (String variant : new String[] {"fast", "wide", "split", "pipe", "gather"}) {
                        // gather: the wide forward, and its own adjoint where the inner factor is regular
                        boolean gather = variant.equals("gather") && adjoint && WindowedLaunch.gatherApplies(l);
                        boolean wide = variant.equals("wide") || variant.equals("gather");
                        long lanesPerChunk = gather ? l.factor(l.factorCount() - 1).coarseSize() : inner;
                        for (int max : new int[] {1, 7, 128}) {
                            WindowedLaunch w = WindowedLaunch.of(l, dt, adjoint, variant, max);
                            String what = l.windows() + " windows, " + dt + ", adjoint " + adjoint + ", " + variant
                                    + ", chunk bound " + max + ": " + w;
                            assertTrue(w.chunk() >= 1 && w.chunk() <= max, what);
                            assertEquals((outer + w.chunk() - 1) / w.chunk() * lanesPerChunk, w.lanes(), what);
                            assertEquals(gather, w.gather(), what);
                            assertEquals(kernel(variant, adjoint, gather, WindowedLaunch.kind(l)), w.kernel(), what);
                            assertTrue(w.block() <= 256 && w.block() % 32 == 0, what);
                            int nf = l.finePerWindow();
                            int outerSlots = l.coarsePerWindow() / 3;
                            int want = adjoint && variant.equals("fast") ? (l.coarsePerWindow() + nf + 4) / 5
                                    : adjoint || variant.equals("split") || variant.equals("pipe")
                                    ? 1 + (outerSlots + 2) / 3
                                    : nf / Math.min(nf, dt == DType.FLOAT64 ? (wide ? 2 : 1) : (wide ? 4 : 2));
                            assertEquals(want, w.groups(), what);
                            assertEquals((w.lanes() + 31) / 32, w.grid(), what);
                            assertTrue(Kernels.names().contains(Kernels.typed(w.kernel(), dt)), what);
                        }
                    }
                }
            }
        }
    }

    /**
     * The kernel family a variant launches, by its rule: split's forward is its own and its adjoint the wide one; pipe
     * has a kernel per fast kind; gather's forward is the wide one, and so is its adjoint where the inner factor does
     * not slide.
     */
    private static String kernel(String variant, boolean adjoint, boolean gather, int kind) {
        if (gather) {
            return "windowed_matvec_adjoint_gather";
        }
        String v = variant.equals("gather") || (adjoint && variant.equals("split")) ? "wide" : variant;
        return "windowed_matvec_" + (adjoint ? "adjoint_" : "") + v + (v.equals("pipe") ? "_k" + kind : "");
    }

    @Test
    void tuningPropertiesAreChecked() {
        WindowLayout l = WindowFixtures.layouts(1)[3];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WindowedLaunch.of(l, DType.FLOAT32, false, "fast", 0));
        assertEquals("dust4j.cuda.windowedChunk must be at least 1, got 0", e.getMessage());
        String before = System.getProperty(WindowedLaunch.VARIANT_PROPERTY);
        System.setProperty(WindowedLaunch.VARIANT_PROPERTY, "narrow");
        try {
            e = assertThrows(IllegalArgumentException.class, () -> WindowedLaunch.of(l, DType.FLOAT32, false));
            assertEquals("dust4j.cuda.windowed must be fast, wide, split, pipe, gather or generic, got 'narrow'",
                    e.getMessage());
            System.setProperty(WindowedLaunch.VARIANT_PROPERTY, "generic");
            assertNull(WindowedLaunch.of(l, DType.FLOAT32, false));
        } finally {
            if (before == null) {
                System.clearProperty(WindowedLaunch.VARIANT_PROPERTY);
            } else {
                System.setProperty(WindowedLaunch.VARIANT_PROPERTY, before);
            }
        }
    }

    @Test
    void lineMomentsScheduleIsStaticBalancedOrSegments() {
        assertEquals(CudaBackend.LineSchedule.STATIC, CudaBackend.LineSchedule.of("static"));
        assertEquals(CudaBackend.LineSchedule.BALANCED, CudaBackend.LineSchedule.of("balanced"));
        assertEquals(CudaBackend.LineSchedule.SEGMENTS, CudaBackend.LineSchedule.of("segments"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CudaBackend.LineSchedule.of("dynamic"));
        assertEquals("dust4j.cuda.lineMoments must be static, balanced or segments, got 'dynamic'", e.getMessage());
    }

    /** An item of a line of N cells has up to N + 2 terms; the segments schedule needs them in one round. */
    @Test
    void segmentsScheduleRefusesLinesWhoseItemsOverflowARound() {
        CudaBackend.checkSegmentRounds(4094);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CudaBackend.checkSegmentRounds(4095));
        assertEquals("dust4j.cuda.lineMoments=segments takes at most 4094 cells per line (an item's 16-term segments"
                + " must fit in one round of 256), got 4095", e.getMessage());
    }
}
