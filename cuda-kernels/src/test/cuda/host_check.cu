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
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "philox.cuh"
#include "linalg_small.cuh"

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
    fprintf(stderr, "usage: host_check philox SEED OFFSET COUNT | fdlibm N | cholesky f64|f32 N | trsolve f64|f32 N K LOWER TRANSPOSE INPLACE\n");
    return 2;
}
