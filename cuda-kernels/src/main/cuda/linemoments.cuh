// Line moments (org.dust4j.core.Backend#lineMoments, its JVP, its VJP and the fused Gaussian pull-back
// Backend#lineMomentsGaussian) over the packed tables of org.dust4j.core.LineMoments:
//   ints    [groupLine (G) | groupStart (G + 1) | lo (n) | hi (n)]
//   doubles [u (N + 1) | w (N) | slope (n) | shift (n) | table of G (SymmetricCdfTable layout)]
//
// One thread block per group (the items of one line), LM_BLOCK threads:
//  - the line's midpoint cumulative sums C (and the tangent's, in the JVP) are built in shared memory by a block
//    scan: each thread sums a chunk of consecutive cells, a warp-shuffle scan plus a pass over the warp totals gives
//    every chunk its prefix, and each thread rewrites its chunk;
//  - each warp takes a contiguous share of the group's items (equal counts; or, with the "balanced" schedule, nearly
//    equal weights by the items' sweep lengths, see lm_cut), in batches of LM_BATCH items. Per item of a batch, one
//    WARP sweeps: the lanes evaluate G at 32 consecutive boundaries at once (coalesced reads of u and C, neighbouring
//    table rows), and the differences p_j of neighbouring lanes (31 per step) weight the shifted sums
//    S1 = Σ p (C − K), S2 = Σ p (C − K)² (K = C at the middle of the item's range), and the JVP's T1 = Σ p dC and
//    T2 = Σ p dC (C − K); a butterfly of shuffles adds the lanes, and lane k of the warp keeps item k's totals;
//  - then the batch's scalar work runs lane-parallel, not once per item on a whole warp: lane k forms item k's
//    mean = K + S1, variance = S2 − S1² (one sweep; the shift keeps the cancellation at the size of the variance
//    itself), dMean = T1, dVariance = 2 (T2 − T1 S1), the Gaussian loss and its cotangents, and writes the outputs
//    (coalesced). The items' fields are read once per batch (lane k reads item k) and shuffled to the sweeps;
//  - the VJP, the Gaussian pull-back and the push-pull then add, item after item, p_j (gMean + 2 gVar (C_j − mean))
//    to the cell cotangents with shared-memory atomics (distinct cells within a warp), with the p_j of the first
//    LM_PSTEPS steps kept in shared memory from the sweep (later steps evaluate G again);
//  - the row cotangent out[k] = w_k (gc[k + 1] / 2 + Σ_{j > k + 1} gc[j]) by the same block scan run backwards.
// Arithmetic in double; FLOAT32 results are rounded once. The per-lane and per-chunk functions are D4J_HD so the host
// self-check (src/test/cuda/host_check.cu) runs them lane by lane in the device's order. Results differ from the CPU
// backend's by rounding only (a few units in the last place of a double): the sums are added in another order than its
// serial loops, G's cubic is evaluated with fused multiply-adds, and the pull-backs' atomics add in an order that
// varies from run to run.
#pragma once
#include "hostdevice.cuh"

// Lanes of a warp, and the boundaries one warp step advances (32 values of F give 31 differences).
#define LM_LANES 32
#define LM_STEP 31

// A read of the packed tables: through the read-only (non-coherent) cache on the device.
template <typename V> D4J_HD V lm_ld(const V* at) {
#ifdef __CUDA_ARCH__
    return __ldg(at);
#else
    return *at;
#endif
}

