package org.dust4j.inducing;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

import org.dust4j.io.fits.AtomicFiles;

/**
 * The state of a fit after some iterations: parameters, AdamW moments and the ELBO/KL histories, enough to
 * resume the fit exactly (the Monte-Carlo noise depends only on the seed and the iteration). Written atomically
 * (a temporary file renamed onto the target) in a small binary format: a magic string, a version, the
 * configuration's {@link InducingConfig#fingerprint()}, then the numbers in big-endian order.
 *
 * @param fingerprint the fingerprint of the configuration that produced it
 * @param iterations  number of iterations completed
 * @param adamSteps   number of AdamW steps taken
 * @param theta       the parameters
 * @param firstMoment AdamW's first moment
 * @param secondMoment AdamW's second moment
 * @param elbo        the ELBO of each completed iteration
 * @param kl          the KL term of each completed iteration
 */
public record Checkpoint(String fingerprint, int iterations, long adamSteps, double[] theta, double[] firstMoment,
                         double[] secondMoment, double[] elbo, double[] kl) {
    private static final String MAGIC = "dust4j inducing checkpoint";
    private static final int VERSION = 1;

    /** Copies the arrays and checks their lengths. */
    public Checkpoint {
        Objects.requireNonNull(fingerprint, "fingerprint");
        theta = theta.clone();
        firstMoment = firstMoment.clone();
        secondMoment = secondMoment.clone();
        elbo = elbo.clone();
        kl = kl.clone();
        if (firstMoment.length != theta.length || secondMoment.length != theta.length) {
            throw new IllegalArgumentException("moments must have " + theta.length + " entries like θ, got "
                    + firstMoment.length + " and " + secondMoment.length);
        }
        if (elbo.length != iterations || kl.length != iterations || iterations < 0 || adamSteps < 0) {
            throw new IllegalArgumentException("a checkpoint after " + iterations + " iterations needs as many ELBO and "
                    + "KL values, got " + elbo.length + " and " + kl.length);
        }
    }

    @Override
    public double[] theta() {
        return theta.clone();
    }

    @Override
    public double[] firstMoment() {
        return firstMoment.clone();
    }

    @Override
    public double[] secondMoment() {
        return secondMoment.clone();
    }

    @Override
    public double[] elbo() {
        return elbo.clone();
    }

    @Override
    public double[] kl() {
        return kl.clone();
    }

    /** Writes this checkpoint to {@code file} atomically. */
    public void write(Path file) throws IOException {
        AtomicFiles.write(file, out -> {
            DataOutputStream data = new DataOutputStream(out);
            data.writeUTF(MAGIC);
            data.writeInt(VERSION);
            data.writeUTF(fingerprint);
            data.writeInt(iterations);
            data.writeLong(adamSteps);
            for (double[] a : new double[][] {theta, firstMoment, secondMoment, elbo, kl}) {
                data.writeInt(a.length);
                for (double x : a) {
                    data.writeDouble(x);
                }
            }
            data.flush();
        });
    }

    /**
     * Reads a checkpoint.
     *
     * @throws IOException if the file cannot be read or is not a checkpoint of this version
     */
    public static Checkpoint read(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            DataInputStream data = new DataInputStream(in);
            String magic;
            try {
                magic = data.readUTF();
            } catch (IOException e) {
                throw new IOException(file + " is not a dust4j inducing checkpoint", e);
            }
            if (!MAGIC.equals(magic)) {
                throw new IOException(file + " is not a dust4j inducing checkpoint");
            }
            int version = data.readInt();
            if (version != VERSION) {
                throw new IOException(file + " is a checkpoint of version " + version + ", this build reads " + VERSION);
            }
            String fingerprint = data.readUTF();
            int iterations = data.readInt();
            long steps = data.readLong();
            double[][] arrays = new double[5][];
            for (int a = 0; a < 5; a++) {
                int n = data.readInt();
                if (n < 0 || n > (1 << 28)) {
                    throw new IOException(file + ": corrupt checkpoint (array of " + n + " values)");
                }
                arrays[a] = new double[n];
                for (int i = 0; i < n; i++) {
                    arrays[a][i] = data.readDouble();
                }
            }
            try {
                return new Checkpoint(fingerprint, iterations, steps, arrays[0], arrays[1], arrays[2], arrays[3],
                        arrays[4]);
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": corrupt checkpoint: " + e.getMessage(), e);
            }
        }
    }
}
