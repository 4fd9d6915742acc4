#!/usr/bin/env python3
"""Turns the network that `tailor export` wrote next to this file into an hls4ml project.

Run it where hls4ml is installed (pip install hls4ml onnx; a C++ compiler for the C simulation;
Vivado HLS or Vitis HLS on PATH for --build):

    python3 run_hls4ml.py                          # convert and compile; print logits of one input
    python3 run_hls4ml.py --compare Q.csv X.npy    # compare hls4ml's C simulation with Tailor's, value by value
    python3 run_hls4ml.py --build                  # then synthesise

model_hls.onnx is model.onnx channels-last, as hls4ml's ONNX front end reads it (qonnx's
channels-last ops, batch 1), so no qonnx step is needed. hls4ml converts it with hls4ml_config.yml,
whose types are Tailor's precision plan, and compiles its C simulation. Q.csv and X.npy come from
`tailor quantize --checkpoint CKPT --per-image Q.csv --inputs X.npy` with the same plan (no precision
option for export and quantize: the default plan for both): --compare feeds hls4ml exactly those
inputs and counts the images whose logits are bit-identical. When the configuration lists the
FIFO-depth optimisation flow, hls4ml applies it while converting: it synthesises and co-simulates
the design with deep FIFOs to measure them, so the HLS tool is needed from the conversion on.
estimate.json holds Tailor's estimate for the same configuration, to compare with the synthesis report.
"""
import os
import re
import sys

import hls4ml
import numpy as np
import onnx
import yaml

os.chdir(os.path.dirname(os.path.abspath(__file__)))
with open("hls4ml_config.yml") as f:
    config = yaml.safe_load(f)
fifo_depth = config.pop("TailorFifoDepth", None)
config["OnnxModel"] = onnx.load(config["OnnxModel"])

for flow in config["HLSConfig"].get("Flows", []):
    print(flow, "runs C synthesis and RTL co-simulation now, to size the FIFOs")
    hls4ml.model.optimizer.get_optimizer(flow).configure(profiling_fifo_depth=100_000)
hls_model = hls4ml.converters.convert_from_config(config)
if fifo_depth:
    # hls4ml keeps a stream's depth in its variable's pragma, where its FIFO-depth optimiser sets it too.
    ends = (hls_model.get_input_variables()[0], hls_model.get_output_variables()[0])
    for var in hls_model.output_vars.values():
        if var.pragma and var not in ends:
            var.pragma = (var.pragma[0], fifo_depth)
hls_model.compile()

if "--compare" in sys.argv:
    at = sys.argv.index("--compare")
    csv_file, npy_file = sys.argv[at + 1], sys.argv[at + 2]
    with open(csv_file) as f:
        first = f.readline()
        fraction = int(re.search(r"value = raw / 2\^(-?\d+)", first).group(1))
        rows = [line.strip().split(",") for line in f if line[:1].isdigit()]
    want = np.array([[int(v) for v in r[3:]] for r in rows])
    x = np.ascontiguousarray(np.load(npy_file).astype(np.float32))
    got = np.reshape(hls_model.predict(x), want.shape)
    raw = np.round(got * 2.0 ** fraction).astype(np.int64)
    same = (raw == want).all(axis=1)
    print(f"{same.sum()} of {len(want)} images have bit-identical logits in hls4ml's C simulation and Tailor's; "
          f"{(raw.argmax(1) == want.argmax(1)).sum()} the same class")
    for i in np.flatnonzero(~same)[:5]:
        print(f"image {rows[i][0]}: Tailor {want[i].tolist()} hls4ml {raw[i].tolist()}")
    if not same.all():
        sys.exit(1)
else:
    shape = [1] + [d.dim_value for d in config["OnnxModel"].graph.input[0].type.tensor_type.shape.dim[1:]]
    x = np.random.default_rng(0).standard_normal(shape).astype(np.float32)
    print("logits, hls4ml fixed point, one random input:", np.ravel(hls_model.predict(x)))

if "--build" in sys.argv:
    print(hls_model.build(csim=False, synth=True, cosim=False, export=False))