// G(z) from the interleaved table: SymmetricCdfTable.cdf's interval and cubic, the cubic evaluated with fused
// multiply-adds (10 operations instead of 16, a shorter dependent chain; it differs from the CPU's by rounding only).
D4J_HD double lm_lower_half(const double* table, double zMax, int perUnit, double z) {
    if (!(z > -zMax)) return z != z ? z : 0.0;
    double x = (z + zMax) * perUnit;
    int i = (int)x;
    double t = x - i;
    double s = 1 - t;
    const double* row = table + 2 * i;  // one address, the four values at constant offsets from it
    double v0 = lm_ld(row), d0 = lm_ld(row + 1), v1 = lm_ld(row + 2), d1 = lm_ld(row + 3);
    double t2 = t + t;
    double a = fma(t, d0, fma(t2, v0, v0));          // (1 + 2t) v0 + t d0
    double b = fma(-s, d1, fma(-t2, v1, 3 * v1));    // (3 - 2t) v1 - s d1
    return fma(s * s, a, t * t * b);
}
// G(z) = 1 - G(-z) for z > 0: one evaluation at -|z| for either sign (the same operations as evaluating G(z) or
// G(-z) in the branch of z's sign, so the same result; but the lanes of a warp, whose boundaries straddle the star's
// distance, no longer run both branches one after the other).
D4J_HD double lm_cdf(const double* table, double zMax, int perUnit, double z) {
    double h = lm_lower_half(table, zMax, perUnit, -fabs(z));
    return z > 0 ? 1 - h : h;
}

// The cells [k0, k1) of thread t of a block of bd threads in the column scans.
D4J_HD void lm_chunk(int cells, int bd, int t, int* k0, int* k1) {
    int per = (cells + bd - 1) / bd;
    int a = t * per;
    *k0 = a < cells ? a : cells;
    *k1 = a + per < cells ? a + per : cells;
}
// Forward chunk of the columns: v[k + 1] holds x_k w_k on entry, run the prefix before the chunk; leaves C_k in v[k + 1]
// and returns the prefix after the chunk.
D4J_HD double lm_chunk_forward(double* v, int k0, int k1, double run) {
    for (int k = k0; k < k1; k++) {
        double c = v[k + 1];
        v[k + 1] = run + 0.5 * c;
        run += c;
    }
    return run;
}
D4J_HD double lm_chunk_sum(const double* v, int k0, int k1) {
    double s = 0.0;
    for (int k = k0; k < k1; k++) s += v[k + 1];
    return s;
}
// Backward chunk of the row cotangent: the chunk of reversed positions [k0, k1) covers the cells N - 1 - k0 down to
// N - k1; tail is gc[N + 1] plus the cell cotangents after the chunk. Writes w_k (gc[k + 1] / 2 + tail) to out[k].
D4J_HD void lm_chunk_back(const double* gc, const double* w, int cells, int k0, int k1, double tail, double* out) {
    for (int r = k0; r < k1; r++) {
        int k = cells - 1 - r;
        out[k] = w[k] * (0.5 * gc[k + 1] + tail);
        tail += gc[k + 1];
    }
}
D4J_HD double lm_chunk_back_sum(const double* gc, int cells, int k0, int k1) {
    double s = 0.0;
    for (int r = k0; r < k1; r++) s += gc[cells - r];
    return s;
}

// Threads per block of the line-moments kernels (the Java side launches with this many), and its warps.
#define LM_BLOCK 128
#define LM_WARPS (LM_BLOCK / LM_LANES)
// Items a warp takes at a time ("batch"): their sweeps one after the other, then one lane-parallel pass over the batch
// for the per-item scalar work (moments, Gaussian loss, outputs; lane k does item k).
#define LM_BATCH 8
// Warp steps per item whose p_j a pull-back keeps from the sweep in shared memory (2 · 31 = 62 boundaries; items with
// more evaluate the rest again).
#define LM_PSTEPS 2

// A pass's dynamic shared memory, in doubles from its start: C (at 0), the tangent's C (passes with a tangent), the
// cell cotangents (pull-backs), the block scan's scratch, and in a pull-back each warp's p_j of its batch
// (LM_BATCH · LM_PSTEPS · 32 per warp); `total` is what the launch must provide (CudaBackend computes the same; the
// host self-check compares the two and checks that the arrays do not overlap).
struct LmLayout {
    int tangentC, cotangents, scratch, pcache, total;
};
D4J_HD LmLayout lm_layout(int cells, bool tangent, bool pull) {
    int n = cells + 2;
    LmLayout s;
    s.tangentC = n;
    s.cotangents = tangent ? 2 * n : n;
    s.scratch = (1 + (tangent ? 1 : 0) + (pull ? 1 : 0)) * n;
    s.pcache = s.scratch + LM_WARPS;
    s.total = s.pcache + (pull ? LM_WARPS * LM_BATCH * LM_PSTEPS * LM_LANES : 0);
    return s;
}

