#!/usr/bin/env python3
"""Turns the network that `tailor export` wrote next to this file into an hls4ml project.

Run it where hls4ml and qonnx are installed (pip install hls4ml qonnx; Vivado HLS or Vitis HLS on
PATH for --build):

    python3 run_hls4ml.py           # clean, channels-last, convert, compile; compare with ONNX
    python3 run_hls4ml.py --build   # then synthesise

These are hls4ml's documented ONNX steps: qonnx cleans the graph and makes it channels-last, hls4ml
converts it with hls4ml_config.yml and compiles it. When the configuration lists the FIFO-depth
optimisation flow, hls4ml applies it while converting: it synthesises and co-simulates the design
with deep FIFOs to measure them, so the HLS tool is needed from the conversion on. estimate.json
holds Tailor's estimate for the same configuration, to compare with the synthesis report.
"""
import os
import sys

import hls4ml
import numpy as np
import yaml
from qonnx.core.modelwrapper import ModelWrapper
from qonnx.core.onnx_exec import execute_onnx
from qonnx.transformation.channels_last import ConvertToChannelsLastAndClean
from qonnx.util.cleanup import cleanup_model

os.chdir(os.path.dirname(os.path.abspath(__file__)))
with open("hls4ml_config.yml") as f:
    config = yaml.safe_load(f)
fifo_depth = config.pop("TailorFifoDepth", None)

model = ModelWrapper("model.onnx")
# qonnx's cleanup renames every node (Conv_0, ...); keep ours, which the LayerName entries use.
for node in model.graph.node:
    node.doc_string = node.name
model = cleanup_model(model, override_inpsize=1)
model = model.transform(ConvertToChannelsLastAndClean(make_input_channels_last=True))
model = cleanup_model(model)
for node in model.graph.node:
    if node.doc_string:
        node.name = node.doc_string
model.save(config["OnnxModel"])

for flow in config["HLSConfig"].get("Flows", []):
    print(flow, "runs C synthesis and RTL co-simulation now, to size the FIFOs")
    hls4ml.model.optimizer.get_optimizer(flow).configure(profiling_fifo_depth=100_000)
config["OnnxModel"] = model.model
hls_model = hls4ml.converters.convert_from_config(config)
if fifo_depth:
    # hls4ml keeps a stream's depth in its variable's pragma, where its FIFO-depth optimiser sets it too.
    ends = (hls_model.get_input_variables()[0], hls_model.get_output_variables()[0])
    for var in hls_model.output_vars.values():
        if var.pragma and var not in ends:
            var.pragma = (var.pragma[0], fifo_depth)
hls_model.compile()

inp, out = model.graph.input[0], model.graph.output[0]
shape = [1] + [d.dim_value for d in inp.type.tensor_type.shape.dim[1:]]
x = np.random.default_rng(0).standard_normal(shape).astype(np.float32)
want = execute_onnx(model, {inp.name: x})[out.name]
got = np.reshape(hls_model.predict(x), want.shape)
print("logits, ONNX float:", want.ravel())
print("logits, hls4ml fixed point:", got.ravel())

if "--build" in sys.argv:
    print(hls_model.build(csim=False, synth=True, cosim=False, export=False))
