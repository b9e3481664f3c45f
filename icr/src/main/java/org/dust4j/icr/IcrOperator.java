package org.dust4j.icr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.dust4j.core.Backend;
import org.dust4j.core.DType;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.dust4j.core.WindowLayout;
import org.dust4j.core.op.LinearOperator;
import org.dust4j.core.op.Space;

/**
 * The ICR prior as a {@link LinearOperator}: excitations ξ (domain [{@link IcrPrior#degreesOfFreedom()}], layout in
 * {@link IcrPrior}) ↦ field (target {@code chart.shape(levels)}), with its adjoint. Tensors are FLOAT32 or FLOAT64 as
 * chosen; results are allocated on the backend of the input.
 *
 * <p>Every refinement level is one {@link Backend#windowedMatVec} (adjoint: {@link Backend#windowedMatVecAdjoint})
 * on the input's backend: on the CPU a fused pass over the windows spread over the cores, on the CUDA backend one
 * kernel launch per level in each direction for HEALPix × radius and grid charts (docs/cuda.md). The level-0 root L₀
 * is multiplied by {@link Backend#matmul}. The prior's float64 matrices, scales and window tables are put on a
 * backend, in this operator's dtype, the first time the operator runs there, and kept for the operator's lifetime (or
 * until {@link #release()}); {@link #deviceBytes(Backend)} tells how much that is.
 */
public final class IcrOperator extends LinearOperator {
    private final IcrPrior prior;
    private final DType dtype;
    private final Shape domain;
    private final Shape target;
    private final Map<Backend, Device> devices = new ConcurrentHashMap<>();

    /** The prior's data on one backend: L₀, and per level the window tables, R, D and the scale (or null). */
    private record Device(Tensor levelZero, List<WindowLayout.Tables> tables, List<Tensor> r, List<Tensor> d,
                          List<Tensor> scale) {
        void close() {
            levelZero.close();
            tables.forEach(WindowLayout.Tables::close);
            r.forEach(Tensor::close);
            d.forEach(Tensor::close);
            scale.stream().filter(Objects::nonNull).forEach(Tensor::close);
        }

        long bytes() {
            long b = levelZero.size() * levelZero.dtype().byteSize();
            for (int l = 0; l < r.size(); l++) {
                b += tables.get(l).layout().packedBytes() + (r.get(l).size() + d.get(l).size()
                        + (scale.get(l) == null ? 0 : scale.get(l).size())) * levelZero.dtype().byteSize();
            }
            return b;
        }
    }

    IcrOperator(IcrPrior prior, DType dtype) {
        super(Space.of(dtype, prior.degreesOfFreedom()), new Space(dtype,
                Shape.of(prior.chart().shape(prior.chart().levels()))), "icr" + Arrays.toString(
                prior.chart().shape(prior.chart().levels())));
        this.prior = Objects.requireNonNull(prior, "prior");
        this.dtype = dtype;
        this.domain = domain().shape();
        this.target = target().shape();
    }

    public IcrPrior prior() {
        return prior;
    }

    @Override
    protected Tensor compute(Tensor xi) {
        Tensor out = xi.backend().empty(dtype, target);
        apply(xi, out);
        return out;
    }

    @Override
    protected Tensor computeAdjoint(Tensor field) {
        Tensor out = field.backend().empty(dtype, domain);
        adjoint(field, out);
        return out;
    }

    /**
     * A prior sample on {@code backend}: the field of standard-normal excitations drawn from the Philox stream
     * (seed, offset) by {@link Backend#randomNormal}; it uses the counters offset … offset + dof - 1.
     */
    public Tensor sample(Backend backend, long seed, long offset) {
        try (Tensor xi = backend.empty(dtype, domain)) {
            backend.randomNormal(seed, offset, xi);
            return apply(xi);
        }
    }

