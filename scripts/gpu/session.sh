#!/usr/bin/env bash
# Runs on a lent GPU machine from the project root, after scripts/gpu/pack.sh here and `run` with carry [".gpu"]:
#   bash scripts/gpu/session.sh STEP...
# Steps (each logs to $OUT/STEP.log, has its own time limit, and a summary line is printed at the end):
#   cuda       gpu-tagged parity suite of the CUDA backend (org.dust4j.cuda)
#   modules    gpu-tagged tests of icr, model, mgvi (ICR operator, dust model, reconstruction on the GPU)
#   tests      both of the above, concurrently
#   bandwidth  GpuBandwidthBench (elementwise/reductions vs device copy, Cholesky, batched small Cholesky, matmul)
#   primitives GpuPrimitivesBench (ICR windowed products, parallax response line moments)
#   mgvi       MgviIterationBench at ~10^8 voxels on cuda
#   inducing   InducingOrionBench on cuda: the whole Orion-scale fit, 500 iterations, float64 then float32
#   demo       ./dust4j demo --backend cuda (both methods end to end on the GPU; products in /tmp/dust4j-demo)
#   inducing-tests  gpu-tagged tests of the inducing module (fit on CUDA against the CPU)
#   pending    the kernel variants written without a GPU and not yet timed (docs/performance.md, session 9): one
#              FullEnergyBench process at the issue's size over the line-moments schedules and ICR adjoints
#              (configs=…), then GpuPrimitivesBench's ICR per level, wide against gather, in float32 and float64
#   main:CLASS:ARGS  any main class, ARGS separated by commas
# Environment: T_<step> overrides a step's time limit in seconds, R_<step> repeats it (one log); D4J_JAVA_OPTS adds
# JVM options (e.g. -Ddust4j.cuda.windowed=split) to every step.
set -uo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-/tmp/out}; mkdir -p "$OUT"
G=.gpu
if [ ! -x $G/jre/bin/java ]; then
  if command -v xz >/dev/null; then tar -C $G -xJf $G/jre.txz
  else python3 -c "import lzma,tarfile,sys; tarfile.open(fileobj=lzma.open('$G/jre.txz')).extractall('$G')"; fi
fi
# cuBLAS / cuSOLVER: the toolkit's lib64 if it has them, else the Python wheels' copies
libs=$(python3 - <<'PY' 2>/dev/null
import glob, os
d = set()
for pat in ["/usr/local/cuda/lib64/libcublas.so.*", "/usr/local/cuda*/lib64/libcusolver.so.*",
            "/usr/local/lib/python3*/*-packages/nvidia/*/lib/lib*.so*", "/usr/lib/python3*/*-packages/nvidia/*/lib/lib*.so*",
            "/opt/*/lib/python3*/site-packages/nvidia/*/lib/lib*.so*", "/usr/local/lib/python3*/*-packages/nvidia/cu13/lib/lib*.so*"]:
    for f in glob.glob(pat):
        d.add(os.path.dirname(f))
print(":".join(sorted(d)))
PY
)
export DUST4J_CUDA_LIBRARY_PATH=$libs LD_LIBRARY_PATH=${libs}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
cp=$(find $G/cp -mindepth 1 -maxdepth 1 -type d | sort | tr '\n' ':')$(find $G/lib -name '*.jar' | tr '\n' ':')
JAVA=($G/jre/bin/java --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector -Xmx48g -Xss8m ${D4J_JAVA_OPTS:-})
declare -A summary
step() {  # name limit command...
  local name=$1 limit=$2; shift 2
  local var="T_${name//[^A-Za-z0-9_]/_}"; limit=${!var:-$limit}
  local t0=$SECONDS
  case $1 in
    junit) shift; set -- "${JAVA[@]}" -jar $G/junit-platform-console-standalone-*.jar execute -cp "$cp" \
             --disable-banner --details=tree --include-tag gpu "$@" ;;
    main) shift; set -- "${JAVA[@]}" -cp "$cp" "$@" ;;
  esac
  echo "=== $name (limit ${limit}s) ==="
  local var2="R_${name//[^A-Za-z0-9_]/_}" rc=0 r
  : > "$OUT/$name.log"
  for r in $(seq "${!var2:-1}"); do  # R_<step> repeats a step (each repetition under the limit), one log
    timeout -k 10 "$limit" "$@" >> "$OUT/$name.log" 2>&1 || rc=$?
  done
  summary[$name]="rc=$rc $((SECONDS - t0))s $(grep -E 'tests (successful|failed)|Exception|iteration ' "$OUT/$name.log" | tail -2 | tr '\n' ' ' | cut -c1-200)"
  echo "${summary[$name]}"
}
{ nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.sm,clocks.max.sm --format=csv; echo "libs: $libs"; nproc; free -g | head -2; } > "$OUT/machine.txt" 2>&1
cat "$OUT/machine.txt"
for s in "$@"; do
  case $s in
    cuda) step cuda 300 junit --select-package org.dust4j.cuda ;;
    modules) step modules 300 junit --select-package org.dust4j.icr --select-package org.dust4j.model --select-package org.dust4j.mgvi ;;
    tests) step cuda 300 junit --select-package org.dust4j.cuda & sleep 1
           step modules 300 junit --select-package org.dust4j.icr --select-package org.dust4j.model --select-package org.dust4j.mgvi
           wait ;;
    inducing-tests) step inducing_tests 300 junit --select-package org.dust4j.inducing ;;
    demo) step demo 180 main org.dust4j.cli.Dust4j demo --backend cuda -o /tmp/dust4j-demo ;;
    bandwidth) step bandwidth 120 main org.dust4j.cuda.GpuBandwidthBench ;;
    primitives) step primitives 180 main org.dust4j.benchmarks.GpuPrimitivesBench ;;
    mgvi) step mgvi 420 main org.dust4j.benchmarks.MgviIterationBench nside=256 shells=124 pad=2 normalisation=NONE \
            stars=1000000 backend=cuda runs=5 warmup=1 ;;
    inducing) step inducing 300 main org.dust4j.benchmarks.InducingOrionBench 500 both orion cuda ;;
    pending) step pending_energy 420 main org.dust4j.benchmarks.FullEnergyBench \
               configs=static/wide+balanced/wide+segments/wide+static/gather+segments/gather
             step pending_icr 240 main org.dust4j.benchmarks.GpuPrimitivesBench response=false dtype=FLOAT32+FLOAT64 \
               variant=wide+gather perLevel=true runs=5 warmup=1 ;;
    main:*) IFS=: read -r _ cls args <<< "$s"; IFS=, read -ra a <<< "$args"
            step "$(basename "${cls//./_}")" 300 main "$cls" "${a[@]}" ;;
    *) echo "unknown step $s"; exit 2 ;;
  esac
done
echo "=== summary ==="; for k in "${!summary[@]}"; do echo "$k: ${summary[$k]}"; done
for f in "$OUT"/*.log; do echo "--- tail $(basename "$f")"; tail -25 "$f" | cut -c1-300; done
