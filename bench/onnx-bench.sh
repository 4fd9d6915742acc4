#!/usr/bin/env bash
# The hand-off's speed: `tailor export` of a full ResNet-50, and the exported ResNet-20 in ONNX Runtime
# against Tailor's own engine at batch 1 and 256 (BENCHMARKS.md, "Export and ONNX Runtime").
# ONNX Runtime is a test dependency, so this runs on the test classpath. Usage, after `mvn -DskipTests package`:
#   bench/onnx-bench.sh [rounds=3] [threads=2]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-3}"; threads="${2:-2}"
cp=target/bench-classpath.txt
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp" >/dev/null
echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(nproc) cores, AVX-512: $(grep -qm1 avx512f /proc/cpuinfo && echo yes || echo no), $threads threads each"
# The same malloc thresholds as ./tailor, so the engine runs as it does there.
export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-33554432}" MALLOC_TRIM_THRESHOLD_="${MALLOC_TRIM_THRESHOLD_:-1073741824}"
java -Xmx6g -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="$threads" -Dai.djl.pytorch.num_interop_threads=1 \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=error -cp "target/classes:$(cat "$cp")" bench/OnnxBench.java "$rounds" "$threads"
