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
            case CONV, DENSE, AVGPOOL -> true;
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

    private String relu(RtlDesign.Stage s) {
        FixedType x = s.inputs().get(0).type();
        FixedType r = s.outType();
        StringBuilder b = new StringBuilder(header(s, "ReLU, " + x + " -> " + r));
        b.append("module ").append(moduleName(s)).append(" (\n").append(ports(s, outBits(s))).append("\n);\n");
        b.append(Verilog.convertFunction("to_result", Verilog.container(x), x.fraction(), r));
        b.append("  assign out_valid = in_valid;\n  assign in_ready = out_ready;\n");
        for (int c = 0; c < s.out().channels(); c++) {
            b.append(reluChannel("in_data", c, x, r, "to_result", "out_data[" + c * r.width() + " +: " + r.width() + "]"));
        }
        return b.append("endmodule\n").toString();
    }

    /** {@code target = convert(max(0, x_c))}: a negative value becomes zero, the rest is converted. */
    static String reluChannel(String source, int c, FixedType x, FixedType r, String fn, String target) {
        String v = "x" + c;
        int cw = Verilog.container(x);
        return "  wire signed [" + (cw - 1) + ":0] " + v + " = " + Verilog.signedOf(source + "[" + c * x.width() + " +: " + x.width() + "]", x) + ";\n"
                + "  assign " + target + " = " + fn + "(" + v + "[" + (cw - 1) + "] ? {" + cw + "{1'b0}} : " + v + ");\n";
    }

    private String add(RtlDesign.Stage s) {
        FixedType a = s.inputs().get(0).type();
        FixedType bt = s.inputs().get(1).type();
        FixedType r = s.outType();
        StringBuilder b = new StringBuilder(header(s, "add, " + a + " + " + bt + " -> " + r));
        b.append("module ").append(moduleName(s)).append(" (\n").append(ports(s, outBits(s))).append("\n);\n");
        Sum sum = new Sum(a, bt);
        b.append(Verilog.convertFunction("to_result", sum.width, sum.frac, r));
        b.append("  assign out_valid = in0_valid && in1_valid;\n");
        b.append("  assign in0_ready = out_ready && in1_valid;\n");
        b.append("  assign in1_ready = out_ready && in0_valid;\n");
        for (int c = 0; c < s.out().channels(); c++) {
            String av = Verilog.signedOf("in0_data[" + c * a.width() + " +: " + a.width() + "]", a);
            String bv = Verilog.signedOf("in1_data[" + c * bt.width() + " +: " + bt.width() + "]", bt);
            b.append(sum.wire("s" + c, av, bv));
            b.append("  assign out_data[").append(c * r.width()).append(" +: ").append(r.width()).append("] = to_result(s").append(c).append(");\n");
        }
        return b.append("endmodule\n").toString();
    }

    /** The exact sum of two fixed-point values: both aligned to the finer scale, one bit wider than the wider. */
    static final class Sum {
        final int frac;
        final int width;
        private final int shiftA;
        private final int shiftB;

        Sum(FixedType a, FixedType b) {
            frac = Math.max(a.fraction(), b.fraction());
            shiftA = frac - a.fraction();
            shiftB = frac - b.fraction();
            width = Math.max(Verilog.container(a) + shiftA, Verilog.container(b) + shiftB) + 1;
        }

        /** Declares {@code name} as the sum of two signed expressions of the two types. */
        String wire(String name, String a, String b) {
            return "  wire signed [" + (width - 1) + ":0] " + name + "_a = " + a + ";\n"
                    + "  wire signed [" + (width - 1) + ":0] " + name + "_b = " + b + ";\n"
                    + "  wire signed [" + (width - 1) + ":0] " + name + " = (" + name + "_a <<< " + shiftA + ") + (" + name + "_b <<< " + shiftB + ");\n";
        }
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
     * it; after the last pixel the sum is divided by H·W (truncating toward zero) and converted.
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
        b.append("  reg [").append(cb - 1).append(":0] count;\n");
        b.append("  wire last = count == ").append(plane - 1).append(";\n");
        b.append("  assign in_ready = !out_valid || out_ready;\n");
        b.append("  wire take = in_valid && in_ready;\n");
        for (int c = 0; c < channels; c++) {
            b.append("  reg [").append(aw - 1).append(":0] sum").append(c).append(";\n");
            b.append("  wire signed [").append(acw).append(":0] next").append(c).append("_wide = (count == 0 ? ")
                    .append(Verilog.literal(0, acw + 1)).append(" : ").append(Verilog.signedOf("sum" + c, acc)).append(") + ")
                    .append(Verilog.signedOf("to_acc(" + Verilog.signedOf("in_data[" + c * x.width() + " +: " + x.width() + "]", x) + ")", acc))
                    .append(";\n");
            b.append("  wire [").append(aw - 1).append(":0] next").append(c).append(" = acc_add(next").append(c).append("_wide);\n");
            b.append("  wire signed [").append(acw - 1).append(":0] mean").append(c).append(" = ")
                    .append(Verilog.signedOf("next" + c, acc)).append(" / ").append(Verilog.literal(plane, Math.max(acw, Verilog.bitsFor(plane) + 1)))
                    .append(";\n");
        }
        b.append("  always @(posedge clk) begin\n");
        b.append("    if (rst) begin\n      count <= 0;\n      out_valid <= 1'b0;\n    end else begin\n");
        b.append("      if (out_valid && out_ready) out_valid <= 1'b0;\n");
        b.append("      if (take) begin\n");
        for (int c = 0; c < channels; c++) {
            b.append("        sum").append(c).append(" <= next").append(c).append(";\n");
        }
        b.append("        if (last) begin\n          count <= 0;\n          out_valid <= 1'b1;\n");
        for (int c = 0; c < channels; c++) {
            b.append("          out_data[").append(c * r.width()).append(" +: ").append(r.width()).append("] <= to_result(mean").append(c).append(");\n");
        }
        b.append("        end else count <= count + 1'b1;\n");
        b.append("      end\n    end\n  end\nendmodule\n");
        return b.toString();
    }
}
