// Host self-check of the kernels' per-element and per-matrix code: compiles the very headers the device
// code uses (philox.cuh, linalg_small.cuh) for the host, with one "thread" and no barrier, so the Java test
// HostKernelCheckTest can compare their results with Java references on a machine without a GPU.
// Builds with g++ (or nvcc): g++ -std=c++17 -I src/main/cuda -x c++ host_check.cu
//
// Usage (numbers in and out as C99 hex floats, exact):
//   host_check philox SEED OFFSET COUNT            -> per counter: x0 x1 x2 x3 uniform53 uniform24 normal
//   host_check fdlibm N < X...                     -> per x: log(x) cos(x)
//   host_check cholesky f64|f32 N < A              -> status pivot L...
//   host_check trsolve f64|f32 N K LOWER TRANSPOSE INPLACE < T B   -> X...
//   host_check windowed f64|f32 P SCALED [fast|wide|split|pipe|gather] < PACKED R D [S] COARSE XI G
//       -> FINE COARSEBAR XIBAR
//       (PACKED as P decimal ints; the rest as hex floats, sizes from the packed header; layouts of a fast kind run the
//       class-major per-thread code thread by thread, others the generic per-slot code slot by slot: the forward over
//       every (window, fine slot), the adjoint colour tuple by colour tuple)
//   host_check linemoments f64|f32 LINES CELLS GROUPS ITEMS NI ND ZMAX PERUNIT [warp|segments]
//       < INTS DOUBLES X TANGENT GMEAN GVAR OBS EXTRA
//       -> MEAN VARIANCE DMEAN DVARIANCE XBAR, then of the Gaussian pull-back MEAN VARIANCE LOSS VBAR XBAR, then of the
//       diagonal push-pull of TANGENT (weights OBS and EXTRA, offset GVAR) VBAR XBAR (warp: the kernel's block scans
//       thread by thread, its warp sweeps lane by lane, items one after another; segments: linemoments_seg.cuh's
//       rounds phase by phase, thread by thread)
//   host_check lmlayout CELLS                       -> per pass the shared doubles of lm_layout, then of lms_layout
//       (checked for overlaps)
//   host_check lmsplit N < LO HI                     -> the balanced schedule's warp shares split[0 … LM_WARPS] of one
//       group of N items (lo, hi as decimal ints), the block's chunks, exclusive scan and lm_cut thread by thread
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "philox.cuh"
#include "linalg_small.cuh"
#include "windowed.cuh"
#include "linemoments.cuh"
#include "linemoments_seg.cuh"

struct NoSync {
    void operator()() const {}
};

template <typename T> static std::vector<T> read(size_t n) {
    std::vector<T> v(n);
    for (size_t i = 0; i < n; i++) {
        double d;
        if (scanf("%la", &d) != 1) {
            fprintf(stderr, "expected %zu numbers on stdin, got %zu\n", n, i);
            exit(2);
        }
        v[i] = (T)d;
    }
    return v;
}

template <typename T> static void print(const std::vector<T>& v) {
    for (T x : v) printf("%a\n", (double)x);
}

template <typename T> static int cholesky(int n) {
    std::vector<T> a = read<T>((size_t)n * n), l((size_t)n * n, T(-7)), scratch((size_t)n * n + n);
    T pivot = T(0);
    int status = cholesky_small(a.data(), l.data(), n, scratch.data(), 0, 1, NoSync(), &pivot);
    printf("%d\n%a\n", status, (double)pivot);
    print(l);
    return 0;
}

template <typename T> static int trsolve(int n, long long k, bool lower, bool transpose, bool inPlace) {
    std::vector<T> t = read<T>((size_t)n * n), b = read<T>((size_t)n * k), x((size_t)n * k, T(-7)), scratch((size_t)n * n);
    T* out = inPlace ? b.data() : x.data();
    triangular_solve_small(t.data(), b.data(), out, n, k, lower, transpose, scratch.data(), 0, 1, NoSync());
    print(inPlace ? b : x);
    return 0;
}

