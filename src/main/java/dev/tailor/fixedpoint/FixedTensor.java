package dev.tailor.fixedpoint;

/** A layer's output in the simulation: raw values (channels first, row-major) of one type. */
public record FixedTensor(long[] raw, FixedType type) {
    public double value(int i) {
        return type.toDouble(raw[i]);
    }

    public double[] values() {
        double[] v = new double[raw.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = value(i);
        }
        return v;
    }
}