    /** field = A ξ, written into {@code field} (every element; no temporary of the field's size). */
    @Override
    public void apply(Tensor xi, Tensor field) {
        Backend backend = xi.backend();
        check("xi", xi, domain, backend);
        check("field", field, target, backend);
        Device dev = device(backend);
        int levels = prior.chart().levels();
        int n0 = prior.chart().size(0);
        List<Tensor> scratch = new ArrayList<>();
        try {
            Tensor coarse = levels == 0 ? field.reshape(n0) : add(scratch, backend.empty(dtype, Shape.of(n0)));
            backend.matmul(dev.levelZero(), false, xi.slice(0, n0).reshape(n0, 1), false, coarse.reshape(n0, 1));
            for (int l = 0; l < levels; l++) {
                int n = prior.chart().size(l + 1);
                Tensor fine = l + 1 == levels ? field : add(scratch, backend.empty(dtype, Shape.of(n)));
                int o = prior.excitationOffset(l + 1);
                backend.windowedMatVec(dev.tables().get(l), dev.r().get(l), dev.d().get(l), dev.scale().get(l), coarse,
                        xi.slice(o, o + n), fine);
                coarse = fine;
            }
        } finally {
            scratch.forEach(Tensor::close);
        }
    }

    /** ξ̄ = Aᵀ ḡ, written into {@code xi} (every element; no temporary of the excitations' size). */
    @Override
    public void adjoint(Tensor field, Tensor xi) {
        Backend backend = field.backend();
        check("field", field, target, backend);
        check("xi", xi, domain, backend);
        Device dev = device(backend);
        int levels = prior.chart().levels();
        int n0 = prior.chart().size(0);
        List<Tensor> scratch = new ArrayList<>();
        try {
            Tensor g = field;
            for (int l = levels - 1; l >= 0; l--) {
                Tensor coarseBar = add(scratch, backend.empty(dtype, Shape.of(prior.chart().size(l))));
                int o = prior.excitationOffset(l + 1);
                backend.windowedMatVecAdjoint(dev.tables().get(l), dev.r().get(l), dev.d().get(l),
                        dev.scale().get(l), g, coarseBar, xi.slice(o, o + prior.chart().size(l + 1)));
                g = coarseBar;
            }
            backend.matmul(dev.levelZero(), true, g.reshape(n0, 1), false, xi.slice(0, n0).reshape(n0, 1));
        } finally {
            scratch.forEach(Tensor::close);
        }
    }

    /** Bytes this operator keeps on {@code backend} (0 before its first use there). */
    public long deviceBytes(Backend backend) {
        Device dev = devices.get(backend);
        return dev == null ? 0 : dev.bytes();
    }

    /** Releases the data kept on every backend; the next use uploads it again. */
    public void release() {
        devices.values().forEach(Device::close);
        devices.clear();
    }

    private static Tensor add(List<Tensor> scratch, Tensor t) {
        scratch.add(t);
        return t;
    }

    /** The prior's data on a backend in this operator's dtype, uploaded on first use there. */
    private Device device(Backend backend) {
        return devices.computeIfAbsent(backend, b -> {
            int n0 = prior.chart().size(0);
            List<WindowLayout.Tables> tables = new ArrayList<>();
            List<Tensor> r = new ArrayList<>();
            List<Tensor> d = new ArrayList<>();
            List<Tensor> scale = new ArrayList<>();
            for (int l = 0; l < prior.chart().levels(); l++) {
                WindowedRefinement step = prior.refinement(l);
                WindowLayout layout = step.layout();
                int nc = layout.coarsePerWindow();
                int nf = layout.finePerWindow();
                tables.add(layout.upload(b));
                r.add(b.fromHostReadOnly(step.rData(), dtype, Shape.of(layout.classes(), nf, nc)));
                d.add(b.fromHostReadOnly(step.dData(), dtype, Shape.of(layout.classes(), nf, nf)));
                double[] s = step.scaleData();
                scale.add(s == null ? null : b.fromHost(s, dtype, Shape.of(s.length)));
            }
            Tensor l0 = b.fromHost(prior.levelZeroSqrtShared(), dtype, Shape.of(n0, n0));
            return new Device(l0, List.copyOf(tables), List.copyOf(r), List.copyOf(d),
                    Collections.unmodifiableList(scale));
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
}
