// Windowed gathered matrix-vector products (org.dust4j.core.Backend#windowedMatVec and its adjoint) over the packed
// window tables of org.dust4j.core.WindowLayout:
//   header [m, nc, nf, Nc, Nf, C, outerTable, outerRow], then per factor f at WIN_HEADER + WIN_FACTOR * f:
//   [W_f, nc_f, nf_f, Nc_f, Nf_f, C_f, coarse, fine, class, order, colours_f, colourStart, byClass] (offsets into the
//   array).
// The per-slot functions are D4J_HD so that the host self-check (src/test/cuda/host_check.cu) runs the very code the
// device runs. Products accumulate in double in the order of the CPU backend (Σ_k R·coarse, then Σ_j' D·ξ, added),
// so with --fmad=false the two backends agree to the last bit. The factor count M is a template parameter (the
// kernels switch on it once), so the loops over factors unroll and the per-factor state stays in registers.
#pragma once
#include "hostdevice.cuh"

#define WIN_HEADER 8
#define WIN_FACTOR 13
#define WIN_MAX_FACTORS 4

D4J_HD int win_header(const int* p, int f, int slot) { return p[WIN_HEADER + WIN_FACTOR * f + slot]; }

// The class of the window with factor windows fw.
template <int M> D4J_HD int win_class(const int* p, const int* fw) {
    int cls = 0;
#pragma unroll
    for (int f = 0; f < M; f++) cls = cls * win_header(p, f, 5) + p[win_header(p, f, 8) + fw[f]];
    return cls;
}

// Factor windows of window w (row-major, first factor slowest) into fw; returns the window's class.
template <int M> D4J_HD int win_decode(const int* p, long long w, int* fw) {
#pragma unroll
    for (int f = M - 1; f >= 0; f--) {
        int wf = win_header(p, f, 0);
        fw[f] = (int)(w % wf);
        w /= wf;
    }
    return win_class<M>(p, fw);
}

// Factor windows of the q-th window of the colour tuple (colour[0..M)), last factor fastest.
template <int M> D4J_HD void win_colour_window(const int* p, const int* colour, long long q, int* fw) {
#pragma unroll
    for (int f = M - 1; f >= 0; f--) {
        const int* start = p + win_header(p, f, 11);
        int len = start[colour[f] + 1] - start[colour[f]];
        int at = start[colour[f]] + (int)(q % len);
        q /= len;
        fw[f] = p[win_header(p, f, 9) + at];
    }
}

// The elements of a window's coarse (table slot 6, per-window points slot 1, size slot 3) or fine (7, 2, 4) slots in
// slot order (row-major, last factor fastest), without divisions: an odometer over the factors' slot digits, the
// element being Σ_f row_f[digit_f] · stride_f.
template <int M> struct WinIter {
    const int* row[M];
    int n[M];
    int stride[M];
    int digit[M];

    D4J_HD WinIter(const int* p, const int* fw, int table, int points, int size) {
        int s = 1;
#pragma unroll
        for (int f = M - 1; f >= 0; f--) {
            n[f] = win_header(p, f, points);
            row[f] = p + win_header(p, f, table) + fw[f] * n[f];
            stride[f] = s;
            s *= win_header(p, f, size);
            digit[f] = 0;
        }
    }
    // The element of the current slot.
    D4J_HD int element() const {
        int idx = 0;
#pragma unroll
        for (int f = 0; f < M; f++) idx += row[f][digit[f]] * stride[f];
        return idx;
    }
    // Moves to the next slot (wrapping to slot 0 after the last).
    D4J_HD void next() {
#pragma unroll
        for (int f = M - 1; f >= 0; f--) {
            if (++digit[f] < n[f]) return;
            digit[f] = 0;
        }
    }
    // Moves to slot k (row-major).
    D4J_HD void seek(int k) {
#pragma unroll
        for (int f = M - 1; f >= 0; f--) {
            digit[f] = k % n[f];
            k /= n[f];
        }
    }
};
template <int M> D4J_HD WinIter<M> win_coarse_iter(const int* p, const int* fw) { return WinIter<M>(p, fw, 6, 1, 3); }
template <int M> D4J_HD WinIter<M> win_fine_iter(const int* p, const int* fw) { return WinIter<M>(p, fw, 7, 2, 4); }

// Forward, fine slot j of window w: fine[J] = s[J] (Σ_k R[c, j, k] coarse[K_k] + Σ_q D[c, j, q] ξ[J_q]).
template <typename T, int M>
D4J_HD void win_forward_slot(const int* p, long long w, int j, const T* r, const T* d, const T* s, const T* coarse,
                             const T* xi, T* fine) {
    int fw[M];
    int cls = win_decode<M>(p, w, fw);
    int nc = p[1], nf = p[2];
    const T* rr = r + ((long long)cls * nf + j) * nc;
    const T* dd = d + ((long long)cls * nf + j) * nf;
    double a = 0.0;
    WinIter<M> ck = win_coarse_iter<M>(p, fw);
    for (int k = 0; k < nc; k++, ck.next()) a += (double)rr[k] * (double)coarse[ck.element()];
    double b = 0.0;
    WinIter<M> fq = win_fine_iter<M>(p, fw);
    for (int q = 0; q < nf; q++, fq.next()) b += (double)dd[q] * (double)xi[fq.element()];
    double acc = a + b;
    fq.seek(j);
    int J = fq.element();
    fine[J] = (T)(s ? (double)s[J] * acc : acc);
}

// Number of windows of a colour tuple.
D4J_HD long long win_colour_count(const int* p, const int* colour) {
    long long count = 1;
    for (int f = 0; f < p[0]; f++) {
        const int* start = p + win_header(p, f, 11);
        count *= start[colour[f] + 1] - start[colour[f]];
    }
    return count;
}

// Adjoint, slot t of the q-th window of a colour tuple: t < nf writes ξ̄ at fine slot t,
// t ≥ nf adds the coarse slot k = t - nf (windows of one colour tuple share no coarse element, so no atomics).
template <typename T, int M>
D4J_HD void win_adjoint_slot(const int* p, const int* colour, long long q, int t, const T* r, const T* d, const T* s,
                             const T* g, T* coarseBar, T* xiBar) {
    int fw[M];
    win_colour_window<M>(p, colour, q, fw);
    int cls = win_class<M>(p, fw);
    int nc = p[1], nf = p[2];
    // the column of D (t < nf) or of R (coarse slot t - nf) that multiplies s ⊙ g
    const T* col = t < nf ? d + (long long)cls * nf * nf + t : r + (long long)cls * nf * nc + (t - nf);
    long long stride = t < nf ? nf : nc;
    double acc = 0.0;
    WinIter<M> fj = win_fine_iter<M>(p, fw);
    for (int j = 0; j < nf; j++, fj.next()) {
        int J = fj.element();
        double sg = (double)g[J];
        if (s) sg *= (double)s[J];
        acc += (double)col[j * stride] * sg;
    }
    if (t < nf) {
        fj.seek(t);
        xiBar[fj.element()] = (T)acc;
    } else {
        WinIter<M> ck = win_coarse_iter<M>(p, fw);
        ck.seek(t - nf);
        int K = ck.element();
        coarseBar[K] = (T)((double)coarseBar[K] + acc);
    }
}

// ------------------------------------------------------------------------------------------------------------------
// Class-major path for the common window shapes (the "fast kinds" below; the Java side mirrors win_fast_kind and the
// per-thread row / column counts). The last factor L = M - 1 is the "inner" factor, factors 0 … M-2 the "outer" ones.
// A lane is (chunk of outer windows, inner window wL); it visits its chunk's outer windows in class-major order (each
// outer factor's byClass list, row-major over the outer factors), so consecutive windows of a lane mostly share their
// class and the lane keeps its class's matrix rows (forward) or columns (adjoint) in registers, reloading them only
// when the class changes. Neighbouring lanes are neighbouring inner windows of the same outer window, so a warp's
// gathers of coarse, ξ, g and its stores are contiguous runs of memory along the inner factor (the radius of a
// HEALPix × radius chart). A thread is (lane, group): in the forward a group is WinRows::value fine rows of the
// window; in the adjoint ("fast") WIN_TS columns of [D; R] (fine slots first, then coarse slots), or ("wide", see
// win_fast_adjoint_reduced) the nf fine columns or the coarse columns of 3 outer slots. A lane's groups are
// neighbouring threads of one warp, so the gathers they all make of the lane's window are one request per warp
// instruction.
//
// Arithmetic: float64 keeps the CPU's operations and order (Σ_k R·coarse, Σ_q D·ξ, added, times s; the adjoint's
// Σ_j D·(s g) and Σ_j R·(s g)), so the forward and ξ̄ equal the CPU to the last bit; the coarse cotangent is added
// with atomics in an order that varies from run to run (rounding differences of the order of 1e-16 relative).
// float32 accumulates in float with fused multiply-adds (the CPU accumulates in double and rounds once): products
// and sums of ~35 terms agree with the CPU to a few 1e-7 of the largest term.

#define WIN_BY_CLASS 12

// Fine rows per thread of the forward, per dtype and variant V (0: "fast", the default; 1: "wide", more rows per
// thread: fewer redundant gathers, more registers), and columns per thread of the "fast" adjoint. The Java side
// (WindowedLaunch.groups) mirrors them.
template <typename T, int V> struct WinRows { static constexpr int value = V == 0 ? 2 : 4; };
template <int V> struct WinRows<double, V> { static constexpr int value = V == 0 ? 1 : 2; };
#define WIN_TS 5