template <typename T, int V> static int windowed(int np, bool scaled) {
    std::vector<int> p((size_t)np);
    for (int i = 0; i < np; i++) {
        if (scanf("%d", &p[i]) != 1) {
            fprintf(stderr, "expected %d packed ints\n", np);
            exit(2);
        }
    }
    int m = p[0], nc = p[1], nf = p[2], Nc = p[3], Nf = p[4], C = p[5];
    long long windows = 1;
    for (int f = 0; f < m; f++) windows *= win_header(p.data(), f, 0);
    std::vector<T> r = read<T>((size_t)C * nf * nc), d = read<T>((size_t)C * nf * nf);
    std::vector<T> s = scaled ? read<T>((size_t)Nf) : std::vector<T>();
    std::vector<T> coarse = read<T>((size_t)Nc), xi = read<T>((size_t)Nf), g = read<T>((size_t)Nf);
    const T* sp = scaled ? s.data() : nullptr;
    std::vector<T> fine((size_t)Nf, T(NAN)), coarseBar((size_t)Nc, T(0)), xiBar((size_t)Nf, T(NAN));
    int kind = win_fast_kind(p.data());
    if (kind != 0) {
        // the class-major code of the fast kinds, thread by thread, with chunks of 3 outer windows (so lanes end inside
        // classes and classes inside lanes)
        const int chunk = 3;
        int inner = win_header(p.data(), m - 1, 0);
        long long lanes = inner == 0 ? 0 : (windows / inner + chunk - 1) / chunk * inner;
        constexpr int rows = WinRows<T, V == 0 ? 0 : 1>::value;
        int rowGroups = nf / (rows < nf ? rows : nf);
        // wide: a group for the fine columns, one per 3 outer coarse slots (win_fast_adjoint_reduced)
        int columnGroups = V == 0 ? (nc + nf + WIN_TS - 1) / WIN_TS : 1 + (nc / 3 + 2) / 3;
#define HOST_FAST(M, NCO, NFO)                                                                                          \
    for (long long lane = 0; lane < lanes; lane++) {                                                                   \
        if (V == 3) {                                                                                                  \
            /* pipe: the lane's parts as one team */                                                                   \
            constexpr int P = WinReducedGroups<NCO>::value;                                                            \
            win_pipe_forward<T, M, NCO, NFO, P>(p.data(), lane, true, 0, chunk, r.data(), d.data(), sp, coarse.data(), \
                                                xi.data(), fine.data());                                               \
            win_pipe_adjoint<T, M, NCO, NFO, P>(p.data(), lane, true, 0, chunk, r.data(), d.data(), sp, g.data(),      \
                                                coarseBar.data(), xiBar.data());                                       \
            continue;                                                                                                  \
        }                                                                                                              \
        if (V == 2)                                                                                                    \
            win_split_forward_host<T, M, NCO, NFO>(p.data(), lane, chunk, r.data(), d.data(), sp, coarse.data(),       \
                                                   xi.data(), fine.data());                                            \
        else                                                                                                           \
            for (int group = 0; group < rowGroups; group++)                                                            \
                win_fast_forward<T, M, NCO, NFO, V == 0 ? 0 : 1>(p.data(), lane, group, chunk, r.data(), d.data(), sp, \
                                                                 coarse.data(), xi.data(), fine.data());               \
        for (int group = 0; group < (V == 4 ? 0 : columnGroups); group++)                                              \
            if (V == 0)                                                                                                \
                win_fast_adjoint<T, M, NCO, NFO>(p.data(), lane, group, chunk, r.data(), d.data(), sp, g.data(),        \
                                                 coarseBar.data(), xiBar.data());                                      \
            else                                                                                                       \
                win_fast_adjoint_reduced<T, M, NCO, NFO>(p.data(), lane, true, group, chunk, r.data(), d.data(), sp,   \
                                                         g.data(), coarseBar.data(), xiBar.data());                    \
    }
        WIN_FAST_DISPATCH(kind, HOST_FAST)
        if (V == 4) {
            // gather: pass 1 thread by thread over the lanes (chunk, inner coarse element), then pass 2 per element
            int ncl = win_header(p.data(), m - 1, 3);
            long long outerWindows = inner == 0 ? 0 : windows / inner;
            long long gatherLanes = (outerWindows + chunk - 1) / chunk * ncl;
            std::vector<T> part((size_t)(nc / 3) * outerWindows * ncl, T(NAN));
#define HOST_GATHER(M, NCO, NFO)                                                                                        \
    for (long long lane = 0; lane < gatherLanes; lane++)                                                               \
        for (int group = 0; group < WinReducedGroups<NCO>::value; group++)                                             \
            win_gather_adjoint<T, M, NCO, NFO>(p.data(), lane, group, chunk, r.data(), d.data(), sp, g.data(),         \
                                               part.data(), xiBar.data());
            WIN_FAST_DISPATCH(kind, HOST_GATHER)
            int inverseAt = p[6] + (int)outerWindows * p[7];
            for (long long i = 0; i < Nc; i++) win_gather_sum<T>(p.data(), inverseAt, ncl, part.data(), coarseBar.data(), i);
        }
    } else {
#define HOST_FORWARD(M)                                                                                                 \
    for (long long w = 0; w < windows; w++)                                                                            \
        for (int j = 0; j < nf; j++) win_forward_slot<T, M>(p.data(), w, j, r.data(), d.data(), sp, coarse.data(), xi.data(), fine.data())
        WIN_DISPATCH(p.data(), HOST_FORWARD)
        int colour[WIN_MAX_FACTORS] = {0, 0, 0, 0};
        bool more = windows > 0;
        while (more) {
            long long count = win_colour_count(p.data(), colour);
#define HOST_ADJOINT(M)                                                                                                 \
    for (long long q = 0; q < count; q++)                                                                              \
        for (int t = 0; t < nc + nf; t++)                                                                              \
            win_adjoint_slot<T, M>(p.data(), colour, q, t, r.data(), d.data(), sp, g.data(), coarseBar.data(), xiBar.data())
            WIN_DISPATCH(p.data(), HOST_ADJOINT)
            more = false;
            for (int f = m - 1; f >= 0 && !more; f--) {
                if (++colour[f] < win_header(p.data(), f, 10)) more = true;
                else colour[f] = 0;
            }
        }
    }
    print(fine);
    print(coarseBar);
    print(xiBar);
    return 0;
}

