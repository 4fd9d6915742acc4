package dev.tailor.synth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A design folder with a synthesis result written by hand, as tailor rtl and tailor synth write them. */
public final class SynthFixtures {
    private SynthFixtures() {
    }

    /**
     * 40 LUT6 + 4 RAM32M (16 memory LUTs) = 56 LUT, 30 FF, 1 RAMB36E1 + 1 RAMB18E1 = 3 BRAM18, 2 DSP;
     * the estimate 50 LUT, 28 FF, 3 BRAM18, 2 DSP plus {@code extraLut}.
     */
    public static Path design(Path dir, String network, long extraLut) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("design.json"), """
                {"network": "NET", "dataflow": "io_stream resource, RF 576, FIFO hls4ml, Vitis HLS, 150 MHz",
                 "estimate": {"BRAM18": 3, "DSP": 2, "FF": 28, "LUT": LUTEST, "stages": [], "fifos": []}}
                """.replace("NET", network).replace("LUTEST", Long.toString(50 + extraLut)));
        Files.writeString(dir.resolve("synth.json"), """
                {"note": "Yosys synth_xilinx", "tool": "Yosys 0.23", "top": "tailor_top", "seconds": 12.4, "network": "NET",
                 "part": "xc7z020", "fits": true,
                 "design": {"resources": {"bram18": 3, "ff": 30, "lut": 56, "dsp": 2},
                            "cells": {"LUT6": 40, "RAM32M": 4, "FDRE": 30, "RAMB36E1": 1, "RAMB18E1": 1, "DSP48E1": 2, "IBUF": 3}},
                 "modules": {}}
                """.replace("NET", network));
        return dir;
    }
}
