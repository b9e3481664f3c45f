#!/usr/bin/env bash
# Packs .gpu/ for a lent GPU machine (see docs/cuda.md): runs ../shared/gpu/bundle.sh, then swaps its runtime for a
# smaller one (no jdk.jshell/jdk.compiler, uncompressed modules packed with xz) so that the working tree plus .gpu
# stay under the device tool's 64 MiB. Run from the project root; then `run` with carry [".gpu"] and
#   bash scripts/gpu/session.sh STEP...      (steps listed in that script)
set -euo pipefail
root=$(git rev-parse --show-toplevel); cd "$root"
../shared/gpu/bundle.sh "$@"
JDK=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
mods=java.base,java.desktop,java.logging,java.management,java.xml,jdk.incubator.vector,jdk.management,jdk.unsupported
if [ ! -f .gpu/jre.txz ] || [ "$(cat .gpu/jre-small.modules 2>/dev/null)" != "$mods" ]; then
  rm -rf .gpu/jre-build && mkdir -p .gpu/jre-build
  "$JDK/bin/jlink" --add-modules "$mods" --compress=zip-0 --strip-debug --no-header-files --no-man-pages \
      --output .gpu/jre-build/jre 2>/dev/null
  tar -C .gpu/jre-build -cf - jre | xz -T2 -6 > .gpu/jre.txz
  rm -rf .gpu/jre-build; echo "$mods" > .gpu/jre-small.modules
fi
rm -f .gpu/jre.tgz .gpu/jre.modules   # bundle.sh relinks its own next time; only the small one travels
echo "travels: $( (git ls-files -z | du -cb --files0-from=- | tail -1 | cut -f1; du -sb .gpu | cut -f1) | paste -sd+ | bc) bytes (limit 67108864)"