// The fast kind of a layout: 0 (use the generic per-slot kernels) or 1 … 4 for an inner factor of 3 coarse / 2 fine
// points and M = 1 (outer nothing), M = 2 (outer 3 / 2: a 2D grid), M = 2 (outer 9 / 4: HEALPix × radius) or
// M = 3 (outer 9 / 4: a 3D grid).
D4J_HD int win_fast_kind(const int* p) {
    int m = p[0];
    if (m < 1 || m > 3 || win_header(p, m - 1, 1) != 3 || win_header(p, m - 1, 2) != 2) return 0;
    int nco = p[1] / 3, nfo = p[2] / 2;
    if (m == 1) return 1;
    if (m == 2 && nco == 3 && nfo == 2) return 2;
    if (nco == 9 && nfo == 4) return m == 2 ? 3 : 4;
    return 0;
}

// Expands X(KIND, M, NCO, NFO, ARG) for every fast kind.
#define WIN_FAST_KINDS(X, ARG) X(1, 1, 1, 1, ARG) X(2, 2, 3, 2, ARG) X(3, 2, 9, 4, ARG) X(4, 3, 9, 4, ARG)
// Expands CALL(M, NCO, NFO) for a fast kind.
#define WIN_FAST_CASE(KIND, M, NCO, NFO, CALL) \
    case KIND: CALL(M, NCO, NFO); break;
#define WIN_FAST_DISPATCH(kind, CALL) \
    switch (kind) { WIN_FAST_KINDS(WIN_FAST_CASE, CALL) }

// Number of outer windows (the product of the outer factors' window counts; 1 for M = 1).
template <int M> D4J_HD int win_outer_count(const int* p) {
    int n = 1;
#pragma unroll
    for (int f = 0; f < M - 1; f++) n *= win_header(p, f, 0);
    return n;
}

// A thread's walk over the outer windows in class-major order, reading the layout's outer table (header slot 6: its
// offset, a multiple of 4; slot 7: the row length R, a multiple of 4): per position [outer class, the outer parts of
// the NCO outer coarse slots' elements, the same for the NFO fine slots, padding]. On the device a row is read with R/4
// int4 loads (the table and the tensor are 16-byte aligned), i.e. a few requests per window instead of a chain of
// dependent table lookups.
template <int NCO, int NFO> struct WinOuterRow {
    static constexpr int R = (1 + NCO + NFO + 3) / 4 * 4;
    const int* at;
    int v[R];

    D4J_HD WinOuterRow(const int* p, int pos) : at(p + p[6] + (long long)pos * R) {}
    // Reads the current row; returns the outer class.
    D4J_HD int decode(const int*) {
#ifdef __CUDA_ARCH__
#pragma unroll
        for (int i = 0; i < R / 4; i++) {
            int4 q = __ldg(reinterpret_cast<const int4*>(at) + i);
            v[4 * i] = q.x;
            v[4 * i + 1] = q.y;
            v[4 * i + 2] = q.z;
            v[4 * i + 3] = q.w;
        }
#else
        for (int i = 0; i < R; i++) v[i] = at[i];
#endif
        return v[0];
    }
    // Moves to the next position.
    D4J_HD void next() { at += R; }
    // The outer parts of the elements of the outer coarse slots: element(slot o · nc_L + l) = out[o] + inner part.
    template <int N> D4J_HD void coarse(const int*, int* out) const {
        static_assert(N == NCO, "the row holds NCO coarse entries");
#pragma unroll
        for (int o = 0; o < N; o++) out[o] = v[1 + o];
    }
    // The same for the fine slots.
    template <int N> D4J_HD void fine(const int*, int* out) const {
        static_assert(N == NFO, "the row holds NFO fine entries");
#pragma unroll
        for (int o = 0; o < N; o++) out[o] = v[1 + NCO + o];
    }
};

// v[o] for the runtime index o < N of a register array (a select chain, so the array stays in registers).
template <int N> D4J_HD int win_pick(const int* v, int o) {
    int e = v[0];
#pragma unroll
    for (int i = 1; i < N; i++) e = o == i ? v[i] : e;
    return e;
}

// a + x·y: double as two roundings (the CPU's order and rounding), float fused.
D4J_HD double win_madd(double a, double x, double y) { return a + x * y; }
D4J_HD float win_madd(float a, float x, float y) { return fmaf(x, y, a); }

// Loads and stores of data touched once (the forward's matrix rows, the outputs): cache-streaming on the device
// (evict-first in L1 and L2), so that the coarse vector, which every window re-reads, stays in L2 longer.
template <typename T> D4J_HD T win_load_once(const T* at) {
#ifdef __CUDA_ARCH__
    return __ldcs(at);
#else
    return *at;
#endif
}
template <typename T> D4J_HD void win_store_once(T* at, T v) {
#ifdef __CUDA_ARCH__
    __stcs(at, v);
#else
    *at = v;
#endif
}

// *at += v; atomic on the device.
template <typename T> D4J_HD void win_add(T* at, T v) {
#ifdef __CUDA_ARCH__
    atomicAdd(at, v);
#else
    *at += v;
#endif
}

// A lane's range of class-major outer positions [from, to) and its inner window.
struct WinLane {
    int from, to, inner;
};
template <int M> D4J_HD WinLane win_lane(const int* p, long long lane, int chunk) {
    int wl = win_header(p, M - 1, 0), outer = win_outer_count<M>(p);
    int c = (int)(lane / wl);
    WinLane l;
    l.inner = (int)(lane % wl);
    l.from = c * chunk;
    l.to = outer - l.from > chunk ? l.from + chunk : outer;
    return l;
}

// Forward, thread (lane, group): fine rows group·JT … group·JT + JT - 1 of every window of the lane.
template <typename T, int M, int NCO, int NFO, int V>
D4J_HD void win_fast_forward(const int* __restrict__ p, long long lane, int group, int chunk,
                             const T* __restrict__ r, const T* __restrict__ d, const T* __restrict__ s,
                             const T* __restrict__ coarse, const T* __restrict__ xi, T* __restrict__ fine) {
    constexpr int NCL = 3, NFL = 2, NC = NCO * NCL, NF = NFO * NFL;
    constexpr int JT = WinRows<T, V>::value < NF ? WinRows<T, V>::value : NF;
    static_assert(NF % JT == 0, "rows per thread must divide the fine points per window");
    const int L = M - 1;
    WinLane ln = win_lane<M>(p, lane, chunk);
    int ci[NCL], fi[NFL], mine[JT], mineOuter[JT];
#pragma unroll
    for (int k = 0; k < NCL; k++) ci[k] = p[win_header(p, L, 6) + ln.inner * NCL + k];
#pragma unroll
    for (int q = 0; q < NFL; q++) fi[q] = p[win_header(p, L, 7) + ln.inner * NFL + q];
#pragma unroll
    for (int u = 0; u < JT; u++) {
        int j = group * JT + u;
        mine[u] = p[win_header(p, L, 7) + ln.inner * NFL + j % NFL];
        mineOuter[u] = j / NFL;
    }
    int innerClass = p[win_header(p, L, 8) + ln.inner], innerClasses = win_header(p, L, 5);
    T rr[JT][NC] = {}, dd[JT][NF] = {};
    int cls = -1;
    WinOuterRow<NCO, NFO> outer(p, ln.from);
    for (int pos = ln.from; pos < ln.to; pos++, outer.next()) {
        int c = outer.decode(p) * innerClasses + innerClass;
        if (c != cls) {
            cls = c;
#pragma unroll
            for (int u = 0; u < JT; u++) {
                long long row = (long long)c * NF + group * JT + u;
#pragma unroll
                for (int k = 0; k < NC; k++) rr[u][k] = win_load_once(r + row * NC + k);
#pragma unroll
                for (int q = 0; q < NF; q++) dd[u][q] = win_load_once(d + row * NF + q);
            }
        }
        int ko[NCO], jo[NFO];
        outer.template coarse<NCO>(p, ko);
        outer.template fine<NFO>(p, jo);
        T a[JT], b[JT];
#pragma unroll
        for (int u = 0; u < JT; u++) a[u] = b[u] = T(0);
#pragma unroll
        for (int o = 0; o < NCO; o++) {
#pragma unroll
            for (int k = 0; k < NCL; k++) {
                T v = coarse[ko[o] + ci[k]];
#pragma unroll
                for (int u = 0; u < JT; u++) a[u] = win_madd(a[u], rr[u][o * NCL + k], v);
            }
        }
#pragma unroll
        for (int o = 0; o < NFO; o++) {
#pragma unroll
            for (int q = 0; q < NFL; q++) {
                T v = xi[jo[o] + fi[q]];
#pragma unroll
                for (int u = 0; u < JT; u++) b[u] = win_madd(b[u], dd[u][o * NFL + q], v);
            }
        }
#pragma unroll
        for (int u = 0; u < JT; u++) {
            int J = win_pick<NFO>(jo, mineOuter[u]) + mine[u];
            T acc = a[u] + b[u];
            win_store_once(fine + J, s ? s[J] * acc : acc);
        }
    }
}

