// The one translation unit that build-fatbin.sh compiles into dust4j_kernels.fatbin.
// The Java side (org.dust4j.cuda.Kernels) lists every kernel name it loads from it.
#include "elementwise.cuh"
#include "reductions.cuh"
#include "indexing.cuh"
#include "random.cuh"
#include "linalg.cuh"
#include "windowed.cuh"
#include "linemoments.cuh"
#include "linemoments_seg.cuh"
#include "hermite.cuh"
#include "fused.cuh"
