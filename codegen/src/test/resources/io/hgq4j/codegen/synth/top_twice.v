// add8_reg twice and xor4 once (both from their own files): the total counts add8_reg twice
module top_twice (
  input  wire       clk,
  input  wire [7:0] a,
  input  wire [7:0] b,
  input  wire [7:0] c,
  output wire [7:0] y1,
  output wire [7:0] y2,
  output wire       p
);
  add8_reg u1 (.clk(clk), .a(a), .b(b), .y(y1));
  add8_reg u2 (.clk(clk), .a(b), .b(c), .y(y2));
  xor4     u3 (.a(a[3:0]), .y(p));
endmodule
