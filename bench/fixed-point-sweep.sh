#!/usr/bin/env bash
# The post-training half of the fixed-point sweep (BENCHMARKS.md, "Fixed point"): for every network
# of a finished demo or experiment folder (teacher, tailor-remove, short-teacher, tailor-shorten;
# CKPT.ckpt, best by default), post-training quantisation at 16/8/6/4 bits with per-layer integer
# bits from 'quantize --profile' (1000 training images; FIT=mse for least-squares integer bits instead
# of holding the maximum), hls4ml's default modes unless MODES says otherwise, accumulators auto; the fixed-point and float test top-1, and the dataflow estimate of
# the same design (estimate --precision-file with the same precision file). One JSON per point under
# OUT; bench/fixed-point-table.py renders them. One command at a time (it is CPU-bound).
#   bench/fixed-point-sweep.sh runs/demo [OUT]      (TAILOR=path/to/tailor to use another build)
set -euo pipefail
T=${TAILOR:-./tailor}
RUN=${1:?usage: $0 RUN_DIR [OUT_DIR]}
OUT=${2:-$RUN/fixed}
WIDTHS=${WIDTHS:-16 8 6 4}
ARMS=${ARMS:-teacher tailor-remove short-teacher tailor-shorten}
MODES=${MODES:-trn,wrap}
CKPT=${CKPT:-best}
FIT=${FIT:-max}
mkdir -p "$OUT"
for arm in $ARMS; do
  ck="$RUN/$arm/$CKPT.ckpt"
  [ -f "$ck" ] || { echo "skip $arm: no $ck"; continue; }
  for w in $WIDTHS; do
    tag="$arm-${MODES/,/-}-w$w"
    [ "$FIT" = max ] || tag="$tag-$FIT"
    [ -f "$OUT/$tag.json" ] && { echo "done: $tag"; continue; }
    echo "== $tag $(date +%H:%M:%S)"
    "$T" quantize --profile "$OUT/$tag.plan" --checkpoint "$ck" --dataset fashion-mnist --precision "$w,$((w / 2))" \
      --rounding "${MODES%,*}" --overflow "${MODES#*,}" --fit "$FIT" > "$OUT/$tag.profile.txt"
    "$T" quantize --checkpoint "$ck" --dataset fashion-mnist --per-layer "$OUT/$tag.plan" --json "$OUT/$tag.q.json"
    "$T" estimate --checkpoint "$ck" --target dataflow --skips long --precision-file "$OUT/$tag.plan" \
      --json "$OUT/$tag.hw.json" > /dev/null
    jq -s '.[0] + {hardware: (.[1].variants[] | select(.variant == "checkpoint")), arm: "'"$arm"'", kind: "post-training", modes: "'"$MODES"'", fit: "'"$FIT"'", bits: '"$w"'}' \
      "$OUT/$tag.q.json" "$OUT/$tag.hw.json" > "$OUT/$tag.json"
  done
done
