package org.dust4j.mgvi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.dust4j.core.DType;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.dust4j.core.op.Space;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CheckpointTest {
    private static final int N = 12;

    @TempDir
    Path dir;

    private static MgviConfig.Builder base(int iterations) {
        return MgviConfig.builder().globalIterations(iterations).samplePairs(3).seed(11)
                .minimizer(NewtonSettings.DEFAULT.withEnergyTolerance(1e-4).withMaxSteps(8))
                .pointEstimates(PointEstimates.indices(2));
    }

    /** 3 iterations straight vs 1 iteration, checkpoint, resume for 2 more: identical bits. */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void resumeIsBitIdentical(DType dtype) throws IOException {
        Path file = dir.resolve("run.mgvi");
        try (LinearProblem p = LinearProblem.logNormal(N, dtype, 51); Tensor x0 = p.space.zeros(LinearProblem.CPU)) {
            try (MgviResult straight = new Mgvi(p.likelihood, base(3).build()).run(x0)) {
                List<MgviEvent> events = new ArrayList<>();
                try (MgviResult first = new Mgvi(p.likelihood, base(1).checkpoint(file).build()).run(x0, events::add)) {
                    assertTrue(events.get(events.size() - 1) instanceof MgviEvent.CheckpointWritten w
                            && w.path().equals(file) && w.iteration() == 0, events.toString());
                    try (MgviState saved = Checkpoint.read(file, LinearProblem.CPU)) {
                        Bits.assertSameState(first.state(), saved);
                    }
                }
                try (MgviResult resumed = new Mgvi(p.likelihood, base(3).build())
                        .resume(file, LinearProblem.CPU, MgviListener.NONE)) {
                    assertEquals(List.of(1, 2), resumed.reports().stream().map(IterationReport::iteration).toList());
                    Bits.assertSameState(straight.state(), resumed.state());
                }
            }
        }
    }

    @Test
    void checkpointIsRewrittenAfterEveryIteration() throws IOException {
        Path file = dir.resolve("sub/dir/run.mgvi");
        try (LinearProblem p = LinearProblem.logNormal(N, DType.FLOAT64, 52); Tensor x0 = p.space.zeros(LinearProblem.CPU)) {
            List<Integer> written = new ArrayList<>();
            try (MgviResult r = new Mgvi(p.likelihood, base(2).checkpoint(file).build()).run(x0, e -> {
                if (e instanceof MgviEvent.CheckpointWritten w) {
                    written.add(w.iteration());
                }
            }); MgviState saved = Checkpoint.read(file, LinearProblem.CPU)) {
                assertEquals(List.of(0, 1), written);
                Bits.assertSameState(r.state(), saved);
                assertEquals(2, saved.completedIterations());
            }
            // no temporary files are left behind
            try (var files = Files.list(file.getParent())) {
                assertEquals(List.of(file), files.toList());
            }
            // readable like the run's other products (a temporary file's rw------- would keep collaborators from
            // resuming it)
            assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(file)));
            // a finished run resumes to itself without further work
            try (MgviState saved = Checkpoint.read(file, LinearProblem.CPU);
                 MgviResult again = new Mgvi(p.likelihood, base(2).build()).resume(saved, MgviListener.NONE)) {
                assertTrue(again.reports().isEmpty());
                Bits.assertSameState(saved, again.state());
            }
        }
    }

    @Test
    void resumeRejectsAnotherConfiguration() throws IOException {
        Path file = dir.resolve("run.mgvi");
        try (LinearProblem p = LinearProblem.logNormal(N, DType.FLOAT64, 53); Tensor x0 = p.space.zeros(LinearProblem.CPU)) {
            new Mgvi(p.likelihood, base(1).checkpoint(file).build()).run(x0).close();
            // other settings for the completed iteration 0
            Mgvi other = new Mgvi(p.likelihood, base(3).samplePairs(4).build());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> other.resume(file, LinearProblem.CPU, MgviListener.NONE));
            assertTrue(e.getMessage().contains("hash"), e.getMessage());
            Mgvi otherSeed = new Mgvi(p.likelihood, base(3).seed(12).build());
            e = assertThrows(IllegalArgumentException.class,
                    () -> otherSeed.resume(file, LinearProblem.CPU, MgviListener.NONE));
            assertTrue(e.getMessage().contains("seed"), e.getMessage());
            // other settings for later iterations only are fine
            Mgvi tail = new Mgvi(p.likelihood, base(2).schedule(i -> i == 1
                    ? new IterationSettings(2, CgSettings.DEFAULT, NewtonSettings.DEFAULT) : null).build());
            try (MgviResult r = tail.resume(file, LinearProblem.CPU, MgviListener.NONE)) {
                assertEquals(2, r.residuals().size());
            }
        }
    }

    @Test
    void roundTripKeepsEveryBit() throws IOException {
        Path file = dir.resolve("bits.mgvi");
        float[] special = {0f, -0f, Float.MIN_VALUE, -Float.MAX_VALUE, 1.5f, Float.NaN, Float.POSITIVE_INFINITY};
        Shape shape = Shape.of(special.length);
        Tensor position = LinearProblem.CPU.fromHost(special, DType.FLOAT32, shape);
        Tensor residual = LinearProblem.CPU.fromHost(new float[] {1, 2, 3, 4, 5, 6, 7}, DType.FLOAT32, shape);
        try (MgviState state = new MgviState(4, -3, 1L << 40, 0x1234_5678_9abc_def0L, position, List.of(residual))) {
            Checkpoint.write(file, state);
            try (MgviState back = Checkpoint.read(file, LinearProblem.CPU)) {
                Bits.assertSameState(state, back);
            }
        }
        // a large FLOAT64 state crosses the chunk boundaries of the writer and reader
        int n = 70_000 * 2 + 123;
        double[] v = new double[n];
        Arrays.setAll(v, i -> Math.sin(i) * 1e300);
        try (MgviState big = new MgviState(1, 5, 7, 9, LinearProblem.CPU.fromHost(v, DType.FLOAT64, Shape.of(n)),
                List.of())) {
            Checkpoint.write(file, big);
            try (MgviState back = Checkpoint.read(file, LinearProblem.CPU)) {
                Bits.assertSameState(big, back);
                assertEquals(Space.of(DType.FLOAT64, n), back.space());
            }
        }
    }

    @Test
    void corruptFilesAreRejectedWithReasons() throws IOException {
        Path file = dir.resolve("c.mgvi");
        try (MgviState state = new MgviState(1, 2, 3, 4,
                LinearProblem.CPU.fromHost(new double[] {1, 2, 3}, DType.FLOAT64, Shape.of(3)),
                List.of(LinearProblem.CPU.fromHost(new double[] {4, 5, 6}, DType.FLOAT64, Shape.of(3))))) {
            Checkpoint.write(file, state);
        }
        byte[] good = Files.readAllBytes(file);

        byte[] flipped = good.clone();
        flipped[good.length - 20] ^= 1;
        assertRejected(file, flipped, "CRC");
        assertRejected(file, Arrays.copyOf(good, good.length - 5), "truncated");
        byte[] longer = Arrays.copyOf(good, good.length + 1);
        assertRejected(file, longer, "after its CRC");
        byte[] magic = good.clone();
        magic[0] = 'X';
        assertRejected(file, magic, "not a dust4j MGVI checkpoint");
        byte[] version = good.clone();
        version[11] = 9;
        assertRejected(file, version, "version 9");
    }

    private static void assertRejected(Path file, byte[] content, String reason) throws IOException {
        Files.write(file, content);
        IOException e = assertThrows(IOException.class, () -> Checkpoint.read(file, LinearProblem.CPU));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void configHashCoversTheCompletedIterationsOnly() {
        Space s = Space.of(DType.FLOAT64, 5);
        MgviConfig a = base(3).build();
        assertEquals(a.hash(s, 2), base(5).build().hash(s, 2), "a longer schedule keeps the hash");
        assertEquals(a.hash(s, 3), a.toBuilder().build().hash(s, 3), "toBuilder keeps the hash");
        assertEquals(a.hash(s, 1), base(3).checkpoint(Path.of("x")).maxHeldLinearizations(1).build().hash(s, 1));
        assertNotEquals(a.hash(s, 1), a.hash(s, 2));
        assertNotEquals(a.hash(s, 1), base(3).seed(12).build().hash(s, 1));
        assertNotEquals(a.hash(s, 1), a.hash(Space.of(DType.FLOAT32, 5), 1));
        assertNotEquals(a.hash(s, 1), base(3).pointEstimates(PointEstimates.none()).build().hash(s, 1));
        MgviConfig changedSecond = base(3).schedule(i -> i == 1
                ? new IterationSettings(3, CgSettings.DEFAULT.withMaxIterations(50),
                        NewtonSettings.DEFAULT.withEnergyTolerance(1e-4).withMaxSteps(8)) : null).build();
        assertEquals(a.hash(s, 1), changedSecond.hash(s, 1));
        assertNotEquals(a.hash(s, 2), changedSecond.hash(s, 2));
        assertThrows(IllegalArgumentException.class, () -> a.hash(s, 4));
    }
}
