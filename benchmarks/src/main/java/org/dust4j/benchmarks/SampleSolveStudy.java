package org.dust4j.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.dust4j.core.Backend;
import org.dust4j.core.BinaryOp;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.dust4j.core.cpu.SmallDense;
import org.dust4j.core.op.Blocks;
import org.dust4j.core.op.Energy;
import org.dust4j.core.op.LinearOperator;
import org.dust4j.core.op.Space;
import org.dust4j.mgvi.MgviListener;
import org.dust4j.mgvi.dust.DustReconstruction;
import org.dust4j.mgvi.dust.validation.Validate;
import org.dust4j.model.DustModel;

/**
 * A study main (not a timing benchmark): how many conjugate-gradient iterations an MGVI sample solve M s = t needs,
 * with M = 1 + the Fisher metric restricted to the field's excitations, scl and off (the per-star noise factors masked
 * out, as {@code DustReconstruction} runs it), and whether simple preconditioners or a previous solve's Krylov space
 * would help. It builds a validation case ({@link Validate.Case}, default the CI's small case: nside 8 × 32 shells,
 * 3000 stars) and, at ξ = 0 (the first MGVI iteration's metric), on the CPU in the case's dtype:
 * <ol>
 *   <li>the exact diagonal of M, one metric application per active parameter (the excitations, scl, off);</li>
 *   <li>for {@code trials} right-hand sides drawn as MGVI draws them (t = √M_data η₁ + η₂, start at η₂), the
 *   iterations to the relative residual {@code tol} of plain CG, of CG preconditioned by the exact diagonal (Jacobi),
 *   by its square root, and by the diagonal of the two global parameters alone, and of plain CG started from the
 *   Galerkin projection onto the first trial's search directions (init-CG, which treats them as M-conjugate);</li>
 *   <li>the Ritz values of the first plain solve (the eigenvalues of its Lanczos matrix, built from the CG step
 *   lengths), distinct to 10⁻³: the part of M's spectrum CG resolved.</li>
 * </ol>
 * The arithmetic of the study's own CG runs on host arrays in double; only M is applied through the backend.
 *
 * <p>Arguments: any key of {@link Validate.Case#parse} (e.g. {@code nside=16 shells=48 stars=20000}), plus
 * {@code trials} (3), {@code tol} (1e-3), {@code maxcg} (3000), {@code diagonal} (true; false skips the diagonal and
 * the three diagonal preconditioners, for cases where a metric application per parameter costs too much).
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp &lt;modules' classes&gt; org.dust4j.benchmarks.SampleSolveStudy
 * </pre>
 */
public final class SampleSolveStudy {
    private SampleSolveStudy() {
    }

