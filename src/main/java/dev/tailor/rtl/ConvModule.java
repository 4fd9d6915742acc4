package dev.tailor.rtl;

import dev.tailor.fixedpoint.FixedType;
import dev.tailor.fixedpoint.LayerTypes;
import dev.tailor.fixedpoint.QuantizedNetwork;
import dev.tailor.net.Layer;
import dev.tailor.net.Shape;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * A conv (BN folded) or dense stage: line buffers of K-1 padded rows and a KxK window (a conv
 * with K = 1 and a dense layer keep just the token), and a multiply-accumulate unit of
 * {@link MacGeometry} lanes reading one ROM word of weights per cycle. Per output pixel the stage
 * takes the token that completes a window, spends the reuse factor's cycles on the products, then
 * writes the output register. A fused short skip adds the window's centre pixel (or its 1x1
 * projection, a second MAC unit running beside the first) after the ReLUs between conv and add.
 */
final class ConvModule {
    private final QuantizedNetwork q;
    private final RtlDesign.Stage s;
    private final Layer l;
    private final int k;
    private final int stride;
    private final Shape padded;
    private final FixedType x;
    private final int cin;
    private final int tokenBits;
    private final List<StageModules.Rom> roms = new ArrayList<>();

    ConvModule(QuantizedNetwork q, RtlDesign.Stage s) {
        this.q = q;
        this.s = s;
        this.l = s.layer();
        boolean dense = s.kind() == dev.tailor.hardware.dataflow.StreamGraph.Kind.DENSE;
        this.k = dense ? 1 : l.kernel();
        this.stride = dense ? 1 : l.stride();
        this.padded = s.inputs().get(0).shape();
        this.x = s.inputs().get(0).type();
        this.cin = padded.channels();
        this.tokenBits = cin * x.width();
    }

    StageModules.Module build() {
        int steps = s.macs().reuse();
        RtlDesign.FusedSkip f = s.fused();
        if (f != null && f.projection() != null) {
            steps = Math.max(steps, f.projectionMacs().reuse());
        }
        int sb = Verilog.bitsFor(steps);
        int rb = Verilog.bitsFor(padded.height());
        int cb = Verilog.bitsFor(padded.width());
        StringBuilder b = new StringBuilder(StageModules.header(s, describe()));
        b.append("module ").append(StageModules.moduleName(s)).append(" (\n").append(StageModules.ports(s, StageModules.outBits(s))).append("\n);\n");
        b.append("  localparam IDLE = 2'd0, BUSY = 2'd1, DONE = 2'd2;\n");
        b.append("  reg [1:0] st;\n");
        b.append("  reg [").append(sb - 1).append(":0] step;\n");
        b.append("  reg [").append(rb - 1).append(":0] row;\n");
        b.append("  reg [").append(cb - 1).append(":0] col;\n");
        // The window as an array of elements (tap-major, channels inner): an element is read through a multiplexer
        // over the elements, which synthesis builds far smaller than a shift of one wide vector.
        b.append("  reg [").append(x.width() - 1).append(":0] win [0:").append(k * k * cin - 1).append("];\n");
        // A result waiting in the output register stops the stage reading, as a blocking stream write stops an HLS
        // stage (and the model's stage with a pending token); the token that completes the next window may enter
        // in the cycle the result leaves.
        b.append("  assign in_ready = st != BUSY && (!out_valid || out_ready);\n");
        b.append("  wire take = in_valid && in_ready;\n");
        b.append("  wire busy = st == BUSY;\n");
        b.append("  wire complete = ").append(windowComplete()).append(";\n");
        b.append("  wire start = take && complete;\n");
        b.append(lineBuffer());
        Mac main = new Mac("m", l, s.macs(), idx -> "win[" + idx + "]");
        b.append(main.text());
        Mac proj = null;
        if (f != null && f.projection() != null) {
            int centre = (k / 2) * k + k / 2;
            proj = new Mac("p", f.projection(), f.projectionMacs(),
                    idx -> "win[" + centre * cin + " + " + idx + "]");
            b.append(proj.text());
        }
        String writes = outputWrites(main, proj);
        b.append(outputFunctions(main, proj));
        b.append("  always @(posedge clk) begin\n");
        b.append("    if (rst) begin\n      st <= IDLE;\n      step <= 0;\n      row <= 0;\n      col <= 0;\n      out_valid <= 1'b0;\n");
        b.append("    end else begin\n");
        b.append("      if (out_valid && out_ready) out_valid <= 1'b0;\n");
        b.append("      case (st)\n");
        b.append("        BUSY: begin\n          step <= step + 1'b1;\n          if (step == ").append(steps - 1).append(") st <= DONE;\n        end\n");
        b.append("        default: begin\n");
        b.append("          if (st == DONE && (!out_valid || out_ready)) begin\n"
                    + writes + "            out_valid <= 1'b1;\n            st <= IDLE;\n          end\n");
        b.append("          if (take) begin\n");
        b.append("            col <= (col == ").append(padded.width() - 1).append(") ? 0 : col + 1'b1;\n");
        b.append("            if (col == ").append(padded.width() - 1).append(") row <= (row == ").append(padded.height() - 1).append(") ? 0 : row + 1'b1;\n");
        b.append("            if (complete) begin\n              st <= BUSY;\n              step <= 0;\n            end\n");
        b.append("          end\n        end\n");
        b.append("      endcase\n    end\n  end\nendmodule\n");
        return new StageModules.Module(b.toString(), List.copyOf(roms));
    }

