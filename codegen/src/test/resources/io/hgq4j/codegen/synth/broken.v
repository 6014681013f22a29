// a syntax error (missing semicolon), for the failure path
module broken (input wire a, output wire y);
  assign y = ~a
endmodule