    public static void main(String[] args) {
        Map<String, String> kv = Validate.arguments(args);
        int trials = Integer.parseInt(remove(kv, "trials", "3"));
        double tol = Double.parseDouble(remove(kv, "tol", "1e-3"));
        int maxCg = Integer.parseInt(remove(kv, "maxcg", "3000"));
        boolean withDiagonal = Boolean.parseBoolean(remove(kv, "diagonal", "true"));
        Validate.Case c = Validate.Case.small().parse(kv);
        DustReconstruction.Problem problem = c.reconstruction(c.survey(), MgviListener.NONE).prepare();
        DustModel model = problem.model();
        Blocks blocks = model.parameters();
        Space space = blocks.space();
        int n = Math.toIntExact(space.size());
        // the active parameters (excitations, scl, off) come before the noise block
        int active = Math.toIntExact(blocks.offset(DustModel.NOISE));
        Backend be = org.dust4j.core.Backends.cpu();
        System.out.printf(Locale.ROOT, "%s; %d stars; %d parameters, %d active (%d excitations + scl + off)%n",
                c.grid(), model.kernel().starCount(), n, active, blocks.block(DustModel.EXCITATIONS).size());
        double[] maskValues = new double[n];
        Arrays.fill(maskValues, 0, active, 1.0);
        try (Tensor x = space.zeros(be); Energy e = model.likelihood().at(x);
                Tensor mask = be.fromHost(maskValues, space.dtype(), Shape.of(n))) {
            LinearOperator keep = LinearOperator.diagonal(mask);
            LinearOperator m = keep.after(e.metric().plus(LinearOperator.identity(space))).after(keep);
            Host op = new Host(m, be, space, n);

            double[] diagonal = withDiagonal ? diagonal(op, n, active) : null;
            double[] root = null;
            double[] global = null;
            if (diagonal != null) {
                root = new double[n];
                global = new double[n];
                Arrays.fill(global, 1.0);
                for (int i = 0; i < n; i++) {
                    root[i] = Math.sqrt(diagonal[i]);
                }
                global[active - 2] = diagonal[active - 2];
                global[active - 1] = diagonal[active - 1];
            }

            LinearOperator sqrtData = e.metricSqrt();
            Space rootSpace = sqrtData.domain();
            Cg first = null;
            for (int trial = 0; trial < trials; trial++) {
                double[] t;
                double[] start;
                try (Tensor eta1 = rootSpace.zeros(be); Tensor eta2 = space.zeros(be)) {
                    be.randomNormal(1000 + trial, 0, eta1);
                    be.randomNormal(2000 + trial, 0, eta2);
                    try (Tensor rhs = sqrtData.apply(eta1)) {
                        be.axpby(1, rhs, 1, eta2, rhs);
                        be.binary(BinaryOp.MUL, rhs, mask, rhs);
                        be.binary(BinaryOp.MUL, eta2, mask, eta2);
                        t = rhs.toDoubleArray();
                        start = eta2.toDoubleArray();
                    }
                }
                Cg plain = Cg.run(op, t, start, null, null, tol, maxCg);
                String init = first == null ? "-" : Integer.toString(Cg.run(op, t, start, null, first, tol, maxCg)
                        .iterations());
                String jacobi = diagonal == null ? "" : String.format(Locale.ROOT, "; Jacobi %d; square-root Jacobi"
                        + " %d; Jacobi on scl and off alone %d", Cg.run(op, t, start, diagonal, null, tol, maxCg)
                        .iterations(), Cg.run(op, t, start, root, null, tol, maxCg).iterations(),
                        Cg.run(op, t, start, global, null, tol, maxCg).iterations());
                System.out.printf(Locale.ROOT, "trial %d: CG %d iterations; init-CG on trial 0's directions %s%s%n",
                        trial, plain.iterations(), init, jacobi);
                if (first == null) {
                    first = plain;
                    System.out.println("Ritz values of trial 0's plain solve (distinct to 1e-3, largest first): "
                            + plain.ritzValues());
                }
            }
        }
    }

    /** The exact diagonal of M (1 where masked), one application per active parameter; prints its spread. */
    private static double[] diagonal(Host op, int n, int active) {
        long t0 = System.nanoTime();
        double[] diagonal = new double[n];
        Arrays.fill(diagonal, 1.0);
        double[] unit = new double[n];
        for (int i = 0; i < active; i++) {
            unit[i] = 1;
            diagonal[i] = op.apply(unit)[i];
            unit[i] = 0;
        }
        double[] act = Arrays.copyOf(diagonal, active);
        Arrays.sort(act);
        System.out.printf(Locale.ROOT, "diagonal of M (%d applications, %.1f s): min %.3g, median %.3g, 99th"
                + " percentile %.3g, max %.3g; scl %.3g, off %.3g%n", active, (System.nanoTime() - t0) * 1e-9, act[0],
                act[active / 2], act[(int) (0.99 * (active - 1))], act[active - 1], diagonal[active - 2],
                diagonal[active - 1]);
        return diagonal;
    }

    private static String remove(Map<String, String> kv, String key, String fallback) {
        String v = kv.remove(key);
        return v == null ? fallback : v;
    }

    /** M applied to host vectors through the backend. */
    private record Host(LinearOperator m, Backend be, Space space, int n) {
        double[] apply(double[] v) {
            try (Tensor in = be.fromHost(v, space.dtype(), Shape.of(n)); Tensor out = m.apply(in)) {
                return out.toDoubleArray();
            }
        }
    }

