#!/usr/bin/env python3
"""Renders the JSON files of bench/fixed-point-sweep.sh and bench/fixed-point-qat.sh as one Markdown table.

A QAT row's "float top-1" is the float top-1 of the network it was fine-tuned from (that network's
post-training rows, same checkpoint), so its change is measured from the same starting point as
post-training quantisation's.

    bench/fixed-point-table.py runs/demo/fixed [more folders...]
"""
import glob
import json
import os
import sys

ORDER = {"teacher": 0, "tailor-remove": 1, "short-teacher": 2, "tailor-shorten": 3}
NAMES = {"teacher": "original", "tailor-remove": "SkipRemover", "short-teacher": "short teacher", "tailor-shorten": "SkipShortener"}

if len(sys.argv) < 2:
    sys.exit("usage: bench/fixed-point-table.py FOLDER [FOLDER...]")
rows = []
for folder in sys.argv[1:]:
    for path in glob.glob(os.path.join(folder, "*.json")):
        name = os.path.basename(path)
        if name.count(".") != 1:  # the per-step files (.q.json, .hw.json, .val.json)
            continue
        with open(path) as f:
            rows.append(json.load(f))
start = {r["arm"]: r["floatTop1"] for r in rows if r["kind"] == "post-training"}
rows.sort(key=lambda r: (r["kind"] != "post-training", r.get("modes", ""), r.get("fit", "max"), r.get("frozenBatchNorm", False),
                         -r["bits"], ORDER.get(r["arm"], 9)))

print("| network | precision | float top-1 | fixed-point top-1 | change (pp) | widest accumulator | BRAM18 | FF | LUT | DSP | latency (µs) | val top-1: run / quantize |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
for r in rows:
    hw = r["hardware"]
    what = f"{r['bits']}-bit {'QAT' if r['kind'] == 'QAT' else 'PTQ ' + r.get('modes', '')}"
    if r.get("fit", "max") != "max":
        what += f", {r['fit']} fit"
    if r.get("frozenBatchNorm"):
        what += ", BN frozen"
    base = start.get(r["arm"], r["floatTop1"]) if r["kind"] == "QAT" else r["floatTop1"]
    val = f"{r['runValTop1']:.4f} / {r['simulatedValTop1']:.4f}" if "runValTop1" in r else ""
    print(f"| {NAMES.get(r['arm'], r['arm'])} | {what} | {base:.4f} | {r['fixedTop1']:.4f} | "
          f"{100 * (r['fixedTop1'] - base):+.2f} | {r['accumBits']} bit | {hw['BRAM18']:.0f} | {hw['FF']:,.0f} | "
          f"{hw['LUT']:,.0f} | {hw['DSP']:.0f} | {hw['latency_us']:,.1f} | {val} |")
