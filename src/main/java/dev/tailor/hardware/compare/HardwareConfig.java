package dev.tailor.hardware.compare;

import dev.tailor.hardware.dataflow.DataflowConfig;
import dev.tailor.hardware.fpga.FpgaPart;
import dev.tailor.hardware.fpga.PartChoice;
import dev.tailor.hardware.pearray.PeArrayConfig;

/**
 * Which hardware models an estimate runs, with what settings, and which part the dataflow design is
 * fitted on. A model left null is not run.
 */
public record HardwareConfig(DataflowConfig dataflow, PeArrayConfig peArray, PartChoice part) {
    public HardwareConfig {
        if (dataflow == null && peArray == null) {
            throw new IllegalArgumentException("an estimate needs the dataflow model, the PE-array model or both");
        }
        if (part == null) {
            throw new IllegalArgumentException("a part choice is required (a part or auto)");
        }
    }

    /** Both models at their reference settings, fitted on the MLPerf Tiny board's xc7z020. */
    public static HardwareConfig reference() {
        return new HardwareConfig(DataflowConfig.reference(), PeArrayConfig.reference(), PartChoice.of(FpgaPart.XC7Z020));
    }

    public boolean hasDataflow() {
        return dataflow != null;
    }

    public boolean hasPeArray() {
        return peArray != null;
    }
}
