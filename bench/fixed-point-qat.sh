#!/usr/bin/env bash
# The QAT half of the fixed-point sweep (BENCHMARKS.md, "Fixed point"): for W in QAT_WIDTHS, the
# original trained from scratch with the demo's teacher recipe and 'train --qat W,W' (integer bits
# measured on the float teacher), and SkipRemover / SkipShortener with the demo's alter recipe and
# 'alter --qat W,W' from the float teachers of RUN. Then each final model's fixed-point test top-1
# (its own QAT plan), the simulation of its best checkpoint on the validation split (--exact, to
# compare with the run's own validation top-1) and the dataflow estimate.
#   bench/fixed-point-qat.sh runs/demo [OUT]
set -euo pipefail
T=${TAILOR:-./tailor}
RUN=${1:?usage: $0 RUN_DIR [OUT_DIR]}
OUT=${2:-$RUN/fixed}
MODEL=${MODEL:-resnet8}
TEACHER_EPOCHS=${TEACHER_EPOCHS:-3}
ALTER_EPOCHS=${ALTER_EPOCHS:-5}
EVERY=${EVERY:-1}
mkdir -p "$OUT"
for w in ${QAT_WIDTHS:-8 4}; do
  common=(--dataset fashion-mnist --batch 32 --schedule hold-cosine --qat "$w,$w")
  "$T" train --model "$MODEL" --epochs "$TEACHER_EPOCHS" --lr 0.05 "${common[@]}" \
    --qat-calibrate "$RUN/teacher/last.ckpt" --resume --out "$OUT/qat$w-teacher"
  "$T" alter --teacher "$RUN/teacher/last.ckpt" --mode remove --every "$EVERY" --epochs "$ALTER_EPOCHS" --lr 0.01 \
    "${common[@]}" --resume --out "$OUT/qat$w-tailor-remove"
  "$T" alter --teacher "$RUN/short-teacher/last.ckpt" --mode shorten --every "$EVERY" --epochs "$ALTER_EPOCHS" --lr 0.01 \
    "${common[@]}" --resume --out "$OUT/qat$w-tailor-shorten"
  for arm in teacher tailor-remove tailor-shorten; do
    dir="$OUT/qat$w-$arm"
    tag="$arm-qat-w$w"
    "$T" quantize --checkpoint "$dir/last.ckpt" --dataset fashion-mnist --json "$OUT/$tag.q.json"
    "$T" quantize --checkpoint "$dir/best.ckpt" --dataset fashion-mnist --validation --exact --json "$OUT/$tag.val.json"
    acc=$(jq .accumBits "$OUT/$tag.q.json")
    "$T" estimate --checkpoint "$dir/last.ckpt" --target dataflow --weight-bits "$w" --activation-bits "$w" --accum "$acc" \
      --json "$OUT/$tag.hw.json" > /dev/null
    jq -s '.[0] + {hardware: (.[2].variants[] | select(.variant == "checkpoint")), arm: "'"$arm"'", kind: "QAT", bits: '"$w"',
           simulatedValTop1: .[1].fixedTop1, runValTop1: .[3].bestValTop1}' \
      "$OUT/$tag.q.json" "$OUT/$tag.val.json" "$OUT/$tag.hw.json" "$dir/summary.json" > "$OUT/$tag.json"
  done
done