// One item: F_j for j = 0 .. m (F_0 = 1, F_m = 0, G in between), p_j = F_j - F_{j+1} weighting C[l + j].
struct LmItem {
    int l, m;
    double a, b;
    const double* u;
    const double* table;
    double zMax;
    int perUnit;
    D4J_HD double f(int j) const {
        return j <= 0 ? 1.0 : j >= m ? 0.0 : lm_cdf(table, zMax, perUnit, lm_ld(u + l + j - 1) * a - b);
    }
    // The index of the shift K = C[mid()], the middle of the evaluated range.
    D4J_HD int mid() const { return l + (m - 1) / 2; }
};

// A lane's shifted sums (S1, S2; T1, T2 in the JVP).
struct LmSums {
    double s1, s2, t1, t2;
};
D4J_HD void lm_add(LmSums& s, double p, double c, bool tangent, double dc) {
    s.s1 += p * c;
    s.s2 += p * c * c;
    if (tangent) {
        s.t1 += p * dc;
        s.t2 += p * dc * c;
    }
}
D4J_HD double lm_variance(const LmSums& s) {
    double v = s.s2 - s.s1 * s.s1;
    return v > 0 ? v : 0.0;
}
// A lane's term of the pull-back into the cell cotangent of C[l + j].
D4J_HD double lm_pull_term(double p, double c, double mu, double ga, double gv2) { return p * (ga + gv2 * (c - mu)); }
// The Gaussian loss (r²/v + log v)/2 of an observation y with extra variance e, r = y - mean, v = e + variance; its
// cotangents with respect to the mean and to the variance.
D4J_HD void lm_gaussian(double y, double e, double mu, double var, double* loss, double* ga, double* gv) {
    double v = e + var;
    double r = y - mu;
    double q = r / v;
    *loss = 0.5 * (r * q + log(v));
    *ga = -q;
    *gv = 0.5 * (1.0 - r * q) / v;
}

enum LmMode { LM_VALUE, LM_JVP, LM_VJP, LM_GAUSSIAN, LM_PUSH_PULL };

// Whether pass MODE has a tangent and whether it pulls back into the cells.
template <int MODE> struct LmPass {
    static constexpr bool tangent = MODE == LM_JVP || MODE == LM_PUSH_PULL;
    static constexpr bool pull = MODE == LM_VJP || MODE == LM_GAUSSIAN || MODE == LM_PUSH_PULL;
};
// The shared arrays every schedule keeps, at a layout's offsets (in doubles): C, the tangent's C, the cell
// cotangents, the block scan's scratch.
struct LmArrays {
    double *cm, *dcm, *gc, *scratch;
    D4J_HD LmArrays(double* shared, int tangentC, int cotangents, int scratchAt)
        : cm(shared), dcm(shared + tangentC), gc(shared + cotangents), scratch(shared + scratchAt) {}
};

// The arrays of the packed tables (the layout at the top of this file).
struct LmTables {
    const int *lo, *hi;
    const double *w, *slope, *offset, *table;
};
D4J_HD LmTables lm_tables(const int* pi, const double* pd, int groups, int items, int cells) {
    LmTables t;
    t.lo = pi + 2 * groups + 1;
    t.hi = t.lo + items;
    t.w = pd + cells + 1;
    t.slope = pd + 2 * cells + 1;
    t.offset = t.slope + items;
    t.table = t.offset + items;
    return t;
}
// A pass's two per-item inputs besides the item itself: (gMean, gVar) in the VJP, (observed, extra variance) in the
// Gaussian pull-back, the push-pull's weights; unused (null) in the other passes.
template <typename T, int MODE> struct LmInputs {
    const T *in0, *in1;
    D4J_HD LmInputs(const T* gMean, const T* gVar, const T* observed, const T* extraVar, const T* meanWeight,
                    const T* varWeight)
        : in0(MODE == LM_GAUSSIAN ? observed : MODE == LM_PUSH_PULL ? meanWeight : gMean),
          in1(MODE == LM_GAUSSIAN ? extraVar : MODE == LM_PUSH_PULL ? varWeight : gVar) {}
};

