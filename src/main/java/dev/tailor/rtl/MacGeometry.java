package dev.tailor.rtl;

/**
 * How a conv's or dense layer's multiply-accumulates are spread over multipliers and cycles for one
 * output pixel: {@code lanes} multiplier lanes, each computing {@code perLane} output channels one
 * after the other with {@code perCycle} products a cycle, over {@code reuse} cycles. Every output
 * channel's sum runs in the simulation's order (window taps, channels innermost) in one lane, so a
 * saturating accumulator saturates exactly where the simulation's does.
 *
 * @param inputs products per output channel (K·K·Cin)
 * @param reuse  the reuse factor: cycles per output pixel
 */
public record MacGeometry(int inputs, int outputs, int reuse, int lanes, int perLane, int perCycle) {
    /** Multipliers: lanes times products per cycle (= inputs·outputs / reuse, as the model counts them). */
    public int multipliers() {
        return lanes * perCycle;
    }

    /**
     * @param reuse the layer's reuse factor as the model uses it (a divisor of inputs·outputs)
     */
    static MacGeometry of(String layer, int inputs, int outputs, int reuse) {
        if (reuse % inputs == 0) {
            int perLane = reuse / inputs;
            if (outputs % perLane != 0) {
                throw new IllegalStateException(layer + ": reuse factor " + reuse + " does not divide " + inputs + "x" + outputs + " weights");
            }
            return new MacGeometry(inputs, outputs, reuse, outputs / perLane, perLane, 1);
        }
        if (inputs % reuse == 0) {
            return new MacGeometry(inputs, outputs, reuse, outputs, 1, inputs / reuse);
        }
        // The model only chooses reuse factors hls4ml accepts, which never split an output's sum.
        throw new IllegalStateException(layer + ": reuse factor " + reuse + " splits an output's " + inputs + " products across multipliers");
    }
}
