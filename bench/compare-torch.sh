#!/usr/bin/env bash
# Tailor vs the PyTorch peer, measured in the same run on the same machine, and their ratio.
# Needs Debian's python3-torch (apt-get install -y python3-torch). Usage: bench/compare-torch.sh [depths] [batches]
set -euo pipefail
cd "$(dirname "$0")/.."
depths="${1:-8,20}"; batches="${2:-32,128}"
peer="$(cd .. && pwd)/shared/bench/torch_peer.py"
out=$(mktemp)
./tailor bench --suite train --depth "$depths" --batch "$batches" --kd | tee "$out"
for d in ${depths//,/ }; do
  /usr/bin/python3 "$peer" --depth "$d" --batch "$batches" --kd --threads "${TAILOR_THREADS:-$(nproc)}" | tee -a "$out"
done
echo "ratios (tailor / torch; below 1 means Tailor is faster for ms, above 1 for img/s):"
awk '
  /^peer=/ { split($1, p, "="); who = (p[2] == "tailor") ? "t" : "p";
             for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
             key = f["depth"] "/" f["batch"]; tr[who, key] = f["train_ms"]; kd[who, key] = f["kd_ms"]; inf[who, key] = f["infer_img_s"]; keys[key] = 1 }
  END { for (k in keys) if (tr["p", k] != "")
          printf "depth/batch %s: train %.2fx  kd %.2fx  infer %.2fx  (kd/train tailor %.2f)\n", k,
            tr["t", k] / tr["p", k], kd["t", k] / kd["p", k], inf["t", k] / inf["p", k], kd["t", k] / tr["t", k] }' "$out"
rm -f "$out"