// Adjoint, thread (lane, group): columns t = group·TS + u (< nf + nc) of every window of the lane; t < nf writes ξ̄
// at fine slot t, t ≥ nf adds to the coarse cotangent at coarse slot t - nf.
template <typename T, int M, int NCO, int NFO>
D4J_HD void win_fast_adjoint(const int* __restrict__ p, long long lane, int group, int chunk,
                             const T* __restrict__ r, const T* __restrict__ d, const T* __restrict__ s,
                             const T* __restrict__ g, T* __restrict__ coarseBar, T* __restrict__ xiBar) {
    constexpr int NCL = 3, NFL = 2, NC = NCO * NCL, NF = NFO * NFL, TS = WIN_TS;
    const int L = M - 1;
    WinLane ln = win_lane<M>(p, lane, chunk);
    int fi[NFL], mine[TS], mineOuter[TS];
    bool fineCol[TS], used[TS];
#pragma unroll
    for (int q = 0; q < NFL; q++) fi[q] = p[win_header(p, L, 7) + ln.inner * NFL + q];
#pragma unroll
    for (int u = 0; u < TS; u++) {
        int t = group * TS + u;
        used[u] = t < NF + NC;
        fineCol[u] = t < NF;
        int slot = t < NF ? t : t - NF, nl = t < NF ? NFL : NCL;
        mine[u] = used[u] ? p[win_header(p, L, t < NF ? 7 : 6) + ln.inner * nl + slot % nl] : 0;
        mineOuter[u] = slot / nl;
    }
    int innerClass = p[win_header(p, L, 8) + ln.inner], innerClasses = win_header(p, L, 5);
    T col[TS][NF] = {};
    int cls = -1;
    WinOuterRow<NCO, NFO> outer(p, ln.from);
    for (int pos = ln.from; pos < ln.to; pos++, outer.next()) {
        int c = outer.decode(p) * innerClasses + innerClass;
        if (c != cls) {
            cls = c;
#pragma unroll
            for (int u = 0; u < TS; u++) {
                int t = group * TS + u;
#pragma unroll
                for (int j = 0; j < NF; j++) {
                    long long row = (long long)c * NF + j;
                    col[u][j] = !used[u] ? T(0) : fineCol[u] ? d[row * NF + t] : r[row * NC + (t - NF)];
                }
            }
        }
        int ko[NCO], jo[NFO];
        outer.template coarse<NCO>(p, ko);
        outer.template fine<NFO>(p, jo);
        T sg[NF];
#pragma unroll
        for (int o = 0; o < NFO; o++) {
#pragma unroll
            for (int q = 0; q < NFL; q++) {
                int J = jo[o] + fi[q];
                sg[o * NFL + q] = s ? g[J] * s[J] : g[J];
            }
        }
#pragma unroll
        for (int u = 0; u < TS; u++) {
            if (!used[u]) continue;
            T acc = T(0);
#pragma unroll
            for (int j = 0; j < NF; j++) acc = win_madd(acc, col[u][j], sg[j]);
            if (fineCol[u]) xiBar[win_pick<NFO>(jo, mineOuter[u]) + mine[u]] = acc;
            else win_add(coarseBar + win_pick<NCO>(ko, mineOuter[u]) + mine[u], acc);
        }
    }
}

// Warp exchange for win_fast_adjoint_reduced; on the host (one thread at a time) there is none.
#ifdef __CUDA_ARCH__
#define WIN_WARP 1
template <typename T> __device__ __forceinline__ T win_shfl_up(T v, int delta) {
    return __shfl_up_sync(0xffffffffu, v, delta);
}
template <typename T> __device__ __forceinline__ T win_shfl_down(T v, int delta) {
    return __shfl_down_sync(0xffffffffu, v, delta);
}
#define WIN_LANE_ID ((int)(threadIdx.x & 31))
#else
#define WIN_WARP 0
template <typename T> inline T win_shfl_up(T v, int) { return v; }
template <typename T> inline T win_shfl_down(T v, int) { return v; }
#define WIN_LANE_ID 0
#endif

// Threads per lane of the "wide" adjoint: one for the fine columns, one per 3 outer coarse slots.
template <int NCO> struct WinReducedGroups { static constexpr int value = 1 + (NCO + 2) / 3; };

// The warp sum of the coarse contributions of neighbouring inner windows (wide and pipe adjoints). A lane's G threads
// are neighbouring threads of one warp, all threads of the warp taking part (valid = false past the last lane).
// Neighbouring lanes of one chunk whose inner windows overlap (a regular inner axis: the coarse points of window w
// are w, w+1, w+2) hit the same coarse element with different inner slots; the warp adds those up with shuffles
// first (lane l takes the slot-1 contribution of lane l-1 and the slot-2 one of lane l-2 where the tables say they are
// its slot-0 element and the lanes share the warp and the chunk), so a lane issues about one atomic per outer slot
// instead of three. On the host there is no warp and every contribution is added on its own.
template <int G> struct WinRadialMerge {
    bool recv1, recv2, gone1, gone2;

    D4J_HD WinRadialMerge(const int* p, int L, long long lane, bool valid, const int* ci) {
        int chunkOf = valid ? (int)(lane / win_header(p, L, 0)) : -1;
        int id = WIN_LANE_ID;
        // recvK: my slot-0 element is the slot-K element of lane - K (same chunk, so the same outer window), whose
        // thread of my group is K·G threads before me in the warp
        int up1 = win_shfl_up(ci[1], G), up2 = win_shfl_up(ci[2], 2 * G);
        int upChunk1 = win_shfl_up(chunkOf, G), upChunk2 = win_shfl_up(chunkOf, 2 * G);
        recv1 = WIN_WARP && valid && id >= G && upChunk1 == chunkOf && up1 == ci[0];
        recv2 = WIN_WARP && valid && id >= 2 * G && upChunk2 == chunkOf && up2 == ci[0];
        // goneK: my slot-K contribution is taken by lane + K
        int down1 = win_shfl_down((int)recv1, G), down2 = win_shfl_down((int)recv2, 2 * G);
        gone1 = WIN_WARP && id + G < 32 && down1 != 0;
        gone2 = WIN_WARP && id + 2 * G < 32 && down2 != 0;
    }
    // Adds the contributions c[k] of inner slots k (elements base + ci[k]) where use; every thread of the warp calls it.
    template <typename T> D4J_HD void add(T* base, const int* ci, const T* c, bool use) const {
        T from1 = win_shfl_up(c[1], G), from2 = win_shfl_up(c[2], 2 * G);
        if (use) {
            T total = c[0];
            if (recv1) total += from1;
            if (recv2) total += from2;
            win_add(base + ci[0], total);
            if (!gone1) win_add(base + ci[1], c[1]);
            if (!gone2) win_add(base + ci[2], c[2]);
        }
    }
};

// The matrix columns a thread of the wide or gather adjoint keeps: group 0 the nf columns of D of class classes[0]
// (col[t][j] = D[j, t]); group 1 + q, for its outer coarse slots o = 3q + t and inner slots k, column o·3 + k of R of
// class classes[k] (col[t·3 + k][j] = R[j, o·3 + k]; zero where o ≥ nco or !use[k]).
template <typename T, int NCO, int NFO>
D4J_HD void win_adjoint_columns(const T* __restrict__ r, const T* __restrict__ d, int group, const int* classes,
                                const bool* use, T (*col)[NFO * 2]) {
    constexpr int NCL = 3, NC = NCO * NCL, NF = NFO * 2, TRI = 3;
#pragma unroll
    for (int j = 0; j < NF; j++) {
        if (group == 0) {
            long long row = (long long)classes[0] * NF + j;
#pragma unroll
            for (int t = 0; t < NF; t++) col[t][j] = d[row * NF + t];
        } else {
#pragma unroll
            for (int t = 0; t < TRI; t++) {
                int o = (group - 1) * TRI + t;
#pragma unroll
                for (int k = 0; k < NCL; k++) {
                    long long row = (long long)classes[k] * NF + j;
                    col[t * NCL + k][j] = o < NCO && use[k] ? r[row * NC + o * NCL + k] : T(0);
                }
            }
        }
    }
}

// Adjoint of the "wide" variant, thread (lane, group), the G = WinReducedGroups groups of a lane neighbouring threads
// of one warp, all threads of the warp taking part (valid = false past the last lane). Group 0 writes ξ̄ (all nf
// columns of D), group 1 + q adds the coarse contributions of outer coarse slots 3q … 3q + 2, all 3 inner slots of
// each, summed over neighbouring inner windows in the warp first (WinRadialMerge).
template <typename T, int M, int NCO, int NFO>
D4J_HD void win_fast_adjoint_reduced(const int* __restrict__ p, long long lane, bool valid, int group, int chunk,
                                     const T* __restrict__ r, const T* __restrict__ d, const T* __restrict__ s,
                                     const T* __restrict__ g, T* __restrict__ coarseBar, T* __restrict__ xiBar) {
    constexpr int NCL = 3, NFL = 2, NF = NFO * NFL, TRI = 3, G = WinReducedGroups<NCO>::value;
    static_assert(NF <= TRI * NCL, "the fine columns share the coarse columns' registers");
    const int L = M - 1;
    WinLane ln = {0, 0, 0};
    if (valid) ln = win_lane<M>(p, lane, chunk);
    int fi[NFL], ci[NCL];
#pragma unroll
    for (int q = 0; q < NFL; q++) fi[q] = valid ? p[win_header(p, L, 7) + ln.inner * NFL + q] : 0;
#pragma unroll
    for (int k = 0; k < NCL; k++) ci[k] = valid ? p[win_header(p, L, 6) + ln.inner * NCL + k] : -1;
    WinRadialMerge<G> merge(p, L, lane, valid, ci);
    bool fineGroup = group == 0;
    int mine[NF], mineOuter[NF];
#pragma unroll
    for (int t = 0; t < NF; t++) {
        mine[t] = valid && fineGroup ? p[win_header(p, L, 7) + ln.inner * NFL + t % NFL] : 0;
        mineOuter[t] = t / NFL;
    }
    int innerClass = valid ? p[win_header(p, L, 8) + ln.inner] : 0, innerClasses = win_header(p, L, 5);
    T col[TRI * NCL][NF] = {};  // group 0: the nf columns of D; the others: TRI × NCL columns of R
    int cls = -1;
    WinOuterRow<NCO, NFO> outer(p, ln.from);
    for (int step = 0; step < chunk; step++) {
        int pos = ln.from + step;
        bool active = valid && pos < ln.to;
        int ko[NCO], jo[NFO];
        T sg[NF] = {};
        if (active) {
            int c = outer.decode(p) * innerClasses + innerClass;
            if (c != cls) {
                cls = c;
                const int classes[NCL] = {c, c, c};
                const bool use[NCL] = {true, true, true};
                win_adjoint_columns<T, NCO, NFO>(r, d, group, classes, use, col);
            }
            outer.template coarse<NCO>(p, ko);
            outer.template fine<NFO>(p, jo);
#pragma unroll
            for (int o = 0; o < NFO; o++) {
#pragma unroll
                for (int q = 0; q < NFL; q++) {
                    int J = jo[o] + fi[q];
                    sg[o * NFL + q] = s ? g[J] * s[J] : g[J];
                }
            }
            outer.next();
            if (fineGroup) {
#pragma unroll
                for (int t = 0; t < NF; t++) {
                    T acc = T(0);
#pragma unroll
                    for (int j = 0; j < NF; j++) acc = win_madd(acc, col[t][j], sg[j]);
                    win_store_once(xiBar + win_pick<NFO>(jo, mineOuter[t]) + mine[t], acc);
                }
            }
        }
        // every thread of the warp takes part in the shuffles; the fine group and inactive lanes add nothing
#pragma unroll
        for (int t = 0; t < TRI; t++) {
            int o = (group - 1) * TRI + t;
            bool use = active && !fineGroup && o < NCO;
            T c[NCL];
#pragma unroll
            for (int k = 0; k < NCL; k++) {
                T acc = T(0);
#pragma unroll
                for (int j = 0; j < NF; j++) acc = win_madd(acc, col[t * NCL + k][j], sg[j]);
                c[k] = acc;
            }
            merge.add(coarseBar + (use ? win_pick<NCO>(ko, o) : 0), ci, c, use);
        }
    }
}

