// two levels and a parameter: top -> 2 x pair -> add #(8) and add #(4), so yosys derives two add modules
module add #(parameter W = 4) (
  input  wire [W-1:0] a,
  input  wire [W-1:0] b,
  output wire [W-1:0] y
);
  assign y = a + b;
endmodule

module pair (
  input  wire [7:0] a,
  input  wire [7:0] b,
  output wire [7:0] y,
  output wire [3:0] z
);
  add #(.W(8)) wide   (.a(a), .b(b), .y(y));
  add #(.W(4)) narrow (.a(a[3:0]), .b(b[3:0]), .y(z));
endmodule

module hier_top (
  input  wire [7:0] a,
  input  wire [7:0] b,
  output wire [7:0] y1,
  output wire [7:0] y2,
  output wire [3:0] z1,
  output wire [3:0] z2
);
  pair p1 (.a(a), .b(b), .y(y1), .z(z1));
  pair p2 (.a(b), .b(a), .y(y2), .z(z2));
endmodule