// Item i's results from its sums s and shift: its outputs of the pass MODE written where valid (mean and variance;
// dMean and dVariance; the Gaussian loss and vBar; the push-pull's vBar), and in a pull-back the cotangents of its mean
// and variance that the pull spreads over the cells (*ga, *gv; zero past the valid items). in0 and in1 are the pass's
// per-item inputs (gMean, gVar; observed, extraVar; meanWeight, varWeight). Returns the mean.
template <typename T, int MODE>
D4J_HD double lm_finish(const LmSums& s, double shift, bool valid, int i, const T* in0, const T* in1,
                        const T* varOffset, T* mean, T* variance, T* dMean, T* dVariance, T* loss, T* vBar, double* ga,
                        double* gv) {
    double mu = shift + s.s1;
    double var = lm_variance(s);
    double dv = 2 * (s.t2 - s.t1 * s.s1);
    if (valid && (MODE == LM_VALUE || MODE == LM_GAUSSIAN)) {
        mean[i] = (T)mu;
        variance[i] = (T)var;
    }
    if (valid && MODE == LM_JVP) {
        dMean[i] = (T)s.t1;
        dVariance[i] = (T)dv;
    }
    *ga = 0.0;
    *gv = 0.0;
    if (MODE == LM_VJP || MODE == LM_GAUSSIAN || MODE == LM_PUSH_PULL) {
        double c0 = valid ? (double)in0[i] : 0.0, c1 = valid ? (double)in1[i] : 0.0;
        if (MODE == LM_GAUSSIAN) {
            if (valid) {
                double lossValue;
                lm_gaussian(c0, c1, mu, var, &lossValue, ga, gv);
                loss[i] = (T)lossValue;
                vBar[i] = (T)*gv;
            }
        } else if (MODE == LM_PUSH_PULL) {
            double c2 = valid && varOffset ? (double)varOffset[i] : 0.0;
            *ga = c0 * s.t1;
            *gv = c1 * (varOffset ? dv + c2 : dv);
            if (valid) vBar[i] = (T)*gv;
        } else {
            *ga = c0;
            *gv = c1;
        }
    }
    return mu;
}

// The item i of a layout, read from the packed tables.
D4J_HD LmItem lm_item(const int* pi, const double* pd, int groups, int items, int cells, double zMax, int perUnit,
                      int i) {
    LmItem it;
    LmTables tb = lm_tables(pi, pd, groups, items, cells);
    it.l = tb.lo[i];
    it.m = tb.hi[i] - tb.lo[i] + 2;
    it.a = tb.slope[i];
    it.b = tb.offset[i];
    it.u = pd;
    it.table = tb.table;
    it.zMax = zMax;
    it.perUnit = perUnit;
    return it;
}

// Balanced warp shares (the "balanced" schedule, CudaBackend's dust4j.cuda.lineMoments): a warp's cost for an item is
// about two units per warp step of its sweep (G, the sums and, in a pull-back, the pull term) plus one for the per-item
// work (the warp sums, the item's fields, its outputs), so the weight of an item of m boundaries is
// 2·ceil(m / LM_STEP) + 1. The group's items are cut into LM_WARPS contiguous shares of nearly equal total weight
// instead of equal counts.
D4J_HD int lm_item_weight(int m) { return 2 * ((m + LM_STEP - 1) / LM_STEP) + 1; }
// The weight of items [i0, i1) (lo and hi as in the packed tables).
D4J_HD int lm_weight(const int* lo, const int* hi, int i0, int i1) {
    int s = 0;
    for (int i = i0; i < i1; i++) s += lm_item_weight(lm_ld(hi + i) - lm_ld(lo + i) + 2);
    return s;
}
// The cut points of the items [i0, i1) of one thread's chunk, whose weights before it sum to `before`, out of the
// group's `total`: for every q = 1 … LM_WARPS - 1 whose target q·total / LM_WARPS (rounded down) falls within the weight
// of an item i of the chunk (before its start < target ≤ its end), split[q] = i or i + 1, whichever boundary is nearer
// the target (i on a tie). Exactly one item of the group holds each positive target, so each split[q] with a positive
// target is written by one thread; split[q] for a target of 0 keeps its initial value (the group's first item).
D4J_HD void lm_cut(const int* lo, const int* hi, int i0, int i1, int before, int total, int* split) {
    int r = before;
    for (int i = i0; i < i1; i++) {
        int w = lm_item_weight(lm_ld(hi + i) - lm_ld(lo + i) + 2);
        for (int q = 1; q < LM_WARPS; q++) {
            int target = (int)((long long)q * total / LM_WARPS);
            if (r < target && target <= r + w) split[q] = target - r <= r + w - target ? i : i + 1;
        }
        r += w;
    }
}

