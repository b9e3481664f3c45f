package org.dust4j.icr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.dust4j.core.Backend;
import org.dust4j.core.DType;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.dust4j.core.cpu.CpuStorage;
import org.dust4j.core.op.LinearOperator;
import org.dust4j.core.op.Space;

/**
 * The ICR prior as a {@link LinearOperator}: excitations ξ (domain [{@link IcrPrior#degreesOfFreedom()}], layout in
 * {@link IcrPrior}) ↦ field (target {@code chart.shape(levels)}), with its adjoint. Tensors are FLOAT32 or FLOAT64 as
 * chosen. The refinement matrices stay float64 and the refinement arithmetic is done in double; the level-0 root L₀
 * is held in the operator's dtype (on each backend it is used on, created on first use) and multiplied by
 * {@link Backend#matmul}. Results are allocated on the backend of the input.
 *
 * <p>On the CPU every refinement level runs as one fused pass over its windows ({@link CpuWindowedRefine}) spread
 * over the cores. Other backends need a device implementation of {@link WindowedRefinement}, which does not exist
 * yet: the operator then throws {@link UnsupportedOperationException}.
 */
public final class IcrOperator extends LinearOperator {
    private final IcrPrior prior;
    private final DType dtype;
    private final Shape domain;
    private final Shape target;
    private final List<CpuWindowedRefine> kernels;
    private final Map<Backend, Tensor> levelZero = new ConcurrentHashMap<>();

    IcrOperator(IcrPrior prior, DType dtype) {
        super(Space.of(dtype, prior.degreesOfFreedom()), new Space(dtype,
                Shape.of(prior.chart().shape(prior.chart().levels()))), "icr" + Arrays.toString(
                prior.chart().shape(prior.chart().levels())));
        this.prior = Objects.requireNonNull(prior, "prior");
        this.dtype = dtype;
        this.domain = domain().shape();
        this.target = target().shape();
        List<CpuWindowedRefine> k = new ArrayList<>();
        for (int l = 0; l < prior.chart().levels(); l++) {
            k.add(new CpuWindowedRefine(prior.refinement(l)));
        }
        this.kernels = List.copyOf(k);
    }

    public IcrPrior prior() {
        return prior;
    }

    @Override
    protected Tensor compute(Tensor xi) {
        Tensor out = xi.backend().zeros(dtype, target);
        apply(xi, out);
        return out;
    }

    @Override
    protected Tensor computeAdjoint(Tensor field) {
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
        Backend backend = xi.backend();
        check("xi", xi, domain, backend);
        check("field", field, target, backend);
        Vec x = vec(xi);
        int levels = prior.chart().levels();
        int n0 = prior.chart().size(0);
        List<Tensor> scratch = new ArrayList<>();
        try {
            Tensor level0 = levels == 0 ? field.reshape(n0) : add(scratch, backend.zeros(dtype, Shape.of(n0)));
            backend.matmul(levelZero(backend), false, xi.slice(0, n0).reshape(n0, 1), false, level0.reshape(n0, 1));
            Vec coarse = vec(level0);
            for (int l = 0; l < levels; l++) {
                Vec fine = l + 1 == levels ? vec(field)
                        : vec(add(scratch, backend.zeros(dtype, Shape.of(prior.chart().size(l + 1)))));
                kernels.get(l).forward(coarse, offset(x, prior.excitationOffset(l + 1)), fine);
                coarse = fine;
            }
        } finally {
            scratch.forEach(Tensor::close);
        }
    }

    /** ξ̄ = Aᵀ ḡ, written into {@code xi}. */
    public void adjoint(Tensor field, Tensor xi) {
        Backend backend = field.backend();
        check("field", field, target, backend);
        check("xi", xi, domain, backend);
        Vec out = vec(xi);
        int levels = prior.chart().levels();
        int n0 = prior.chart().size(0);
        List<Tensor> scratch = new ArrayList<>();
        try {
            Tensor g = field;
            for (int l = levels - 1; l >= 0; l--) {
                Tensor coarseBar = add(scratch, backend.zeros(dtype, Shape.of(prior.chart().size(l))));
                kernels.get(l).adjoint(vec(g), vec(coarseBar), offset(out, prior.excitationOffset(l + 1)));
                g = coarseBar;
            }
            backend.matmul(levelZero(backend), true, g.reshape(n0, 1), false, xi.slice(0, n0).reshape(n0, 1));
        } finally {
            scratch.forEach(Tensor::close);
        }
    }

    private static Tensor add(List<Tensor> scratch, Tensor t) {
        scratch.add(t);
        return t;
    }

    /** L₀ in this operator's dtype on a backend, created on first use there. */
    private Tensor levelZero(Backend backend) {
        return levelZero.computeIfAbsent(backend, b -> {
            int n0 = prior.chart().size(0);
            return b.fromHost(prior.levelZeroSqrtShared(), dtype, Shape.of(n0, n0));
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

    private static Vec offset(Vec v, int by) {
        return switch (v) {
            case Vec.Doubles d -> Vec.of(d.a(), d.offset() + by);
            case Vec.Floats f -> Vec.of(f.a(), f.offset() + by);
        };
    }
}
