package dev.tailor.hardware.dataflow;

import java.util.List;

/** One named rewrite of the stream graph with a single job (hls4ml's optimizer-pass shape). */
interface StreamPass {
    String name();

    void apply(StreamGraph graph);

    /** In order: BN into convs, short skips into the convs they span, then padding stages, then clones. */
    List<StreamPass> DEFAULT = List.of(new FoldBatchNorm(), new FuseShortSkips(), new InsertZeroPadding(), new InsertClones());
}
