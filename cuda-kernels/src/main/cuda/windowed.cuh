// Windowed gathered matrix-vector products (org.dust4j.core.Backend#windowedMatVec and its adjoint) over the packed
// window tables of org.dust4j.core.WindowLayout:
//   header [m, nc, nf, Nc, Nf, C], then per factor f at WIN_HEADER + WIN_FACTOR * f:
//   [W_f, nc_f, nf_f, Nc_f, Nf_f, C_f, coarse, fine, class, order, colours_f, colourStart] (offsets into the array).
// The per-slot functions are D4J_HD so that the host self-check (src/test/cuda/host_check.cu) runs the very code the
// device runs. Products accumulate in double in the order of the CPU backend (Σ_k R·coarse, then Σ_j' D·ξ, added),
// so with --fmad=false the two backends agree to the last bit. The factor count M is a template parameter (the
// kernels switch on it once), so the loops over factors unroll and the per-factor state stays in registers.
#pragma once
#include "hostdevice.cuh"

#define WIN_HEADER 6
#define WIN_FACTOR 12
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
