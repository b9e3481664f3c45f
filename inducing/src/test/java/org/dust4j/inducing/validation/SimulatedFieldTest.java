package org.dust4j.inducing.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class SimulatedFieldTest {
    @Test
    void exactExtinctionMatchesQuadrature() {
        SimulatedField f = new SimulatedField(1.6e-3, List.of(new SimulatedField.Clump(100, 250, 20, 25, 1e-2),
                new SimulatedField.Clump(-30, 400, -40, 15, 2e-2)));
        double[][] sightLines = {{70, 3, 300}, {95, -5, 520}, {68, 4.5, 120}, {10, 0, 50}};
        for (double[] s : sightLines) {
            int steps = 200_000;
            double h = s[2] / steps;
            double sum = 0;
            for (int i = 0; i < steps; i++) {
                double[] x = SimulatedField.cartesian(s[0], s[1], (i + 0.5) * h);
                sum += f.density(x[0], x[1], x[2]) * h;
            }
            assertEquals(sum, f.extinction(s[0], s[1], s[2]), 1e-6 * sum, "l " + s[0] + ", b " + s[1]);
        }
        assertEquals(0.8427007929, SimulatedField.erf(1), 2e-7);
        assertEquals(-0.5204998778, SimulatedField.erf(-0.5), 2e-7);
    }
}