// The device's block scans and warp sweeps run thread by thread and lane by lane, in the device's order of additions.
static const int LM_HOST_BLOCK = LM_BLOCK;

static void lm_host_exclusive(std::vector<double>& v) {  // lm_block_exclusive over LM_HOST_BLOCK threads
    std::vector<double> x = v;
    for (int o = 1; o < LM_LANES; o <<= 1) {
        std::vector<double> y = x;
        for (int t = 0; t < LM_HOST_BLOCK; t++) {
            if ((t & (LM_LANES - 1)) >= o) x[t] = y[t] + y[t - o];
        }
    }
    for (int t = 0; t < LM_HOST_BLOCK; t++) {
        int lane = t & (LM_LANES - 1), warp = t / LM_LANES;
        double before = lane == 0 ? 0.0 : x[t - 1];
        double prefix = 0.0;
        for (int q = 0; q < warp; q++) prefix += x[q * LM_LANES + LM_LANES - 1];
        v[t] = prefix + before;
    }
}

template <typename T> static void lm_host_columns(const T* row, const double* w, int cells, std::vector<double>& cm) {
    for (int k = 0; k < cells; k++) cm[k + 1] = (double)row[k] * w[k];
    cm[0] = 0.0;
    std::vector<double> run(LM_HOST_BLOCK);
    for (int t = 0; t < LM_HOST_BLOCK; t++) {
        int k0, k1;
        lm_chunk(cells, LM_HOST_BLOCK, t, &k0, &k1);
        run[t] = lm_chunk_sum(cm.data(), k0, k1);
    }
    lm_host_exclusive(run);
    for (int t = 0; t < LM_HOST_BLOCK; t++) {
        int k0, k1;
        lm_chunk(cells, LM_HOST_BLOCK, t, &k0, &k1);
        double end = lm_chunk_forward(cm.data(), k0, k1, run[t]);
        if (t == LM_HOST_BLOCK - 1) cm[cells + 1] = end;
    }
}