    /** One (preconditioned) CG run: its iterations, step lengths α_k, β_k and search directions p_k with M p_k. */
    private record Cg(int iterations, double[] alpha, double[] beta, List<double[]> p, List<double[]> mp) {
        /**
         * CG on M x = b from x0 with the diagonal preconditioner {@code diag} (null: none), started from x0 plus the
         * Galerkin projection of the residual onto {@code previous}'s directions (null: none), to ‖r‖ ≤ tol ‖b‖.
         */
        static Cg run(Host op, double[] b, double[] x0, double[] diag, Cg previous, double tol, int max) {
            int n = b.length;
            double[] x = x0.clone();
            double[] r = minus(b, op.apply(x));
            if (previous != null) {
                for (int j = 0; j < previous.p.size(); j++) {
                    double c = dot(previous.p.get(j), r) / dot(previous.p.get(j), previous.mp.get(j));
                    axpy(c, previous.p.get(j), x);
                }
                r = minus(b, op.apply(x));
            }
            double bNorm = Math.sqrt(dot(b, b));
            double[] z = divide(r, diag);
            double[] p = z.clone();
            double rz = dot(r, z);
            List<Double> alphas = new ArrayList<>();
            List<Double> betas = new ArrayList<>();
            List<double[]> ps = new ArrayList<>();
            List<double[]> mps = new ArrayList<>();
            int k = 0;
            while (Math.sqrt(dot(r, r)) > tol * bNorm && k < max) {
                double[] q = op.apply(p);
                if (previous == null && diag == null) {
                    ps.add(p.clone());
                    mps.add(q);
                }
                double alpha = rz / dot(p, q);
                axpy(alpha, p, x);
                axpy(-alpha, q, r);
                z = divide(r, diag);
                double rzNew = dot(r, z);
                alphas.add(alpha);
                betas.add(rzNew / rz);
                for (int i = 0; i < n; i++) {
                    p[i] = z[i] + rzNew / rz * p[i];
                }
                rz = rzNew;
                k++;
            }
            return new Cg(k, alphas.stream().mapToDouble(Double::doubleValue).toArray(),
                    betas.stream().mapToDouble(Double::doubleValue).toArray(), ps, mps);
        }

        /**
         * The eigenvalues of the Lanczos matrix T of this run (diagonal 1/α_k + β_{k−1}/α_{k−1}, off-diagonal
         * √β_k / α_k), distinct to a relative 10⁻³ (CG's loss of orthogonality repeats converged ones), largest first.
         */
        String ritzValues() {
            int m = alpha.length;
            double[] t = new double[m * m];
            for (int k = 0; k < m; k++) {
                t[k * m + k] = 1 / alpha[k] + (k > 0 ? beta[k - 1] / alpha[k - 1] : 0);
                if (k + 1 < m) {
                    double o = Math.sqrt(beta[k]) / alpha[k];
                    t[k * m + k + 1] = o;
                    t[(k + 1) * m + k] = o;
                }
            }
            double[] w = new double[m];
            SmallDense.symmetricEigen(t, m, w, new double[m * m]);
            StringBuilder s = new StringBuilder();
            double last = Double.NaN;
            int distinct = 0;
            for (int k = m - 1; k >= 0; k--) {
                if (!(Math.abs(w[k] - last) <= 1e-3 * Math.abs(last))) {
                    s.append(String.format(Locale.ROOT, "%.3g ", w[k]));
                    last = w[k];
                    distinct++;
                }
            }
            return s.append("(").append(distinct).append(" distinct)").toString();
        }
    }

    private static double[] minus(double[] a, double[] b) {
        double[] c = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i] - b[i];
        }
        return c;
    }

    private static double[] divide(double[] r, double[] diag) {
        double[] z = r.clone();
        if (diag != null) {
            for (int i = 0; i < z.length; i++) {
                z[i] /= diag[i];
            }
        }
        return z;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