#ifdef __CUDACC__
#include "common.cuh"

#define LM_FULL 0xffffffffu
// Blocks per multiprocessor the compiler must leave registers for: 8 in the value pass (64 registers, no spills;
// 22.8 ms against 25.2 ms at 6 blocks for 54e6 stars), 6 in the others (80 registers: the Gaussian pull-back took
// 42.5 ms at 6 and 48.6 ms at 8, where its shared memory allows only 7 blocks); FullEnergyBench on an H100,
// docs/performance.md, session 4.
#define LM_MIN_BLOCKS_VALUE 8
#define LM_MIN_BLOCKS 6

// Exclusive prefix of v over the threads of the block, in thread order; scratch holds LM_BLOCK / 32 doubles. With total
// not null, every thread also gets the sum over the whole block there.
__device__ double lm_block_exclusive(double v, double* scratch, double* total = nullptr) {
    int lane = threadIdx.x & (LM_LANES - 1), warp = threadIdx.x / LM_LANES;
    double x = v;
    for (int o = 1; o < LM_LANES; o <<= 1) {
        double y = __shfl_up_sync(LM_FULL, x, o);
        if (lane >= o) x += y;
    }
    double before = __shfl_up_sync(LM_FULL, x, 1);
    if (lane == 0) before = 0.0;
    if (lane == LM_LANES - 1) scratch[warp] = x;
    __syncthreads();
    double prefix = 0.0;
    for (int q = 0; q < warp; q++) prefix += scratch[q];
    if (total) {
        double all = prefix;
        for (int q = warp; q < LM_WARPS; q++) all += scratch[q];
        *total = all;
    }
    __syncthreads();  // scratch is reused by the next scan
    return prefix + before;
}

// cm[k + 1] = C at the middle of cell k, cm[0] = 0, cm[N + 1] = the whole row.
template <typename T>
__device__ void lm_columns_block(const T* row, const double* w, int cells, double* cm, double* scratch) {
    for (int k = threadIdx.x; k < cells; k += LM_BLOCK) cm[k + 1] = (double)row[k] * w[k];
    if (threadIdx.x == 0) cm[0] = 0.0;
    __syncthreads();
    int k0, k1;
    lm_chunk(cells, LM_BLOCK, threadIdx.x, &k0, &k1);
    double run = lm_block_exclusive(lm_chunk_sum(cm, k0, k1), scratch);
    run = lm_chunk_forward(cm, k0, k1, run);
    if (threadIdx.x == LM_BLOCK - 1) cm[cells + 1] = run;
    __syncthreads();
}