static double lm_host_warp_sum(std::vector<double> v) {  // the butterfly of lm_warp_sum
    for (int o = LM_LANES / 2; o >= 1; o >>= 1) {
        std::vector<double> y = v;
        for (int lane = 0; lane < LM_LANES; lane++) v[lane] = y[lane] + y[lane ^ o];
    }
    return v[0];
}

// lm_sweep (tangent when dcm is not null), then lm_pull_warp into gc when gc is not null.
static LmSums lm_host_item(const LmItem& it, const double* cm, const double* dcm, double* gc, double ga, double gv,
                           double* muOut) {
    double shift = cm[it.mid()];
    std::vector<LmSums> lanes(LM_LANES, LmSums{0.0, 0.0, 0.0, 0.0});
    for (int j0 = 0; j0 < it.m; j0 += LM_STEP) {
        for (int lane = 0; lane < LM_STEP; lane++) {
            int j = j0 + lane;
            if (j < it.m) {
                lm_add(lanes[lane], it.f(j) - it.f(j + 1), cm[it.l + j] - shift, dcm != nullptr,
                       dcm != nullptr ? dcm[it.l + j] : 0.0);
            }
        }
    }
    std::vector<double> a(LM_LANES), b(LM_LANES), c(LM_LANES), d(LM_LANES);
    for (int lane = 0; lane < LM_LANES; lane++) {
        a[lane] = lanes[lane].s1;
        b[lane] = lanes[lane].s2;
        c[lane] = lanes[lane].t1;
        d[lane] = lanes[lane].t2;
    }
    LmSums s = {lm_host_warp_sum(a), lm_host_warp_sum(b), lm_host_warp_sum(c), lm_host_warp_sum(d)};
    double mu = shift + s.s1;
    *muOut = mu;
    if (gc != nullptr) {
        for (int j0 = 0; j0 < it.m; j0 += LM_STEP) {
            for (int lane = 0; lane < LM_STEP; lane++) {
                int j = j0 + lane;
                if (j < it.m) gc[it.l + j] += lm_pull_term(it.f(j) - it.f(j + 1), cm[it.l + j], mu, ga, 2 * gv);
            }
        }
    }
    return s;
}

template <typename T> static void lm_host_back(const std::vector<double>& gc, const double* w, int cells, T* out) {
    std::vector<double> tail(LM_HOST_BLOCK), row((size_t)cells);
    for (int t = 0; t < LM_HOST_BLOCK; t++) {
        int k0, k1;
        lm_chunk(cells, LM_HOST_BLOCK, t, &k0, &k1);
        tail[t] = lm_chunk_back_sum(gc.data(), cells, k0, k1);
    }
    lm_host_exclusive(tail);
    for (int t = 0; t < LM_HOST_BLOCK; t++) {
        int k0, k1;
        lm_chunk(cells, LM_HOST_BLOCK, t, &k0, &k1);
        lm_chunk_back(gc.data(), w, cells, k0, k1, gc[cells + 1] + tail[t], row.data());
    }
    for (int k = 0; k < cells; k++) out[k] = (T)row[k];
}