// ------------------------------------------------------------------------------------------------------------------
// The "gather" adjoint (issue 5; WindowedLaunch variant "gather", its forward the wide one): the coarse cotangent
// without atomics, in two passes, for the fast kinds whose inner factor is regular (inner window w's coarse points
// w, w + 1, w + 2 and fine points 2w, 2w + 1; WindowedLaunch.gatherApplies).
//  - Pass 1 (win_gather_adjoint), thread (lane, group) with lane = (chunk of outer windows, inner COARSE element e in
//    [0, Nc_L)) instead of an inner window: the lane visits its chunk's outer windows in class-major order as the wide
//    adjoint does; group 0 writes ξ̄ of inner window e where e < W_L (the wide adjoint's fine group: the same bits);
//    group 1 + q takes the outer coarse slots o = 3q … 3q + 2 and sums, for each, the contributions of the inner
//    windows e - 2, e - 1, e (those that exist; slot k of window e - k is element e) — the whole radial sum in one
//    thread, with the columns of R of the three windows' classes in registers (9 × nf values, as many as the wide
//    adjoint keeps) — and stores it to part[(o · outerWindows + position) · Nc_L + e]: every entry once, neighbouring
//    lanes neighbouring entries.
//  - Pass 2 (win_gather_sum), a thread per coarse element (q, e): the entries the layout's outer inverse lists for
//    the outer coarse point q, summed in its order, written (not added) to the coarse cotangent.
// So the coarse cotangent is the same bits on every run, and needs no clearing first; the price is the part buffer
// (nco / 3 · outer windows · Nc_L values: 9 per coarse element for HEALPix × radius), written once and read once,
// against the wide adjoint's ~9 atomics per coarse element at scattered times (session 4: its last level took twice
// the forward's time, 13.97 against 7.05 ms at 6.07·10⁸ voxels).

// Pass 1, thread (lane, group).
template <typename T, int M, int NCO, int NFO>
D4J_HD void win_gather_adjoint(const int* __restrict__ p, long long lane, int group, int chunk,
                               const T* __restrict__ r, const T* __restrict__ d, const T* __restrict__ s,
                               const T* __restrict__ g, T* __restrict__ part, T* __restrict__ xiBar) {
    constexpr int NCL = 3, NFL = 2, NF = NFO * NFL, TRI = 3;
    static_assert(NF <= TRI * NCL, "the fine columns share the coarse columns' registers");
    const int L = M - 1;
    int wl = win_header(p, L, 0), ncl = win_header(p, L, 3), outerWindows = win_outer_count<M>(p);
    int e = (int)(lane % ncl), from = (int)(lane / ncl) * chunk;
    int to = outerWindows - from > chunk ? from + chunk : outerWindows;
    bool fineGroup = group == 0;
    // the inner windows e - k whose slot k is element e: whether each exists, its class and its inner fine elements
    bool has[NCL];
    int innerClass[NCL], fi[NCL][NFL];
#pragma unroll
    for (int k = 0; k < NCL; k++) {
        int w = e - k;
        has[k] = w >= 0 && w < wl;
        innerClass[k] = has[k] ? p[win_header(p, L, 8) + w] : 0;
#pragma unroll
        for (int q = 0; q < NFL; q++) fi[k][q] = has[k] ? p[win_header(p, L, 7) + w * NFL + q] : 0;
    }
    if (fineGroup && !has[0]) return;  // past the last inner window: no ξ̄ to write
    int innerClasses = win_header(p, L, 5);
    T col[TRI * NCL][NF] = {};  // group 0: the nf columns of D; the others: column o·3 + k of R, window e - k's class
    int cls = -1;
    WinOuterRow<NCO, NFO> outer(p, from);
    for (int pos = from; pos < to; pos++, outer.next()) {
        int oc = outer.decode(p);
        if (oc != cls) {
            cls = oc;
            int classes[NCL];
#pragma unroll
            for (int k = 0; k < NCL; k++) classes[k] = oc * innerClasses + innerClass[k];
            win_adjoint_columns<T, NCO, NFO>(r, d, group, classes, has, col);
        }
        int ko[NCO], jo[NFO];
        outer.template coarse<NCO>(p, ko);
        outer.template fine<NFO>(p, jo);
        if (fineGroup) {
            T sg[NF];
#pragma unroll
            for (int o = 0; o < NFO; o++) {
#pragma unroll
                for (int q = 0; q < NFL; q++) {
                    int J = jo[o] + fi[0][q];
                    sg[o * NFL + q] = s ? g[J] * s[J] : g[J];
                }
            }
#pragma unroll
            for (int t = 0; t < NF; t++) {
                T acc = T(0);
#pragma unroll
                for (int j = 0; j < NF; j++) acc = win_madd(acc, col[t][j], sg[j]);
                win_store_once(xiBar + jo[t / NFL] + fi[0][t % NFL], acc);
            }
            continue;
        }
        T sg[NCL][NF];
#pragma unroll
        for (int k = 0; k < NCL; k++) {
#pragma unroll
            for (int o = 0; o < NFO; o++) {
#pragma unroll
                for (int q = 0; q < NFL; q++) {
                    int J = jo[o] + fi[k][q];
                    sg[k][o * NFL + q] = !has[k] ? T(0) : s ? g[J] * s[J] : g[J];
                }
            }
        }
#pragma unroll
        for (int t = 0; t < TRI; t++) {
            int o = (group - 1) * TRI + t;
            if (o >= NCO) continue;
            T acc = T(0);
#pragma unroll
            for (int k = 0; k < NCL; k++) {
#pragma unroll
                for (int j = 0; j < NF; j++) acc = win_madd(acc, col[t * NCL + k][j], sg[k][j]);
            }
            win_store_once(part + ((long long)o * outerWindows + pos) * ncl + e, acc);
        }
    }
}

// Pass 2, coarse element i = q · Nc_L + e: the sum of the part entries that the outer inverse (at inverseAt in the
// packed layout: Q, Q + 1 starts, the entries) lists for q, in its order.
template <typename T>
D4J_HD void win_gather_sum(const int* __restrict__ p, int inverseAt, int ncl, const T* __restrict__ part,
                           T* __restrict__ coarseBar, long long i) {
    const int* inv = p + inverseAt;
    int q = (int)(i / ncl), e = (int)(i % ncl);
    const int* entry = inv + 2 + inv[0];
    T acc = T(0);
    for (int k = inv[1 + q]; k < inv[2 + q]; k++) acc += part[(long long)entry[k] * ncl + e];
    coarseBar[i] = acc;
}

// Forward of the "split" variant. A lane's P = WinReducedGroups groups ("parts", neighbouring threads of one warp)
// split the window's inputs instead of its rows: part 0 gathers the nf ξ values and keeps the nf × nf block of D, part
// 1 + q the 9 coarse values of outer coarse slots 3q … 3q + 2 and the nf × 9 block of R, so every input is gathered
// once (run7: the time of the other variants grew with the number of threads gathering the same window). Each part
// forms partial row sums; the lane's parts add them with shuffles, (p0 + p1) + (p2 + p3) for 4 parts, and part p stores
// rows p·nf/P … In float64 the sums are therefore not in the CPU's order (they agree to rounding).

// A part's block of the class's matrices: rows 0 … nf-1 × its 9 columns (zero past the matrix).
template <typename T, int NCO, int NFO>
D4J_HD void win_split_block(const T* __restrict__ r, const T* __restrict__ d, int c, int part, T (*col)[9]) {
    constexpr int NC = NCO * 3, NF = NFO * 2;
#pragma unroll
    for (int j = 0; j < NF; j++) {
        long long row = (long long)c * NF + j;
#pragma unroll
        for (int t = 0; t < 9; t++) {
            int k = (part - 1) * 9 + t;
            col[j][t] = part == 0 ? (t < NF ? win_load_once(d + row * NF + t) : T(0))
                                  : (k < NC ? win_load_once(r + row * NC + k) : T(0));
        }
    }
}

