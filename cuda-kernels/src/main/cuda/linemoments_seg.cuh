// Line moments, the "segments" schedule (CudaBackend's dust4j.cuda.lineMoments=segments): the passes, tables and
// results of linemoments.cuh, with a THREAD per segment of LMS_SEG consecutive terms of an item instead of a warp per
// item. Per group (one block), as in the warp schedules: the line's C in shared memory by block scans, the cell
// cotangents, the row cotangent (lm_group_begin, lm_group_end). The group's items are then taken in rounds of at most
// LM_BLOCK items holding at most LMS_CAP segments together:
//  1. thread t reads item t of the round and counts its segments, ceil(m / LMS_SEG); a block scan gives every item the
//     end of its segments (segEnd); the round keeps the items whose segments end within LMS_CAP (a prefix of them);
//  2. each thread takes segments t, t + LM_BLOCK, ... of the round: finds the segment's item by a binary search of
//     segEnd, evaluates F at the segment's boundaries one after the other (p_j = F_j - F_{j+1} from consecutive values,
//     LMS_SEG + 1 evaluations for LMS_SEG terms) and writes the segment's shifted sums (S1, S2; T1, T2 in the JVP and
//     the push-pull) to shared memory;
//  3. thread t adds item t's segment sums in segment order (the same order on every run) and forms the item's results
//     (lm_finish, as the warp schedules);
//  4. in a pull-back each thread evaluates its segments' p_j again and adds p_j (ga + 2 gv (C_j - mean)) to the cell
//     cotangents with shared-memory atomics.
// Why: the warp schedules spend a whole warp step (31 boundaries) and the warp sums on every item: for the synthetic
// catalogue (median 29, mean 45.7 terms per item) that is 2.0 steps per item at 74 % lane use and, on the H100,
// about 300 (value pass) to 650 (Gaussian pass) warp instructions per item (docs/performance.md, session 4). Here the
// lanes of a warp are neighbouring segments, each term costs one thread ~30 instructions, and the lanes are filled to
// m / (LMS_SEG ceil(m / LMS_SEG)) of their steps (84 % for that catalogue) plus the round's tail.
//
// Arithmetic in double as in the warp schedules; the sums are added in another order (per segment, then per item), so
// results differ from theirs and from the CPU backend's by rounding only. The value, JVP and ξ̄-free outputs are the
// same bits on every run; the pull-backs' atomics add in an order that varies.
#pragma once
#include "linemoments.cuh"

// Terms per segment, and the most segments a round may hold (an item has at most ceil((cells + 2) / LMS_SEG)
// segments; CudaBackend refuses this schedule where that exceeds LMS_CAP).
#define LMS_SEG 16
#define LMS_CAP 256

// A pass's dynamic shared memory in doubles: C, the tangent's C, the cell cotangents and the scratch as in lm_layout,
// then the round's per-item doubles (slope, offset, shift, mean, ga, 2 gv: LMS_ITEM_DOUBLES · LM_BLOCK), its segments'
// sums (LMS_CAP · 2, or · 4 with a tangent), and its per-item ints (l, m, segEnd: 3 · LM_BLOCK ints). CudaBackend
// computes the same total; the host self-check compares the two and checks that the arrays do not overlap.
#define LMS_ITEM_DOUBLES 6
struct LmsLayout {
    int tangentC, cotangents, scratch, items, sums, ints, total;
};
D4J_HD LmsLayout lms_layout(int cells, bool tangent, bool pull) {
    LmLayout base = lm_layout(cells, tangent, pull);
    LmsLayout s;
    s.tangentC = base.tangentC;
    s.cotangents = base.cotangents;
    s.scratch = base.scratch;
    s.items = base.scratch + LM_WARPS;
    s.sums = s.items + LMS_ITEM_DOUBLES * LM_BLOCK;
    s.ints = s.sums + LMS_CAP * (tangent ? 4 : 2);
    s.total = s.ints + 3 * LM_BLOCK / 2;
    return s;
}