// The segments schedule (linemoments_seg.cuh) of pass MODE over every group, its block run phase by phase and thread
// by thread: the round's block scan (lm_host_exclusive), lms_store, the segments' sweeps, lms_finish_item, the pull.
template <typename T, int MODE>
static void lms_host_pass(const std::vector<int>& pi, const std::vector<double>& pd, int groups, int items, int cells,
                          double zMax, int perUnit, const std::vector<T>& x, const std::vector<T>& tangent,
                          const T* in0, const T* in1, const T* varOffset, T* mean, T* variance, T* dMean, T* dVariance,
                          T* loss, T* vBar, T* xBar) {
    constexpr bool TANGENT = LmPass<MODE>::tangent, PULL = LmPass<MODE>::pull;
    LmsLayout layout = lms_layout(cells, TANGENT, PULL);
    std::vector<double> shared((size_t)layout.total, -7.0), gc((size_t)cells + 2), cm((size_t)cells + 2),
        dcm((size_t)cells + 2);
    LmsRound r = lms_round(shared.data(), layout);
    LmTables tb = lm_tables(pi.data(), pd.data(), groups, items, cells);
    const double *w = tb.w, *table = tb.table;
    for (int g = 0; g < groups; g++) {
        int line = pi[g], first = pi[groups + g], last = pi[groups + g + 1];
        lm_host_columns(x.data() + (size_t)line * cells, w, cells, cm);
        if (TANGENT) lm_host_columns(tangent.data() + (size_t)line * cells, w, cells, dcm);
        for (double& v : gc) v = 0.0;
        for (int r0 = first; r0 < last;) {
            std::vector<int> l(LM_HOST_BLOCK), m(LM_HOST_BLOCK), count(LM_HOST_BLOCK);
            std::vector<double> a(LM_HOST_BLOCK), b(LM_HOST_BLOCK), before(LM_HOST_BLOCK);
            for (int t = 0; t < LM_HOST_BLOCK; t++) {
                count[t] = lms_read(tb, r0 + t, r0 + t < last, &l[t], &m[t], &a[t], &b[t]);
                before[t] = count[t];
            }
            lm_host_exclusive(before);
            int n = 0;
            for (int t = 0; t < LM_HOST_BLOCK; t++) {
                if (lms_store(r, t, r0 + t < last, (int)before[t], count[t], l[t], m[t], a[t], b[t], cm.data())) {
                    if (n != t) {
                        fprintf(stderr, "the round's items are not a prefix\n");
                        exit(3);
                    }
                    n++;
                }
            }
            if (n == 0) {
                fprintf(stderr, "an item's segments exceed a round\n");
                exit(3);
            }
            int segs = r.segEnd[n - 1];
            for (int q = 0; q < segs; q++) {
                lms_sweep_segment<TANGENT>(r, n, q, pd.data(), table, zMax, perUnit, cm.data(), dcm.data());
            }
            for (int t = 0; t < n; t++) {
                lms_finish_item<T, MODE>(r, t, r0 + t, in0, in1, varOffset, mean, variance, dMean, dVariance, loss, vBar);
            }
            if (PULL) {
                for (int q = 0; q < segs; q++) lms_pull_segment(r, n, q, pd.data(), table, zMax, perUnit, cm.data(), gc.data());
            }
            r0 += n;
        }
        if (PULL) lm_host_back(gc, w, cells, xBar + (size_t)line * cells);
    }
}

// The segments schedule's outputs in the order of linemoments below.
template <typename T>
static void lms_host(const std::vector<int>& pi, const std::vector<double>& pd, int lines, int groups, int items,
                     int cells, double zMax, int perUnit, const std::vector<T>& x, const std::vector<T>& tangent,
                     const std::vector<T>& gm, const std::vector<T>& gv, const std::vector<T>& obs,
                     const std::vector<T>& extra) {
    size_t lc = (size_t)lines * cells, n = (size_t)items;
    std::vector<T> mean(n), var(n), dm(n), dv(n), xBar(lc, T(0)), gMean(n), gVar(n), loss(n), vBar(n), gBar(lc, T(0));
    std::vector<T> pVBar(n), pBar(lc, T(0));
    T* none = nullptr;
    lms_host_pass<T, LM_VALUE>(pi, pd, groups, items, cells, zMax, perUnit, x, tangent, none, none, none, mean.data(),
                               var.data(), none, none, none, none, none);
    lms_host_pass<T, LM_JVP>(pi, pd, groups, items, cells, zMax, perUnit, x, tangent, none, none, none, none, none,
                             dm.data(), dv.data(), none, none, none);
    lms_host_pass<T, LM_VJP>(pi, pd, groups, items, cells, zMax, perUnit, x, tangent, gm.data(), gv.data(), none, none,
                             none, none, none, none, none, xBar.data());
    lms_host_pass<T, LM_GAUSSIAN>(pi, pd, groups, items, cells, zMax, perUnit, x, tangent, obs.data(), extra.data(), none,
                                  gMean.data(), gVar.data(), none, none, loss.data(), vBar.data(), gBar.data());
    // the diagonal push-pull with weights OBS (mean), EXTRA (variance) and offset GVAR
    lms_host_pass<T, LM_PUSH_PULL>(pi, pd, groups, items, cells, zMax, perUnit, x, tangent, obs.data(), extra.data(),
                                   gv.data(), none, none, none, none, none, pVBar.data(), pBar.data());
    for (const std::vector<T>* v : {&mean, &var, &dm, &dv, &xBar, &gMean, &gVar, &loss, &vBar, &gBar, &pVBar, &pBar}) {
        print(*v);
    }
}

