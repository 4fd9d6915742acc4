package dev.tailor.hardware.pearray;

import java.util.List;

/** What the PE-array model estimates for one network; per-layer rows and totals. Estimates. */
public record PeArrayEstimate(String network, PeArrayConfig config, List<LayerCost> layers, long macs) {

    /**
     * @param skipBytes the part of {@code dramBytes} that exists only because of a skip
     */
    public record LayerCost(String name, String op, long computeCycles, long dramBytes, long skipBytes, long cycles) {
    }

    public long cycles() {
        return layers.stream().mapToLong(LayerCost::cycles).sum();
    }

    public long dramBytes() {
        return layers.stream().mapToLong(LayerCost::dramBytes).sum();
    }

    public long skipBytes() {
        return layers.stream().mapToLong(LayerCost::skipBytes).sum();
    }

    public double framesPerSecond() {
        return config.clockMHz() * 1e6 / cycles();
    }

    /** Average DRAM bandwidth over the frame, GB/s. */
    public double bandwidthGBs() {
        return dramBytes() / (cycles() / (config.clockMHz() * 1e6)) / 1e9;
    }

    /** MACs done per MAC-unit-cycle available. */
    public double utilisation() {
        return (double) macs / ((double) cycles() * config.rows() * config.cols());
    }
}
