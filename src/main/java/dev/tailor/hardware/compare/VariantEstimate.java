package dev.tailor.hardware.compare;

import dev.tailor.hardware.dataflow.DataflowEstimate;
import dev.tailor.hardware.fpga.Fit;
import dev.tailor.hardware.pearray.PeArrayEstimate;
import dev.tailor.net.NetSpec;
import dev.tailor.net.SkipMode;

import java.util.stream.Collectors;

/**
 * One skip variant's estimates: the dataflow design and its fit on the part, and the PE array
 * (each null when that model was not run). Estimates, not synthesis results.
 */
public record VariantEstimate(String label, NetSpec spec, long params, long macs, DataflowEstimate dataflow, Fit fit,
                              PeArrayEstimate peArray) {

    /** The per-block skip modes, "long,short,none". */
    public String skips() {
        return spec.skips().stream().map(SkipMode::label).collect(Collectors.joining(","));
    }
}