template <typename T> static int linemoments(int lines, int cells, int groups, int items, int ni, int nd, double zMax,
                                             int perUnit, bool segments) {
    std::vector<int> pi((size_t)ni);
    for (int i = 0; i < ni; i++) {
        if (scanf("%d", &pi[i]) != 1) {
            fprintf(stderr, "expected %d packed ints\n", ni);
            exit(2);
        }
    }
    std::vector<double> pd = read<double>((size_t)nd);
    size_t lc = (size_t)lines * cells;
    std::vector<T> x = read<T>(lc), tangent = read<T>(lc), gm = read<T>((size_t)items), gv = read<T>((size_t)items);
    std::vector<T> obs = read<T>((size_t)items), extra = read<T>((size_t)items);
    if (segments) {
        lms_host(pi, pd, lines, groups, items, cells, zMax, perUnit, x, tangent, gm, gv, obs, extra);
        return 0;
    }
    std::vector<T> mean((size_t)items), var((size_t)items), dm((size_t)items), dv((size_t)items), xBar(lc, T(0));
    std::vector<T> gMean((size_t)items), gVar((size_t)items), loss((size_t)items), vBar((size_t)items), gBar(lc, T(0));
    std::vector<T> pVBar((size_t)items), pBar(lc, T(0));
    std::vector<double> cm((size_t)cells + 2), dcm((size_t)cells + 2), gc((size_t)cells + 2), gg((size_t)cells + 2);
    std::vector<double> gp((size_t)cells + 2);
    const double* w = pd.data() + cells + 1;
    for (int g = 0; g < groups; g++) {
        int line = pi[g];
        lm_host_columns(x.data() + (size_t)line * cells, w, cells, cm);
        lm_host_columns(tangent.data() + (size_t)line * cells, w, cells, dcm);
        for (double& v : gc) v = 0.0;
        for (double& v : gg) v = 0.0;
        for (double& v : gp) v = 0.0;
        for (int i = pi[groups + g]; i < pi[groups + g + 1]; i++) {
            LmItem it = lm_item(pi.data(), pd.data(), groups, items, cells, zMax, perUnit, i);
            double mu;
            LmSums s = lm_host_item(it, cm.data(), dcm.data(), nullptr, 0.0, 0.0, &mu);
            double variance = lm_variance(s);
            mean[i] = (T)mu;
            var[i] = (T)variance;
            dm[i] = (T)s.t1;
            dv[i] = (T)(2 * (s.t2 - s.t1 * s.s1));
            lm_host_item(it, cm.data(), nullptr, gc.data(), (double)gm[i], (double)gv[i], &mu);
            double l, ga, gvi;
            lm_gaussian((double)obs[i], (double)extra[i], mu, variance, &l, &ga, &gvi);
            gMean[i] = (T)mu;
            gVar[i] = (T)variance;
            loss[i] = (T)l;
            vBar[i] = (T)gvi;
            lm_host_item(it, cm.data(), nullptr, gg.data(), ga, gvi, &mu);
            // the diagonal push-pull with weights OBS (mean), EXTRA (variance) and offset GVAR
            double pv = (double)extra[i] * (2 * (s.t2 - s.t1 * s.s1) + (double)gv[i]);
            pVBar[i] = (T)pv;
            lm_host_item(it, cm.data(), nullptr, gp.data(), (double)obs[i] * s.t1, pv, &mu);
        }
        lm_host_back(gc, w, cells, xBar.data() + (size_t)line * cells);
        lm_host_back(gg, w, cells, gBar.data() + (size_t)line * cells);
        lm_host_back(gp, w, cells, pBar.data() + (size_t)line * cells);
    }
    print(mean);
    print(var);
    print(dm);
    print(dv);
    print(xBar);
    print(gMean);
    print(gVar);
    print(loss);
    print(vBar);
    print(gBar);
    print(pVBar);
    print(pBar);
    return 0;
}

