package org.dust4j.mgvi.dust;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.dust4j.core.Backend;
import org.dust4j.core.Backends;
import org.dust4j.core.DType;
import org.dust4j.core.Tensor;
import org.dust4j.core.json.Json;
import org.dust4j.core.json.JsonFields;
import org.dust4j.icr.IcrPrior;
import org.dust4j.icr.IcrPriorSpec;
import org.dust4j.icr.Kernel;
import org.dust4j.icr.Normalisation;
import org.dust4j.io.fits.StarCatalog;
import org.dust4j.mgvi.CgSettings;
import org.dust4j.mgvi.Mgvi;
import org.dust4j.mgvi.MgviConfig;
import org.dust4j.mgvi.MgviListener;
import org.dust4j.mgvi.MgviResult;
import org.dust4j.mgvi.NewtonSettings;
import org.dust4j.mgvi.PointEstimates;
import org.dust4j.model.DustModel;
import org.dust4j.model.ModelDescription;
import org.dust4j.model.StarData;

/**
 * The ICR + MGVI dust reconstruction of Edenhofer et al. (2024), end to end: a star catalog in, posterior samples
 * of the 3D dust density out.
 *
 * <pre>{@code
 * DustResult result = DustReconstruction.builder()
 *         .grid(DustGrid.builder().nside(8).shells(60, 1000, 24).padding(2, 2).build())
 *         .kernel(Kernel.matern32(1.0, 200.0))
 *         .priors(DustPriors.edenhofer2024())
 *         .catalog(catalog)
 *         .samples(8).globalIterations(5).seed(42)
 *         .build()
 *         .run();
 * result.writeFits(Path.of("out"));
 * }</pre>
 *
 * <p>What {@link #run()} does: (1) the catalog's stars are put on the grid's pixels and selected by distance as in
 * the paper ({@link StarData#selectByDistance}, by default over the grid's data region); (2) the ICR prior of the
 * kernel on the grid's chart is built ({@link IcrPrior}, exact variance normalisation by default) and combined with
 * the stars and priors into a {@link DustModel}; (3) MGVI ({@link Mgvi}) runs from ξ = 0 with the per-star noise
 * factors as point estimates (they get no sample spread: a few thousand to millions of per-star parameters would
 * otherwise dominate the sample solves, as in the paper); (4) each posterior sample is mapped to the density and to
 * the stars' predicted extinctions, collected in an immutable {@link DustResult}.
 *
 * <p>A checkpoint file, when set, is rewritten after every global iteration, and the model description (grid, priors,
 * field prior, SHA-256 of the selected stars) is written next to it as {@code <checkpoint>.model.json}. With
 * {@link Builder#resume(boolean) resume}, an existing checkpoint is continued, after checking that its description
 * equals this run's (the MGVI checkpoint itself cannot check the model): the same grid, priors and stars and the same
 * structured field prior, i.e. the same kernel parameters (a tabulated kernel's every value), chart and normalisation.
 * {@link #fieldPrior(ModelDescription)} rebuilds the ICR prior from a description.
 *
 * <p>Backends: everything runs on the chosen backend (the ICR operator and the response through core's windowed
 * products and line moments); on the CUDA backend the per-star likelihood terms are still evaluated on the host
 * between the response's passes. The CUDA path has not been run on a GPU yet.
 */
public final class DustReconstruction {
    /** Default number of posterior samples (2 antithetic pairs). */
    public static final int DEFAULT_SAMPLES = 4;
    /** Default number of MGVI global iterations. */
    public static final int DEFAULT_ITERATIONS = 4;
    /**
     * Default KL minimiser: at most 5 Newton steps per global iteration, inner CG to the relative residual
     * min(0.1, √‖g‖) (the engine's 0.5 gives one or two CG iterations per step on this model, i.e. little more than
     * preconditioned gradient descent).
     */
    public static final NewtonSettings DEFAULT_MINIMIZER = NewtonSettings.DEFAULT.withMaxSteps(5).withMaxForcing(0.1);
    /**
     * Default sample solves: relative residual 1e-3 (the engine's 1e-5 costs about 60 % more CG iterations with no
     * measurable change of the validation metrics, docs/validation.md), at most 1000 iterations (the engine's 200 stop
     * the nside-16 validation case's first solves, which need up to 369; an unconverged solve is not a posterior
     * sample, docs/reconstruction.md "Sample solves").
     */
    public static final CgSettings DEFAULT_SAMPLING = CgSettings.DEFAULT.withRelativeTolerance(1e-3)
            .withMaxIterations(1000);

