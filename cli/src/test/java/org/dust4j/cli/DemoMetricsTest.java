package org.dust4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.dust4j.core.Statistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoMetricsTest {
    @TempDir
    Path dir;

    @Test
    void metricsOfAHandMadeComparison() {
        double[] truth = {-3, -2.5, -2, -3.5};
        double[] disk = {-3, -3, -3, -3};
        // reconstruction = truth + (0.1, -0.1, 0.3, 0) with std 0.2 everywhere: 3 of 4 cells within 1 sigma
        double[] mean = {-2.9, -2.6, -1.7, -3.5};
        double[] std = {0.2, 0.2, 0.2, 0.2};
        double[] a = {1, 2, 4};
        double[] rec = {1.1, 1.9, 4.4};     // relative errors 0.1, 0.05, 0.1 -> median 0.1
        double[] ref = {0.5, 1, 1};         // 0.5, 0.5, 0.75 -> median 0.5
        DemoMetrics m = DemoMetrics.of(new DemoMetrics.Compared(truth, mean, std, disk, a, rec, ref));
        assertEquals(4, m.cells());
        assertEquals(3, m.stars());
        assertEquals(0.75, m.coverage1());
        assertEquals(0.1, m.starError(), 1e-15);
        assertEquals(0.5, m.referenceStarError(), 1e-15);
        assertEquals(Statistics.correlation(truth, mean), m.logCorrelation());
        // the clouds are truth - disk = (0, 0.5, 1, -0.5) against (0.1, 0.4, 1.3, -0.5)
        assertEquals(Statistics.correlation(new double[] {0, 0.5, 1, -0.5}, new double[] {0.1, 0.4, 1.3, -0.5}),
                m.cloudCorrelation(), 1e-12);
        // a constant reference has no correlation
        assertTrue(Double.isNaN(m.referenceCorrelation()));
        assertTrue(m.describe().contains("within 1 sigma 75.0 %"), m.describe());
    }

    @Test
    void correlationAndMedianAgainstKnownValues() {
        assertEquals(1, Statistics.correlation(new double[] {1, 2, 3}, new double[] {2, 4, 6}), 1e-15);
        assertEquals(-1, Statistics.correlation(new double[] {1, 2, 3}, new double[] {3, 2, 1}), 1e-15);
        // numpy.corrcoef([1, 2, 3, 4], [1, 3, 2, 5])[0, 1] = 0.8315218406202999
        assertEquals(0.8315218406202999, Statistics.correlation(new double[] {1, 2, 3, 4},
                new double[] {1, 3, 2, 5}), 1e-15);
        assertEquals(2, Statistics.median(new double[] {3, 1, 2}));
        assertEquals(2.5, Statistics.median(new double[] {4, 1, 3, 2}));
    }

    @Test
    void unequalOrEmptyArraysAreRefused() {
        double[] one = {1};
        double[] two = {1, 2};
        assertThrows(IllegalArgumentException.class, () -> new DemoMetrics.Compared(one, two, one, one, one, one, one));
        assertThrows(IllegalArgumentException.class, () -> new DemoMetrics.Compared(one, one, one, one, one, two, one));
        double[] none = {};
        assertThrows(IllegalArgumentException.class,
                () -> new DemoMetrics.Compared(none, none, none, none, one, one, one));
    }

    @Test
    void tableAndCsvHoldEveryMetric() throws IOException {
        DemoMetrics a = new DemoMetrics(10, 0.9, 0.5, 0.6, 20, 0.05, 0.95, 0.4);
        DemoMetrics b = new DemoMetrics(30, 0.8, 0.7, 0.3, 40, 0.04, 0.5, 0.6);
        String table = DemoMetrics.table(List.of("one", "two"), List.of(a, b));
        assertTrue(table.contains("corr(true, reconstructed log10 rho)") && table.contains("0.900")
                && table.contains("0.800") && table.contains("60.0 %") && table.contains("4.0 %"), table);
        Path csv = dir.resolve("m.csv");
        DemoMetrics.writeCsv(csv, List.of("one", "two"), List.of(a, b), new double[] {1.5, 2.5});
        assertEquals(List.of("method,cells,log_correlation,cloud_correlation,coverage_1sigma,stars,"
                + "median_relative_extinction_error,reference_log_correlation,"
                + "reference_median_relative_extinction_error,seconds",
                "one,10,0.9,0.5,0.6,20,0.05,0.95,0.4,1.5", "two,30,0.8,0.7,0.3,40,0.04,0.5,0.6,2.5"),
                Files.readAllLines(csv));
    }
}