// Per pass (value, JVP, VJP, Gaussian, push-pull): the shared doubles lm_layout asks for, after checking that the
// pass's arrays (C, the tangent's C, the cell cotangents, LM_BLOCK / 32 of scratch, the pull-backs' p_j cache) lie
// inside it without overlapping.
static int lmlayout(int cells) {
    const bool tangent[] = {false, true, false, false, true};
    const bool pull[] = {false, false, true, true, true};
    int n = cells + 2;
    for (int p = 0; p < 5; p++) {
        LmLayout s = lm_layout(cells, tangent[p], pull[p]);
        int end = n;  // C occupies [0, n)
        if (tangent[p]) {
            if (s.tangentC < end) return fprintf(stderr, "pass %d: the tangent's C overlaps C\n", p), 3;
            end = s.tangentC + n;
        }
        if (pull[p]) {
            if (s.cotangents < end) return fprintf(stderr, "pass %d: the cotangents overlap\n", p), 3;
            end = s.cotangents + n;
        }
        if (s.scratch < end || s.pcache < s.scratch + LM_BLOCK / LM_LANES) {
            return fprintf(stderr, "pass %d: the scratch overlaps\n", p), 3;
        }
        int pcache = pull[p] ? LM_WARPS * LM_BATCH * LM_PSTEPS * LM_LANES : 0;
        if (s.total < s.pcache + pcache) return fprintf(stderr, "pass %d: the p_j cache exceeds the total\n", p), 3;
        printf("%d\n", s.total);
    }
    // the segments schedule: the same arrays, then the round's item doubles, segment sums and item ints
    for (int p = 0; p < 5; p++) {
        LmLayout base = lm_layout(cells, tangent[p], pull[p]);
        LmsLayout s = lms_layout(cells, tangent[p], pull[p]);
        if (s.tangentC != base.tangentC || s.cotangents != base.cotangents || s.scratch != base.scratch) {
            return fprintf(stderr, "pass %d: the segments layout moves the shared arrays\n", p), 3;
        }
        if (s.items < s.scratch + LM_WARPS || s.sums < s.items + LMS_ITEM_DOUBLES * LM_BLOCK
            || s.ints < s.sums + LMS_CAP * (tangent[p] ? 4 : 2) || s.total * 2 < s.ints * 2 + 3 * LM_BLOCK) {
            return fprintf(stderr, "pass %d: the round's arrays overlap\n", p), 3;
        }
        printf("%d\n", s.total);
    }
    return 0;
}

// The balanced schedule's split of one group of n items [0, n), as line_moments_body computes it: per thread its
// chunk's weight, the block's exclusive scan (lm_host_exclusive, as on the device in double) and total, then lm_cut.
static int lmsplit(int n) {
    std::vector<int> lo((size_t)n), hi((size_t)n);
    for (int i = 0; i < 2 * n; i++) {
        if (scanf("%d", i < n ? &lo[i] : &hi[i - n]) != 1) {
            fprintf(stderr, "expected %d ints\n", 2 * n);
            exit(2);
        }
    }
    int split[LM_WARPS + 1];
    for (int q = 0; q < LM_WARPS; q++) split[q] = 0;
    split[LM_WARPS] = n;
    std::vector<double> before(LM_HOST_BLOCK);
    double total = 0.0;
    for (int t = 0; t < LM_HOST_BLOCK; t++) {
        int k0, k1;
        lm_chunk(n, LM_HOST_BLOCK, t, &k0, &k1);
        before[t] = lm_weight(lo.data(), hi.data(), k0, k1);
        total += before[t];
    }
    lm_host_exclusive(before);
    for (int t = 0; t < LM_HOST_BLOCK; t++) {
        int k0, k1;
        lm_chunk(n, LM_HOST_BLOCK, t, &k0, &k1);
        lm_cut(lo.data(), hi.data(), k0, k1, (int)before[t], (int)total, split);
    }
    for (int q = 0; q <= LM_WARPS; q++) printf("%d\n", split[q]);
    return 0;
}

