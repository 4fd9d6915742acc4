#!/usr/bin/env bash
# Runs bench/NarrowConvProbe.java for each input width, stride and layout in a JVM of its own and
# says per shape: ok, WRONG (weight gradient off), CRASH (the JVM died) or HANG (killed after 60 s).
# Usage: bench/narrow-conv-sweep.sh [THREADS]   (after `mvn -DskipTests package`)
set -uo pipefail
cd "$(dirname "$0")/.."
threads="${1:-2}"
out=$(mktemp)
trap 'rm -f "$out"' EXIT
echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), AVX-512: $(grep -qm1 avx512f /proc/cpuinfo && echo yes || echo no), $threads threads"
for layout in cl nchw; do
  for stride in 1 2; do
    for in in 1 2 3 4 5 6 7 8 9 12 15 16 24 32; do
      MALLOC_CHECK_=3 timeout 60 java -XX:+SuppressFatalErrorMessage -Dai.djl.offline=true \
        -Dai.djl.pytorch.num_threads="$threads" -Dorg.slf4j.simpleLogger.defaultLogLevel=error \
        -cp "target/lib/*" bench/NarrowConvProbe.java "$in" "$stride" "$layout" 10 >"$out" 2>/dev/null
      code=$?
      line=$(grep -E '^(ok|WRONG)' "$out")
      if [ "$code" = 124 ]; then echo "HANG  in=$in stride=$stride $layout";
      elif [ -z "$line" ]; then echo "CRASH in=$in stride=$stride $layout (exit $code)";
      else echo "$line"; fi
    done
  done
done
