// D4J_HD marks functions compiled for the device and, in the host self-check (src/test/cuda), for the host.
#pragma once
#ifdef __CUDACC__
#define D4J_HD __host__ __device__ __forceinline__
#else
#define D4J_HD inline
#endif
