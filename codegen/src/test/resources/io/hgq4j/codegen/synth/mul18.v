// products of two 18-bit variables

// signed 18 x 18 fits the DSP48E2's signed 27 x 18 multiplier: one slice
module mul18_signed (
  input  wire signed [17:0] a,
  input  wire signed [17:0] b,
  output wire signed [35:0] y
);
  assign y = a * b;
endmodule

// unsigned 18 x 18: each operand needs 19 bits as a signed number, more than the 18-bit B port takes
module mul18_unsigned (
  input  wire [17:0] a,
  input  wire [17:0] b,
  output wire [35:0] y
);
  assign y = a * b;
endmodule

// registered inputs and output around a signed 18 x 18 product: 18 + 18 + 36 registers
module mul18_registered (
  input  wire               clk,
  input  wire signed [17:0] a,
  input  wire signed [17:0] b,
  output reg  signed [35:0] y
);
  reg signed [17:0] ra, rb;
  always @(posedge clk) begin
    ra <= a;
    rb <= b;
    y  <= ra * rb;
  end
endmodule
