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
 * The ICR prior as a linear operator on a backend: excitations ξ (shape [{@link IcrPrior#degreesOfFreedom()}],
 * layout in {@link IcrPrior}) ↦ field (shape {@code chart.shape(levels)}), and its adjoint. Tensors are FLOAT32 or
 * FLOAT64 as chosen; the matrices stay float64 and all arithmetic is done in double.
 *
 * <p>On the CPU every refinement level runs as one fused pass over its windows ({@link CpuWindowedRefine}) spread
 * over the cores. Other backends need a device implementation of {@link WindowedRefinement}, which does not exist
 * yet: the operator then throws {@link UnsupportedOperationException}.
 */
public final class IcrOperator {
    private final IcrPrior prior;
    private final Backend backend;
    private final DType dtype;
    private final Shape domain;
    private final Shape target;
    private final List<CpuWindowedRefine> kernels;

    IcrOperator(IcrPrior prior, Backend backend, DType dtype) {
        this.prior = Objects.requireNonNull(prior, "prior");
        this.backend = Objects.requireNonNull(backend, "backend");
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

    public Backend backend() {
        return backend;
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
        Tensor out = backend.zeros(dtype, target);
        apply(xi, out);
        return out;
    }

    /** The adjoint applied to a field cotangent (a new tensor of the domain shape). */
    public Tensor adjoint(Tensor field) {
        Tensor out = backend.zeros(dtype, domain);
        adjoint(field, out);
        return out;
    }

    /** A prior sample: the field of standard-normal excitations drawn from Philox stream (seed, offset). */
    public Tensor sample(long seed, long offset) {
        try (Tensor xi = backend.zeros(dtype, domain)) {
            backend.randomNormal(seed, offset, xi);
            return apply(xi);
        }
    }

    /** field = A ξ, written into {@code field}. */
    public void apply(Tensor xi, Tensor field) {
        check("xi", xi, domain);
        check("field", field, target);
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
        check("field", field, target);
        check("xi", xi, domain);
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

    private void check(String name, Tensor t, Shape shape) {
        if (t.backend() != backend) {
            throw new IllegalArgumentException(name + " lives on backend '" + t.backend().name() + "', the operator on '"
                    + backend.name() + "'");
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
            throw new UnsupportedOperationException("ICR on backend '" + backend.name() + "' needs a device"
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
        return "IcrOperator(" + prior + ", " + backend.name() + ", " + dtype + ")";
    }
}
