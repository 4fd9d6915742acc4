package dev.tailor.rtl;

import dev.tailor.hardware.fpga.Resources;

/**
 * The FIFO of one stream: a circular buffer of DEPTH tokens with a
 * valid/ready handshake on both sides. A write and a read become visible the next cycle, as in the
 * dataflow model's stream simulation. In simulation only (not under SYNTHESIS) it records its
 * highest occupancy and asks the test bench whether to run at a smaller depth than it was built
 * with, so one build can show where a shallower skip stream hangs.
 */
final class FifoModule {
    private FifoModule() {
    }

    /** The module of one stream: its own module (not a shared parameterised one), so synthesis counts each stream apart. */
    static String name(RtlDesign.Stream s) {
        return "fifo_" + s.id();
    }

    /**
     * The memory binding the dataflow model charges (Vitis HLS's: a shift register up to 1,024 bits,
     * block RAM above), stated so that synthesis does not choose otherwise: Yosys would keep a memory
     * of up to 64 words in LUTs.
     */
    private static String style(RtlDesign.Stream s) {
        return Resources.fifoInBlockRam(s.bits(), s.depth()) ? "(* ram_style = \"block\" *) " : "";
    }

    static String text(RtlDesign.Stream s) {
        return """
                // Stream NAME: DEPTH tokens of WIDTH bits, valid/ready on both sides (docs/rtl.md, "Streams").
                module MODULE (
                  input clk,
                  input rst,
                  input [WIDTH-1:0] in_data,
                  input in_valid,
                  output in_ready,
                  output [WIDTH-1:0] out_data,
                  output out_valid,
                  input out_ready
                );
                  localparam WIDTH = WIDTHVALUE;
                  localparam DEPTH = DEPTHVALUE;
                  localparam ID = IDVALUE;
                  localparam AW = DEPTH > 1 ? $clog2(DEPTH) : 1;
                  STYLEreg [WIDTH-1:0] mem [0:DEPTH-1];
                  reg [AW-1:0] rd;
                  reg [AW-1:0] wr;
                  reg [AW:0] count;
                `ifdef SYNTHESIS
                  wire [AW:0] limit = DEPTH;
                `else
                  // Simulation only: the test bench may run this stream shallower than built, and reads its highest occupancy.
                  import "DPI-C" function int tailor_fifo_limit(input int id, input int depth);
                  reg [AW:0] limit;
                  reg [AW:0] most;
                  initial limit = tailor_fifo_limit(ID, DEPTH);
                  always @(posedge clk) if (rst) most <= 0; else if (count > most) most <= count;
                  final $display("FIFO %0d %0d %0d %0d", ID, count, limit, most);
                `endif
                  wire push = in_valid && in_ready;
                  wire pop = out_valid && out_ready;
                  assign in_ready = count < limit;
                  assign out_valid = count != 0;
                  // The head is read through a register (a block RAM's read), addressed with the next head; a token
                  // written to that place in the same cycle goes straight to the register.
                  wire [AW-1:0] rd_next = pop ? ((rd == DEPTH - 1) ? 0 : rd + 1'b1) : rd;
                  reg [WIDTH-1:0] head;
                  assign out_data = head;
                  always @(posedge clk) begin
                    if (push) mem[wr] <= in_data;
                    head <= (push && wr == rd_next) ? in_data : mem[rd_next];
                  end
                  always @(posedge clk) begin
                    if (rst) begin
                      rd <= 0;
                      wr <= 0;
                      count <= 0;
                    end else begin
                      if (push) wr <= (wr == DEPTH - 1) ? 0 : wr + 1'b1;
                      rd <= rd_next;
                      count <= count + push - pop;
                    end
                  end
                endmodule
                """.replace("STYLE", style(s)).replace("MODULE", name(s)).replace("NAME", s.name()).replace("WIDTHVALUE", Integer.toString(s.bits()))
                .replace("DEPTHVALUE", Long.toString(s.depth())).replace("IDVALUE", Integer.toString(s.id()));
    }
}
