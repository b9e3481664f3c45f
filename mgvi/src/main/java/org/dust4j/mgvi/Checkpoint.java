package org.dust4j.mgvi;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

import org.dust4j.core.Backend;
import org.dust4j.core.DType;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.dust4j.io.fits.AtomicFiles;

/**
 * Reads and writes {@link MgviState}s in the dust4j MGVI checkpoint format, version 1. All numbers are
 * big-endian:
 * <pre>
 *   magic        8 bytes  "DUST4JMG"
 *   version      int32    1
 *   configHash   int64    {@link MgviConfig#hash} of the producing configuration
 *   completed    int32    global iterations completed
 *   seed         int64    Philox seed
 *   rngOffset    int64    Philox counter offset of the next excitation
 *   dtype        int8     1 = FLOAT32, 2 = FLOAT64
 *   rank         int32, then rank × int32 dimensions of the latent space
 *   pairs        int32    number K of residual samples
 *   position     n values (IEEE 754 bits of the dtype, n = product of the dimensions)
 *   residuals    K × n values
 *   crc          int64    CRC-32 of every preceding byte
 * </pre>
 * Values are stored bit for bit, so a resumed run continues exactly where the checkpointed one stood.
 * {@link #write} is atomic: it writes a temporary file in the target's directory, forces it to disk and renames
 * it over the target, so a crash leaves either the old or the new checkpoint.
 */
public final class Checkpoint {
    /** The current format version. */
    public static final int VERSION = 1;
    private static final byte[] MAGIC = "DUST4JMG".getBytes(StandardCharsets.US_ASCII);
    private static final int CHUNK = 1 << 16;

    private Checkpoint() {
    }

    /** Writes the state to {@code file} atomically (see the class description). */
    public static void write(Path file, MgviState state) throws IOException {
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        AtomicFiles.writeRequiringAtomicRename(target, stream -> {
            CRC32 crc = new CRC32();
            DataOutputStream out = new DataOutputStream(new CheckedOutputStream(stream, crc));
            writeBody(out, state);
            out.writeLong(crc.getValue());
            out.flush();
        });
    }

    private static void writeBody(DataOutputStream out, MgviState state) throws IOException {
        Tensor position = state.position();
        out.write(MAGIC);
        out.writeInt(VERSION);
        out.writeLong(state.configHash());
        out.writeInt(state.completedIterations());
        out.writeLong(state.seed());
        out.writeLong(state.rngOffset());
        out.writeByte(position.dtype() == DType.FLOAT32 ? 1 : 2);
        int[] dims = position.shape().dims();
        out.writeInt(dims.length);
        for (int d : dims) {
            out.writeInt(d);
        }
        out.writeInt(state.residuals().size());
        writeValues(out, position);
        for (Tensor r : state.residuals()) {
            writeValues(out, r);
        }
    }

    private static void writeValues(DataOutputStream out, Tensor t) throws IOException {
        boolean single = t.dtype() == DType.FLOAT32;
        float[] f = single ? t.toFloatArray() : null;
        double[] d = single ? null : t.toDoubleArray();
        int n = Math.toIntExact(t.size());
        int width = t.dtype().byteSize();
        ByteBuffer buf = ByteBuffer.allocate(CHUNK * 8);
        for (int from = 0; from < n; from += CHUNK) {
            int m = Math.min(CHUNK, n - from);
            buf.clear();
            if (single) {
                buf.asFloatBuffer().put(f, from, m);
            } else {
                buf.asDoubleBuffer().put(d, from, m);
            }
            out.write(buf.array(), 0, m * width);
        }
    }

    /**
     * Reads a checkpoint into tensors on {@code backend}.
     *
     * @throws IOException when the file cannot be read, is not a dust4j MGVI checkpoint, has another version, is
     *                     truncated, has trailing bytes or fails its CRC check (the message says which)
     */
    public static MgviState read(Path file, Backend backend) throws IOException {
        CRC32 crc = new CRC32();
        try (InputStream raw = Files.newInputStream(file)) {
            DataInputStream in = new DataInputStream(new CheckedInputStream(new BufferedInputStream(raw), crc));
            try {
                return readBody(file, in, crc, backend);
            } catch (EOFException e) {
                throw new IOException("checkpoint " + file + " is truncated", e);
            }
        }
    }

    private static MgviState readBody(Path file, DataInputStream in, CRC32 crc, Backend backend) throws IOException {
        byte[] magic = new byte[MAGIC.length];
        in.readFully(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException(file + " is not a dust4j MGVI checkpoint (magic "
                    + new String(magic, StandardCharsets.ISO_8859_1) + ", expected DUST4JMG)");
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("checkpoint " + file + " has format version " + version + ", this reader knows "
                    + VERSION);
        }
        long hash = in.readLong();
        int completed = in.readInt();
        long seed = in.readLong();
        long rngOffset = in.readLong();
        int code = in.readByte();
        DType dtype = switch (code) {
            case 1 -> DType.FLOAT32;
            case 2 -> DType.FLOAT64;
            default -> throw new IOException("checkpoint " + file + " has an unknown dtype code " + code);
        };
        int rank = in.readInt();
        if (rank < 0 || rank > 32) {
            throw new IOException("checkpoint " + file + " has an invalid rank " + rank);
        }
        int[] dims = new int[rank];
        for (int i = 0; i < rank; i++) {
            dims[i] = in.readInt();
            if (dims[i] < 0) {
                throw new IOException("checkpoint " + file + " has a negative dimension " + dims[i] + " on axis " + i);
            }
        }
        int pairs = in.readInt();
        if (completed < 0 || pairs < 0) {
            throw new IOException("checkpoint " + file + " has negative counts (completed " + completed + ", pairs "
                    + pairs + ")");
        }
        Shape shape = Shape.of(dims);
        List<Tensor> tensors = new ArrayList<>();
        try {
            for (int k = 0; k <= pairs; k++) {
                tensors.add(readValues(in, dtype, shape, backend));
            }
            long expected = crc.getValue();
            long stored = in.readLong();
            if (stored != expected) {
                throw new IOException("checkpoint " + file + " is corrupt: CRC-32 " + Long.toHexString(expected)
                        + " differs from the stored " + Long.toHexString(stored));
            }
            if (in.read() != -1) {
                throw new IOException("checkpoint " + file + " has bytes after its CRC");
            }
            return new MgviState(completed, seed, rngOffset, hash, tensors.get(0), tensors.subList(1, tensors.size()));
        } catch (IOException | RuntimeException e) {
            Closeables.closeAllAfter(e, tensors);
            throw e;
        }
    }

    private static Tensor readValues(DataInputStream in, DType dtype, Shape shape, Backend backend)
            throws IOException {
        boolean single = dtype == DType.FLOAT32;
        int n = Math.toIntExact(shape.size());
        float[] f = single ? new float[n] : null;
        double[] d = single ? null : new double[n];
        int width = dtype.byteSize();
        ByteBuffer buf = ByteBuffer.allocate(CHUNK * 8);
        for (int from = 0; from < n; from += CHUNK) {
            int m = Math.min(CHUNK, n - from);
            in.readFully(buf.array(), 0, m * width);
            buf.clear();
            if (single) {
                buf.asFloatBuffer().get(f, from, m);
            } else {
                buf.asDoubleBuffer().get(d, from, m);
            }
        }
        return single ? backend.fromHost(f, dtype, shape) : backend.fromHost(d, dtype, shape);
    }
}