D4J_HD int lms_segments(int m) { return (m + LMS_SEG - 1) / LMS_SEG; }

// The round's arrays in shared memory (on the host: in a vector of lms_layout(...).total doubles).
struct LmsRound {
    double *a, *b, *shift, *mu, *ga, *gv2, *sums;
    int *l, *m, *segEnd;
};
D4J_HD LmsRound lms_round(double* shared, const LmsLayout& layout) {
    LmsRound r;
    double* d = shared + layout.items;
    r.a = d;
    r.b = d + LM_BLOCK;
    r.shift = d + 2 * LM_BLOCK;
    r.mu = d + 3 * LM_BLOCK;
    r.ga = d + 4 * LM_BLOCK;
    r.gv2 = d + 5 * LM_BLOCK;
    r.sums = shared + layout.sums;
    int* n = (int*)(shared + layout.ints);
    r.l = n;
    r.m = n + LM_BLOCK;
    r.segEnd = n + 2 * LM_BLOCK;
    return r;
}

// Phase 1, thread t: the segments of item r0 + t (0 past the group's last item), its fields kept in *l, *m, *a, *b.
D4J_HD int lms_read(const LmTables& tb, int i, bool has, int* l, int* m, double* a, double* b) {
    *l = has ? lm_ld(tb.lo + i) : 0;
    *m = has ? lm_ld(tb.hi + i) - *l + 2 : 1;
    *a = has ? lm_ld(tb.slope + i) : 0.0;
    *b = has ? lm_ld(tb.offset + i) : 0.0;
    return has ? lms_segments(*m) : 0;
}
// Phase 1, thread t after the scan: whether item t belongs to the round (its segments end within LMS_CAP; the items
// that do are a prefix of the round's), and if so its fields and segment end stored.
D4J_HD bool lms_store(const LmsRound& r, int t, bool has, int before, int count, int l, int m, double a, double b,
                      const double* cm) {
    bool in = has && before + count <= LMS_CAP;
    if (in) {
        r.l[t] = l;
        r.m[t] = m;
        r.a[t] = a;
        r.b[t] = b;
        r.shift[t] = cm[l + (m - 1) / 2];
        r.segEnd[t] = before + count;
    }
    return in;
}

// The round's item holding segment q: the first k < n with segEnd[k] > q.
D4J_HD int lms_item_of(const int* segEnd, int n, int q) {
    int a = 0, b = n - 1;
    while (a < b) {
        int mid = (a + b) >> 1;
        if (segEnd[mid] > q) b = mid;
        else a = mid + 1;
    }
    return a;
}

// Segment q of a round of n items: its item k and its terms [*j0, *j1).
D4J_HD LmItem lms_segment(const LmsRound& r, int n, int q, const double* pd, const double* table, double zMax,
                          int perUnit, int* k, int* j0, int* j1) {
    *k = lms_item_of(r.segEnd, n, q);
    int first = *k == 0 ? 0 : r.segEnd[*k - 1];
    LmItem it = {r.l[*k], r.m[*k], r.a[*k], r.b[*k], pd, table, zMax, perUnit};
    *j0 = (q - first) * LMS_SEG;
    *j1 = *j0 + LMS_SEG < it.m ? *j0 + LMS_SEG : it.m;
    return it;
}

// F_{j+1} of an item for 0 <= j < m (it.f(j + 1) without its test for j + 1 <= 0, and with u[l + j] addressed from
// the item's first boundary).
D4J_HD double lms_next(const LmItem& it, int j) {
    return j + 1 < it.m ? lm_cdf(it.table, it.zMax, it.perUnit, lm_ld(it.u + it.l + j) * it.a - it.b) : 0.0;
}

