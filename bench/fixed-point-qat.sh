#!/usr/bin/env bash
# The QAT half of the fixed-point sweep (BENCHMARKS.md, "Fixed point"): each trained network of RUN
# (ARMS: original, SkipRemover, SkipShortener; CKPT.ckpt, best by default) fine-tuned
# quantisation-aware at W-bit weights and activations for EPOCHS epoch(s) of at most STEPS steps
# ('train --init CKPT --qat W,W': integer bits from that network's ranges, AP_TRN/AP_SAT, auto
# accumulators; cross-entropy, no KD), then the final model's fixed-point test top-1 (its own QAT
# plan), the best checkpoint's validation top-1 recomputed by quantize --validation (beside the run's
# own; SIMULATE=exact runs it through the bit-exact simulation alone) and the dataflow estimate of
# the same design (its plan as --precision-file). FIT=mse gives --qat-fit mse (least-squares integer
# bits), FREEZE_BN=1 --qat-freeze-bn (BatchNorm statistics kept; needed at 4 bits). One command at a time.
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
FIT=${FIT:-max}
FREEZE_BN=${FREEZE_BN:-0}
mkdir -p "$OUT"
for w in ${QAT_WIDTHS:-8 4}; do
  for arm in $ARMS; do
    tag="$arm-qat-w$w"
    [ "$FIT" = max ] || tag="$tag-$FIT"
    [ "$FREEZE_BN" = 1 ] && tag="$tag-frozen-bn"
    [ -f "$OUT/$tag.json" ] && { echo "done: $tag"; continue; }
    echo "== $tag $(date +%H:%M:%S)"
    dir="$OUT/qat$w-$arm${tag#$arm-qat-w$w}"
    "$T" train --init "$RUN/$arm/$CKPT.ckpt" --dataset fashion-mnist --epochs "$EPOCHS" --max-steps "$STEPS" --lr "$LR" \
      --schedule cosine --qat "$w,$w" --qat-fit "$FIT" $([ "$FREEZE_BN" = 1 ] && echo --qat-freeze-bn) --resume --out "$dir" > "$OUT/$tag.train.txt"
    "$T" quantize --checkpoint "$dir/last.ckpt" --dataset fashion-mnist --json "$OUT/$tag.q.json"
    "$T" quantize --checkpoint "$dir/best.ckpt" --dataset fashion-mnist --validation ${SIMULATE:+--exact} --json "$OUT/$tag.val.json"
    jq -r .plan "$OUT/$tag.q.json" > "$OUT/$tag.plan"
    "$T" estimate --checkpoint "$dir/last.ckpt" --target dataflow --skips long --precision-file "$OUT/$tag.plan" \
      --json "$OUT/$tag.hw.json" > /dev/null
    jq -s '.[0] + {hardware: (.[2].variants[] | select(.variant == "checkpoint")), arm: "'"$arm"'", kind: "QAT", bits: '"$w"', fit: "'"$FIT"'", frozenBatchNorm: '"$([ "$FREEZE_BN" = 1 ] && echo true || echo false)"',
           simulatedValTop1: .[1].fixedTop1, runValTop1: .[3].bestValTop1, validationImages: .[1].images}' \
      "$OUT/$tag.q.json" "$OUT/$tag.val.json" "$OUT/$tag.hw.json" "$dir/summary.json" > "$OUT/$tag.json"
  done
done
