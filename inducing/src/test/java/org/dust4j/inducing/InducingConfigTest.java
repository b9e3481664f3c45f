package org.dust4j.inducing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.dust4j.core.json.Json;
import org.junit.jupiter.api.Test;

class InducingConfigTest {
    @Test
    void describeIsOneLineOfAsciiJsonWithEverySetting() {
        InducingConfig c = InducingConfig.builder(InducingTesting.smallGrid()).inducingPoints(12).samples(4)
                .seed(Long.MAX_VALUE).build();
        String text = c.describe();
        assertEquals(-1, text.indexOf('\n'), text);
        assertEquals(true, text.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f), text);
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) Json.parse(text);
        assertEquals(List.of("method", "trainingGrid", "predictionGrid", "c0", "alpha0", "gamma0", "transform",
                "inducingPoints", "initialFactor", "learnInducing", "learnHyper", "samples", "sampling", "antithetic",
                "jitter", "adamW", "offDiagonalLearningRate", "tolerance", "window", "minIterations", "maxIterations",
                "seed", "dtype", "distanceInflationDensity", "predictionSamples"), List.copyOf(m.keySet()));
        assertEquals("inducing", m.get("method"));
        assertEquals(12.0, m.get("inducingPoints"));
        assertEquals(List.of(50.0, 50.0, 50.0), m.get("gamma0"));
        assertEquals(c.jitter(), (Double) m.get("jitter"), 0);
        assertEquals(true, text.contains("\"seed\":9223372036854775807"), "the seed keeps every digit: " + text);
    }
}
