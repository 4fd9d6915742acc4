package dev.tailor.rtl;

import dev.tailor.fixedpoint.FixedType;
import dev.tailor.fixedpoint.LayerTypes;
import dev.tailor.fixedpoint.QuantizedNetwork;
import dev.tailor.net.Layer;
import dev.tailor.net.Shape;

import java.util.List;

/**
 * One Verilog module per stage of an {@link RtlDesign}, its constants baked in. Every stage reads
 * and writes tokens of one pixel (all channels, channel c at bits [c·W +: W]) with valid/ready;
 * the elementwise stages (padding, ReLU, add, clone) are combinational between their FIFOs, the
 * conv, dense and pooling stages hold registers (docs/rtl.md, "Stages").
 */
final class StageModules {
    private final QuantizedNetwork q;

    StageModules(QuantizedNetwork q) {
        this.q = q;
    }

    static String moduleName(RtlDesign.Stage s) {
        return "stage_" + Verilog.ident(s.name());
    }

    /** The module text, and the ROM files it reads (name and contents). */
    record Module(String text, List<Rom> roms) {
    }

    record Rom(String file, String contents) {
    }

    Module of(RtlDesign.Stage s) {
        return switch (s.kind()) {
            case PAD -> new Module(pad(s), List.of());
            case RELU -> new Module(relu(s), List.of());
            case ADD -> new Module(add(s), List.of());
            case CLONE -> new Module(clone(s), List.of());
            case AVGPOOL -> new Module(averagePool(s), List.of());
            case CONV, DENSE -> new ConvModule(q, s).build();
            default -> throw new IllegalStateException(s.name() + ": no RTL for " + s.kind());
        };
    }

    static String header(RtlDesign.Stage s, String what) {
        return "// " + s.name() + ": " + what + "\n";
    }

    static String ports(RtlDesign.Stage s, int outBits) {
        StringBuilder b = new StringBuilder("  input clk,\n  input rst");
        List<RtlDesign.Stream> in = s.inputs();
        for (int i = 0; i < in.size(); i++) {
            String p = in.size() == 1 ? "in" : "in" + i;
            b.append(",\n  input [").append(in.get(i).bits() - 1).append(":0] ").append(p).append("_data");
            b.append(",\n  input ").append(p).append("_valid");
            b.append(",\n  output ").append(p).append("_ready");
        }
        int outs = Math.max(1, s.outputs().size());
        for (int i = 0; i < outs; i++) {
            String p = outs == 1 ? "out" : "out" + i;
            b.append(",\n  output ").append(registeredOutput(s) ? "reg " : "").append("[").append(outBits - 1).append(":0] ").append(p).append("_data");
            b.append(",\n  output ").append(registeredOutput(s) ? "reg " : "").append(p).append("_valid");
            b.append(",\n  input ").append(p).append("_ready");
        }
        return b.toString();
    }

    private static boolean registeredOutput(RtlDesign.Stage s) {
        return switch (s.kind()) {
            case CONV, DENSE, AVGPOOL, RELU, ADD -> true;
            default -> false;
        };
    }

    static int outBits(RtlDesign.Stage s) {
        return s.out().channels() * s.outType().width();
    }

    private String pad(RtlDesign.Stage s) {
        Shape in = s.inputs().get(0).shape();
        Shape out = s.out();
        int p = (out.width() - in.width()) / 2;
        int bits = in.channels() * s.outType().width();
        int yb = Verilog.bitsFor(out.height());
        int xb = Verilog.bitsFor(out.width());
        return header(s, "zero padding " + in + " -> " + out)
                + "module " + moduleName(s) + " (\n" + ports(s, bits) + "\n);\n"
                + "  reg [" + (yb - 1) + ":0] y;\n"
                + "  reg [" + (xb - 1) + ":0] x;\n"
                + "  wire border = (y < " + p + ") || (y >= " + (p + in.height()) + ") || (x < " + p + ") || (x >= " + (p + in.width()) + ");\n"
                + "  assign out_valid = border ? 1'b1 : in_valid;\n"
                + "  assign out_data = border ? {" + bits + "{1'b0}} : in_data;\n"
                + "  assign in_ready = !border && out_ready;\n"
                + "  always @(posedge clk) begin\n"
                + "    if (rst) begin\n      y <= 0;\n      x <= 0;\n    end else if (out_valid && out_ready) begin\n"
                + "      if (x == " + (out.width() - 1) + ") begin\n"
                + "        x <= 0;\n"
                + "        y <= (y == " + (out.height() - 1) + ") ? 0 : y + 1'b1;\n"
                + "      end else x <= x + 1'b1;\n"
                + "    end\n  end\nendmodule\n";
    }