// A group's start (every schedule): the line's C (and the tangent's) in shared memory; in a pull-back the lines without
// items between the previous group's line and this one (and after the last group's) get a zero cotangent here, so no
// separate fill pass is needed, and the cell cotangents are cleared.
template <typename T, bool TANGENT, bool PULL>
__device__ void lm_group_begin(const int* pi, int lines, int groups, int cells, int g, int line, const double* w,
                               const T* x, const T* tangent, T* xBar, double* cm, double* dcm, double* gc,
                               double* scratch) {
    lm_columns_block(x + (i64)line * cells, w, cells, cm, scratch);
    if (TANGENT) lm_columns_block(tangent + (i64)line * cells, w, cells, dcm, scratch);
    if (PULL) {
        i64 emptyFrom = (g == 0 ? 0 : (i64)lm_ld(pi + g - 1) + 1) * cells, emptyTo = (i64)line * cells;
        for (i64 k = emptyFrom + threadIdx.x; k < emptyTo; k += LM_BLOCK) xBar[k] = (T)0;
        if (g == groups - 1) {
            i64 end = (i64)lines * cells;
            for (i64 k = ((i64)line + 1) * cells + threadIdx.x; k < end; k += LM_BLOCK) xBar[k] = (T)0;
        }
        for (int k = threadIdx.x; k < cells + 2; k += LM_BLOCK) gc[k] = 0.0;
        __syncthreads();
    }
}

// A pull-back group's end, after a barrier behind its items: the row cotangent into cm (no longer needed), then out to
// xBar in coalesced stores.
template <typename T>
__device__ void lm_group_end(int cells, int line, const double* w, double* cm, const double* gc, double* scratch,
                             T* xBar) {
    int k0, k1;
    lm_chunk(cells, LM_BLOCK, threadIdx.x, &k0, &k1);
    double tail = gc[cells + 1] + lm_block_exclusive(lm_chunk_back_sum(gc, cells, k0, k1), scratch);
    lm_chunk_back(gc, w, cells, k0, k1, tail, cm);
    __syncthreads();
    T* out = xBar + (i64)line * cells;
    for (int k = threadIdx.x; k < cells; k += LM_BLOCK) out[k] = (T)cm[k];
    __syncthreads();  // the shared arrays are reused by the next group
}

// One lane's p_j = F_j - F_{j+1} of the warp step at j0 (0 for the lanes past the range; lane 31 only supplies F).
__device__ __forceinline__ double lm_step_p(const LmItem& it, int j0, int lane) {
    int j = j0 + lane;
    double fj = it.f(j);
    double fn = __shfl_down_sync(LM_FULL, fj, 1);
    return lane < LM_STEP && j < it.m ? fj - fn : 0.0;
}

__device__ __forceinline__ double lm_warp_sum(double v) {
    for (int o = LM_LANES / 2; o >= 1; o >>= 1) v += __shfl_xor_sync(LM_FULL, v, o);
    return v;
}

// One warp's sweep over an item: the lanes' shifted sums, added over the warp (every lane gets the totals); in a
// pull-back the first LM_PSTEPS steps' p_j go to pc[step · 32 + lane] for the pull-back after the batch.
template <bool TANGENT, bool PULL>
__device__ __forceinline__ LmSums lm_sweep(const LmItem& it, const double* cm, const double* dcm, double shift, int lane,
                                           double* pc) {
    LmSums s = {0.0, 0.0, 0.0, 0.0};
    int q = 0;
    for (int j0 = 0; j0 < it.m; j0 += LM_STEP, q++) {
        double p = lm_step_p(it, j0, lane);
        int j = j0 + lane;
        if (lane < LM_STEP && j < it.m) lm_add(s, p, cm[it.l + j] - shift, TANGENT, TANGENT ? dcm[it.l + j] : 0.0);
        if (PULL && q < LM_PSTEPS) pc[q * LM_LANES + lane] = p;
    }
    s.s1 = lm_warp_sum(s.s1);
    s.s2 = lm_warp_sum(s.s2);
    if (TANGENT) {
        s.t1 = lm_warp_sum(s.t1);
        s.t2 = lm_warp_sum(s.t2);
    }
    return s;
}

// The passes, one kernel each (compiled apart, so each keeps only its own state in registers): value (mean,
// variance), JVP (tangent, dMean, dVariance), VJP (gMean, gVar, xBar), the Gaussian pull-back (observed, extraVar, mean,
// variance, loss, vBar, xBar) and the diagonal push-pull (tangent, meanWeight, varWeight, varOffset or null, vBar,
// xBar); the other pointers are unused. xBar [lines, N] is written whole (zero on the lines without items); with no
// groups at all the host fills it. Dynamic shared memory: lm_layout.

