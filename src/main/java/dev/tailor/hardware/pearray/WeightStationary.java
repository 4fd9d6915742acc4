package dev.tailor.hardware.pearray;

/** Each PE holds one weight: the window on the rows, filters on the columns, output pixels streamed. */
public final class WeightStationary extends ComputeModel {
    /** SRAM reads and writes of one GEMM (what SCALE-Sim's traces count). */
    public record SramAccesses(long filterReads, long ifmapReads, long ofmapWrites) {
    }

    WeightStationary(int rows, int cols) {
        super(rows, cols);
    }

    @Override
    public Mapping map(Gemm g) {
        return new Mapping(g.window(), g.filters(), g.outPixels());
    }

    /** Loading the weights (R), streaming T, and draining the partial sums (R + C - 2). */
    @Override
    protected long cyclesPerFold(long t) {
        return 2L * rows + cols + t - 2;
    }

    /** Every weight read once; each ifmap window once per column fold; each output once per row fold. */
    public SramAccesses sramAccesses(Gemm g) {
        return new SramAccesses(g.window() * g.filters(), g.outPixels() * g.window() * ceil(g.filters(), cols),
                g.outPixels() * g.filters() * ceil(g.window(), rows));
    }
}