    private String describe() {
        String what = s.kind() == dev.tailor.hardware.dataflow.StreamGraph.Kind.DENSE ? "dense " + cin + " -> " + l.out().channels()
                : k + "x" + k + " conv stride " + stride + ", " + padded + " (padded) -> " + s.out();
        MacGeometry m = s.macs();
        what += "; reuse " + m.reuse() + ", " + m.multipliers() + " multipliers (" + m.lanes() + " lanes x " + m.perCycle() + ")";
        if (s.fused() != null) {
            what += "; fused short skip " + s.fused().add().name() + (s.fused().projection() == null ? "" : " with " + s.fused().projection().name());
        }
        return what;
    }

    /** The token just taken completes a window when its row and column are the bottom-right of one (stride apart). */
    private String windowComplete() {
        if (k == 1 && stride == 1) {
            return "1'b1";
        }
        String r = "(row >= " + (k - 1) + ")" + (stride == 1 ? "" : " && (((row - " + (k - 1) + ") % " + stride + ") == 0)");
        String c = "(col >= " + (k - 1) + ")" + (stride == 1 ? "" : " && (((col - " + (k - 1) + ") % " + stride + ") == 0)");
        return r + " && " + c;
    }

    /**
     * K-1 line buffers of the padded width (oldest row first) and the window shift: on each token
     * the window's columns move left and the new column (buffered rows above, the token at the
     * bottom) enters on the right.
     */
    private String lineBuffer() {
        StringBuilder b = new StringBuilder();
        if (k == 1) {
            b.append("  always @(posedge clk) begin\n    if (take) begin\n");
            for (int c = 0; c < cin; c++) {
                b.append("      win[").append(c).append("] <= in_data[").append(c * x.width()).append(" +: ").append(x.width()).append("];\n");
            }
            b.append("    end\n  end\n");
            return b.toString();
        }
        // Each buffered row is read through a register (a block RAM's read) at the column the next token will take:
        // the one after the column being written when a token is taken, else the current one.
        b.append("  wire [").append(Verilog.bitsFor(padded.width()) - 1).append(":0] read_col = take ? ((col == ").append(padded.width() - 1)
                .append(") ? 0 : col + 1'b1) : col;\n");
        for (int ky = 0; ky < k - 1; ky++) {
            b.append("  reg [").append(tokenBits - 1).append(":0] line").append(ky).append(" [0:").append(padded.width() - 1).append("];\n");
            b.append("  reg [").append(tokenBits - 1).append(":0] column").append(ky).append(";\n");
            b.append("  always @(posedge clk) column").append(ky).append(" <= line").append(ky).append("[read_col];\n");
        }
        b.append("  wire [").append(tokenBits - 1).append(":0] column").append(k - 1).append(" = in_data;\n");
        b.append("  always @(posedge clk) begin\n    if (take) begin\n");
        for (int ky = 0; ky < k - 1; ky++) {
            b.append("      line").append(ky).append("[col] <= column").append(ky + 1).append(";\n");
        }
        for (int ky = 0; ky < k; ky++) {
            for (int kx = 0; kx < k; kx++) {
                int tap = ky * k + kx;
                for (int c = 0; c < cin; c++) {
                    String src = kx < k - 1 ? "win[" + ((tap + 1) * cin + c) + "]"
                            : "column" + ky + "[" + c * x.width() + " +: " + x.width() + "]";
                    b.append("      win[").append(tap * cin + c).append("] <= ").append(src).append(";\n");
                }
            }
        }
        b.append("    end\n  end\n");
        return b.toString();
    }