    /** Suffix of the model description written next to a checkpoint. */
    public static final String DESCRIPTION_SUFFIX = ".model.json";

    private final DustGrid grid;
    private final Kernel kernel;
    private final Normalisation normalisation;
    private final long normalisationBudget;
    private final DustPriors priors;
    private final StarCatalog catalog;
    private final String source;
    private final double selectMin;
    private final double selectMax;
    private final Backend backend;
    private final DType dtype;
    private final int samples;
    private final int globalIterations;
    private final NewtonSettings minimizer;
    private final CgSettings sampling;
    private final DustModel.Curvature newtonCurvature;
    private final long seed;
    private final Path checkpoint;
    private final boolean resume;
    private final MgviListener listener;

    private DustReconstruction(Builder b) {
        this.grid = b.grid;
        this.kernel = b.kernel;
        this.normalisation = b.normalisation;
        this.normalisationBudget = b.normalisationBudget;
        this.priors = b.priors;
        this.catalog = b.catalog;
        this.source = b.source;
        this.selectMin = Double.isNaN(b.selectMin) ? grid.rMin() : b.selectMin;
        this.selectMax = Double.isNaN(b.selectMax) ? grid.rMax() : b.selectMax;
        this.backend = b.backend;
        this.dtype = b.dtype;
        this.samples = b.samples;
        this.globalIterations = b.globalIterations;
        this.minimizer = b.minimizer;
        this.sampling = b.sampling;
        this.newtonCurvature = b.newtonCurvature;
        this.seed = b.seed;
        this.checkpoint = b.checkpoint;
        this.resume = b.resume;
        this.listener = b.listener;
    }

    /** A builder with the defaults listed on its setters. */
    public static Builder builder() {
        return new Builder();
    }

    public DustGrid grid() {
        return grid;
    }

    public Kernel kernel() {
        return kernel;
    }

    public DustPriors priors() {
        return priors;
    }

    /** The MGVI configuration this reconstruction runs with, for the model's parameter layout. */
    MgviConfig mgviConfig(DustModel model) {
        MgviConfig.Builder c = MgviConfig.builder().globalIterations(globalIterations).samplePairs(samples / 2)
                .seed(seed).minimizer(minimizer).sampling(sampling)
                .pointEstimates(PointEstimates.blocks(model.parameters(), DustModel.NOISE));
        if (checkpoint != null) {
            c.checkpoint(checkpoint);
        }
        return c.build();
    }

    /**
     * The selected stars on the grid: the catalog's stars on the grid's pixels, kept by the paper's distance
     * selection over the configured range.
     */
    public StarData selectedStars() {
        return StarData.fromCatalog(catalog, grid.sphericalGrid()).selectByDistance(selectMin, selectMax);
    }

    /**
     * The description of the field prior written into the model description: the {@link IcrPriorSpec} of the grid's
     * chart, the kernel and the normalisation ({@code "type": "icr"}, {@code "kernel"}, {@code "normalisation"},
     * {@code "chart"}) and the grid it was derived from ({@code "grid"}, {@link DustGrid#toJson()}).
     */
    private Map<String, Object> fieldPrior() {
        Map<String, Object> m = new LinkedHashMap<>(new IcrPriorSpec(grid.chart(), kernel, normalisation).toMap());
        m.put("grid", grid.toJson());
        return m;
    }

    /**
     * The ICR prior a model description records, ready to be rebuilt ({@link IcrPriorSpec#build()}): reads the
     * description's field prior as {@link IcrPriorSpec#fromMap} does and, where it holds the dust grid (as the
     * descriptions of {@link #run()} and {@link #prepare()} do; {@link DustGrid#fromJson} rebuilds it), checks that the
     * grid's chart is the prior's chart and its spherical grid the description's grid.
     *
     * @throws IllegalArgumentException if the field prior is not an ICR prior, a member is missing or ill-typed (the
     *                                  message names it), or the grid disagrees with the chart or the model's grid
     */
    public static IcrPriorSpec fieldPrior(ModelDescription description) {
        Map<String, Object> field = description.fieldPrior();
        IcrPriorSpec spec = IcrPriorSpec.fromMap(field);
        if (field.containsKey("grid")) {
            DustGrid g = DustGrid.fromJson(JsonFields.of(field, "field prior").object("grid"));
            if (!g.chart().equals(spec.chart())) {
                throw new IllegalArgumentException("the field prior's chart " + spec.chart().describe() + " is not the"
                        + " chart of its grid " + g + ", " + g.chart().describe());
            }
            if (!g.sphericalGrid().equals(description.grid())) {
                throw new IllegalArgumentException("the field prior's grid " + g + " gives " + g.sphericalGrid()
                        + ", not the description's grid " + description.grid());
            }
        }
        return spec;
    }

