package dev.tailor.hardware.pearray;

/**
 * Each PE holds one input element: the window on the rows, output pixels on the columns, filters
 * streamed. Folds cost what weight-stationary folds cost with T the number of filters.
 */
public final class InputStationary extends ComputeModel {
    InputStationary(int rows, int cols) {
        super(rows, cols);
    }

    @Override
    public Mapping map(Gemm g) {
        return new Mapping(g.window(), g.outPixels(), g.filters());
    }

    @Override
    protected long cyclesPerFold(long t) {
        return 2L * rows + cols + t - 2;
    }
}
