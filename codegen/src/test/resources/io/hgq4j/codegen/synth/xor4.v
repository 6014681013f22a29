// parity of 4 bits: one 4-input function, so one LUT4
module xor4 (
  input  wire [3:0] a,
  output wire       y
);
  assign y = ^a;
endmodule