    /** The run's configuration as JSON: the model description and the inference settings. */
    private String configurationJson(ModelDescription description) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("method", "icr+mgvi");
        root.put("model", Json.parse(description.toJson()));
        Map<String, Object> inference = new LinkedHashMap<>();
        inference.put("dtype", dtype.name());
        inference.put("backend", backend.name());
        inference.put("samples", samples);
        inference.put("globalIterations", globalIterations);
        inference.put("seed", seed); // a long: Json writes it exactly
        inference.put("minimizer", minimizer.toString());
        inference.put("sampling", sampling.toString());
        inference.put("newtonCurvature", newtonCurvature.name());
        root.put("inference", inference);
        return Json.writeAscii(root);
    }

    /**
     * Runs the reconstruction (see the class comment): {@link #prepare()}, then {@link Problem#run()}.
     *
     * @throws IllegalArgumentException if no star survives the selection, or a resumed checkpoint belongs to another
     *                                  model description
     * @throws UncheckedIOException     if the checkpoint or its description cannot be written or read
     */
    public DustResult run() {
        return prepare().run();
    }

    /**
     * Steps (1) and (2) of {@link #run()}: selects the stars and builds the ICR prior, the model and the MGVI engine,
     * without running it. For benchmarks and for access to the model's energy.
     *
     * @throws IllegalArgumentException if no star survives the selection
     */
    public Problem prepare() {
        long t0 = System.nanoTime();
        StarData selected = selectedStars();
        if (selected.size() == 0) {
            throw new IllegalArgumentException("no star of the " + catalog.size() + " in the catalog passes the "
                    + "distance selection " + selectMin + ".." + selectMax + " pc");
        }
        IcrPrior prior = IcrPrior.builder(grid.chart(), kernel).normalisation(normalisation)
                .normalisationBudget(normalisationBudget).build();
        ModelDescription description = new ModelDescription(grid.sphericalGrid(), priors.zCut(), priors.scale(),
                priors.offset(), priors.noise(), fieldPrior(),
                ModelDescription.Data.of(source, selectMin, selectMax, selected));
        DustModel model = DustModel.of(description, prior.operator(dtype), selected);
        return new Problem(prior, description, model, Duration.ofNanos(System.nanoTime() - t0));
    }

    /** A prepared reconstruction: the ICR prior, the dust model and the MGVI engine on its likelihood. */
    public final class Problem {
        private final IcrPrior prior;
        private final ModelDescription description;
        private final DustModel model;
        private final Mgvi mgvi;
        private final Duration setup;

        private Problem(IcrPrior prior, ModelDescription description, DustModel model, Duration setup) {
            this.prior = prior;
            this.description = description;
            this.model = model;
            this.mgvi = new Mgvi(model.likelihood(), model.likelihood(newtonCurvature), mgviConfig(model));
            this.setup = setup;
        }

        /** The ICR prior of the field. */
        public IcrPrior prior() {
            return prior;
        }

        /** The model description (grid, priors, field prior, SHA-256 of the stars). */
        public ModelDescription description() {
            return description;
        }

        /** The dust model (its energy, response, parameter layout). */
        public DustModel model() {
            return model;
        }

        /**
         * The MGVI engine on the model's likelihood, with this reconstruction's configuration (per-star noise
         * factors as point estimates); its latent space is the model's parameter space.
         */
        public Mgvi mgvi() {
            return mgvi;
        }

        /** The time {@link DustReconstruction#prepare()} took. */
        public Duration setupTime() {
            return setup;
        }

        /** Steps (3) and (4) of {@link DustReconstruction#run()}: MGVI from ξ = 0 (or the checkpoint), statistics. */
        public DustResult run() {
            long t0 = System.nanoTime();
            try (MgviResult r = runOrResume(mgvi, description)) {
                long t1 = System.nanoTime();
                PosteriorCollector collected = PosteriorCollector.collect(model, r, grid);
                long t2 = System.nanoTime();
                DustResult.Timings timings = new DustResult.Timings(setup, Duration.ofNanos(t1 - t0),
                        Duration.ofNanos(t2 - t1));
                return new DustResult(grid, collected, r.reports(), configurationJson(description), seed,
                        catalog.size(), prior.report(), timings);
            }
        }
    }

    private MgviResult runOrResume(Mgvi mgvi, ModelDescription description) {
        Optional<Path> sidecar = Optional.ofNullable(checkpoint)
                .map(p -> p.resolveSibling(p.getFileName() + DESCRIPTION_SUFFIX));
        try {
            if (resume && checkpoint != null && Files.exists(checkpoint)) {
                Path d = sidecar.orElseThrow();
                if (!Files.exists(d)) {
                    throw new IllegalArgumentException("cannot resume " + checkpoint + ": its model description " + d
                            + " is missing");
                }
                ModelDescription stored;
                try {
                    stored = ModelDescription.read(d);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("cannot resume " + checkpoint + ": its model description " + d
                            + " cannot be read: " + e.getMessage(), e);
                }
                if (!stored.equals(description)) {
                    throw new IllegalArgumentException("cannot resume " + checkpoint + ": it was made for another model"
                            + " (" + differences(stored, description) + " differ from " + d + ")");
                }
                return mgvi.resume(checkpoint, backend, listener);
            }
            if (sidecar.isPresent()) {
                description.write(sidecar.get());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("checkpoint " + checkpoint + ": " + e.getMessage(), e);
        }
        try (Tensor initial = mgvi.space().zeros(backend)) {
            return mgvi.run(initial, listener);
        }
    }

    /** The parts in which two model descriptions differ, for messages. */
    static String differences(ModelDescription a, ModelDescription b) {
        List<String> parts = new ArrayList<>();
        if (!a.grid().equals(b.grid())) {
            parts.add("grid");
        }
        if (a.zCut() != b.zCut()) {
            parts.add("response cut");
        }
        if (!a.scale().equals(b.scale()) || !a.offset().equals(b.offset()) || !a.noise().equals(b.noise())) {
            parts.add("priors");
        }
        if (!a.fieldPrior().equals(b.fieldPrior())) {
            Map<String, Object> fa = a.fieldPrior();
            Map<String, Object> fb = b.fieldPrior();
            List<String> keys = new ArrayList<>();
            for (String k : new String[] {"type", "kernel", "normalisation", "chart", "grid"}) {
                if (!Objects.equals(fa.get(k), fb.get(k))) {
                    keys.add(k);
                }
            }
            parts.add("field prior" + (keys.isEmpty() ? "" : " " + keys));
        }
        if (!a.data().equals(b.data())) {
            parts.add("stars");
        }
        return String.join(", ", parts);
    }

    /** Builder of {@link DustReconstruction}; {@link #build()} validates. */
    public static final class Builder {
        private DustGrid grid;
        private Kernel kernel;
        private Normalisation normalisation = Normalisation.EXACT_VARIANCE;
        private long normalisationBudget = 1L << 31;
        private DustPriors priors = DustPriors.edenhofer2024();
        private StarCatalog catalog;
        private String source = "catalog";
        private double selectMin = Double.NaN;
        private double selectMax = Double.NaN;
        private Backend backend = Backends.cpu();
        private DType dtype = DType.FLOAT64;
        private int samples = DEFAULT_SAMPLES;
        private int globalIterations = DEFAULT_ITERATIONS;
        private NewtonSettings minimizer = DEFAULT_MINIMIZER;
        private CgSettings sampling = DEFAULT_SAMPLING;
        private DustModel.Curvature newtonCurvature = DustModel.Curvature.OBSERVED_VARIANCE;
        private long seed = 42;
        private Path checkpoint;
        private boolean resume;
        private MgviListener listener = MgviListener.NONE;

        private Builder() {
        }

        /** The voxel grid (required). */
        public Builder grid(DustGrid grid) {
            this.grid = Objects.requireNonNull(grid, "grid");
            return this;
        }

        /**
         * The ICR kernel of the log-density field s (required; amplitude = the prior std of s). It must have a
         * structured description ({@link Kernel#toMap()}), which the model description records: the kernels of
         * {@link Kernel}'s factories do; tabulate any other ({@link org.dust4j.icr.TabulatedKernel#sample}).
         */
        public Builder kernel(Kernel kernel) {
            this.kernel = Objects.requireNonNull(kernel, "kernel");
            return this;
        }

        /** ICR variance normalisation (default {@link Normalisation#EXACT_VARIANCE}). */
        public Builder normalisation(Normalisation normalisation) {
            this.normalisation = Objects.requireNonNull(normalisation, "normalisation");
            return this;
        }

        /** Memory the ICR variance normalisation may use, in bytes (default 2 GiB, see {@link IcrPrior}). */
        public Builder normalisationBudget(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("normalisation budget must be > 0, got " + bytes);
            }
            this.normalisationBudget = bytes;
            return this;
        }

        /** Priors of scl, off and the per-star noise factors (default {@link DustPriors#edenhofer2024()}). */
        public Builder priors(DustPriors priors) {
            this.priors = Objects.requireNonNull(priors, "priors");
            return this;
        }

        /** The stars (required); {@code source} names it in the model description (default "catalog"). */
        public Builder catalog(StarCatalog catalog, String source) {
            this.catalog = Objects.requireNonNull(catalog, "catalog");
            this.source = Objects.requireNonNull(source, "source");
            return this;
        }

        /** The stars (required). */
        public Builder catalog(StarCatalog catalog) {
            return catalog(catalog, "catalog");
        }

        /** The distance selection d_min..d_max in pc (default the grid's data region rMin..rMax). */
        public Builder selection(double dMin, double dMax) {
            this.selectMin = dMin;
            this.selectMax = dMax;
            return this;
        }

        /** The backend (default the CPU). */
        public Builder backend(Backend backend) {
            this.backend = Objects.requireNonNull(backend, "backend");
            return this;
        }

        /** FLOAT64 (default) or FLOAT32 tensors. */
        public Builder dtype(DType dtype) {
            this.dtype = Objects.requireNonNull(dtype, "dtype");
            return this;
        }

        /** The number of posterior samples, even (antithetic pairs), ≥ 2 (default {@value DustReconstruction#DEFAULT_SAMPLES}). */
        public Builder samples(int n) {
            this.samples = n;
            return this;
        }

        /** MGVI global iterations (default {@value DustReconstruction#DEFAULT_ITERATIONS}). */
        public Builder globalIterations(int n) {
            this.globalIterations = n;
            return this;
        }

        /** The KL minimiser settings (default {@link DustReconstruction#DEFAULT_MINIMIZER}). */
        public Builder minimizer(NewtonSettings settings) {
            this.minimizer = Objects.requireNonNull(settings, "minimizer");
            return this;
        }

        /** The CG settings of the sample solves (default {@link DustReconstruction#DEFAULT_SAMPLING}). */
        public Builder sampling(CgSettings settings) {
            this.sampling = Objects.requireNonNull(settings, "sampling");
            return this;
        }

        /**
         * The curvature of the KL minimisation's Newton steps (default {@link DustModel.Curvature#OBSERVED_VARIANCE}:
         * the Fisher metric with the variance weights raised to the observed curvature where a star is fitted worse
         * than its standard deviation). {@link DustModel.Curvature#FISHER} is MGVI's plain Fisher-scoring Newton step,
         * which on dense data with 5-20 % parallax errors builds walls of dust behind the stars (docs/validation.md,
         * "Targeted survey"). The samples always use the Fisher metric.
         */
        public Builder newtonCurvature(DustModel.Curvature curvature) {
            this.newtonCurvature = Objects.requireNonNull(curvature, "newtonCurvature");
            return this;
        }

        /** The seed of the sample excitations (default 42). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Write an MGVI checkpoint here after every global iteration (and the model description beside it). */
        public Builder checkpoint(Path file) {
            this.checkpoint = Objects.requireNonNull(file, "checkpoint");
            return this;
        }

        /** Whether to continue an existing checkpoint (default false: start afresh, overwriting it). */
        public Builder resume(boolean resume) {
            this.resume = resume;
            return this;
        }

        /** Receives MGVI's progress events (default none). */
        public Builder listener(MgviListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public DustReconstruction build() {
            if (grid == null || kernel == null || catalog == null) {
                throw new IllegalStateException("set grid, kernel and catalog (missing:" + (grid == null ? " grid" : "")
                        + (kernel == null ? " kernel" : "") + (catalog == null ? " catalog" : "") + ")");
            }
            kernel.toMap(); // fails now, naming the kernel, if it cannot be written into the model description
            if (samples < 2 || samples % 2 != 0) {
                throw new IllegalArgumentException("samples must be even (antithetic pairs) and >= 2, got " + samples);
            }
            if (globalIterations < 1) {
                throw new IllegalArgumentException("globalIterations must be >= 1, got " + globalIterations);
            }
            if (!dtype.isFloating()) {
                throw new IllegalArgumentException("dtype must be FLOAT32 or FLOAT64, got " + dtype);
            }
            if (resume && checkpoint == null) {
                throw new IllegalStateException("resume needs a checkpoint file");
            }
            double lo = Double.isNaN(selectMin) ? grid.rMin() : selectMin;
            double hi = Double.isNaN(selectMax) ? grid.rMax() : selectMax;
            if (!(lo >= 0 && hi > lo)) {
                throw new IllegalArgumentException("need 0 <= dMin < dMax for the selection, got " + lo + ", " + hi);
            }
            return new DustReconstruction(this);
        }
    }
}
