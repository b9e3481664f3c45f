package org.dust4j.icr;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.dust4j.core.Backend;
import org.dust4j.core.DType;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.dust4j.core.cpu.CpuStorage;
import org.dust4j.core.cpu.Parallel;

/**
 * The ICR prior as a linear operator: excitations ξ (shape [{@link IcrPrior#degreesOfFreedom()}],
 * layout in {@link IcrPrior}) ↦ field (shape {@code chart.shape(levels)}), and its adjoint. Tensors are FLOAT32 or
 * FLOAT64 as chosen; the matrices stay float64 and all arithmetic is done in double. Results are allocated on the
 * backend of the input.
 *
 * <p>On the CPU every refinement level runs as one fused pass over its windows ({@link CpuWindowedRefine}) spread
 * over the cores. Other backends need a device implementation of {@link WindowedRefinement}, which does not exist
 * yet: the operator then throws {@link UnsupportedOperationException}.
 */
public final class IcrOperator {
    private final IcrPrior prior;
    private final DType dtype;
    private final Shape domain;
    private final Shape target;
    private final List<CpuWindowedRefine> kernels;

    IcrOperator(IcrPrior prior, DType dtype) {
        this.prior = Objects.requireNonNull(prior, "prior");
        this.dtype = Objects.requireNonNull(dtype, "dtype");
        if (!dtype.isFloating()) {
            throw new IllegalArgumentException("ICR operator dtype must be FLOAT32 or FLOAT64, got " + dtype);
        }
        this.domain = Shape.of(prior.degreesOfFreedom());
        this.target = Shape.of(prior.chart().shape(prior.chart().levels()));
        List<CpuWindowedRefine> k = new ArrayList<>();
        for (int l = 0; l < prior.chart().levels(); l++) {
            k.add(new CpuWindowedRefine(prior.refinement(l)));
        }
        this.kernels = List.copyOf(k);
    }

    public IcrPrior prior() {
        return prior;
    }

    public DType dtype() {
        return dtype;
    }

    /** [degrees of freedom]. */
    public Shape domainShape() {
        return domain;
    }

    /** The shape of the chart's last level. */
    public Shape targetShape() {
        return target;
    }

    /** The field of excitations xi (a new tensor). */
    public Tensor apply(Tensor xi) {
        Tensor out = xi.backend().zeros(dtype, target);
        apply(xi, out);
        return out;
    }

    /** The adjoint applied to a field cotangent (a new tensor of the domain shape). */
    public Tensor adjoint(Tensor field) {
        Tensor out = field.backend().zeros(dtype, domain);
        adjoint(field, out);
        return out;
    }

    /**
     * A prior sample on {@code backend}: the field of standard-normal excitations drawn from the Philox stream
     * (seed, offset) by {@link Backend#randomNormal}; it uses the counters offset … offset + dof - 1.
     */
    public Tensor sample(Backend backend, long seed, long offset) {
        try (Tensor xi = backend.zeros(dtype, domain)) {
            backend.randomNormal(seed, offset, xi);
            return apply(xi);
        }
    }

    /** field = A ξ, written into {@code field}. */
    public void apply(Tensor xi, Tensor field) {
        check("xi", xi, domain, xi.backend());
        check("field", field, target, xi.backend());
        Vec x = vec(xi);
        int levels = prior.chart().levels();
        Vec level0 = levels == 0 ? vec(field) : scratch(prior.chart().size(0));
        int n0 = prior.chart().size(0);
        double[] l0 = prior.levelZeroSqrtShared();
        Parallel.forRange(n0, 64, (from, to) -> {
            for (int i = (int) from; i < to; i++) {
                double s = 0;
                for (int k = 0; k < n0; k++) {
                    s += l0[i * n0 + k] * x.get(k);
                }
                level0.set(i, s);
            }
        });
        Vec coarse = level0;
        for (int l = 0; l < levels; l++) {
            int n = prior.chart().size(l + 1);
            Vec fine = l + 1 == levels ? vec(field) : scratch(n);
            kernels.get(l).forward(coarse, offset(x, prior.excitationOffset(l + 1)), fine);
            coarse = fine;
        }
    }

    /** ξ̄ = Aᵀ ḡ, written into {@code xi}. */
    public void adjoint(Tensor field, Tensor xi) {
        check("field", field, target, field.backend());
        check("xi", xi, domain, field.backend());
        Vec out = vec(xi);
        int levels = prior.chart().levels();
        Vec g = vec(field);
        for (int l = levels - 1; l >= 0; l--) {
            Vec coarseBar = scratch(prior.chart().size(l));
            kernels.get(l).adjoint(g, coarseBar, offset(out, prior.excitationOffset(l + 1)));
            g = coarseBar;
        }
        int n0 = prior.chart().size(0);
        double[] l0 = prior.levelZeroSqrtShared();
        Vec g0 = g;
        Parallel.forRange(n0, 64, (from, to) -> {
            for (int k = (int) from; k < to; k++) {
                double s = 0;
                for (int i = 0; i < n0; i++) {
                    s += l0[i * n0 + k] * g0.get(i);
                }
                out.set(k, s);
            }
        });
    }

    private void check(String name, Tensor t, Shape shape, Backend backend) {
        if (t.backend() != backend) {
            throw new IllegalArgumentException(name + " lives on backend '" + t.backend().name() + "', the other"
                    + " argument on '" + backend.name() + "'");
        }
        if (t.dtype() != dtype) {
            throw new IllegalArgumentException(name + " must be " + dtype + ", got " + t.dtype());
        }
        if (!t.shape().equals(shape)) {
            throw new IllegalArgumentException(name + " must have shape " + shape + ", got " + t.shape());
        }
    }

    private Vec vec(Tensor t) {
        if (!(t.storage() instanceof CpuStorage s)) {
            throw new UnsupportedOperationException("ICR on backend '" + t.backend().name() + "' needs a device"
                    + " implementation of the windowed refinement, which does not exist yet; use the CPU backend");
        }
        int o = Math.toIntExact(t.offset());
        return dtype == DType.FLOAT64 ? Vec.of(s.doubles(), o) : Vec.of(s.floats(), o);
    }

    private Vec scratch(int n) {
        return dtype == DType.FLOAT64 ? Vec.of(new double[n], 0) : Vec.of(new float[n], 0);
    }

    private static Vec offset(Vec v, int by) {
        return switch (v) {
            case Vec.Doubles d -> Vec.of(d.a(), d.offset() + by);
            case Vec.Floats f -> Vec.of(f.a(), f.offset() + by);
        };
    }

    @Override
    public String toString() {
        return "IcrOperator(" + prior + ", " + dtype + ")";
    }
}