// A part's partial row sums for one window (outer elements ko, jo; inner elements ci, fi).
template <typename T, int NCO, int NFO>
D4J_HD void win_split_partial(int part, const int* ko, const int* jo, const int* ci, const int* fi,
                              const T* __restrict__ coarse, const T* __restrict__ xi, const T (*col)[9], T* acc) {
    constexpr int NF = NFO * 2;
    T v[9];
#pragma unroll
    for (int t = 0; t < 9; t++) v[t] = T(0);
    if (part == 0) {
#pragma unroll
        for (int o = 0; o < NFO; o++) {
#pragma unroll
            for (int q = 0; q < 2; q++) v[o * 2 + q] = xi[jo[o] + fi[q]];
        }
    } else {
#pragma unroll
        for (int t = 0; t < 3; t++) {
            int o = (part - 1) * 3 + t;
            if (o < NCO) {
                int base = win_pick<NCO>(ko, o);
#pragma unroll
                for (int k = 0; k < 3; k++) v[t * 3 + k] = coarse[base + ci[k]];
            }
        }
    }
#pragma unroll
    for (int j = 0; j < NF; j++) {
        T a = T(0);
#pragma unroll
        for (int t = 0; t < 9; t++) a = win_madd(a, col[j][t], v[t]);
        acc[j] = a;
    }
}

// The element of fine row j of a window (outer fine elements jo, inner fi), for a runtime j.
template <int NFO> D4J_HD int win_fine_row(const int* jo, const int* fi, int j) {
    return win_pick<NFO>(jo, j / 2) + (j % 2 == 0 ? fi[0] : fi[1]);
}

#ifdef __CUDA_ARCH__
// Device: thread (lane, part) of a warp whose threads all take part (valid = false past the last lane).
template <typename T, int M, int NCO, int NFO>
__device__ void win_split_forward(const int* __restrict__ p, long long lane, bool valid, int part, int chunk,
                                  const T* __restrict__ r, const T* __restrict__ d, const T* __restrict__ s,
                                  const T* __restrict__ coarse, const T* __restrict__ xi, T* __restrict__ fine) {
    constexpr int NF = NFO * 2, P = WinReducedGroups<NCO>::value, RPP = NF / P;
    static_assert(NF % P == 0 && NF <= 9, "the parts must share the rows evenly and D must fit a 9-column block");
    const int L = M - 1;
    WinLane ln = {0, 0, 0};
    if (valid) ln = win_lane<M>(p, lane, chunk);
    int ci[3], fi[2];
#pragma unroll
    for (int k = 0; k < 3; k++) ci[k] = valid ? p[win_header(p, L, 6) + ln.inner * 3 + k] : 0;
#pragma unroll
    for (int q = 0; q < 2; q++) fi[q] = valid ? p[win_header(p, L, 7) + ln.inner * 2 + q] : 0;
    int innerClass = valid ? p[win_header(p, L, 8) + ln.inner] : 0, innerClasses = win_header(p, L, 5);
    T col[NF][9] = {};
    int cls = -1;
    WinOuterRow<NCO, NFO> outer(p, ln.from);
    for (int step = 0; step < chunk; step++) {
        bool active = valid && ln.from + step < ln.to;
        int ko[NCO], jo[NFO];
        T acc[NF];
#pragma unroll
        for (int j = 0; j < NF; j++) acc[j] = T(0);
        if (active) {
            int c = outer.decode(p) * innerClasses + innerClass;
            if (c != cls) {
                cls = c;
                win_split_block<T, NCO, NFO>(r, d, c, part, col);
            }
            outer.template coarse<NCO>(p, ko);
            outer.template fine<NFO>(p, jo);
            outer.next();
            win_split_partial<T, NCO, NFO>(part, ko, jo, ci, fi, coarse, xi, col, acc);
        }
#pragma unroll
        for (int m = 1; m < P; m <<= 1) {
#pragma unroll
            for (int j = 0; j < NF; j++) acc[j] += __shfl_xor_sync(0xffffffffu, acc[j], m);
        }
        if (active) {
#pragma unroll
            for (int u = 0; u < RPP; u++) {
                int j = part * RPP + u;
                T sum = acc[0];
#pragma unroll
                for (int i = 1; i < NF; i++) sum = j == i ? acc[i] : sum;
                int J = win_fine_row<NFO>(jo, fi, j);
                win_store_once(fine + J, s ? s[J] * sum : sum);
            }
        }
    }
}
#else
// Host: every part of a lane in turn, the matrices read for every window, the partial sums added in the device's order.
template <typename T, int M, int NCO, int NFO>
void win_split_forward_host(const int* p, long long lane, int chunk, const T* r, const T* d, const T* s,
                            const T* coarse, const T* xi, T* fine) {
    constexpr int NF = NFO * 2, P = WinReducedGroups<NCO>::value;
    const int L = M - 1;
    WinLane ln = win_lane<M>(p, lane, chunk);
    int ci[3], fi[2];
    for (int k = 0; k < 3; k++) ci[k] = p[win_header(p, L, 6) + ln.inner * 3 + k];
    for (int q = 0; q < 2; q++) fi[q] = p[win_header(p, L, 7) + ln.inner * 2 + q];
    int innerClass = p[win_header(p, L, 8) + ln.inner], innerClasses = win_header(p, L, 5);
    WinOuterRow<NCO, NFO> outer(p, ln.from);
    for (int pos = ln.from; pos < ln.to; pos++, outer.next()) {
        int c = outer.decode(p) * innerClasses + innerClass;
        int ko[NCO], jo[NFO];
        outer.template coarse<NCO>(p, ko);
        outer.template fine<NFO>(p, jo);
        T sums[P][NF];
        for (int part = 0; part < P; part++) {
            T col[NF][9];
            win_split_block<T, NCO, NFO>(r, d, c, part, col);
            win_split_partial<T, NCO, NFO>(part, ko, jo, ci, fi, coarse, xi, col, sums[part]);
        }
        for (int m = 1; m < P; m <<= 1) {  // the shuffles' pairwise order: after the steps every part holds the total
            T next[P][NF];
            for (int part = 0; part < P; part++)
                for (int j = 0; j < NF; j++) next[part][j] = sums[part][j] + sums[part ^ m][j];
            for (int part = 0; part < P; part++)
                for (int j = 0; j < NF; j++) sums[part][j] = next[part][j];
        }
        for (int j = 0; j < NF; j++) {
            int J = win_fine_row<NFO>(jo, fi, j);
            fine[J] = s ? s[J] * sums[0][j] : sums[0][j];
        }
    }
}
#endif

// ------------------------------------------------------------------------------------------------------------------
// The "pipe" variant (issue 5): the split variant's division of a lane's work, software-pipelined. A lane's P =
// WinReducedGroups parts (neighbouring threads of one warp) each own a 9-column block of the class's [D | R]
// (win_split_block: part 0 the nf columns of D, part 1 + q the columns of R of outer coarse slots 3q … 3q + 2) and the
// matching inputs (part 0 the nf ξ values, part 1 + q the 9 coarse values of those slots). The profile of the wide
// kernels (session 4: 12.5 % occupancy, 37 % of the stall samples on multiply-adds waiting for their window's
// gathers) showed nothing in flight across windows; here a thread loads the outer-table entries it needs two windows
// ahead and gathers its inputs one window ahead, so the gathers of window k + 1 and the table entries of window k + 2
// are in flight while it multiplies window k. A thread reads only the table entries it uses (the outer class, the
// outer offsets of its inputs and of the elements it writes), as scalar loads, and all parts run the same instructions
// (part-dependent choices are selects), except the adjoint's final stores and atomics. The block is reloaded when the
// class changes.
//
// Forward: part p forms the partial sums of the nf rows over its inputs; the lane's parts reduce-scatter them in
// log2 P shuffle steps (step m = P/2 … 1: keep the half of the remaining rows that bit m of p selects, send the other
// half to part p ^ m), so part p ends with the totals of rows p·nf/P … (p+1)·nf/P - 1, (a0 + a2) + (a1 + a3) for 4
// parts, a0 + a1 for 2 (float64: not the CPU's order, equal to rounding), and stores them (their scale values
// gathered one window ahead too). Adjoint: every part gathers the window's nf values of g and s (the same addresses
// across a lane's parts: one request) and forms its 9 columns' sums Σ_j block[j][t] (s g)_j in the CPU's order; part 0
// writes them to ξ̄, the others add them to the coarse cotangent (WinRadialMerge).
//
// The code runs as a team of TEAM threads of one lane: on the device TEAM = 1 (the thread itself; the exchanges are
// shuffles), in the host self-check TEAM = P (the lane's parts in lockstep; the exchanges read the partner's arrays),
// so the host runs the device's pipeline, prefetch order and reduce-scatter order.

// Read-only loads of the layout tables (the read-only cache on the device).
D4J_HD int win_ldg(const int* at) {
#ifdef __CUDA_ARCH__
    return __ldg(at);
#else
    return *at;
#endif
}

