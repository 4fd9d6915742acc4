#!/usr/bin/env bash
# The QAT half of the fixed-point sweep (BENCHMARKS.md, "Fixed point"): each trained network of RUN
# (ARMS: original, SkipRemover, SkipShortener; CKPT.ckpt, best by default) fine-tuned
# quantisation-aware at W-bit weights and activations for EPOCHS epoch(s) of at most STEPS steps
# ('train --init CKPT --qat W,W': integer bits from that network's ranges, AP_TRN/AP_SAT, auto
# accumulators; cross-entropy, no KD), then the final model's fixed-point test top-1 (its own QAT
# plan), the best checkpoint's validation top-1 recomputed by quantize --validation (beside the run's
# own; SIMULATE=exact runs it through the bit-exact simulation alone) and the dataflow estimate of
# the same design (its plan as --precision-file). One command at a time.
#   bench/fixed-point-qat.sh runs/demo [OUT]
set -euo pipefail
T=${TAILOR:-./tailor}
RUN=${1:?usage: $0 RUN_DIR [OUT_DIR]}
OUT=${2:-$RUN/fixed}
ARMS=${ARMS:-teacher tailor-remove tailor-shorten}
CKPT=${CKPT:-best}
EPOCHS=${EPOCHS:-1}
STEPS=${STEPS:-0}
LR=${LR:-0.002}
mkdir -p "$OUT"
for w in ${QAT_WIDTHS:-8 4}; do
  for arm in $ARMS; do
    tag="$arm-qat-w$w"
    [ -f "$OUT/$tag.json" ] && { echo "done: $tag"; continue; }
    echo "== $tag $(date +%H:%M:%S)"
    dir="$OUT/qat$w-$arm"
    "$T" train --init "$RUN/$arm/$CKPT.ckpt" --dataset fashion-mnist --epochs "$EPOCHS" --max-steps "$STEPS" --lr "$LR" \
      --schedule cosine --qat "$w,$w" --resume --out "$dir" > "$OUT/$tag.train.txt"
    "$T" quantize --checkpoint "$dir/last.ckpt" --dataset fashion-mnist --json "$OUT/$tag.q.json"
    "$T" quantize --checkpoint "$dir/best.ckpt" --dataset fashion-mnist --validation ${SIMULATE:+--exact} --json "$OUT/$tag.val.json"
    jq -r .plan "$OUT/$tag.q.json" > "$OUT/$tag.plan"
    "$T" estimate --checkpoint "$dir/last.ckpt" --target dataflow --skips long --precision-file "$OUT/$tag.plan" \
      --json "$OUT/$tag.hw.json" > /dev/null
    jq -s '.[0] + {hardware: (.[2].variants[] | select(.variant == "checkpoint")), arm: "'"$arm"'", kind: "QAT", bits: '"$w"',
           simulatedValTop1: .[1].fixedTop1, runValTop1: .[3].bestValTop1, validationImages: .[1].images}' \
      "$OUT/$tag.q.json" "$OUT/$tag.val.json" "$OUT/$tag.hw.json" "$dir/summary.json" > "$OUT/$tag.json"
  done
done
