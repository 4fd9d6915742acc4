#!/usr/bin/env bash
# The RTL figures of BENCHMARKS.md ("RTL: generated designs, bit-exact in Verilator"): the demo's three
# trained ResNet-8s through `tailor rtl --verify`, a per-layer profiled plan, and the deadlock check of
# every skip of ResNet-8 and ResNet-20. Needs verilator and a finished demo folder.
#   bench/rtl-verify.sh DEMO_DIR OUT_DIR [IMAGES]      (TAILOR=path/to/tailor to use a kept build)
set -euo pipefail
demo="$1"; out="$2"; n="${3:-1000}"
tailor="${TAILOR:-$(dirname "$0")/../tailor}"
mkdir -p "$out"
grep -m1 'model name' /proc/cpuinfo; nproc; date -u
run() { local name="$1"; shift; echo "== $name"; /usr/bin/time -f "$name: %e s wall" "$tailor" rtl "$@" --out "$out/$name" | grep -v '^    \|^  \*'; }
for net in teacher tailor-remove tailor-shorten; do
  run "$net-8bit" --checkpoint "$demo/$net/best.ckpt" --dataset fashion-mnist --precision 8,3 --verify "$n"
  run "$net-8bit-optimized" --checkpoint "$demo/$net/best.ckpt" --dataset fashion-mnist --precision 8,3 --fifo optimized --verify 100 --deadlock-check
done
"$tailor" quantize --profile "$out/remove-profiled.txt" --checkpoint "$demo/tailor-remove/best.ckpt" --dataset fashion-mnist --precision 8,3 | tail -1
run remove-profiled --checkpoint "$demo/tailor-remove/best.ckpt" --dataset fashion-mnist --precision-file "$out/remove-profiled.txt" --verify "$n"
# ResNet-20: the deadlock check needs a network, not a trained one (one training step makes a checkpoint).
"$tailor" train --model resnet20 --dataset fashion-mnist --epochs 1 --max-steps 1 --out "$out/resnet20-ckpt" | tail -1
run resnet20-optimized --checkpoint "$out/resnet20-ckpt/best.ckpt" --dataset fashion-mnist --precision 8,3 --fifo optimized --verify 4 --deadlock-check
