package dev.tailor.hardware.compare;

import dev.tailor.hardware.dataflow.DataflowEstimate;
import dev.tailor.hardware.dataflow.DataflowModel;
import dev.tailor.hardware.pearray.PeArrayModel;
import dev.tailor.net.LayerGraph;
import dev.tailor.net.NetSpec;

/** Runs the configured models on a network and fits the dataflow design on the chosen part. */
public final class HardwareEstimator {
    private final HardwareConfig cfg;
    private final DataflowModel dataflow;
    private final PeArrayModel peArray;

    public HardwareEstimator(HardwareConfig cfg) {
        this.cfg = cfg;
        this.dataflow = cfg.hasDataflow() ? new DataflowModel(cfg.dataflow()) : null;
        this.peArray = cfg.hasPeArray() ? new PeArrayModel(cfg.peArray()) : null;
    }

    public HardwareConfig config() {
        return cfg;
    }

    public VariantEstimate estimate(String label, NetSpec spec) {
        LayerGraph g = spec.graph();
        DataflowEstimate d = dataflow == null ? null : dataflow.estimate(spec);
        return new VariantEstimate(label, spec, g.totalParams(), g.totalMacs(), d, d == null ? null : cfg.part().fit(d.total()),
                peArray == null ? null : peArray.estimate(spec));
    }
}
