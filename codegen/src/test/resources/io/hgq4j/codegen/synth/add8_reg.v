// y <= a + b on 8 bits: 8 flip-flops; the adder is one propagate LUT per bit on a carry chain
module add8_reg (
  input  wire       clk,
  input  wire [7:0] a,
  input  wire [7:0] b,
  output reg  [7:0] y
);
  always @(posedge clk) y <= a + b;
endmodule
