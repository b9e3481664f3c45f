package org.dust4j.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.dust4j.core.Shape;
import org.junit.jupiter.api.Test;

class MatmulShapeTest {
    @Test
    void plainProduct() {
        assertEquals(new MatmulShape(3, 5, 4, 1, 0, 0), MatmulShape.of(Shape.of(3, 4), false, Shape.of(4, 5), false));
    }

    @Test
    void transposesSwapTheLastTwoAxes() {
        assertEquals(new MatmulShape(3, 5, 4, 1, 0, 0), MatmulShape.of(Shape.of(4, 3), true, Shape.of(5, 4), true));
    }

    @Test
    void batchesMatchOrOneSideIsShared() {
        assertEquals(new MatmulShape(3, 5, 4, 6, 12, 20),
                MatmulShape.of(Shape.of(2, 3, 3, 4), false, Shape.of(2, 3, 4, 5), false));
        assertEquals(new MatmulShape(3, 5, 4, 7, 12, 0), MatmulShape.of(Shape.of(7, 3, 4), false, Shape.of(4, 5), false));
        assertEquals(new MatmulShape(3, 5, 4, 7, 0, 20), MatmulShape.of(Shape.of(3, 4), false, Shape.of(7, 4, 5), false));
        assertEquals(0, MatmulShape.of(Shape.of(0, 3, 4), false, Shape.of(4, 5), false).batch());
        assertEquals(2, MatmulShape.of(Shape.of(2, 0, 4), false, Shape.of(2, 4, 5), false).batch(), "empty matrices, batch of 2");
    }
}
