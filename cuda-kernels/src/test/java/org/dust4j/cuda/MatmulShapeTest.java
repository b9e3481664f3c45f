package org.dust4j.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dust4j.core.Shape;
import org.junit.jupiter.api.Test;

class MatmulShapeTest {
    @Test
    void plainProduct() {
        MatmulShape s = MatmulShape.of(Shape.of(3, 4), false, Shape.of(4, 5), false);
        assertEquals(new MatmulShape(3, 5, 4, 1, 0, 0, Shape.of(3, 5)), s);
    }

    @Test
    void transposesSwapTheLastTwoAxes() {
        MatmulShape s = MatmulShape.of(Shape.of(4, 3), true, Shape.of(5, 4), true);
        assertEquals(3, s.m());
        assertEquals(5, s.n());
        assertEquals(4, s.k());
        assertEquals(Shape.of(3, 5), s.out());
    }

    @Test
    void batchesMatchOrOneSideIsShared() {
        assertEquals(new MatmulShape(3, 5, 4, 6, 12, 20, Shape.of(2, 3, 3, 5)),
                MatmulShape.of(Shape.of(2, 3, 3, 4), false, Shape.of(2, 3, 4, 5), false));
        assertEquals(new MatmulShape(3, 5, 4, 7, 12, 0, Shape.of(7, 3, 5)),
                MatmulShape.of(Shape.of(7, 3, 4), false, Shape.of(4, 5), false));
        assertEquals(new MatmulShape(3, 5, 4, 7, 0, 20, Shape.of(7, 3, 5)),
                MatmulShape.of(Shape.of(3, 4), false, Shape.of(7, 4, 5), false));
        assertEquals(0, MatmulShape.of(Shape.of(0, 3, 4), false, Shape.of(4, 5), false).batch());
    }

    @Test
    void mismatchesAreNamed() {
        IllegalArgumentException k = assertThrows(IllegalArgumentException.class,
                () -> MatmulShape.of(Shape.of(3, 4), false, Shape.of(5, 6), false));
        assertTrue(k.getMessage().contains("has 4 columns but op(b) [5, 6] has 5 rows"), k.getMessage());
        IllegalArgumentException batch = assertThrows(IllegalArgumentException.class,
                () -> MatmulShape.of(Shape.of(2, 3, 4), false, Shape.of(3, 4, 5), false));
        assertTrue(batch.getMessage().contains("batch axes differ"), batch.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MatmulShape.of(Shape.of(4), false, Shape.of(4, 5), false));
    }
}
