#!/usr/bin/env bash
# Tailor vs the PyTorch peer on the same machine: ROUNDS rounds (Tailor and the peer, taking turns to go first),
# a ratio per round, and the median ratio per metric with its range. The 2-core machines here drift
# a lot over minutes, so single runs mislead; read the medians.
# Needs Debian's python3-torch (apt-get install -y python3-torch).
# Usage: bench/compare-torch.sh [depths=8,20] [batches=32,128] [rounds=3]
# TAILOR_LAYOUTS=channels-last,nchw (default) times Tailor in both activation layouts, step by step in turn;
# PEER_OPTS=--channels-last runs the PyTorch peer channels-last too.
set -euo pipefail
cd "$(dirname "$0")/.."
depths="${1:-8,20}"; batches="${2:-32,128}"; rounds="${3:-3}"; layouts="${TAILOR_LAYOUTS:-channels-last,nchw}"
peer=bench/torch_peer.py
/usr/bin/python3 -c 'import torch' 2>/dev/null || { echo "compare-torch: Debian's python3-torch is missing (apt-get install -y python3-torch)" >&2; exit 2; }
out=$(mktemp)
run_tailor() {
  ./tailor bench --suite train --depth "$depths" --batch "$batches" --layout "$layouts" --kd | sed "s/^/round=$1 /" | tee -a "$out"
}
run_peer() {
  for d in ${depths//,/ }; do
    /usr/bin/python3 "$peer" --depth "$d" --batch "$batches" --kd --threads "${TAILOR_THREADS:-$(nproc)}" ${PEER_OPTS:-} 2>/dev/null \
      | sed "s/^/round=$1 /" | tee -a "$out"
  done
}
# Odd rounds run Tailor first, even rounds the peer first, so a drift over the run favours neither.
for r in $(seq 1 "$rounds"); do
  if [ $((r % 2)) -eq 1 ]; then run_tailor "$r"; run_peer "$r"; else run_peer "$r"; run_tailor "$r"; fi
done
echo "median ratio tailor/torch over $rounds rounds [min..max]; ms: below 1 = Tailor faster; img/s: above 1 = Tailor faster"
awk '
  $2 ~ /^peer=/ { split($1, rr, "="); r = rr[2]; split($2, p, "="); who = (p[2] ~ /^torch/) ? "torch" : p[2]
      delete f; for (i = 3; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
      k = f["depth"] "/" f["batch"]; keys[k] = 1; if (who != "torch") peers[who] = 1
      v["train", who, k, r] = f["train_ms"]; v["kd", who, k, r] = f["kd_ms"]; v["infer", who, k, r] = f["infer_img_s"]
      if (who != "torch") { v["kdt", who, k, r] = f["kd_ms"] / f["train_ms"] } }
  function med(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
      return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
  END { split("train kd infer", ms, " ")
      for (who in peers) for (k in keys) { line = sprintf("%-12s depth/batch %s:", who, k)
        for (m = 1; m <= 3; m++) { n = 0; delete a
          for (r = 1; r <= '"$rounds"'; r++) if (v[ms[m], "torch", k, r] > 0 && v[ms[m], who, k, r] > 0) a[++n] = v[ms[m], who, k, r] / v[ms[m], "torch", k, r]
          if (n) line = line sprintf("  %s %.2fx [%.2f..%.2f]", ms[m], med(a, n), a[1], a[n]) }
        n = 0; delete a; for (r = 1; r <= '"$rounds"'; r++) if (v["kdt", who, k, r] > 0) a[++n] = v["kdt", who, k, r]
        if (n) line = line sprintf("  | kd/train %.2f [%.2f..%.2f]", med(a, n), a[1], a[n])
        print line } }' "$out"
rm -f "$out"