// Phase 2, segment q: its shifted sums into sums[q · NS …] (NS = 4 with a tangent, else 2).
template <bool TANGENT>
D4J_HD void lms_sweep_segment(const LmsRound& r, int n, int q, const double* pd, const double* table, double zMax,
                              int perUnit, const double* cm, const double* dcm) {
    int k, j0, j1;
    LmItem it = lms_segment(r, n, q, pd, table, zMax, perUnit, &k, &j0, &j1);
    double shift = r.shift[k];
    LmSums s = {0.0, 0.0, 0.0, 0.0};
    const double* c = cm + it.l;
    const double* dc = dcm + it.l;
    double f = it.f(j0);
    for (int j = j0; j < j1; j++) {
        double fn = lms_next(it, j);
        lm_add(s, f - fn, c[j] - shift, TANGENT, TANGENT ? dc[j] : 0.0);
        f = fn;
    }
    constexpr int NS = TANGENT ? 4 : 2;
    r.sums[q * NS] = s.s1;
    r.sums[q * NS + 1] = s.s2;
    if (TANGENT) {
        r.sums[q * NS + 2] = s.t1;
        r.sums[q * NS + 3] = s.t2;
    }
}

// Phase 3, thread t < n: item t's sums added over its segments in order, its results (lm_finish), and in a pull-back
// its mean and cotangents kept for phase 4.
template <typename T, int MODE>
D4J_HD void lms_finish_item(const LmsRound& r, int t, int i, const T* in0, const T* in1, const T* varOffset, T* mean,
                            T* variance, T* dMean, T* dVariance, T* loss, T* vBar) {
    constexpr bool TANGENT = LmPass<MODE>::tangent;
    constexpr int NS = TANGENT ? 4 : 2;
    LmSums s = {0.0, 0.0, 0.0, 0.0};
    for (int q = t == 0 ? 0 : r.segEnd[t - 1]; q < r.segEnd[t]; q++) {
        s.s1 += r.sums[q * NS];
        s.s2 += r.sums[q * NS + 1];
        if (TANGENT) {
            s.t1 += r.sums[q * NS + 2];
            s.t2 += r.sums[q * NS + 3];
        }
    }
    double ga, gv;
    double mu = lm_finish<T, MODE>(s, r.shift[t], true, i, in0, in1, varOffset, mean, variance, dMean, dVariance, loss,
                                   vBar, &ga, &gv);
    r.mu[t] = mu;
    r.ga[t] = ga;
    r.gv2[t] = 2 * gv;
}

// *at += v in shared memory: atomic on the device.
D4J_HD void lms_shared_add(double* at, double v) {
#ifdef __CUDA_ARCH__
    atomicAdd(at, v);
#else
    *at += v;
#endif
}

// Phase 4 (pull-backs), segment q: p_j (ga + 2 gv (C_j - mean)) added to the cell cotangents gc.
D4J_HD void lms_pull_segment(const LmsRound& r, int n, int q, const double* pd, const double* table, double zMax,
                             int perUnit, const double* cm, double* gc) {
    int k, j0, j1;
    LmItem it = lms_segment(r, n, q, pd, table, zMax, perUnit, &k, &j0, &j1);
    double mu = r.mu[k], ga = r.ga[k], gv2 = r.gv2[k];
    const double* c = cm + it.l;
    double* g = gc + it.l;
    double f = it.f(j0);
    for (int j = j0; j < j1; j++) {
        double fn = lms_next(it, j);
        lms_shared_add(g + j, lm_pull_term(f - fn, c[j], mu, ga, gv2));
        f = fn;
    }
}

#ifdef __CUDACC__
// Blocks per multiprocessor the registers must allow (not yet tuned on a GPU).
#define LMS_MIN_BLOCKS 8

