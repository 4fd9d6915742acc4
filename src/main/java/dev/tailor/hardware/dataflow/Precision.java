package dev.tailor.hardware.dataflow;

/**
 * Fixed-point widths of one layer, as hls4ml sets them per layer: weights, the layer's result
 * (the activations it streams out) and its accumulator.
 */
public record Precision(int weightBits, int activationBits, int accumulatorBits) {
    public Precision {
        if (weightBits <= 0 || activationBits <= 0 || accumulatorBits <= 0) {
            throw new IllegalArgumentException("precision bit widths must be positive, got " + weightBits + "/" + activationBits + "/"
                    + accumulatorBits);
        }
    }

    /** Parses "W/A/ACC", e.g. "8/8/16". */
    public static Precision parse(String text) {
        String[] p = text.trim().split("/");
        if (p.length != 3) {
            throw new IllegalArgumentException("precision '" + text + "' must be WEIGHT/ACTIVATION/ACCUMULATOR bits, e.g. 8/8/16");
        }
        try {
            return new Precision(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()), Integer.parseInt(p[2].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("precision '" + text + "' must be three whole numbers of bits, e.g. 8/8/16");
        }
    }

    @Override
    public String toString() {
        return weightBits + "/" + activationBits + "/" + accumulatorBits;
    }
}
