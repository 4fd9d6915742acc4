package dev.tailor.hardware.dataflow;

/** Lets tests outside the package check the reuse-factor rule of {@link StageCosts}. */
public final class StageCostsProbe {
    private StageCostsProbe() {
    }

    public static boolean accepts(long inputs, long outputs, long rf) {
        return StageCosts.hls4mlAccepts(inputs, outputs, rf);
    }
}
