#!/usr/bin/env python3
"""Renders the JSON files of bench/fixed-point-sweep.sh and bench/fixed-point-qat.sh as one Markdown table.

    bench/fixed-point-table.py runs/demo/fixed [more folders...]
"""
import glob
import json
import os
import sys

ORDER = {"teacher": 0, "tailor-remove": 1, "short-teacher": 2, "tailor-shorten": 3}
NAMES = {"teacher": "original", "tailor-remove": "SkipRemover", "short-teacher": "short teacher", "tailor-shorten": "SkipShortener"}

rows = []
for folder in sys.argv[1:]:
    for path in glob.glob(os.path.join(folder, "*.json")):
        name = os.path.basename(path)
        if name.count(".") != 1:  # the per-step files (.q.json, .hw.json, .val.json)
            continue
        with open(path) as f:
            rows.append(json.load(f))
rows.sort(key=lambda r: (r["kind"] != "post-training", r.get("modes", ""), -r["bits"], ORDER.get(r["arm"], 9)))

print("| network | precision | float top-1 | fixed-point top-1 | loss (pp) | accumulators | BRAM18 | FF | LUT | DSP | latency (µs) | val top-1: run / simulation |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
for r in rows:
    hw = r["hardware"]
    what = f"{r['bits']}-bit {'QAT' if r['kind'] == 'QAT' else 'PTQ ' + r.get('modes', '')}"
    val = f"{r['runValTop1']:.4f} / {r['simulatedValTop1']:.4f}" if "runValTop1" in r else ""
    print(f"| {NAMES.get(r['arm'], r['arm'])} | {what} | {r['floatTop1']:.4f} | {r['fixedTop1']:.4f} | "
          f"{100 * (r['fixedTop1'] - r['floatTop1']):+.2f} | {r['accumBits']} bit | {hw['BRAM18']:.0f} | {hw['FF']:,.0f} | "
          f"{hw['LUT']:,.0f} | {hw['DSP']:.0f} | {hw['latency_us']:,.1f} | {val} |")