template <typename T, int MODE>
__device__ void line_moments_body(const int* pi, const double* pd, int lines, int groups, int items, int cells,
                                  double zMax, int perUnit, const T* x, const T* tangent, const T* gMean, const T* gVar,
                                  const T* observed, const T* extraVar, const T* meanWeight, const T* varWeight,
                                  const T* varOffset, T* mean, T* variance, T* dMean, T* dVariance, T* loss, T* vBar,
                                  T* xBar, int balanced) {
    constexpr bool TANGENT = LmPass<MODE>::tangent, PULL = LmPass<MODE>::pull;
    extern __shared__ double lm_shared[];
    LmLayout layout = lm_layout(cells, TANGENT, PULL);
    LmArrays sh(lm_shared, layout.tangentC, layout.cotangents, layout.scratch);
    double *cm = sh.cm, *dcm = sh.dcm, *gc = sh.gc, *scratch = sh.scratch;
    int lane = threadIdx.x & (LM_LANES - 1), warp = threadIdx.x / LM_LANES;
    double* pcache = lm_shared + layout.pcache + warp * (LM_BATCH * LM_PSTEPS * LM_LANES);
    LmTables tb = lm_tables(pi, pd, groups, items, cells);
    const int *lo = tb.lo, *hi = tb.hi;
    const double *w = tb.w, *slope = tb.slope, *offset = tb.offset, *table = tb.table;
    LmInputs<T, MODE> inputs(gMean, gVar, observed, extraVar, meanWeight, varWeight);
    const T *in0 = inputs.in0, *in1 = inputs.in1;
    __shared__ int split[LM_WARPS + 1];  // the balanced schedule's warp shares of the current group
    for (int g = blockIdx.x; g < groups; g += gridDim.x) {
        int line = lm_ld(pi + g);
        int first = lm_ld(pi + groups + g), last = lm_ld(pi + groups + g + 1);
        lm_group_begin<T, TANGENT, PULL>(pi, lines, groups, cells, g, line, w, x, tangent, xBar, cm, dcm, gc, scratch);
        // the warp's contiguous share of the group's items, in batches of LM_BATCH: equal counts, or (balanced) nearly
        // equal weights
        int n = last - first, wFirst, wLast;
        if (balanced) {
            if (threadIdx.x == 0) {
                for (int q = 0; q < LM_WARPS; q++) split[q] = first;
                split[LM_WARPS] = last;
            }
            int k0, k1;
            lm_chunk(n, LM_BLOCK, threadIdx.x, &k0, &k1);
            double total;
            int before = (int)lm_block_exclusive((double)lm_weight(lo, hi, first + k0, first + k1), scratch, &total);
            lm_cut(lo, hi, first + k0, first + k1, before, (int)total, split);
            __syncthreads();
            wFirst = split[warp];
            wLast = split[warp + 1];
        } else {
            int per = (n + LM_WARPS - 1) / LM_WARPS;
            wFirst = first + min(n, warp * per);
            wLast = first + min(n, (warp + 1) * per);
        }
        for (int b0 = wFirst; b0 < wLast; b0 += LM_BATCH) {
            int nb = min(LM_BATCH, wLast - b0);
            // lane k < nb reads item b0 + k; the sweeps take the fields from it by shuffles, and it keeps the item's sums
            bool valid = lane < nb;
            int i = b0 + lane;
            int myL = 0, myM = 1;
            double myA = 0.0, myB = 0.0;
            if (valid) {
                myL = lm_ld(lo + i);
                myM = lm_ld(hi + i) - myL + 2;
                myA = lm_ld(slope + i);
                myB = lm_ld(offset + i);
            }
            LmSums s = {0.0, 0.0, 0.0, 0.0};
            for (int k = 0; k < nb; k++) {  // the same for the whole warp
                LmItem it = {__shfl_sync(LM_FULL, myL, k), __shfl_sync(LM_FULL, myM, k), __shfl_sync(LM_FULL, myA, k),
                             __shfl_sync(LM_FULL, myB, k), pd, table, zMax, perUnit};
                LmSums t = lm_sweep<TANGENT, PULL>(it, cm, dcm, cm[it.mid()], lane, pcache + k * LM_PSTEPS * LM_LANES);
                if (lane == k) s = t;
            }
            // lane-parallel over the batch: lane k forms item k's results
            double ga, gv;
            double mu = lm_finish<T, MODE>(s, cm[myL + (myM - 1) / 2], valid, i, in0, in1, varOffset, mean, variance,
                                           dMean, dVariance, loss, vBar, &ga, &gv);
            if (PULL) {
                // the pull-backs of the batch's items, one after the other, with the p_j of their sweeps
                for (int k = 0; k < nb; k++) {
                    LmItem it = {__shfl_sync(LM_FULL, myL, k), __shfl_sync(LM_FULL, myM, k),
                                 __shfl_sync(LM_FULL, myA, k), __shfl_sync(LM_FULL, myB, k), pd, table, zMax, perUnit};
                    double muK = __shfl_sync(LM_FULL, mu, k), gaK = __shfl_sync(LM_FULL, ga, k);
                    double gv2K = 2 * __shfl_sync(LM_FULL, gv, k);
                    const double* pc = pcache + k * LM_PSTEPS * LM_LANES;
                    int q = 0;
                    for (int j0 = 0; j0 < it.m; j0 += LM_STEP, q++) {
                        double p = q < LM_PSTEPS ? pc[q * LM_LANES + lane] : lm_step_p(it, j0, lane);
                        int j = j0 + lane;
                        if (lane < LM_STEP && j < it.m) {
                            atomicAdd(gc + it.l + j, lm_pull_term(p, cm[it.l + j], muK, gaK, gv2K));
                        }
                    }
                }
            }
        }
        __syncthreads();
        if (PULL) lm_group_end(cells, line, w, cm, gc, scratch, xBar);
    }
}
#define LINE_MOMENTS_PARAMS(T) const int* pi, const double* pd, int lines, int groups, int items, int cells,       \
    double zMax, int perUnit, const T* x, const T* tangent, const T* gMean, const T* gVar, const T* observed,      \
    const T* extraVar, const T* meanWeight, const T* varWeight, const T* varOffset, T* mean, T* variance, T* dMean, \
    T* dVariance, T* loss, T* vBar, T* xBar, int balanced