// A pipe thread's fixed share of its lane: part p, the inner elements of its inputs and of the forward rows it stores.
template <int NCO, int NFO> struct WinPipePart {
    static constexpr int NCL = 3, NFL = 2, NC = NCO * NCL, NF = NFO * NFL, K = 9, P = WinReducedGroups<NCO>::value,
                         RPP = NF / P, GN = NFO > NCL ? NFO : NCL;
    static_assert(NF <= K && NF % P == 0 && (P & (P - 1)) == 0,
                  "the pipe kernels need at most 9 fine points per window, shared evenly by a power-of-two of parts");
    int part;
    bool fineInputs;    // part 0: ξ (forward), ξ̄ (adjoint)
    int gIdx, gCount;   // the outer offsets of the part's inputs are the table row's entries gIdx … gIdx + gCount - 1
    int inputs;         // the part's columns within the matrices (the rest of its 9 are zero)
    int inner[K];       // the inner element of input t
    int rowInner[RPP];  // the inner element of the forward rows the part stores

    D4J_HD void init(int part_, const int* ci, const int* fi) {
        part = part_;
        fineInputs = part == 0;
        int q = part - 1;
        gIdx = fineInputs ? 1 + NCO : 1 + NCL * q;
        gCount = fineInputs ? NFO : (NCO - NCL * q < NCL ? NCO - NCL * q : NCL);
        inputs = fineInputs ? NF : (NC - K * q < K ? NC - K * q : K);
#pragma unroll
        for (int t = 0; t < K; t++) inner[t] = fineInputs ? fi[t % NFL] : ci[t % NCL];
#pragma unroll
        for (int u = 0; u < RPP; u++) rowInner[u] = (part * RPP + u) % NFL == 0 ? fi[0] : fi[1];
    }
    // The element of input t of a window whose part entries are e.
    D4J_HD int element(const int* e, int t) const {
        int f = t / NFL < GN ? t / NFL : GN - 1;  // (t = 8 of part 0 is no input)
        return (fineInputs ? e[f] : e[t / NCL]) + inner[t];
    }
};

// The table entries of one window that a pipe thread reads: the outer class, the outer offsets of its inputs (e) and
// SN further entries (forward: of the rows it stores; adjoint: of all outer fine slots).
template <int GN, int SN> struct WinPipeRow {
    int cls;
    int e[GN];
    int so[SN];
};

// Reads row pos of the outer table into row (nothing where !use: class -1).
template <int NCO, int NFO, int SN>
D4J_HD void win_pipe_row(const int* __restrict__ table, int pos, bool use, const WinPipePart<NCO, NFO>& pp,
                         const int* sIdx, WinPipeRow<WinPipePart<NCO, NFO>::GN, SN>& row) {
    constexpr int GN = WinPipePart<NCO, NFO>::GN, R = WinOuterRow<NCO, NFO>::R;
    const int* at = table + (long long)(use ? pos : 0) * R;
    row.cls = use ? win_ldg(at) : -1;
#pragma unroll
    for (int o = 0; o < GN; o++) row.e[o] = use && o < pp.gCount ? win_ldg(at + pp.gIdx + o) : 0;
#pragma unroll
    for (int u = 0; u < SN; u++) row.so[u] = use ? win_ldg(at + sIdx[u]) : 0;
}

// Reduce-scatter of the team's partial row sums acc[u][0 … NF) over the lane's P parts (see above); afterwards
// acc[u][0 … NF/P) holds the totals of the part's rows.
template <typename T, int NF, int P, int TEAM> D4J_HD void win_pipe_reduce_scatter(T (*acc)[NF], const int* part) {
    int n = NF;
#pragma unroll
    for (int m = P / 2; m >= 1; m >>= 1) {
        int half = n / 2;
        T send[TEAM][NF / 2], keep[TEAM][NF / 2];
#pragma unroll
        for (int u = 0; u < TEAM; u++) {
            bool up = (part[u] & m) != 0;
#pragma unroll
            for (int i = 0; i < NF / 2; i++) {
                if (i < half) {
                    send[u][i] = up ? acc[u][i] : acc[u][half + i];
                    keep[u][i] = up ? acc[u][half + i] : acc[u][i];
                }
            }
        }
#pragma unroll
        for (int u = 0; u < TEAM; u++) {
#pragma unroll
            for (int i = 0; i < NF / 2; i++) {
                if (i < half) {
#ifdef __CUDA_ARCH__
                    acc[u][i] = keep[u][i] + __shfl_xor_sync(0xffffffffu, send[u][i], m);
#else
                    acc[u][i] = keep[u][i] + send[u ^ m][i];
#endif
                }
            }
        }
        n = half;
    }
}

// The lane's fixed data of the pipe kernels: lane range, inner elements (ci = invalidInner past the last lane) and
// inner class.
template <int M> struct WinPipeLane {
    WinLane ln;
    int ci[3], fi[2];
    int innerClass, innerClasses;
    const int* table;

    D4J_HD WinPipeLane(const int* p, long long lane, bool valid, int chunk, int invalidInner) {
        const int L = M - 1;
        ln = valid ? win_lane<M>(p, lane, chunk) : WinLane{0, 0, 0};
#pragma unroll
        for (int k = 0; k < 3; k++) ci[k] = valid ? p[win_header(p, L, 6) + ln.inner * 3 + k] : invalidInner;
#pragma unroll
        for (int q = 0; q < 2; q++) fi[q] = valid ? p[win_header(p, L, 7) + ln.inner * 2 + q] : 0;
        innerClass = valid ? p[win_header(p, L, 8) + ln.inner] : 0;
        innerClasses = win_header(p, L, 5);
        table = p + p[6];
    }
    // Whether chunk position pos of the lane exists.
    D4J_HD bool has(bool valid, int pos) const { return valid && pos < ln.to; }
};

// The state both directions of the pipe kernels keep: the lane, the team's parts, the outer-table rows of windows pos
// (A), pos + 1 (B) and pos + 2 (C, in flight) and each part's block of the current class.
template <typename T, int M, int NCO, int NFO, int TEAM> struct WinPipeTeam {
    using PP = WinPipePart<NCO, NFO>;
    using Row = WinPipeRow<PP::GN, PP::RPP>;
    static constexpr int K = PP::K, NF = PP::NF, RPP = PP::RPP;
    WinPipeLane<M> l;
    bool valid;
    PP pp[TEAM];
    int part[TEAM], sIdx[TEAM][RPP], cls[TEAM];
    Row rowA[TEAM], rowB[TEAM], rowC[TEAM];
    T block[TEAM][NF][K];

    D4J_HD WinPipeTeam(const int* p, long long lane, bool valid_, int part0, int chunk, int invalidInner)
        : l(p, lane, valid_, chunk, invalidInner), valid(valid_) {
        int from = l.ln.from;
#pragma unroll
        for (int u = 0; u < TEAM; u++) {
            part[u] = part0 + u;
            pp[u].init(part[u], l.ci, l.fi);
#pragma unroll
            for (int v = 0; v < RPP; v++) sIdx[u][v] = 1 + NCO + (part[u] * RPP + v) / PP::NFL;
            cls[u] = -1;
#pragma unroll
            for (int j = 0; j < NF; j++) {
#pragma unroll
                for (int t = 0; t < K; t++) block[u][j][t] = T(0);
            }
            win_pipe_row<NCO, NFO, RPP>(l.table, from, has(from), pp[u], sIdx[u], rowA[u]);
            win_pipe_row<NCO, NFO, RPP>(l.table, from + 1, has(from + 1), pp[u], sIdx[u], rowB[u]);
        }
    }
    // Whether chunk position pos of the lane exists.
    D4J_HD bool has(int pos) const { return l.has(valid, pos); }
    // Part u at window pos: issues the table reads of window pos + 2 (row C) and reloads the block where window pos
    // (row A) starts a new class.
    D4J_HD void enter(int u, int pos, const T* __restrict__ r, const T* __restrict__ d) {
        win_pipe_row<NCO, NFO, RPP>(l.table, pos + 2, has(pos + 2), pp[u], sIdx[u], rowC[u]);
        if (has(pos)) {
            int c = rowA[u].cls * l.innerClasses + l.innerClass;
            if (c != cls[u]) {
                cls[u] = c;
                win_split_block<T, NCO, NFO>(r, d, c, part[u], block[u]);
            }
        }
    }
    // Moves part u's rows on by one window.
    D4J_HD void rotate(int u) {
        rowA[u] = rowB[u];
        rowB[u] = rowC[u];
    }
};

// Forward of the pipe variant, team (lane, parts part0 … part0 + TEAM - 1).
template <typename T, int M, int NCO, int NFO, int TEAM>
D4J_HD void win_pipe_forward(const int* __restrict__ p, long long lane, bool valid, int part0, int chunk,
                             const T* __restrict__ r, const T* __restrict__ d, const T* __restrict__ s,
                             const T* __restrict__ coarse, const T* __restrict__ xi, T* __restrict__ fine) {
    using Team = WinPipeTeam<T, M, NCO, NFO, TEAM>;
    constexpr int K = Team::K, NF = Team::NF, P = Team::PP::P, RPP = Team::RPP;
    Team tm(p, lane, valid, part0, chunk, 0);
    const T* src[TEAM];
    T vA[TEAM][K], vB[TEAM][K], sA[TEAM][RPP], sB[TEAM][RPP];
    // the inputs of window `at` (row w) into v, its rows' scale values into sv
#define WIN_PIPE_GATHER(u, w, at, v, sv)                                                                               \
    {                                                                                                                  \
        bool use = tm.has(at);                                                                                         \
        _Pragma("unroll") for (int t = 0; t < K; t++) v[u][t] =                                                        \
            use && t < tm.pp[u].inputs ? src[u][tm.pp[u].element(tm.w[u].e, t)] : T(0);                                \
        _Pragma("unroll") for (int q = 0; q < RPP; q++) sv[u][q] =                                                     \
            use && s ? s[tm.w[u].so[q] + tm.pp[u].rowInner[q]] : T(1);                                                 \
    }
    int from = tm.l.ln.from;
#pragma unroll
    for (int u = 0; u < TEAM; u++) {
        src[u] = tm.pp[u].fineInputs ? xi : coarse;
        WIN_PIPE_GATHER(u, rowA, from, vA, sA)
    }
#pragma unroll 1
    for (int step = 0; step < chunk; step++) {
        int pos = from + step;
        bool active = tm.has(pos);
        T acc[TEAM][NF];
#pragma unroll
        for (int u = 0; u < TEAM; u++) {
            tm.enter(u, pos, r, d);
            WIN_PIPE_GATHER(u, rowB, pos + 1, vB, sB)
#pragma unroll
            for (int j = 0; j < NF; j++) {
                T a = T(0);
#pragma unroll
                for (int t = 0; t < K; t++) a = win_madd(a, tm.block[u][j][t], vA[u][t]);
                acc[u][j] = active ? a : T(0);
            }
        }
        win_pipe_reduce_scatter<T, NF, P, TEAM>(acc, tm.part);
#pragma unroll
        for (int u = 0; u < TEAM; u++) {
            if (active) {
#pragma unroll
                for (int q = 0; q < RPP; q++)
                    win_store_once(fine + tm.rowA[u].so[q] + tm.pp[u].rowInner[q],
                                   s ? sA[u][q] * acc[u][q] : acc[u][q]);
            }
            tm.rotate(u);
#pragma unroll
            for (int t = 0; t < K; t++) vA[u][t] = vB[u][t];
#pragma unroll
            for (int q = 0; q < RPP; q++) sA[u][q] = sB[u][q];
        }
    }
#undef WIN_PIPE_GATHER
}

