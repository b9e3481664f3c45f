#!/bin/sh
# Compiles the CUDA kernels into one fat binary that the Java backend loads with cuModuleLoadData.
# Usage: build-fatbin.sh NVCC SOURCE_DIR OUTPUT_DIR
# Writes OUTPUT_DIR/dust4j_kernels.fatbin (SASS for sm_80 and sm_90, PTX for compute_90 so newer GPUs JIT it)
# and OUTPUT_DIR/dust4j_kernels.properties (what built it). Skips the work when the output is newer than
# every source. Called by the nvcc-* profiles of cuda-kernels/pom.xml.
set -eu
nvcc=$1
src=$2
out=$3
fatbin=$out/dust4j_kernels.fatbin
props=$out/dust4j_kernels.properties

if [ -f "$fatbin" ] && [ -f "$props" ] \
   && [ -z "$(find "$src" \( -name '*.cu' -o -name '*.cuh' -o -name '*.sh' \) -newer "$fatbin")" ]; then
  echo "CUDA kernels are up to date: $fatbin"
  exit 0
fi
mkdir -p "$out"
arch="-gencode arch=compute_80,code=sm_80 -gencode arch=compute_90,code=sm_90 -gencode arch=compute_90,code=compute_90"
# uncompressed, so the kernel names can be checked in the image without a GPU (KernelImageTest)
compress=""
if "$nvcc" --help 2>/dev/null | grep -q -- '--no-compress'; then compress="--no-compress"; fi
echo "nvcc: compiling $src/dust4j_kernels.cu -> $fatbin"
# --fmad=false: a*b+c is rounded twice, as in Java, so elementwise results match the CPU backend bit for bit
# shellcheck disable=SC2086
"$nvcc" --fatbin -O3 -std=c++17 --fmad=false $compress $arch -Werror all-warnings \
  -o "$fatbin.tmp" "$src/dust4j_kernels.cu"
mv "$fatbin.tmp" "$fatbin"
{
  echo "# written by build-fatbin.sh"
  echo "nvcc.version=$("$nvcc" --version | sed -n 's/.*release \([0-9.]*\).*/\1/p' | head -1)"
  echo "architectures=sm_80,sm_90,compute_90"
} > "$props"