    /** Functions for the output token: with a fused skip, the ReLUs between conv and add, then the add. */
    private String outputFunctions(Mac main, Mac proj) {
        RtlDesign.FusedSkip f = s.fused();
        if (f == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        FixedType t = main.resultType;
        StringBuilder chain = new StringBuilder();
        for (int i = 0; i < f.relus().size(); i++) {
            FixedType r = q.types().of(f.relus().get(i).name()).result();
            b.append(StageModules.reluFunction("relu" + i, t, r));
            chain.insert(0, "relu" + i + "(").append(")");
            t = r;
        }
        FixedType skip = proj == null ? x : proj.resultType;
        b.append(StageModules.addFunction("skip_add", t, skip, s.outType()));
        b.append("  function [").append(s.outType().width() - 1).append(":0] fused;\n");
        b.append("    input [").append(main.resultType.width() - 1).append(":0] r;\n");
        b.append("    input [").append(skip.width() - 1).append(":0] k;\n");
        b.append("    fused = skip_add(").append(chain.toString().replace("()", "(r)")).append(chain.length() == 0 ? "r" : "").append(", k);\n");
        b.append("  endfunction\n");
        return b.toString();
    }

    /** The output register's channels, written in the cycle the result leaves the DONE state. */
    private String outputWrites(Mac main, Mac proj) {
        FixedType out = s.outType();
        StringBuilder b = new StringBuilder();
        for (int o = 0; o < s.out().channels(); o++) {
            String target = "            out_data[" + o * out.width() + " +: " + out.width() + "] <= ";
            if (s.fused() == null) {
                b.append(target).append(main.result(o)).append(";\n");
            } else {
                String skipBits = proj == null ? "win[" + (((k / 2) * k + k / 2) * cin + o) + "]" : proj.result(o);
                b.append(target).append("fused(").append(main.result(o)).append(", ").append(skipBits).append(");\n");
            }
        }
        return b.toString();
    }

    /**
     * One multiply-accumulate unit (signals prefixed {@code p_}). Cycle r of the busy phase works
     * on output {@code lane·perLane + g} of each lane and products {@code n0 .. n0+perCycle-1},
     * where g and n0 count through the outputs and inputs; the ROM word it reads holds exactly
     * those weights.
     */
    private final class Mac {
        final String p;
        final Layer layer;
        final MacGeometry g;
        final FixedType weight;
        final FixedType acc;
        final FixedType resultType;
        private final java.util.function.Function<String, String> element;

        Mac(String prefix, Layer layer, MacGeometry g, java.util.function.Function<String, String> element) {
            this.p = prefix;
            this.layer = layer;
            this.g = g;
            LayerTypes t = q.types().of(layer.name());
            this.weight = t.weight();
            this.acc = t.accum();
            this.resultType = t.result();
            this.element = element;
        }

        String result(int o) {
            return p + "_res[" + o + "]";
        }

        String text() {
            LayerTypes t = q.types().of(layer.name());
            int ww = weight.width();
            int aw = acc.width();
            int acw = Verilog.container(acc);
            int xc = Verilog.container(x);
            int wc = Verilog.container(weight);
            int pw = xc + wc;
            int words = g.multipliers();
            int nb = Verilog.bitsFor(g.inputs());
            int gb = Verilog.bitsFor(g.perLane());
            int rb = Verilog.bitsFor(g.reuse());
            String rom = StageModules.moduleName(s) + "_" + p + ".hex";
            roms.add(new StageModules.Rom(rom, romContents()));
            StringBuilder b = new StringBuilder();
            b.append("  // ").append(layer.name()).append(": ").append(g.multipliers()).append(" multipliers, ").append(g.reuse())
                    .append(" cycles; weights ").append(weight).append(", accumulator ").append(acc).append(", result ").append(resultType).append("\n");
            b.append(Verilog.convertFunction(p + "_product", pw, x.fraction() + weight.fraction(), acc));
            b.append(Verilog.convertFunction(p + "_accumulate", acw + 1, acc.fraction(), acc));
            b.append(Verilog.convertFunction(p + "_to_result", acw, acc.fraction(), resultType));
            b.append("  reg [").append(words * ww - 1).append(":0] ").append(p).append("_rom [0:").append(g.reuse() - 1).append("];\n");
            b.append("  initial $readmemh(\"").append(rom).append("\", ").append(p).append("_rom);\n");
            b.append("  reg [").append(words * ww - 1).append(":0] ").append(p).append("_w;\n");
            b.append("  wire ").append(p).append("_on = busy && step < ").append(g.reuse()).append(";\n");
            // The ROM is read one cycle ahead (a registered read, as block RAM does): word 0 while idle, word r+1 during cycle r.
            b.append("  wire [").append(rb - 1).append(":0] ").append(p).append("_addr = (").append(p).append("_on && step + 1 < ")
                    .append(g.reuse()).append(") ? step[").append(rb - 1).append(":0] + 1'b1 : 0;\n");
            b.append("  always @(posedge clk) ").append(p).append("_w <= ").append(p).append("_rom[").append(p).append("_addr];\n");
            b.append("  reg [").append(nb - 1).append(":0] ").append(p).append("_n0;\n");
            b.append("  reg [").append(gb - 1).append(":0] ").append(p).append("_g;\n");
            b.append("  reg [").append(resultType.width() - 1).append(":0] ").append(p).append("_res [0:").append(g.outputs() - 1).append("];\n");
            b.append("  wire ").append(p).append("_first = ").append(p).append("_n0 == 0;\n");
            b.append("  wire ").append(p).append("_last = ").append(p).append("_n0 == ").append(g.inputs() - g.perCycle()).append(";\n");
            // One product added to an accumulator: the product converted to the accumulator type, the sum brought into it.
            b.append("  function [").append(aw - 1).append(":0] ").append(p).append("_mac;\n");
            b.append("    input [").append(aw - 1).append(":0] a;\n");
            b.append("    input [").append(x.width() - 1).append(":0] xv;\n");
            b.append("    input [").append(ww - 1).append(":0] wv;\n");
            b.append("    reg signed [").append(xc - 1).append(":0] xs;\n");
            b.append("    reg signed [").append(wc - 1).append(":0] ws;\n");
            b.append("    reg signed [").append(pw - 1).append(":0] pr;\n");
            b.append("    reg signed [").append(acw).append(":0] sum;\n");
            b.append("    begin\n");
            b.append("      xs = ").append(Verilog.signedOf("xv", x)).append(";\n");
            b.append("      ws = ").append(Verilog.signedOf("wv", weight)).append(";\n");
            b.append("      pr = xs * ws;\n");
            b.append("      sum = ").append(Verilog.signedOf("a", acc)).append(" + ").append(Verilog.signedOf(p + "_product(pr)", acc)).append(";\n");
            b.append("      ").append(p).append("_mac = ").append(p).append("_accumulate(sum);\n");
            b.append("    end\n  endfunction\n");
            for (int lane = 0; lane < g.lanes(); lane++) {
                b.append("  reg [").append(aw - 1).append(":0] ").append(p).append("_acc").append(lane).append(";\n");
            }
            b.append("  reg [").append(aw - 1).append(":0] ").append(p).append("_t;\n");
            for (int j = 0; j < g.perCycle(); j++) {
                b.append("  reg [").append(x.width() - 1).append(":0] ").append(p).append("_x").append(j).append(";\n");
            }
            // The lanes' work sits under the busy condition of the clocked block: an idle stage costs a simulator nothing.
            b.append("  always @(posedge clk) begin\n");
            b.append("    if (start) begin\n      ").append(p).append("_n0 <= 0;\n      ").append(p).append("_g <= 0;\n    end else if (")
                    .append(p).append("_on) begin\n");
            // The window element(s) this cycle works on, selected once for all lanes: one multiplexer, not one per lane.
            for (int j = 0; j < g.perCycle(); j++) {
                b.append("      ").append(p).append("_x").append(j).append(" = ").append(element.apply(p + "_n0 + " + j)).append(";\n");
            }
            for (int lane = 0; lane < g.lanes(); lane++) {
                String bias = biasOf(lane, t);
                b.append("      ").append(p).append("_t = ").append(p).append("_first ? ").append(bias).append(" : ").append(p).append("_acc").append(lane).append(";\n");
                for (int j = 0; j < g.perCycle(); j++) {
                    int word = lane * g.perCycle() + j;
                    b.append("      ").append(p).append("_t = ").append(p).append("_mac(").append(p).append("_t, ").append(p).append("_x").append(j)
                            .append(", ").append(p).append("_w[").append(word * ww).append(" +: ").append(ww).append("]);\n");
                }
                b.append("      ").append(p).append("_acc").append(lane).append(" <= ").append(p).append("_t;\n");
                String index = g.perLane() == 1 ? Integer.toString(lane) : lane * g.perLane() + " + " + p + "_g";
                b.append("      if (").append(p).append("_last) ").append(p).append("_res[").append(index).append("] <= ").append(p)
                        .append("_to_result(").append(Verilog.signedOf(p + "_t", acc)).append(");\n");
            }
            b.append("      if (").append(p).append("_last) begin\n");
            b.append("        ").append(p).append("_n0 <= 0;\n        ").append(p).append("_g <= ").append(p).append("_g + 1'b1;\n");
            b.append("      end else ").append(p).append("_n0 <= ").append(p).append("_n0 + ").append(g.perCycle()).append(";\n");
            b.append("    end\n  end\n");
            return b.toString();
        }

        /**
         * The accumulator start of the output a lane works on: a constant, or with several outputs per
         * lane a choice among its constants by the output counter.
         */
        private String biasOf(int lane, LayerTypes t) {
            long[] bias = q.biases(layer.name());
            int aw = acc.width();
            String e = null;
            for (int gi = g.perLane() - 1; gi >= 0; gi--) {
                int o = lane * g.perLane() + gi;
                String c = Verilog.bitsLiteral(acc.convert(bias[o], t.bias().fraction()), aw);
                e = e == null ? c : "(" + p + "_g == " + gi + ") ? " + c + " : " + e;
            }
            return "(" + e + ")";
        }

        /** ROM word r: for each lane and product slot, the weight of output lane·perLane+g(r), input n0(r)+j. */
        private String romContents() {
            long[] w = q.weights(layer.name());
            int kk = layer.op() == dev.tailor.net.Op.DENSE ? 1 : layer.kernel() * layer.kernel();
            int ci = g.inputs() / kk;
            int ww = weight.width();
            BigInteger mask = BigInteger.ONE.shiftLeft(ww).subtract(BigInteger.ONE);
            int digits = (g.multipliers() * ww + 3) / 4;
            StringBuilder b = new StringBuilder();
            for (int r = 0; r < g.reuse(); r++) {
                long first = (long) r * g.perCycle();
                int lg = (int) (first / g.inputs());
                int n0 = (int) (first % g.inputs());
                BigInteger word = BigInteger.ZERO;
                for (int slot = g.multipliers() - 1; slot >= 0; slot--) {
                    int lane = slot / g.perCycle();
                    int j = slot % g.perCycle();
                    int o = lane * g.perLane() + lg;
                    int n = n0 + j;
                    int tap = n / ci;
                    int c = n % ci;
                    long raw = w[(o * ci + c) * kk + tap];
                    word = word.shiftLeft(ww).or(BigInteger.valueOf(raw).and(mask));
                }
                String hex = word.toString(16);
                b.append("0".repeat(Math.max(0, digits - hex.length()))).append(hex).append('\n');
            }
            return b.toString();
        }
    }
}