// The lane's values all[j] = mine[j % RPP] of part j / RPP, for every part (a shuffle per value on the device).
template <typename T, int NF, int RPP, int TEAM>
D4J_HD void win_pipe_all_gather(const T (*mine)[RPP], const int* part, T (*all)[NF]) {
#pragma unroll
    for (int u = 0; u < TEAM; u++) {
#pragma unroll
        for (int j = 0; j < NF; j++) {
#ifdef __CUDA_ARCH__
            all[u][j] = __shfl_sync(0xffffffffu, mine[u][j % RPP], (int)(threadIdx.x & 31) - part[u] + j / RPP);
#else
            all[u][j] = mine[j / RPP][j % RPP];
#endif
        }
    }
}

// Adjoint of the pipe variant, team (lane, parts part0 … part0 + TEAM - 1). Part p gathers the g and s values of the
// fine slots p·nf/P … (its forward rows) one window ahead; the lane's parts exchange their products s ⊙ g.
template <typename T, int M, int NCO, int NFO, int TEAM>
D4J_HD void win_pipe_adjoint(const int* __restrict__ p, long long lane, bool valid, int part0, int chunk,
                             const T* __restrict__ r, const T* __restrict__ d, const T* __restrict__ s,
                             const T* __restrict__ g, T* __restrict__ coarseBar, T* __restrict__ xiBar) {
    using Team = WinPipeTeam<T, M, NCO, NFO, TEAM>;
    constexpr int K = Team::K, NF = Team::NF, NCL = Team::PP::NCL, NFL = Team::PP::NFL, P = Team::PP::P,
                  RPP = Team::RPP;
    Team tm(p, lane, valid, part0, chunk, -1);
    WinRadialMerge<P> merge(p, M - 1, lane, valid, tm.l.ci);
    T gA[TEAM][RPP], gB[TEAM][RPP], sA[TEAM][RPP], sB[TEAM][RPP];
    // the g and s values of the part's fine slots of window `at` (row w) into gv, sv
#define WIN_PIPE_GATHER(u, w, at, gv, sv)                                                                              \
    {                                                                                                                  \
        bool use = tm.has(at);                                                                                         \
        _Pragma("unroll") for (int q = 0; q < RPP; q++) {                                                              \
            int J = tm.w[u].so[q] + tm.pp[u].rowInner[q];                                                              \
            gv[u][q] = use ? g[J] : T(0);                                                                              \
            sv[u][q] = use && s ? s[J] : T(1);                                                                         \
        }                                                                                                              \
    }
    int from = tm.l.ln.from;
#pragma unroll
    for (int u = 0; u < TEAM; u++) WIN_PIPE_GATHER(u, rowA, from, gA, sA)
#pragma unroll 1
    for (int step = 0; step < chunk; step++) {
        int pos = from + step;
        bool active = tm.has(pos);
        T mine[TEAM][RPP], sg[TEAM][NF];
#pragma unroll
        for (int u = 0; u < TEAM; u++) {
            tm.enter(u, pos, r, d);
            WIN_PIPE_GATHER(u, rowB, pos + 1, gB, sB)
#pragma unroll
            for (int q = 0; q < RPP; q++) mine[u][q] = s ? gA[u][q] * sA[u][q] : gA[u][q];
        }
        win_pipe_all_gather<T, NF, RPP, TEAM>(mine, tm.part, sg);
#pragma unroll
        for (int u = 0; u < TEAM; u++) {
            T out[K];
#pragma unroll
            for (int t = 0; t < K; t++) {
                T a = T(0);
#pragma unroll
                for (int j = 0; j < NF; j++) a = win_madd(a, tm.block[u][j][t], sg[u][j]);
                out[t] = a;
            }
            const auto& row = tm.rowA[u];
            if (active && tm.pp[u].fineInputs) {
#pragma unroll
                for (int t = 0; t < NF; t++) win_store_once(xiBar + row.e[t / NFL] + tm.l.fi[t % NFL], out[t]);
            }
            // every thread of the warp takes part in the merge's shuffles; part 0 and inactive lanes add nothing
#pragma unroll
            for (int o = 0; o < NCL; o++) {
                bool use = active && !tm.pp[u].fineInputs && o < tm.pp[u].gCount;
                merge.add(coarseBar + (use ? row.e[o] : 0), tm.l.ci, out + NCL * o, use);
            }
            tm.rotate(u);
#pragma unroll
            for (int q = 0; q < RPP; q++) {
                gA[u][q] = gB[u][q];
                sA[u][q] = sB[u][q];
            }
        }
    }
#undef WIN_PIPE_GATHER
}

// Expands CALL(M) with the layout's factor count M (1 … WIN_MAX_FACTORS) as a compile-time constant.
#define WIN_DISPATCH(p, CALL)          \
    switch ((p)[0]) {                   \
        case 1: CALL(1); break;         \
        case 2: CALL(2); break;         \
        case 3: CALL(3); break;         \
        default: CALL(4); break;        \
    }

#ifdef __CUDACC__
#include "common.cuh"

// One thread per (window, fine slot): W·nf threads in a grid-stride loop.
template <typename T>
__device__ void windowed_matvec_body(const int* p, const T* r, const T* d, const T* s, const T* coarse, const T* xi,
                                     T* fine, i64 total) {
    int nf = p[2];
#define WIN_FORWARD_LOOP(M) \
    GRID_STRIDE_LOOP(i, total) win_forward_slot<T, M>(p, i / nf, (int)(i % nf), r, d, s, coarse, xi, fine)
    WIN_DISPATCH(p, WIN_FORWARD_LOOP)
#undef WIN_FORWARD_LOOP
}
#define WINDOWED_MATVEC_PARAMS(T) const int* p, const T* r, const T* d, const T* s, const T* coarse, const T* xi, \
    T* fine, i64 total
D4J_F32_F64(windowed_matvec, windowed_matvec_body, WINDOWED_MATVEC_PARAMS, (p, r, d, s, coarse, xi, fine, total))

// One colour tuple (c0..c3): one thread per (window of the tuple, slot of nf + nc).
template <typename T>
__device__ void windowed_matvec_adjoint_body(const int* p, int c0, int c1, int c2, int c3, const T* r, const T* d,
                                             const T* s, const T* g, T* coarseBar, T* xiBar, i64 total) {
    int colour[WIN_MAX_FACTORS] = {c0, c1, c2, c3};
    int slots = p[1] + p[2];
#define WIN_ADJOINT_LOOP(M) \
    GRID_STRIDE_LOOP(i, total) win_adjoint_slot<T, M>(p, colour, i / slots, (int)(i % slots), r, d, s, g, coarseBar, xiBar)
    WIN_DISPATCH(p, WIN_ADJOINT_LOOP)
#undef WIN_ADJOINT_LOOP
}
#define WINDOWED_MATVEC_ADJOINT_PARAMS(T) const int* p, int c0, int c1, int c2, int c3, const T* r, const T* d, \
    const T* s, const T* g, T* coarseBar, T* xiBar, i64 total
D4J_F32_F64(windowed_matvec_adjoint, windowed_matvec_adjoint_body, WINDOWED_MATVEC_ADJOINT_PARAMS,
            (p, c0, c1, c2, c3, r, d, s, g, coarseBar, xiBar, total))
#endif

#ifdef __CUDACC__
// Class-major kernels of the fast kinds: blocks of 32 lanes × groups threads (at most WIN_FAST_BLOCK), thread
// (lane = 32·block + threadIdx / groups, group = threadIdx % groups); V selects the variant (0 fast, 1 wide).
#define WIN_FAST_BLOCK 256

template <typename T, int V>
__device__ void windowed_matvec_fast_body(const int* p, int kind, int chunk, const T* r, const T* d, const T* s,
                                          const T* coarse, const T* xi, T* fine, i64 lanes) {
    // a lane's groups are neighbouring threads of one warp, so the gathers they all make of the lane's window are one
    // request per warp instruction (in separate warps, each made its own L2 requests)
    int nf = p[2], rows = WinRows<T, V>::value, groups = nf / (rows < nf ? rows : nf);
    i64 lane = (i64)blockIdx.x * 32 + threadIdx.x / groups;
    int group = (int)(threadIdx.x % groups);
    if (lane >= lanes) return;
#define WIN_FAST_FORWARD(M, NCO, NFO) \
    win_fast_forward<T, M, NCO, NFO, V>(p, lane, group, chunk, r, d, s, coarse, xi, fine)
    WIN_FAST_DISPATCH(kind, WIN_FAST_FORWARD)
#undef WIN_FAST_FORWARD
}

