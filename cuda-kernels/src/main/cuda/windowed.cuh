// Windowed gathered matrix-vector products (org.dust4j.core.Backend#windowedMatVec and its adjoint) over the packed
// window tables of org.dust4j.core.WindowLayout:
//   header [m, nc, nf, Nc, Nf, C], then per factor f at WIN_HEADER + WIN_FACTOR * f:
//   [W_f, nc_f, nf_f, Nc_f, Nf_f, C_f, coarse, fine, class, order, colours_f, colourStart] (offsets into the array).
// The per-slot functions are D4J_HD so that the host self-check (src/test/cuda/host_check.cu) runs the very code the
// device runs. Products accumulate in double in the order of the CPU backend (Σ_k R·coarse, then Σ_j' D·ξ, added),
// so with --fmad=false the two backends agree to the last bit.
#pragma once
#include "hostdevice.cuh"

#define WIN_HEADER 6
#define WIN_FACTOR 12
#define WIN_MAX_FACTORS 4

D4J_HD int win_header(const int* p, int f, int slot) { return p[WIN_HEADER + WIN_FACTOR * f + slot]; }

// Factor windows of window w (row-major, first factor slowest) into fw; returns the window's class.
D4J_HD int win_decode(const int* p, long long w, int* fw) {
    int m = p[0];
    for (int f = m - 1; f >= 0; f--) {
        int wf = win_header(p, f, 0);
        fw[f] = (int)(w % wf);
        w /= wf;
    }
    int cls = 0;
    for (int f = 0; f < m; f++) cls = cls * win_header(p, f, 5) + p[win_header(p, f, 8) + fw[f]];
    return cls;
}

// Element of the coarse (table slot 6, per-window points slot 1, size slot 3) or fine (7, 2, 4) vector at window
// slot k of the window with factor windows fw.
D4J_HD int win_element(const int* p, const int* fw, int k, int table, int points, int size) {
    int m = p[0];
    int digit[WIN_MAX_FACTORS];
    for (int f = m - 1; f >= 0; f--) {
        int n = win_header(p, f, points);
        digit[f] = k % n;
        k /= n;
    }
    int idx = 0;
    for (int f = 0; f < m; f++) {
        idx = idx * win_header(p, f, size) + p[win_header(p, f, table) + fw[f] * win_header(p, f, points) + digit[f]];
    }
    return idx;
}
D4J_HD int win_coarse(const int* p, const int* fw, int k) { return win_element(p, fw, k, 6, 1, 3); }
D4J_HD int win_fine(const int* p, const int* fw, int j) { return win_element(p, fw, j, 7, 2, 4); }

// Forward, fine slot j of window w: fine[J] = s[J] (Σ_k R[c, j, k] coarse[K_k] + Σ_q D[c, j, q] ξ[J_q]).
template <typename T>
D4J_HD void win_forward_slot(const int* p, long long w, int j, const T* r, const T* d, const T* s, const T* coarse,
                             const T* xi, T* fine) {
    int fw[WIN_MAX_FACTORS];
    int cls = win_decode(p, w, fw);
    int nc = p[1], nf = p[2];
    const T* rr = r + ((long long)cls * nf + j) * nc;
    const T* dd = d + ((long long)cls * nf + j) * nf;
    double a = 0.0;
    for (int k = 0; k < nc; k++) a += (double)rr[k] * (double)coarse[win_coarse(p, fw, k)];
    double b = 0.0;
    for (int q = 0; q < nf; q++) b += (double)dd[q] * (double)xi[win_fine(p, fw, q)];
    double acc = a + b;
    int J = win_fine(p, fw, j);
    fine[J] = (T)(s ? (double)s[J] * acc : acc);
}

// Factor windows of the q-th window of the colour tuple (colour[0..m)), last factor fastest.
D4J_HD void win_colour_window(const int* p, const int* colour, long long q, int* fw) {
    int m = p[0];
    for (int f = m - 1; f >= 0; f--) {
        const int* start = p + win_header(p, f, 11);
        int len = start[colour[f] + 1] - start[colour[f]];
        int at = start[colour[f]] + (int)(q % len);
        q /= len;
        fw[f] = p[win_header(p, f, 9) + at];
    }
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
template <typename T>
D4J_HD void win_adjoint_slot(const int* p, const int* colour, long long q, int t, const T* r, const T* d, const T* s,
                             const T* g, T* coarseBar, T* xiBar) {
    int fw[WIN_MAX_FACTORS];
    win_colour_window(p, colour, q, fw);
    int m = p[0];
    int cls = 0;
    for (int f = 0; f < m; f++) cls = cls * win_header(p, f, 5) + p[win_header(p, f, 8) + fw[f]];
    int nc = p[1], nf = p[2];
    // the column of D (t < nf) or of R (coarse slot t - nf) that multiplies s ⊙ g
    const T* col = t < nf ? d + (long long)cls * nf * nf + t : r + (long long)cls * nf * nc + (t - nf);
    long long stride = t < nf ? nf : nc;
    double acc = 0.0;
    for (int j = 0; j < nf; j++) {
        int J = win_fine(p, fw, j);
        double sg = (double)g[J];
        if (s) sg *= (double)s[J];
        acc += (double)col[j * stride] * sg;
    }
    if (t < nf) {
        xiBar[win_fine(p, fw, t)] = (T)acc;
    } else {
        int K = win_coarse(p, fw, t - nf);
        coarseBar[K] = (T)((double)coarseBar[K] + acc);
    }
}

#ifdef __CUDACC__
#include "common.cuh"

// One thread per (window, fine slot): W·nf threads in a grid-stride loop.
template <typename T>
__device__ void windowed_matvec_body(const int* p, const T* r, const T* d, const T* s, const T* coarse, const T* xi,
                                     T* fine, i64 total) {
    int nf = p[2];
    GRID_STRIDE_LOOP(i, total) {
        win_forward_slot(p, i / nf, (int)(i % nf), r, d, s, coarse, xi, fine);
    }
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
    GRID_STRIDE_LOOP(i, total) {
        win_adjoint_slot(p, colour, i / slots, (int)(i % slots), r, d, s, g, coarseBar, xiBar);
    }
}
#define WINDOWED_MATVEC_ADJOINT_PARAMS(T) const int* p, int c0, int c1, int c2, int c3, const T* r, const T* d, \
    const T* s, const T* g, T* coarseBar, T* xiBar, i64 total
D4J_F32_F64(windowed_matvec_adjoint, windowed_matvec_adjoint_body, WINDOWED_MATVEC_ADJOINT_PARAMS,
            (p, c0, c1, c2, c3, r, d, s, g, coarseBar, xiBar, total))
#endif
