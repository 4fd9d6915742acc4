package dev.tailor.hardware.pearray;

/** Each PE accumulates one output: output pixels on the rows, filters on the columns, the window streamed. */
public final class OutputStationary extends ComputeModel {
    OutputStationary(int rows, int cols) {
        super(rows, cols);
    }

    @Override
    public Mapping map(Gemm g) {
        return new Mapping(g.outPixels(), g.filters(), g.window());
    }

    @Override
    protected long cyclesPerFold(long t) {
        return t + rows + cols - 2;
    }
}