#define LINE_MOMENTS_ARGS (pi, pd, lines, groups, items, cells, zMax, perUnit, x, tangent, gMean, gVar, observed, \
    extraVar, meanWeight, varWeight, varOffset, mean, variance, dMean, dVariance, loss, vBar, xBar, balanced)
// NAME_f32 and NAME_f64 of one pass, as D4J_F32_F64 but with launch bounds: at least MINB blocks of LM_BLOCK threads
// per multiprocessor (registers capped so enough warps hide the latency of the per-item chains)
#define LINE_MOMENTS_KERNELS(NAME, MODE, MINB)                                                                   \
    D4J_KERNEL void __launch_bounds__(LM_BLOCK, MINB) NAME##_f32(LINE_MOMENTS_PARAMS(float)) {                 \
        line_moments_body<float, MODE> LINE_MOMENTS_ARGS;                                                      \
    }                                                                                                          \
    D4J_KERNEL void __launch_bounds__(LM_BLOCK, MINB) NAME##_f64(LINE_MOMENTS_PARAMS(double)) {                \
        line_moments_body<double, MODE> LINE_MOMENTS_ARGS;                                                     \
    }
LINE_MOMENTS_KERNELS(line_moments_value, LM_VALUE, LM_MIN_BLOCKS_VALUE)
LINE_MOMENTS_KERNELS(line_moments_jvp, LM_JVP, LM_MIN_BLOCKS)
LINE_MOMENTS_KERNELS(line_moments_vjp, LM_VJP, LM_MIN_BLOCKS)
LINE_MOMENTS_KERNELS(line_moments_gaussian, LM_GAUSSIAN, LM_MIN_BLOCKS)
LINE_MOMENTS_KERNELS(line_moments_push_pull, LM_PUSH_PULL, LM_MIN_BLOCKS)
#endif
