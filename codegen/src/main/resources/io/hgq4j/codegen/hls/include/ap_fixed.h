/*
 * ap_fixed.h -- hgq4j's own C-simulation model of ap_fixed / ap_ufixed for compiling hgq4j-generated HLS C++ with
 * g++ (C++14 or later). NOT the vendor's header: an independent implementation of the documented semantics, widths
 * up to 128 bits (static_assert beyond). The whole implementation (shared with ap_int / ap_uint) is in ap_int.h;
 * see the notes there.
 */
#ifndef HGQ4J_AP_FIXED_H
#define HGQ4J_AP_FIXED_H

#include "ap_int.h"

#endif // HGQ4J_AP_FIXED_H
