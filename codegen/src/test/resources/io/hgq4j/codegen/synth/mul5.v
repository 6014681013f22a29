// three ways to multiply an unsigned 8-bit input by the constant 5 (= 4 + 1)

// a written product: yosys maps it like any multiplication once the result is 9 bits or wider
module mul5_star (
  input  wire [7:0]  a,
  output wire [10:0] y
);
  assign y = a * 5;
endmodule

// the same product as shift-and-add: one adder, no multiplier
module mul5_shift_add (
  input  wire [7:0]  a,
  output wire [10:0] y
);
  assign y = (a << 2) + a;
endmodule

// a written product with an 8-bit result: below yosys's DSP threshold, so logic
module mul5_narrow (
  input  wire [5:0] a,
  output wire [7:0] y
);
  assign y = a * 5;
endmodule
