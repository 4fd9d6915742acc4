package dev.tailor.rtl;

import java.util.List;

/**
 * The top module {@code tailor_top}: an input pixel stream, an output logit stream (one token of
 * every class's raw logit per image), every stage instance and one {@code tailor_fifo} per
 * stream. {@code activity} is high in any cycle a token moves anywhere; a test bench's hang
 * watchdog reads it.
 */
final class TopModule {
    static final String NAME = "tailor_top";

    private TopModule() {
    }

    static String text(RtlDesign d) {
        RtlDesign.Stage first = d.first();
        RtlDesign.Stage last = d.last();
        int inBits = first.inputs().get(0).bits();
        int outBits = StageModules.outBits(last);
        StringBuilder b = new StringBuilder();
        b.append("// ").append(d.network()).append(": the whole network, one pixel of all channels per input token, one token of all logits per image.\n");
        b.append("module ").append(NAME).append(" (\n  input clk,\n  input rst,\n");
        b.append("  input [").append(inBits - 1).append(":0] in_data,\n  input in_valid,\n  output in_ready,\n");
        b.append("  output [").append(outBits - 1).append(":0] out_data,\n  output out_valid,\n  input out_ready,\n");
        b.append("  output activity\n);\n");
        StringBuilder moved = new StringBuilder("(in_valid && in_ready) || (out_valid && out_ready)");
        for (RtlDesign.Stream s : d.fifos()) {
            String n = "s" + s.id();
            b.append("  // stream ").append(s.name()).append(": ").append(s.shape()).append(" of ").append(s.type())
                    .append(", depth ").append(s.depth()).append(s.skip() ? " (skip)" : "").append("\n");
            for (String side : List.of("w", "r")) {
                b.append("  wire [").append(s.bits() - 1).append(":0] ").append(n).append('_').append(side).append("_data;\n");
                b.append("  wire ").append(n).append('_').append(side).append("_valid;\n");
                b.append("  wire ").append(n).append('_').append(side).append("_ready;\n");
            }
            b.append("  ").append(FifoModule.name(s)).append(" fifo").append(s.id()).append(" (.clk(clk), .rst(rst), .in_data(").append(n).append("_w_data), .in_valid(")
                    .append(n).append("_w_valid), .in_ready(").append(n).append("_w_ready), .out_data(").append(n).append("_r_data), .out_valid(")
                    .append(n).append("_r_valid), .out_ready(").append(n).append("_r_ready));\n");
            moved.append("\n    || (").append(n).append("_w_valid && ").append(n).append("_w_ready) || (").append(n).append("_r_valid && ")
                    .append(n).append("_r_ready)");
        }
        for (RtlDesign.Stage s : d.stages()) {
            b.append("  ").append(StageModules.moduleName(s)).append(" u_").append(Verilog.ident(s.name())).append(" (.clk(clk), .rst(rst)");
            List<RtlDesign.Stream> in = s.inputs();
            for (int i = 0; i < in.size(); i++) {
                String p = in.size() == 1 ? "in" : "in" + i;
                RtlDesign.Stream st = in.get(i);
                String src = st.fifo() ? "s" + st.id() + "_r" : "in";
                b.append(", .").append(p).append("_data(").append(src).append(st.fifo() ? "_data" : "_data").append(")");
                b.append(", .").append(p).append("_valid(").append(src).append("_valid)");
                b.append(", .").append(p).append("_ready(").append(src).append("_ready)");
            }
            List<RtlDesign.Stream> out = s.outputs();
            if (out.isEmpty()) {
                b.append(", .out_data(out_data), .out_valid(out_valid), .out_ready(out_ready)");
            }
            for (int i = 0; i < out.size(); i++) {
                String p = out.size() == 1 ? "out" : "out" + i;
                String dst = "s" + out.get(i).id() + "_w";
                b.append(", .").append(p).append("_data(").append(dst).append("_data)");
                b.append(", .").append(p).append("_valid(").append(dst).append("_valid)");
                b.append(", .").append(p).append("_ready(").append(dst).append("_ready)");
            }
            b.append(");\n");
        }
        b.append("  assign activity = ").append(moved).append(";\n");
        b.append("endmodule\n");
        return b.toString();
    }
}
