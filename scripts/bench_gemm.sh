#!/usr/bin/env bash
# GEMM bench for issue 12: OpenBLAS vs BLIS vs a vectorized Swift kernel, 1 and 2 threads,
# ResNet-50 / MobileNetV2 batch-1 shapes. Prints markdown tables (GFLOP/s, median of 7).
#
#   scripts/bench_gemm.sh            throughput table
#   scripts/bench_gemm.sh spin       idle-thread CPU after a call, default env and tamed env
#   scripts/bench_gemm.sh nested     calls from inside DispatchQueue.concurrentPerform
#   scripts/bench_gemm.sh all        table with each library's own CPU detection, then (on an
#                                    AVX-512 CPU) with AVX-512 kernels forced, then spin, nested
#   SWIFT_CPU=haswell scripts/bench_gemm.sh   Swift kernel built for AVX2+FMA only
#
# Kernel selection is by environment, read when each library loads:
#   OPENBLAS_CORETYPE=SkylakeX   (OpenBLAS 0.3.21 does not know Zen 4/5 and picks Haswell = AVX2)
#   BLIS_ARCH_TYPE=0             (arch_t id of skx; BLIS 0.9.0 picks `generic` = no SIMD on Zen 5)
#
# Needs libopenblas-dev and libblis-dev (`make deps`). Both libraries export cblas_sgemm, so
# OpenBLAS is linked first and called through cblas_sgemm, BLIS through bli_sgemm.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${BENCH_GEMM_BIN:-/tmp/bench_gemm_$(id -u)}"
cpu="${SWIFT_CPU:-native}"
lock=(flock /tmp/liteconv-build.lock)
command -v flock >/dev/null || lock=()

"${lock[@]}" swiftc -O -wmo -target-cpu "$cpu" \
  -import-objc-header "$here/bench_gemm/bench_c.h" \
  "$here"/bench_gemm/*.swift \
  -L/usr/lib/x86_64-linux-gnu/openblas-pthread -L/usr/lib/x86_64-linux-gnu/blis-openmp \
  -lopenblas -lblis -o "$out"

# Unset thread env so the set_num_threads calls are what counts.
unset OPENBLAS_NUM_THREADS BLIS_NUM_THREADS OMP_NUM_THREADS GOTO_NUM_THREADS

run() {  # run MODE [ENV=VALUE...]
  local mode="$1"; shift
  echo "## bench_gemm $mode  ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), $(nproc) cores, swiftc -target-cpu $cpu${*:+, $*})"
  echo
  "${lock[@]}" env "$@" "$out" "$mode"  # under the build lock: no concurrent builds skew it
  echo
}
avx512=""; grep -q avx512f /proc/cpuinfo && avx512="OPENBLAS_CORETYPE=SkylakeX BLIS_ARCH_TYPE=0"
mode="${1:-table}"
case "$mode" in
  spin)
    run spin
    run spin OPENBLAS_THREAD_TIMEOUT=4 OMP_WAIT_POLICY=passive
    ;;
  all)
    run table
    [ -n "$avx512" ] && run table $avx512
    run spin $avx512
    run spin $avx512 OPENBLAS_THREAD_TIMEOUT=4 OMP_WAIT_POLICY=passive
    run nested $avx512
    ;;
  *) run "$mode" ;;
esac
