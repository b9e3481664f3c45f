package org.dust4j.mgvi.dust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dust4j.core.json.Json;
import org.dust4j.core.json.JsonFields;
import org.dust4j.healpix.HealpixGrid;
import org.dust4j.healpix.Ordering;
import org.dust4j.healpix.Vec3;
import org.dust4j.icr.HealpixChart;
import org.dust4j.model.SphericalGrid;
import org.junit.jupiter.api.Test;

class DustGridTest {
    @Test
    void jsonRoundTripRebuildsTheSameGridAndChart() {
        for (DustGrid g : new DustGrid[] {DustGrid.builder().nside(8).shells(60, 1000, 24).padding(3, 2).build(),
                DustGrid.builder().nside(4).shells(69.1, 1250.3, 17).levels(1).build()}) {
            Map<String, Object> fresh = g.toJson();
            Map<String, Object> read = JsonFields.of(Json.parse(Json.write(fresh)), "grid").map();
            for (Map<String, Object> m : List.of(fresh, read)) {
                DustGrid back = DustGrid.fromJson(m);
                assertEquals(g, back);
                assertEquals(g.chart(), back.chart());
                assertEquals(g.sphericalGrid(), back.sphericalGrid());
                assertEquals(Json.canonical(fresh), Json.canonical(back.toJson()));
            }
        }
    }

    @Test
    void jsonWithMissingOrInconsistentMembersIsRejected() {
        Map<String, Object> m = new LinkedHashMap<>(DustGrid.builder().nside(4).shells(60, 1000, 10).build().toJson());
        m.put("radialMap", Map.of("type", "logarithmic", "a", 0.5, "b", 4.0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DustGrid.fromJson(m));
        assertTrue(e.getMessage().startsWith("dust grid: field 'radialMap' is {"), e.getMessage());
        m.remove("radialMap");
        m.remove("rMax");
        e = assertThrows(IllegalArgumentException.class, () -> DustGrid.fromJson(m));
        assertTrue(e.getMessage().startsWith("dust grid: missing field 'rMax' (fields: [nside, rMin, dataShells,"),
                e.getMessage());
        m.put("rMax", "far");
        e = assertThrows(IllegalArgumentException.class, () -> DustGrid.fromJson(m));
        assertEquals("dust grid: field 'rMax' must be a number, got the string \"far\"", e.getMessage());
        // a derived field present as null is refused by name (it threw a NullPointerException)
        m.put("rMax", 1000.0);
        m.put("nside0", null);
        e = assertThrows(IllegalArgumentException.class, () -> DustGrid.fromJson(m));
        assertEquals("dust grid: field 'nside0' is null", e.getMessage());
    }

    @Test
    void chartFinestLevelIsTheSphericalGrid() {
        DustGrid g = DustGrid.builder().nside(8).shells(60, 1000, 24).padding(4, 4).levels(2).build();
        SphericalGrid sg = g.sphericalGrid();
        HealpixChart c = g.chart();
        assertEquals(8, sg.nside());
        assertEquals(32, sg.nshell()); // 24 + 4 + 4 = 4 (11 - 4) + 4: no extra shells needed
        assertEquals(4, g.innerPadding());
        assertEquals(4, g.outerPadding());
        assertEquals(11, g.shells0());
        assertEquals(2, g.nside0());
        assertEquals(8, c.nside(2));
        assertEquals(sg.npix() * sg.nshell(), c.size(2));
        // boundaries exactly at the data range
        assertEquals(60.0, sg.boundary(g.firstDataShell()));
        assertEquals(1000.0, sg.boundary(g.firstDataShell() + g.dataShells()));
        // every finest-level chart point is the centre of its voxel: r_k,centre times the NEST pixel direction
        HealpixGrid hp = HealpixGrid.of(8, Ordering.NEST);
        double[] pos = new double[3];
        for (int p = 0; p < sg.npix(); p += 37) {
            Vec3 n = hp.pix2vec(p);
            for (int k = 0; k < sg.nshell(); k++) {
                c.position(2, p * sg.nshell() + k, pos);
                double r = Math.sqrt(sg.boundary(k) * sg.boundary(k + 1));
                assertEquals(r * n.x(), pos[0], 1e-9 * r);
                assertEquals(r * n.y(), pos[1], 1e-9 * r);
                assertEquals(r * n.z(), pos[2], 1e-9 * r);
            }
        }
    }

    @Test
    void paddingIsRoundedUpToAProducibleShellCount() {
        // 25 + 0 + 0 with two levels: N = 4 (n0 - 4) + 4 >= 25 gives n0 = 10, N = 28: 3 extra shells
        DustGrid g = DustGrid.builder().nside(4).shells(100, 500, 25).levels(2).build();
        assertEquals(28, g.sphericalGrid().nshell());
        assertEquals(2, g.outerPadding());
        assertEquals(1, g.innerPadding());
        assertEquals(10, g.shells0());
        assertEquals(100.0, g.sphericalGrid().boundary(1));
        assertEquals(500.0, g.sphericalGrid().boundary(26), 1e-12 * 500);
        // the log step is the data region's, continued into the padding
        double q = Math.pow(5, 1.0 / 25);
        assertEquals(100 / q, g.sphericalGrid().boundary(0), 1e-12 * 100);
        // no levels: any count >= 3
        assertEquals(7, DustGrid.builder().nside(2).shells(100, 500, 5).padding(1, 1).levels(0).build()
                .sphericalGrid().nshell());
    }

    @Test
    void defaultLevelsKeepLevelZeroSmall() {
        DustGrid g = DustGrid.builder().nside(8).shells(60, 1000, 24).padding(4, 4).build();
        long n0 = 12L * g.nside0() * g.nside0() * g.shells0();
        assertTrue(n0 <= DustGrid.Builder.LEVEL_ZERO_POINTS, "level 0 has " + n0 + " points");
        assertEquals(2, g.levels()); // one level would give 12 * 16 * 18 = 3456 points
        DustGrid big = DustGrid.builder().nside(256).shells(69, 1250, 516).padding(64, 192).build();
        assertTrue(12L * big.nside0() * big.nside0() * big.shells0() <= DustGrid.Builder.LEVEL_ZERO_POINTS);
    }

    @Test
    void invalidSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> DustGrid.builder().nside(6).shells(1, 2, 4).build());
        assertThrows(IllegalArgumentException.class, () -> DustGrid.builder().nside(8).shells(2, 1, 4).build());
        assertThrows(IllegalArgumentException.class, () -> DustGrid.builder().nside(8).shells(1, 2, 0).build());
        assertThrows(IllegalArgumentException.class, () -> DustGrid.builder().nside(8).shells(1, 2, 8).levels(4)
                .build());
        assertThrows(IllegalArgumentException.class, () -> DustGrid.builder().nside(8).shells(1, 2, 8)
                .padding(-1, 0).build());
        assertThrows(IllegalStateException.class, () -> DustGrid.builder().nside(8).build());
        // a grid beyond one array: named by its size, whatever the levels (fewer would not help)
        for (int levels : new int[] {-1, 2}) {
            DustGrid.Builder huge = DustGrid.builder().nside(1024).shells(60, 1000, 800);
            if (levels >= 0) {
                huge.levels(levels);
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, huge::build);
            assertTrue(e.getMessage().startsWith("nside 1024 x ") && e.getMessage().contains("more than one array"
                    + " holds (2147483639); lower nside or the number of shells"), e.getMessage());
        }
    }
}