int main(int argc, char** argv) {
    if (argc >= 5 && strcmp(argv[1], "philox") == 0) {
        uint64_t seed = strtoull(argv[2], nullptr, 10), offset = strtoull(argv[3], nullptr, 10);
        long count = atol(argv[4]);
        for (long i = 0; i < count; i++) {
            uint64_t c = offset + (uint64_t)i;
            Philox4 r = philox4x32_10(c, seed);
            printf("%u %u %u %u %a %a %a\n", r.x0, r.x1, r.x2, r.x3, philox_uniform_double(c, seed),
                   (double)philox_uniform_float(c, seed), philox_normal_double(c, seed));
        }
        return 0;
    }
    if (argc >= 3 && strcmp(argv[1], "fdlibm") == 0) {
        std::vector<double> x = read<double>((size_t)atol(argv[2]));
        for (double v : x) printf("%a %a\n", fdlibm::log(v), fdlibm::cos(v));
        return 0;
    }
    if (argc >= 4 && strcmp(argv[1], "cholesky") == 0) {
        int n = atoi(argv[3]);
        return strcmp(argv[2], "f32") == 0 ? cholesky<float>(n) : cholesky<double>(n);
    }
    if (argc >= 8 && strcmp(argv[1], "trsolve") == 0) {
        int n = atoi(argv[3]);
        long long k = atoll(argv[4]);
        bool lower = atoi(argv[5]) != 0, transpose = atoi(argv[6]) != 0, inPlace = atoi(argv[7]) != 0;
        return strcmp(argv[2], "f32") == 0 ? trsolve<float>(n, k, lower, transpose, inPlace)
                                           : trsolve<double>(n, k, lower, transpose, inPlace);
    }
    if (argc >= 5 && strcmp(argv[1], "windowed") == 0) {
        int np = atoi(argv[3]);
        bool scaled = atoi(argv[4]) != 0, f32 = strcmp(argv[2], "f32") == 0;
        const char* variant = argc >= 6 ? argv[5] : "fast";
        if (strcmp(variant, "wide") == 0) return f32 ? windowed<float, 1>(np, scaled) : windowed<double, 1>(np, scaled);
        if (strcmp(variant, "split") == 0) return f32 ? windowed<float, 2>(np, scaled) : windowed<double, 2>(np, scaled);
        if (strcmp(variant, "pipe") == 0) return f32 ? windowed<float, 3>(np, scaled) : windowed<double, 3>(np, scaled);
        if (strcmp(variant, "gather") == 0) return f32 ? windowed<float, 4>(np, scaled) : windowed<double, 4>(np, scaled);
        return f32 ? windowed<float, 0>(np, scaled) : windowed<double, 0>(np, scaled);
    }
    if (argc >= 3 && strcmp(argv[1], "lmlayout") == 0) {
        return lmlayout(atoi(argv[2]));
    }
    if (argc >= 3 && strcmp(argv[1], "lmsplit") == 0) {
        return lmsplit(atoi(argv[2]));
    }
    if (argc >= 11 && strcmp(argv[1], "linemoments") == 0) {
        int lines = atoi(argv[3]), cells = atoi(argv[4]), groups = atoi(argv[5]), items = atoi(argv[6]);
        int ni = atoi(argv[7]), nd = atoi(argv[8]), perUnit = atoi(argv[10]);
        double zMax = strtod(argv[9], nullptr);
        bool segments = argc >= 12 && strcmp(argv[11], "segments") == 0;
        return strcmp(argv[2], "f32") == 0
                   ? linemoments<float>(lines, cells, groups, items, ni, nd, zMax, perUnit, segments)
                   : linemoments<double>(lines, cells, groups, items, ni, nd, zMax, perUnit, segments);
    }
    fprintf(stderr, "usage: host_check philox SEED OFFSET COUNT | fdlibm N | cholesky f64|f32 N | trsolve f64|f32 N K LOWER TRANSPOSE INPLACE | windowed f64|f32 P SCALED [fast|wide|split|pipe|gather] | linemoments f64|f32 LINES CELLS GROUPS ITEMS NI ND ZMAX PERUNIT [warp|segments] | lmlayout CELLS | lmsplit N\n");
    return 2;
}