    /**
     * The clocked part of a registered elementwise stage: a token is taken when the output register
     * is free or being emptied, and its result written there. The work runs only on a taken token
     * (in simulation too, which keeps Verilator fast).
     */
    private static String registered(String takeCondition, String work) {
        return "  wire take = " + takeCondition + ";\n"
                + "  always @(posedge clk) begin\n"
                + "    if (rst) out_valid <= 1'b0;\n"
                + "    else begin\n"
                + "      if (out_valid && out_ready) out_valid <= 1'b0;\n"
                + "      if (take) begin\n"
                + "        out_valid <= 1'b1;\n"
                + work
                + "      end\n    end\n  end\n";
    }

    private String relu(RtlDesign.Stage s) {
        FixedType x = s.inputs().get(0).type();
        FixedType r = s.outType();
        StringBuilder b = new StringBuilder(header(s, "ReLU, " + x + " -> " + r));
        b.append("module ").append(moduleName(s)).append(" (\n").append(ports(s, outBits(s))).append("\n);\n");
        b.append(reluFunction("relu", x, r));
        b.append("  assign in_ready = !out_valid || out_ready;\n");
        StringBuilder work = new StringBuilder();
        for (int c = 0; c < s.out().channels(); c++) {
            work.append("        out_data[").append(c * r.width()).append(" +: ").append(r.width()).append("] <= relu(in_data[")
                    .append(c * x.width()).append(" +: ").append(x.width()).append("]);\n");
        }
        b.append(registered("in_valid && in_ready", work.toString()));
        return b.append("endmodule\n").toString();
    }

    /** A function {@code name(x)} = convert(max(0, x)) from raw bits of {@code x} to raw bits of {@code r}. */
    static String reluFunction(String name, FixedType x, FixedType r) {
        int cw = Verilog.container(x);
        return Verilog.convertFunction(name + "_convert", cw, x.fraction(), r)
                + "  function [" + (r.width() - 1) + ":0] " + name + ";\n"
                + "    input [" + (x.width() - 1) + ":0] x;\n"
                + "    reg signed [" + (cw - 1) + ":0] v;\n"
                + "    begin\n"
                + "      v = " + Verilog.signedOf("x", x) + ";\n"
                + "      " + name + " = " + name + "_convert(v[" + (cw - 1) + "] ? {" + cw + "{1'b0}} : v);\n"
                + "    end\n  endfunction\n";
    }

    /** A function {@code name(a, b)}: the exact sum of raw bits of types {@code a} and {@code b}, converted to {@code r}. */
    static String addFunction(String name, FixedType a, FixedType bt, FixedType r) {
        int frac = Math.max(a.fraction(), bt.fraction());
        int sa = frac - a.fraction();
        int sb = frac - bt.fraction();
        int width = Math.max(Verilog.container(a) + sa, Verilog.container(bt) + sb) + 1;
        return Verilog.convertFunction(name + "_convert", width, frac, r)
                + "  function [" + (r.width() - 1) + ":0] " + name + ";\n"
                + "    input [" + (a.width() - 1) + ":0] a;\n"
                + "    input [" + (bt.width() - 1) + ":0] b;\n"
                + "    reg signed [" + (width - 1) + ":0] wa;\n"
                + "    reg signed [" + (width - 1) + ":0] wb;\n"
                + "    begin\n"
                + "      wa = " + Verilog.signedOf("a", a) + ";\n"
                + "      wb = " + Verilog.signedOf("b", bt) + ";\n"
                + "      " + name + " = " + name + "_convert((wa <<< " + sa + ") + (wb <<< " + sb + "));\n"
                + "    end\n  endfunction\n";
    }

    private String add(RtlDesign.Stage s) {
        FixedType a = s.inputs().get(0).type();
        FixedType bt = s.inputs().get(1).type();
        FixedType r = s.outType();
        StringBuilder b = new StringBuilder(header(s, "add, " + a + " + " + bt + " -> " + r));
        b.append("module ").append(moduleName(s)).append(" (\n").append(ports(s, outBits(s))).append("\n);\n");
        b.append(addFunction("add", a, bt, r));
        b.append("  wire room = !out_valid || out_ready;\n");
        b.append("  assign in0_ready = room && in1_valid;\n");
        b.append("  assign in1_ready = room && in0_valid;\n");
        StringBuilder work = new StringBuilder();
        for (int c = 0; c < s.out().channels(); c++) {
            work.append("        out_data[").append(c * r.width()).append(" +: ").append(r.width()).append("] <= add(in0_data[")
                    .append(c * a.width()).append(" +: ").append(a.width()).append("], in1_data[").append(c * bt.width()).append(" +: ")
                    .append(bt.width()).append("]);\n");
        }
        b.append(registered("room && in0_valid && in1_valid", work.toString()));
        return b.append("endmodule\n").toString();
    }

