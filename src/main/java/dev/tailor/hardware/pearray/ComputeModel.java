package dev.tailor.hardware.pearray;

/**
 * Compute cycles of one GEMM on an R x C array for one dataflow, after SCALE-Sim: the dataflow maps
 * two of the GEMM's dimensions onto the array's rows and columns and streams the third; the array
 * runs ceil(Sr/R) * ceil(Sc/C) folds of {@link #cyclesPerFold} cycles each.
 */
public abstract sealed class ComputeModel permits OutputStationary, WeightStationary, InputStationary {
    /** Sr and Sc lie on the array, T is streamed through it. */
    public record Mapping(long sr, long sc, long t) {
    }

    protected final int rows;
    protected final int cols;

    ComputeModel(int rows, int cols) {
        this.rows = rows;
        this.cols = cols;
    }

    public static ComputeModel of(PeArrayConfig cfg) {
        return switch (cfg.dataflow()) {
            case OUTPUT_STATIONARY -> new OutputStationary(cfg.rows(), cfg.cols());
            case WEIGHT_STATIONARY -> new WeightStationary(cfg.rows(), cfg.cols());
            case INPUT_STATIONARY -> new InputStationary(cfg.rows(), cfg.cols());
        };
    }

    public abstract Mapping map(Gemm g);

    /** Cycles of one fold: streaming T plus filling and draining the array. */
    protected abstract long cyclesPerFold(long t);

    public long folds(Gemm g) {
        Mapping m = map(g);
        return ceil(m.sr(), rows) * ceil(m.sc(), cols);
    }

    public long cycles(Gemm g) {
        return folds(g) * cyclesPerFold(map(g).t());
    }

    static long ceil(long a, long b) {
        return (a + b - 1) / b;
    }
}
