/*
 * ap_axi_sdata.h -- hgq4j's own C-simulation model of the AXI4-Stream side-channel structs ap_axiu / ap_axis for
 * compiling hgq4j-generated HLS C++ with g++ (C++14 or later). NOT the vendor's header: an independent
 * implementation of the documented fields. ap_axiu<D, U, TI, TD> holds data (ap_uint<D>; ap_int<D> for ap_axis),
 * keep and strb ((D+7)/8 bits), last (1 bit), and user, id, dest of U, TI, TD bits; a width of 0 gives a 1-bit
 * field that hardware would omit, so ap_axiu<64, 0, 0, 0> is usable. All fields start at zero.
 */
#ifndef HGQ4J_AP_AXI_SDATA_H
#define HGQ4J_AP_AXI_SDATA_H

#include "ap_int.h"

namespace hgq4j_ap {
/** The width of an optional side-channel field: at least 1 bit. */
constexpr int side_width(int w) { return w > 0 ? w : 1; }
} // namespace hgq4j_ap

/** An AXI4-Stream beat with unsigned data. */
template <int D, int U, int TI, int TD> struct ap_axiu {
  static_assert(D >= 1, "hgq4j ap_axiu: the data width must be at least 1 bit");
  ap_uint<D> data;
  ap_uint<(D + 7) / 8> keep;
  ap_uint<(D + 7) / 8> strb;
  ap_uint<hgq4j_ap::side_width(U)> user;
  ap_uint<1> last;
  ap_uint<hgq4j_ap::side_width(TI)> id;
  ap_uint<hgq4j_ap::side_width(TD)> dest;
};

/** An AXI4-Stream beat with signed data. */
template <int D, int U, int TI, int TD> struct ap_axis {
  static_assert(D >= 1, "hgq4j ap_axis: the data width must be at least 1 bit");
  ap_int<D> data;
  ap_uint<(D + 7) / 8> keep;
  ap_uint<(D + 7) / 8> strb;
  ap_uint<hgq4j_ap::side_width(U)> user;
  ap_uint<1> last;
  ap_uint<hgq4j_ap::side_width(TI)> id;
  ap_uint<hgq4j_ap::side_width(TD)> dest;
};

#endif // HGQ4J_AP_AXI_SDATA_H