template <typename T, int MODE>
__device__ void line_moments_seg_body(const int* pi, const double* pd, int lines, int groups, int items, int cells,
                                      double zMax, int perUnit, const T* x, const T* tangent, const T* gMean,
                                      const T* gVar, const T* observed, const T* extraVar, const T* meanWeight,
                                      const T* varWeight, const T* varOffset, T* mean, T* variance, T* dMean,
                                      T* dVariance, T* loss, T* vBar, T* xBar) {
    constexpr bool TANGENT = LmPass<MODE>::tangent, PULL = LmPass<MODE>::pull;
    extern __shared__ double lm_shared[];
    LmsLayout layout = lms_layout(cells, TANGENT, PULL);
    LmArrays sh(lm_shared, layout.tangentC, layout.cotangents, layout.scratch);
    double *cm = sh.cm, *dcm = sh.dcm, *gc = sh.gc, *scratch = sh.scratch;
    LmsRound r = lms_round(lm_shared, layout);
    LmTables tb = lm_tables(pi, pd, groups, items, cells);
    LmInputs<T, MODE> in(gMean, gVar, observed, extraVar, meanWeight, varWeight);
    int t = threadIdx.x;
    for (int g = blockIdx.x; g < groups; g += gridDim.x) {
        int line = lm_ld(pi + g);
        int first = lm_ld(pi + groups + g), last = lm_ld(pi + groups + g + 1);
        lm_group_begin<T, TANGENT, PULL>(pi, lines, groups, cells, g, line, tb.w, x, tangent, xBar, cm, dcm, gc,
                                         scratch);
        for (int r0 = first; r0 < last;) {
            int i = r0 + t, l, m;
            double a, b;
            bool has = i < last;
            int count = lms_read(tb, i, has, &l, &m, &a, &b);
            int before = (int)lm_block_exclusive((double)count, scratch);
            int n = __syncthreads_count(lms_store(r, t, has, before, count, l, m, a, b, cm));  // a barrier too
            int segs = r.segEnd[n - 1];
            for (int q = t; q < segs; q += LM_BLOCK) {
                lms_sweep_segment<TANGENT>(r, n, q, pd, tb.table, zMax, perUnit, cm, dcm);
            }
            __syncthreads();
            if (t < n) {
                lms_finish_item<T, MODE>(r, t, i, in.in0, in.in1, varOffset, mean, variance, dMean, dVariance, loss,
                                         vBar);
            }
            if (PULL) {
                __syncthreads();
                for (int q = t; q < segs; q += LM_BLOCK) lms_pull_segment(r, n, q, pd, tb.table, zMax, perUnit, cm, gc);
            }
            __syncthreads();  // the round's arrays are reused by the next round
            r0 += n;
        }
        if (PULL) lm_group_end(cells, line, tb.w, cm, gc, scratch, xBar);
    }
}
#define LINE_MOMENTS_SEG_ARGS (pi, pd, lines, groups, items, cells, zMax, perUnit, x, tangent, gMean, gVar, observed, \
    extraVar, meanWeight, varWeight, varOffset, mean, variance, dMean, dVariance, loss, vBar, xBar)
// NAME_seg_f32 and NAME_seg_f64 of one pass (the same parameters as the warp schedules' kernels; `balanced` unused).
#define LINE_MOMENTS_SEG_KERNELS(NAME, MODE)                                                                      \
    D4J_KERNEL void __launch_bounds__(LM_BLOCK, LMS_MIN_BLOCKS) NAME##_seg_f32(LINE_MOMENTS_PARAMS(float)) {      \
        line_moments_seg_body<float, MODE> LINE_MOMENTS_SEG_ARGS;                                                \
    }                                                                                                             \
    D4J_KERNEL void __launch_bounds__(LM_BLOCK, LMS_MIN_BLOCKS) NAME##_seg_f64(LINE_MOMENTS_PARAMS(double)) {     \
        line_moments_seg_body<double, MODE> LINE_MOMENTS_SEG_ARGS;                                               \
    }
LINE_MOMENTS_SEG_KERNELS(line_moments_value, LM_VALUE)
LINE_MOMENTS_SEG_KERNELS(line_moments_jvp, LM_JVP)
LINE_MOMENTS_SEG_KERNELS(line_moments_vjp, LM_VJP)
LINE_MOMENTS_SEG_KERNELS(line_moments_gaussian, LM_GAUSSIAN)
LINE_MOMENTS_SEG_KERNELS(line_moments_push_pull, LM_PUSH_PULL)
#endif