    private String clone(RtlDesign.Stage s) {
        int n = s.outputs().size();
        int bits = outBits(s);
        StringBuilder b = new StringBuilder(header(s, "clone to " + n + " streams"));
        b.append("module ").append(moduleName(s)).append(" (\n").append(ports(s, bits)).append("\n);\n");
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < n; i++) {
            all.append(i == 0 ? "" : " && ").append("out").append(i).append("_ready");
        }
        b.append("  wire all_ready = ").append(all).append(";\n");
        b.append("  assign in_ready = all_ready;\n");
        for (int i = 0; i < n; i++) {
            b.append("  assign out").append(i).append("_valid = in_valid && all_ready;\n");
            b.append("  assign out").append(i).append("_data = in_data;\n");
        }
        return b.append("endmodule\n").toString();
    }

    /**
     * Global average pool: each channel's values converted to the accumulator type and summed in
     * it; after the last pixel each sum is divided by H·W (truncating toward zero) and converted,
     * one channel a cycle through one divider.
     */
    private String averagePool(RtlDesign.Stage s) {
        Layer l = s.layer();
        LayerTypes t = q.types().of(l.name());
        FixedType x = s.inputs().get(0).type();
        FixedType acc = t.accum();
        FixedType r = s.outType();
        int channels = l.in().channels();
        long plane = l.in().pixels();
        int aw = acc.width();
        int acw = Verilog.container(acc);
        int cb = Verilog.bitsFor(plane);
        StringBuilder b = new StringBuilder(header(s, "global average pool over " + plane + " pixels, sum in " + acc + " -> " + r));
        b.append("module ").append(moduleName(s)).append(" (\n").append(ports(s, outBits(s))).append("\n);\n");
        b.append(Verilog.convertFunction("to_acc", Verilog.container(x), x.fraction(), acc));
        b.append(Verilog.convertFunction("acc_add", acw + 1, acc.fraction(), acc));
        b.append(Verilog.convertFunction("to_result", acw, acc.fraction(), r));
        b.append("  function [").append(aw - 1).append(":0] step;\n    input [").append(aw - 1).append(":0] s;\n    input [")
                .append(x.width() - 1).append(":0] x;\n    input first;\n    reg signed [").append(acw).append(":0] w;\n    begin\n")
                .append("      w = (first ? ").append(Verilog.literal(0, acw + 1)).append(" : ").append(Verilog.signedOf("s", acc)).append(") + ")
                .append(Verilog.signedOf("to_acc(" + Verilog.signedOf("x", x) + ")", acc)).append(";\n")
                .append("      step = acc_add(w);\n    end\n  endfunction\n");
        b.append("  function [").append(r.width() - 1).append(":0] mean;\n    input [").append(aw - 1).append(":0] s;\n    reg signed [")
                .append(acw - 1).append(":0] m;\n    begin\n      m = ").append(Verilog.signedOf("s", acc)).append(" / ")
                .append(Verilog.literal(plane, Math.max(acw, Verilog.bitsFor(plane) + 1))).append(";\n      mean = to_result(m);\n    end\n  endfunction\n");
        int chb = Verilog.bitsFor(channels);
        b.append("  reg [").append(cb - 1).append(":0] count;\n");
        b.append("  wire last = count == ").append(plane - 1).append(";\n");
        b.append("  wire first = count == 0;\n");
        // After the last pixel one divider turns the sums into means, one channel a cycle (a divider per channel
        // would cost more LUTs than the rest of the network; the frame's II is hundreds of thousands of cycles).
        b.append("  reg dividing;\n");
        b.append("  reg [").append(chb - 1).append(":0] ch;\n");
        b.append("  assign in_ready = !dividing && (!out_valid || out_ready);\n");
        b.append("  wire take = in_valid && in_ready;\n");
        b.append("  reg [").append(aw - 1).append(":0] sum [0:").append(channels - 1).append("];\n");
        b.append("  always @(posedge clk) begin\n");
        b.append("    if (rst) begin\n      count <= 0;\n      dividing <= 1'b0;\n      ch <= 0;\n      out_valid <= 1'b0;\n    end else begin\n");
        b.append("      if (out_valid && out_ready) out_valid <= 1'b0;\n");
        b.append("      if (take) begin\n");
        for (int c = 0; c < channels; c++) {
            b.append("        sum[").append(c).append("] <= step(sum[").append(c).append("], in_data[").append(c * x.width()).append(" +: ")
                    .append(x.width()).append("], first);\n");
        }
        b.append("        if (last) begin\n          count <= 0;\n          dividing <= 1'b1;\n          ch <= 0;\n        end else count <= count + 1'b1;\n");
        b.append("      end\n");
        b.append("      if (dividing) begin\n");
        b.append("        out_data[ch * ").append(r.width()).append(" +: ").append(r.width()).append("] <= mean(sum[ch]);\n");
        b.append("        ch <= ch + 1'b1;\n");
        b.append("        if (ch == ").append(channels - 1).append(") begin\n          dividing <= 1'b0;\n          out_valid <= 1'b1;\n        end\n");
        b.append("      end\n    end\n  end\nendmodule\n");
        return b.toString();
    }
}