template <typename T>
__device__ void windowed_matvec_split_body(const int* p, int kind, int chunk, const T* r, const T* d, const T* s,
                                           const T* coarse, const T* xi, T* fine, i64 lanes) {
#define WIN_SPLIT_FORWARD(M, NCO, NFO)                                                                          \
    {                                                                                                          \
        constexpr int G = WinReducedGroups<NCO>::value;                                                        \
        i64 lane = (i64)blockIdx.x * 32 + threadIdx.x / G;                                                     \
        win_split_forward<T, M, NCO, NFO>(p, lane, lane < lanes, (int)(threadIdx.x % G), chunk, r, d, s, coarse, \
                                          xi, fine);                                                           \
    }
    WIN_FAST_DISPATCH(kind, WIN_SPLIT_FORWARD)
#undef WIN_SPLIT_FORWARD
}

template <typename T, int V>
__device__ void windowed_matvec_adjoint_fast_body(const int* p, int kind, int chunk, const T* r, const T* d,
                                                  const T* s, const T* g, T* coarseBar, T* xiBar, i64 lanes) {
    if (V == 1) {  // the whole warp stays for the shuffles
#define WIN_FAST_ADJOINT(M, NCO, NFO)                                                                          \
    {                                                                                                          \
        constexpr int G = WinReducedGroups<NCO>::value;                                                        \
        i64 lane = (i64)blockIdx.x * 32 + threadIdx.x / G;                                                     \
        win_fast_adjoint_reduced<T, M, NCO, NFO>(p, lane, lane < lanes, (int)(threadIdx.x % G), chunk, r, d, s, \
                                                 g, coarseBar, xiBar);                                         \
    }
        WIN_FAST_DISPATCH(kind, WIN_FAST_ADJOINT)
#undef WIN_FAST_ADJOINT
        return;
    }
    // a lane's groups are neighbouring threads, as in the forward
    int groups = (p[1] + p[2] + WIN_TS - 1) / WIN_TS;
    i64 lane = (i64)blockIdx.x * 32 + threadIdx.x / groups;
    int group = (int)(threadIdx.x % groups);
    if (lane >= lanes) return;
#define WIN_FAST_ADJOINT(M, NCO, NFO) \
    win_fast_adjoint<T, M, NCO, NFO>(p, lane, group, chunk, r, d, s, g, coarseBar, xiBar)
    WIN_FAST_DISPATCH(kind, WIN_FAST_ADJOINT)
#undef WIN_FAST_ADJOINT
}

#define WIN_FAST_KERNELS(T, SUFFIX, NAME, V)                                                                           \
    extern "C" __global__ void __launch_bounds__(WIN_FAST_BLOCK, 1)                                                    \
        windowed_matvec_##NAME##_##SUFFIX(const int* p, int kind, int chunk, const T* r, const T* d, const T* s,       \
                                          const T* coarse, const T* xi, T* fine, i64 lanes) {                          \
        windowed_matvec_fast_body<T, V>(p, kind, chunk, r, d, s, coarse, xi, fine, lanes);                            \
    }                                                                                                                  \
    extern "C" __global__ void __launch_bounds__(WIN_FAST_BLOCK, 1)                                                    \
        windowed_matvec_adjoint_##NAME##_##SUFFIX(const int* p, int kind, int chunk, const T* r, const T* d,           \
                                                  const T* s, const T* g, T* coarseBar, T* xiBar, i64 lanes) {         \
        windowed_matvec_adjoint_fast_body<T, V>(p, kind, chunk, r, d, s, g, coarseBar, xiBar, lanes);                 \
    }
// (at most 255 registers: capping them lower, at 128, made some of these kernels spill on sm_80 or sm_90)
WIN_FAST_KERNELS(float, f32, fast, 0)
WIN_FAST_KERNELS(double, f64, fast, 0)
WIN_FAST_KERNELS(float, f32, wide, 1)
WIN_FAST_KERNELS(double, f64, wide, 1)
// The pipe kernels, one per fast kind (in one kernel the four kinds' code made ptxas spill under the register bound):
// windowed_matvec_pipe_k<kind>_<dtype> and windowed_matvec_adjoint_pipe_k<kind>_<dtype>, thread (lane = 32·block +
// threadIdx / P, part = threadIdx % P), a team of one. Blocks of 32 lanes × P ≤ 4 threads; float asks for 3 resident
// blocks (≤ 168 registers, 12 warps per SM), double for 2 (≤ 255 registers).
#define WIN_PIPE_BLOCK 128
#define WIN_PIPE_KERNELS(T, SUFFIX, MIN_BLOCKS, KIND, M, NCO, NFO)                                                     \
    extern "C" __global__ void __launch_bounds__(WIN_PIPE_BLOCK, MIN_BLOCKS)                                           \
        windowed_matvec_pipe_k##KIND##_##SUFFIX(const int* p, int kind, int chunk, const T* r, const T* d,            \
                                                const T* s, const T* coarse, const T* xi, T* fine, i64 lanes) {        \
        constexpr int P = WinReducedGroups<NCO>::value;                                                                \
        i64 lane = (i64)blockIdx.x * 32 + threadIdx.x / P;                                                             \
        win_pipe_forward<T, M, NCO, NFO, 1>(p, lane, lane < lanes, (int)(threadIdx.x % P), chunk, r, d, s, coarse, xi, \
                                            fine);                                                                     \
    }                                                                                                                  \
    extern "C" __global__ void __launch_bounds__(WIN_PIPE_BLOCK, MIN_BLOCKS)                                           \
        windowed_matvec_adjoint_pipe_k##KIND##_##SUFFIX(const int* p, int kind, int chunk, const T* r, const T* d,    \
                                                        const T* s, const T* g, T* coarseBar, T* xiBar, i64 lanes) {   \
        constexpr int P = WinReducedGroups<NCO>::value;                                                                \
        i64 lane = (i64)blockIdx.x * 32 + threadIdx.x / P;                                                             \
        win_pipe_adjoint<T, M, NCO, NFO, 1>(p, lane, lane < lanes, (int)(threadIdx.x % P), chunk, r, d, s, g,          \
                                            coarseBar, xiBar);                                                         \
    }
#define WIN_PIPE_F32(KIND, M, NCO, NFO, UNUSED) WIN_PIPE_KERNELS(float, f32, 3, KIND, M, NCO, NFO)
#define WIN_PIPE_F64(KIND, M, NCO, NFO, UNUSED) WIN_PIPE_KERNELS(double, f64, 2, KIND, M, NCO, NFO)
WIN_FAST_KINDS(WIN_PIPE_F32, )
WIN_FAST_KINDS(WIN_PIPE_F64, )
#undef WIN_PIPE_F32
#undef WIN_PIPE_F64
#undef WIN_PIPE_KERNELS
#define WIN_SPLIT_KERNEL(T, SUFFIX)                                                                                    \
    extern "C" __global__ void __launch_bounds__(WIN_FAST_BLOCK, 1)                                                    \
        windowed_matvec_split_##SUFFIX(const int* p, int kind, int chunk, const T* r, const T* d, const T* s,         \
                                       const T* coarse, const T* xi, T* fine, i64 lanes) {                             \
        windowed_matvec_split_body<T>(p, kind, chunk, r, d, s, coarse, xi, fine, lanes);                              \
    }
WIN_SPLIT_KERNEL(float, f32)
WIN_SPLIT_KERNEL(double, f64)
#undef WIN_SPLIT_KERNEL
// The gather adjoint's passes: windowed_matvec_adjoint_gather_<dtype>, thread (lane = 32·block + threadIdx / G, group
// = threadIdx % G), G = WinReducedGroups (no shuffles, so threads past the last lane leave at once); and
// windowed_gather_sum_<dtype>, a grid-stride loop over the coarse elements.
template <typename T>
__device__ void windowed_adjoint_gather_body(const int* p, int kind, int chunk, const T* r, const T* d, const T* s,
                                             const T* g, T* part, T* xiBar, i64 lanes) {
#define WIN_GATHER_ADJOINT(M, NCO, NFO)                                                                                \
    {                                                                                                                  \
        constexpr int G = WinReducedGroups<NCO>::value;                                                                \
        i64 lane = (i64)blockIdx.x * 32 + threadIdx.x / G;                                                             \
        if (lane < lanes)                                                                                              \
            win_gather_adjoint<T, M, NCO, NFO>(p, lane, (int)(threadIdx.x % G), chunk, r, d, s, g, part, xiBar);       \
    }
    WIN_FAST_DISPATCH(kind, WIN_GATHER_ADJOINT)
#undef WIN_GATHER_ADJOINT
}
#define WIN_GATHER_KERNELS(T, SUFFIX)                                                                                  \
    extern "C" __global__ void __launch_bounds__(WIN_FAST_BLOCK, 1)                                                    \
        windowed_matvec_adjoint_gather_##SUFFIX(const int* p, int kind, int chunk, const T* r, const T* d,           \
                                                const T* s, const T* g, T* part, T* xiBar, i64 lanes) {                \
        windowed_adjoint_gather_body<T>(p, kind, chunk, r, d, s, g, part, xiBar, lanes);                              \
    }                                                                                                                  \
    extern "C" __global__ void windowed_gather_sum_##SUFFIX(const int* p, int inverseAt, int ncl, const T* part,      \
                                                            T* coarseBar, i64 n) {                                     \
        GRID_STRIDE_LOOP(i, n) win_gather_sum<T>(p, inverseAt, ncl, part, coarseBar, i);                              \
    }
WIN_GATHER_KERNELS(float, f32)
WIN_GATHER_KERNELS(double, f64)
#undef WIN_GATHER_KERNELS
#undef WIN_FAST_KERNELS
#endif
