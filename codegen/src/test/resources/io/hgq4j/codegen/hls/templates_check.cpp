// Template-level checks of hgq4j's ap_int.h / ap_fixed.h / hls_stream.h / ap_axi_sdata.h, through the actual
// class templates. Expected values come from the vendor-verified golden tables of shared/research/codegen.md
// (sections 1.2-1.5), from hand computation (noted where not obvious), and from records of the vendor-produced
// vectors file fixed_point_ops.csv.gz (the last section; each line quotes its record).
// Prints "FAIL <line>: <expression> ..." for each failed check and a summary "CHECKS <n> FAILURES <m>".
#include "ap_axi_sdata.h"
#include "ap_fixed.h"
#include "ap_int.h"
#include "hls_stream.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <type_traits>

static int checks = 0;
static int failures = 0;

static void report(bool ok, int line, const char* what) {
  checks++;
  if (!ok) {
    failures++;
    std::printf("FAIL %d: %s\n", line, what);
  }
}

#define CHECK(...) report((__VA_ARGS__), __LINE__, #__VA_ARGS__)
/** The value (as a double, exact for these widths) of an ap expression equals `expected`. */
#define CHECK_D(expr, expected)                                                                          \
  do {                                                                                                   \
    double got_ = (expr).to_double();                                                                    \
    report(got_ == (double)(expected), __LINE__, #expr " == " #expected);                                \
    if (got_ != (double)(expected)) std::printf("     got %.17g\n", got_);                                \
  } while (0)
/** The integer code of an ap expression equals `expected`. */
#define CHECK_RAW(expr, expected)                                                                        \
  do {                                                                                                   \
    long long got_ = raw(expr);                                                                          \
    report(got_ == (long long)(expected), __LINE__, #expr " has raw " #expected);                        \
    if (got_ != (long long)(expected)) std::printf("     got raw %lld\n", got_);                           \
  } while (0)
#define CHECK_TYPE(expr, ...) report(std::is_same<decltype(expr), __VA_ARGS__>::value, __LINE__, #expr " is " #__VA_ARGS__)

template <class A, class B> using same = std::is_same<A, B>;

/** The integer code of a value (two's complement when signed), for widths up to 64. */
template <class T> static long long raw(const T& x) { return (long long)(hgq4j_ap::s128)x.V; }

static double from_bits(unsigned long long bits) {
  double d;
  std::memcpy(&d, &bits, sizeof d);
  return d;
}

// ---- 1. quantization modes: codegen.md 1.2 golden table, target ap_fixed<4,2,Q> (LSB 0.25) --------------------
#define Q_ROW(x, trn, trn_zero, rnd, rnd_zero, rnd_min_inf, rnd_inf, rnd_conv) \
  CHECK_D((ap_fixed<4, 2, AP_TRN>(x)), trn);                                  \
  CHECK_D((ap_fixed<4, 2, AP_TRN_ZERO>(x)), trn_zero);                        \
  CHECK_D((ap_fixed<4, 2, AP_RND>(x)), rnd);                                  \
  CHECK_D((ap_fixed<4, 2, AP_RND_ZERO>(x)), rnd_zero);                        \
  CHECK_D((ap_fixed<4, 2, AP_RND_MIN_INF>(x)), rnd_min_inf);                  \
  CHECK_D((ap_fixed<4, 2, AP_RND_INF>(x)), rnd_inf);                          \
  CHECK_D((ap_fixed<4, 2, AP_RND_CONV>(x)), rnd_conv)

static void quantization_modes() {
  Q_ROW(0.125, 0, 0, 0.25, 0, 0, 0.25, 0);
  Q_ROW(-0.125, -0.25, 0, 0, 0, -0.25, -0.25, 0);
  Q_ROW(0.375, 0.25, 0.25, 0.5, 0.25, 0.25, 0.5, 0.5);
  Q_ROW(-0.375, -0.5, -0.25, -0.25, -0.25, -0.5, -0.5, -0.5);
  Q_ROW(0.2, 0, 0, 0.25, 0.25, 0.25, 0.25, 0.25);
  Q_ROW(-0.2, -0.25, 0, -0.25, -0.25, -0.25, -0.25, -0.25);
  Q_ROW(-0.1, -0.25, 0, 0, 0, 0, 0, 0);
  // The same rounding from another fixed-point type (a tie at the target LSB): 0.375 and -0.375 held exactly.
  ap_fixed<8, 2> p = 0.375, n = -0.375;
  CHECK_D((ap_fixed<4, 2, AP_RND_CONV>(p)), 0.5);
  CHECK_D((ap_fixed<4, 2, AP_RND_ZERO>(n)), -0.25);
  CHECK_D((ap_fixed<4, 2, AP_RND_INF>(n)), -0.5);
  CHECK_D((ap_fixed<4, 2, AP_TRN_ZERO>(n)), -0.25);
  // Hand computation: 0.1 at LSB 2^-7 is 12.8 LSBs -> 12 truncated, 13 rounded.
  CHECK_RAW((ap_fixed<8, 1, AP_TRN>(0.1)), 12);
  CHECK_RAW((ap_fixed<8, 1, AP_RND>(0.1)), 13);
  CHECK_RAW((ap_fixed<8, 1, AP_TRN_ZERO>(-0.1)), -12);
  CHECK_RAW((ap_fixed<8, 1, AP_TRN>(-0.1)), -13);
}

// ---- 2. overflow modes: codegen.md 1.3 golden table, target ap_fixed<4,2,AP_TRN,O> (range [-2, 1.75]) ----------
#define O_ROW(y, wrap, sat, sat_zero, sat_sym, rnd_sat)        \
  CHECK_D((ap_fixed<4, 2, AP_TRN, AP_WRAP>(y)), wrap);         \
  CHECK_D((ap_fixed<4, 2, AP_TRN, AP_SAT>(y)), sat);           \
  CHECK_D((ap_fixed<4, 2, AP_TRN, AP_SAT_ZERO>(y)), sat_zero); \
  CHECK_D((ap_fixed<4, 2, AP_TRN, AP_SAT_SYM>(y)), sat_sym);   \
  CHECK_D((ap_fixed<4, 2, AP_RND, AP_SAT>(y)), rnd_sat)

static void overflow_modes() {
  O_ROW(1.75, 1.75, 1.75, 1.75, 1.75, 1.75);
  O_ROW(1.9, 1.75, 1.75, 1.75, 1.75, 1.75);
  O_ROW(2.0, -2.0, 1.75, 0, 1.75, 1.75);
  O_ROW(2.5, -1.5, 1.75, 0, 1.75, 1.75);
  O_ROW(3.0, -1.0, 1.75, 0, 1.75, 1.75);
  O_ROW(5.0, 1.0, 1.75, 0, 1.75, 1.75);
  O_ROW(-2.0, -2.0, -2.0, -2.0, -1.75, -2.0);
  O_ROW(-2.25, 1.75, -2.0, 0, -1.75, -2.0);
  O_ROW(-3.0, 1.0, -2.0, 0, -1.75, -2.0);
  // Unsigned targets, ap_ufixed<4,2> (range [0, 3.75]).
  CHECK_D((ap_ufixed<4, 2, AP_TRN, AP_WRAP>(-0.25)), 3.75);
  CHECK_D((ap_ufixed<4, 2, AP_TRN, AP_SAT>(-0.25)), 0);
  CHECK_D((ap_ufixed<4, 2, AP_TRN, AP_SAT_SYM>(-0.25)), 0);
  CHECK_D((ap_ufixed<4, 2, AP_TRN, AP_WRAP>(4.0)), 0);
  CHECK_D((ap_ufixed<4, 2, AP_TRN, AP_SAT>(4.0)), 3.75);
  CHECK_D((ap_ufixed<4, 2, AP_TRN, AP_WRAP>(5.5)), 1.5);
  // The rounding carry itself overflows.
  CHECK_D((ap_fixed<3, 3, AP_RND, AP_WRAP>(3.5)), -4);
  CHECK_D((ap_ufixed<3, 3, AP_RND, AP_SAT>(7.5)), 7);
  // From C integers (int behaves as ap_int<32>).
  CHECK_D((ap_fixed<8, 4>(9)), -7);
  CHECK_D((ap_ufixed<4, 4>(-1)), 15);
  CHECK_D((ap_fixed<1, 1>(1)), -1);
  CHECK_D((ap_fixed<1, 1>(-1)), -1);
  // SAT_SYM never keeps the most negative code of a signed target, whatever the source.
  CHECK_D((ap_fixed<4, 2, AP_TRN, AP_SAT_SYM>(ap_fixed<4, 2>(-2.0))), -1.75);
  CHECK_D((ap_fixed<4, 2, AP_TRN, AP_SAT_SYM>(ap_int<8>(-2))), -1.75);
  CHECK_D((ap_fixed<4, 2, AP_TRN, AP_SAT_SYM>(-2)), -1.75);
  CHECK_D((ap_fixed<6, 2, AP_TRN, AP_SAT_SYM>(ap_fixed<4, 2>(-2.0))), -1.9375);
  CHECK_D((ap_fixed<6, 3, AP_TRN, AP_SAT_SYM>(ap_fixed<5, 3>(-4.0))), -3.875);
  // ... except a 1-bit signed target, which behaves like SAT (codes -1 and 0).
  CHECK_D((ap_fixed<1, 1, AP_TRN, AP_SAT_SYM>(-1.0)), -1);
  CHECK_D((ap_fixed<1, 1, AP_TRN, AP_SAT_SYM>(-5.0)), -1);
  CHECK_D((ap_fixed<1, 1, AP_TRN, AP_SAT_SYM>(3.0)), 0);
  // Far out of range: the double's exponent is far above the target MSB.
  CHECK_D((ap_fixed<8, 4, AP_TRN, AP_SAT>(1e300)), 7.9375);
  CHECK_D((ap_fixed<8, 4, AP_TRN, AP_SAT>(-1e300)), -8);
  CHECK_D((ap_fixed<8, 4, AP_TRN, AP_WRAP>(1e300)), 0);
  CHECK_D((ap_ufixed<8, 4, AP_TRN, AP_SAT_ZERO>(1e300)), 0);
}

// ---- 3. result types: codegen.md 1.4 (verified examples) and the same rules for ap_int --------------------------
static void result_types() {
  ap_fixed<8, 3> a;
  ap_fixed<6, 2> b;
  ap_ufixed<5, 1> u;
  ap_ufixed<7, 4> v;
  ap_fixed<10, -2> c;
  ap_fixed<6, 9> d;
  CHECK_TYPE(a * b, ap_fixed<14, 5>);
  CHECK_TYPE(a + b, ap_fixed<9, 4>);
  CHECK_TYPE(a - b, ap_fixed<9, 4>);
  CHECK_TYPE(a + u, ap_fixed<9, 4>);
  CHECK_TYPE(u + v, ap_ufixed<9, 5>);
  CHECK_TYPE(u - v, ap_fixed<9, 5>);
  CHECK_TYPE(a * u, ap_fixed<13, 4>);
  CHECK_TYPE(-u, ap_fixed<6, 2>);
  CHECK_TYPE(a + c, ap_fixed<16, 4>);
  CHECK_TYPE(d + c, ap_fixed<22, 10>);
  CHECK_TYPE(a * 3, ap_fixed<40, 35>);
  CHECK_TYPE(a + 3, ap_fixed<38, 33>);
  CHECK_TYPE(3 + a, ap_fixed<38, 33>);
  CHECK_TYPE(u * v, ap_ufixed<12, 5>);
  ap_int<8> i;
  ap_uint<8> n;
  ap_uint<4> m;
  CHECK_TYPE(i * m, ap_int<12>);
  CHECK_TYPE(n + n, ap_uint<9>);
  CHECK_TYPE(n - n, ap_int<9>);
  CHECK_TYPE(i + n, ap_int<10>);
  CHECK_TYPE(n * n, ap_uint<16>);
  CHECK_TYPE(n & m, ap_uint<8>);
  CHECK_TYPE(n + 1, ap_int<33>);
  CHECK_TYPE(n + 1u, ap_uint<33>);
  CHECK_TYPE(-i, ap_int<9>);
  CHECK_TYPE(i + a, ap_fixed<14, 9>);
  CHECK_TYPE(a << 1, ap_fixed<8, 3>);
  CHECK_TYPE(n >> 1, ap_uint<8>);
}

// ---- 4. arithmetic values (hand computation) ----------------------------------------------------------------------
static void arithmetic() {
  CHECK_D((ap_ufixed<5, 1>(1.9375) - ap_ufixed<7, 4>(7.875)), -5.9375);
  CHECK_D((ap_fixed<8, 3>(-3.96875) * ap_ufixed<5, 1>(1.9375)), -7.689453125); // -127/32 * 31/16 = -3937/512
  CHECK_D((ap_fixed<8, 3>(-4) * ap_fixed<6, 2>(-2)), 8);                           // needs the product's 5 integer bits
  CHECK_D(ap_int<8>(-128) * ap_int<8>(-128), 16384);
  CHECK_D(ap_uint<8>(255) + ap_int<8>(-1), 254);
  CHECK_D(ap_uint<8>(0) - ap_uint<8>(255), -255);
  CHECK_D((ap_fixed<8, 3>(1.5) + 2), 3.5);
  CHECK_D((3 - ap_fixed<8, 3>(1.5)), 1.5);
  CHECK_D((ap_fixed<8, 3>(1.5) * -2), -3);
  CHECK_D((ap_ufixed<4, 0>(0.9375) * ap_ufixed<4, 0>(0.9375)), 0.87890625);
  CHECK_D((ap_fixed<8, 3>(-0.5) + ap_ufixed<8, 8>(255)), 254.5);
  CHECK_D((ap_fixed<8, -2>(0.0625) + ap_fixed<8, 6>(-32)), -31.9375);
  CHECK_D(ap_uint<8>(0xF0) | ap_uint<4>(0x3), 0xF3);
  CHECK_D(ap_uint<8>(0xF0) & 0x3C, 0x30);
  CHECK_D(ap_uint<8>(0xF0) ^ ap_uint<8>(0xFF), 0x0F);
  CHECK_D(~ap_uint<4>(5), 10);
  CHECK_D(~ap_int<4>(5), -6);
  CHECK_D((-ap_fixed<4, 2>(-2.0)), 2.0);
  CHECK_D(-ap_int<8>(-128), 128);
  CHECK_D((-ap_ufixed<5, 1>(1.9375)), -1.9375);
  // A wide full-precision product: 2^40 * 2^40 exactly, in 128 bits.
  ap_int<64> big = 1;
  big <<= 40;
  CHECK_D(big * big, 1208925819614629174706176.0); // 2^80
  CHECK_TYPE(big * big, ap_int<128>);
}

// ---- 5. compound assignment: the exact result converted back with the left operand's modes ----------------------
static void compound_assignment() {
  ap_fixed<4, 2, AP_RND, AP_SAT> a = 1.5;
  a += ap_fixed<4, 2>(0.25);
  CHECK_D(a, 1.75);
  a += ap_fixed<4, 2>(0.25);
  CHECK_D(a, 1.75); // saturates
  ap_fixed<4, 2> w = 1.75;
  w += ap_ufixed<2, 0>(0.25);
  CHECK_D(w, -2.0); // wraps
  ap_fixed<6, 3> m = 1.5;
  m *= ap_fixed<4, 2>(1.25);
  CHECK_D(m, 1.875);
  m *= ap_fixed<4, 2>(1.25);
  CHECK_D(m, 2.25); // 2.34375 truncated to LSB 0.125
  ap_fixed<6, 3, AP_RND> r = 1.875;
  r *= ap_fixed<4, 2>(1.25);
  CHECK_D(r, 2.375); // 2.34375 = 18.75 LSBs, rounded to 19
  ap_fixed<8, 4> s = 1;
  s -= 3;
  CHECK_D(s, -2);
  s += 1;
  CHECK_D(s, -1);
  s *= -4;
  CHECK_D(s, 4);
  ap_uint<4> u = 15;
  u += 1;
  CHECK(u == 0);
  u -= 1;
  CHECK(u == 15);
  ap_int<8> i = 127;
  ++i;
  CHECK(i == -128);
  ap_int<8> old = i--;
  CHECK(old == -128);
  CHECK(i == 127);
  ap_fixed<8, 4> f = 7.5;
  f++;
  CHECK_D(f, -7.5); // 8.5 wraps
  ap_int<16> acc = 0;
  for (int k = 1; k <= 10; k++) acc += ap_int<8>(k) * ap_int<8>(k);
  CHECK(acc == 385);
  ap_uint<8> sh = 1;
  sh <<= 3;
  CHECK(sh == 8);
  sh >>= 1;
  CHECK(sh == 4);
  sh |= ap_uint<8>(0x81);
  CHECK(sh == 0x85);
  sh &= 0x0F;
  CHECK(sh == 5);
  int loops = 0;
  for (ap_uint<4> k = 0; k < 10; k++) loops++;
  CHECK(loops == 10);
}

// ---- 6. comparisons: exact values across types -------------------------------------------------------------------
static void comparisons() {
  CHECK(ap_fixed<8, 3>(-0.5) < ap_ufixed<4, 4>(0));
  CHECK(ap_ufixed<4, 4>(0) > ap_fixed<8, 3>(-0.5));
  CHECK(!(ap_uint<32>(0xFFFFFFFFu) == -1)); // exact values, not C's usual arithmetic conversions
  CHECK(ap_uint<32>(0xFFFFFFFFu) == 4294967295u);
  CHECK(ap_uint<32>(0xFFFFFFFFu) > -1);
  CHECK(ap_int<8>(-3) < 0u);
  CHECK(ap_uint<64>(~0ull) > ap_int<64>(-1));
  CHECK(ap_fixed<8, -2>(0.0625) > ap_fixed<8, 6>(0));
  CHECK(ap_fixed<8, -2>(0.0625) == ap_ufixed<8, 0>(0.0625));
  CHECK(ap_fixed<8, -2>(0.0625) != ap_ufixed<8, 0>(0.06640625));
  CHECK(ap_fixed<4, 8>(-32) == -32);
  CHECK(ap_fixed<4, 8>(-32) < ap_fixed<2, 0>(-0.25));
  CHECK(ap_fixed<4, 8>(-32) <= -32);
  CHECK(ap_fixed<4, 8>(-32) >= -32);
  CHECK(ap_fixed<8, 4>(3) == 3);
  CHECK(ap_fixed<8, 4>(3) != 4);
  CHECK(3 == ap_fixed<8, 4>(3));
  CHECK(ap_fixed<8, 4>(2.5) > 2);
  CHECK(ap_fixed<8, 4>(2.5) < 3);
  CHECK(2 < ap_fixed<8, 4>(2.5));
  CHECK(ap_fixed<8, 4>(2.5) >= 2.5);
  CHECK(ap_fixed<8, 4>(2.5) == 2.5);
  CHECK(2.5 <= ap_fixed<8, 4>(2.5));
  CHECK(ap_fixed<8, 4>(2.5) != 2.4f);
  // Exponents 200 apart: 2^93 against 127 * 2^-107.
  ap_fixed<8, 100> huge;
  huge.range() = 1;
  ap_fixed<8, -100> tiny;
  tiny.range() = 127;
  CHECK(huge > tiny);
  CHECK(-huge < tiny);
  CHECK(-huge < -tiny);
  CHECK(tiny > 0);
  // 128-bit extremes.
  ap_uint<128> all_ones;
  all_ones.range() = -1;
  ap_int<128> minus_one = -1;
  CHECK(all_ones > minus_one);
  CHECK(all_ones != minus_one);
  CHECK(all_ones.range(127, 64).to_uint64() == ~0ull);
}

// ---- 7. conversions ------------------------------------------------------------------------------------------------
static void conversions() {
  // to_int truncates toward zero (C semantics), also through the implicit conversion.
  CHECK(ap_fixed<8, 4>(-1.5).to_int() == -1);
  CHECK(ap_fixed<8, 4>(1.5).to_int() == 1);
  CHECK(ap_fixed<8, 4>(-7.5).to_int() == -7);
  CHECK(ap_fixed<8, 4>(-0.5).to_int() == 0);
  CHECK(ap_fixed<8, 4>(-8).to_int64() == -8);
  CHECK(ap_ufixed<8, 4>(15.9375).to_uint() == 15u);
  CHECK(ap_ufixed<8, 4>(15.9375).to_uint64() == 15ull);
  int implicit_int = ap_fixed<8, 4>(-1.5);
  CHECK(implicit_int == -1);
  double implicit_double = ap_fixed<8, 4>(-1.5);
  CHECK(implicit_double == -1.5);
  CHECK(static_cast<double>(ap_fixed<8, 4>(-1.5)) == -1.5);
  CHECK(ap_fixed<8, 4>(-1.5).is_neg());
  CHECK(!ap_ufixed<8, 4>(1.5).is_neg());
  // Into integer types: truncation toward zero, then wrap.
  CHECK(ap_int<8>(-1.5) == -1);
  CHECK(ap_int<8>(200.7) == -56);
  CHECK(ap_uint<8>(300) == 44);
  CHECK(ap_uint<8>(-1) == 255);
  CHECK(ap_int<8>(ap_fixed<8, 4>(-1.5)) == -1);
  CHECK(ap_int<4>(ap_fixed<12, 8>(100.75)) == 4);
  CHECK_D((ap_fixed<12, 8>(ap_int<4>(-8))), -8);
  CHECK_D((ap_fixed<6, 6>(ap_uint<8>(200))), 8); // 200 mod 64 = 8
  // Exact doubles: 0.1 is 0x1999999999999A * 2^-56, so ap_fixed<60,2> holds it exactly (LSB 2^-58).
  CHECK_RAW((ap_fixed<60, 2>(0.1)), 0x66666666666668ll);
  CHECK((ap_fixed<60, 2>(0.1)).to_double() == 0.1);
  // float: 0.1f = 13421773 * 2^-27; at LSB 2^-10 that is 102.4... LSBs.
  CHECK_RAW((ap_fixed<16, 6>(0.1f)), 102);
  // to_double rounds half to even to 53 bits (codegen.md 1.5: ap_fixed<80,2>(1 + 2^-60) gives 1.0).
  ap_fixed<80, 2> one_plus = 1.0;
  one_plus += ap_ufixed<1, -59>(std::ldexp(1.0, -60));
  CHECK(one_plus.to_double() == 1.0);
  CHECK(one_plus != 1);
  ap_fixed<60, 2> tie = 1.0;
  tie += ap_ufixed<2, -51>(std::ldexp(3.0, -53)); // 1 + 2^-52 + 2^-53: a tie above an odd last bit
  CHECK(tie.to_double() == 1.0 + std::ldexp(1.0, -51));
  ap_fixed<32, 2> ftie = 1.0;
  ftie += ap_ufixed<1, -23>(std::ldexp(1.0, -24)); // 1 + 2^-24: a tie above an even last bit
  CHECK(ftie.to_float() == 1.0f);
  float implicit_float = ftie;
  CHECK(implicit_float == 1.0f);
  // From a range: the unsigned integer of the bits, converted with the target's modes (133 wraps to 5).
  ap_uint<16> bits = 0x0085;
  ap_fixed<8, 4> from_range = bits.range(7, 0);
  CHECK_D(from_range, 5);
  ap_uint<8> from_range_u = bits.range(7, 0);
  CHECK(from_range_u == 133);
  CHECK(bits.range(7, 0).get() == 133);
}

// ---- 8. shifts: same type, raw bits moved (codegen.md 1.4: 5.5<<1 = -5, <<2 = 6, >>3 = 0.6875) ------------------
static void shifts() {
  ap_fixed<8, 4> x = 5.5;
  CHECK_D(x << 1, -5);
  CHECK_D(x << 2, 6);
  CHECK_D(x >> 3, 0.6875);
  CHECK_D((ap_fixed<8, 4>(-5.5) >> 1), -2.75);
  CHECK(ap_uint<8>(0x81) << 1 == 0x02);
  CHECK(ap_int<8>(-128) >> 7 == -1);
  CHECK(ap_uint<8>(0x80) >> 7 == 1);
  CHECK((ap_uint<64>(1) << 63).to_uint64() == 0x8000000000000000ull);
  CHECK(ap_uint<8>(4) << -1 == 2);
  CHECK(ap_int<8>(1) << 8 == 0);
  CHECK(ap_int<8>(-1) >> 20 == -1);
  CHECK(ap_uint<8>(1) << ap_uint<3>(2) == 4);
  CHECK(ap_uint<8>(16) >> ap_int<4>(-2) == 64);
}

// ---- 9. bit and range access: packing into an AXI word and back ---------------------------------------------------
static void ranges_and_bits() {
  // Codes at LSB 2^-10: 1.5 -> 0x0600, -2.25 -> -2304 = 0xF700, 31.999 -> 32766 = 0x7FFE (truncated),
  // -32 -> 0x8000.
  ap_fixed<16, 6> values[4] = {1.5, -2.25, 31.999, -32};
  ap_uint<64> word = 0;
  for (int k = 0; k < 4; k++) word.range(16 * k + 15, 16 * k) = values[k].range(15, 0);
  CHECK(word.to_uint64() == 0x80007FFEF7000600ull);
  CHECK(word == ap_uint<64>(0x80007FFEF7000600ull));
  ap_fixed<16, 6> back[4];
  for (int k = 0; k < 4; k++) back[k].range(15, 0) = word.range(16 * k + 15, 16 * k);
  for (int k = 0; k < 4; k++) CHECK(back[k] == values[k]);
  CHECK_D(back[2], 31.998046875);
  CHECK_D(back[3], -32);
  // Upper and lower halves of a word from two 32-bit fields.
  ap_uint<64> w2 = 0;
  ap_int<32> lo32 = -2;
  ap_uint<32> hi32 = 0xDEADBEEF;
  w2.range(63, 32) = hi32.range(31, 0);
  w2.range(31, 0) = lo32.range(31, 0);
  CHECK(w2.to_uint64() == 0xDEADBEEFFFFFFFFEull);
  CHECK(w2.range(63, 32).to_uint64() == 0xDEADBEEFull);
  CHECK(ap_int<32>(w2.range(31, 0)) == -2);
  // Setting the raw code of a fixed-point value from an integer.
  ap_fixed<16, 6> y;
  y.range(15, 0) = ap_uint<16>(0xFC00);
  CHECK_D(y, -1.0);
  y.range() = 0x0200;
  CHECK_D(y, 0.5);
  // Reading: the two's-complement bits, right-aligned and unsigned.
  const ap_fixed<8, 3> c = -1;
  CHECK(c.range(7, 0).to_uint64() == 224u);
  CHECK(c.range().to_uint64() == 224u);
  CHECK(ap_uint<8>(c.range(7, 0)) == 224);
  ap_uint<8> nib = 0xA5;
  CHECK(nib.range(7, 4) == 0xA);
  CHECK(nib.range(3, 0) == 5);
  CHECK(nib(7, 4) == 0xA);
  ap_uint<16> h = 0;
  h.range(11, 4) = -1;
  CHECK(h == 0x0FF0);
  h.range(3, 0) = h.range(7, 4);
  CHECK(h == 0x0FFF);
  // Bits.
  ap_uint<8> b = 0;
  b[3] = 1;
  CHECK(b == 8);
  CHECK(b[3]);
  CHECK(!b[2]);
  b[7] = true;
  CHECK(b == 136);
  ap_int<8> sgn = 0;
  sgn[7] = 1;
  CHECK(sgn == -128);
  ap_fixed<8, 3> fb = 0;
  fb[7] = 1;
  CHECK_D(fb, -4.0);
  CHECK(c[0] == false);
  CHECK(c[7] == true);
  // 128-bit words.
  ap_uint<128> wide = 0;
  wide.range(127, 64) = ap_uint<64>(~0ull).range(63, 0);
  wide.range(63, 0) = 0x1234;
  CHECK(wide.range(127, 120).to_uint64() == 0xFF);
  CHECK(wide.range(63, 0).to_uint64() == 0x1234);
  CHECK(wide > ap_uint<64>(~0ull));
}

// ---- 10. hls::stream ---------------------------------------------------------------------------------------------
static void streams() {
  hls::stream<ap_fixed<16, 6> > s("s");
  CHECK(s.empty());
  for (int k = 0; k < 10; k++) s.write(ap_fixed<16, 6>(k * 0.5));
  CHECK(s.size() == 10);
  CHECK(!s.empty());
  bool in_order = true;
  for (int k = 0; k < 10; k++) in_order = in_order && s.read() == k * 0.5;
  CHECK(in_order);
  CHECK(s.empty());
  ap_fixed<16, 6> none = 3;
  CHECK(!s.read_nb(none));
  CHECK(none == 3);
  s << ap_fixed<16, 6>(1.25);
  ap_fixed<16, 6> got;
  s >> got;
  CHECK(got == 1.25);
  hls::stream<int> t;
  t.write(1);
  t.write(2);
  t << 3;
  int v = 0;
  t.read(v);
  CHECK(v == 1);
  CHECK(t.read() == 2);
  t >> v;
  CHECK(v == 3);
  CHECK(t.empty());
  CHECK(t.write_nb(4));
  CHECK(t.read_nb(v) && v == 4);
}

// ---- 11. ap_axiu / ap_axis -------------------------------------------------------------------------------------------
static void axi_stream_structs() {
  ap_axiu<64, 0, 0, 0> p;
  CHECK(p.data == 0 && p.keep == 0 && p.strb == 0 && p.last == 0 && p.user == 0 && p.id == 0 && p.dest == 0);
  CHECK(decltype(p.data)::width == 64);
  CHECK(decltype(p.keep)::width == 8);
  CHECK(decltype(p.strb)::width == 8);
  CHECK(decltype(p.last)::width == 1);
  CHECK(decltype(p.user)::width == 1);
  ap_axiu<32, 2, 3, 4> q;
  CHECK(decltype(q.keep)::width == 4);
  CHECK(decltype(q.user)::width == 2);
  CHECK(decltype(q.id)::width == 3);
  CHECK(decltype(q.dest)::width == 4);
  ap_axis<24, 0, 0, 0> r;
  CHECK_TYPE(r.data, ap_int<24>);
  CHECK(decltype(r.keep)::width == 3);
  // Through a stream, as a kernel would send output beats.
  hls::stream<ap_axiu<64, 0, 0, 0> > out;
  for (int k = 0; k < 3; k++) {
    ap_axiu<64, 0, 0, 0> beat;
    beat.data.range(15, 0) = ap_fixed<16, 6>(-0.5 * k).range(15, 0);
    beat.keep = -1;
    beat.strb = -1;
    beat.last = k == 2;
    out.write(beat);
  }
  ap_axiu<64, 0, 0, 0> first = out.read(), second = out.read(), third = out.read();
  CHECK(first.data == 0 && first.last == 0);
  CHECK(second.data == 0xFE00 && second.keep == 0xFF && second.strb == 255); // -0.5 at LSB 2^-10 is -512
  CHECK(third.last == 1);
  ap_fixed<16, 6> decoded;
  decoded.range(15, 0) = third.data.range(15, 0);
  CHECK(decoded == -1);
}

// ---- 12. records of the vendor-produced vectors, through the templates ---------------------------------------------
static void vector_records() {
  CHECK_RAW((ap_fixed<27,27,AP_RND_ZERO,AP_WRAP>(from_bits(0x41c2a39ccef671e1ull))), -45663842LL); // cast,27,27,1,AP_RND_ZERO,AP_WRAP,41c2a39ccef671e1,-45663842
  CHECK_RAW((ap_fixed<20,-2,AP_RND_CONV,AP_SAT_SYM>(from_bits(0x3fce9c72f3af35b8ull))), 524287LL); // cast,20,-2,1,AP_RND_CONV,AP_SAT_SYM,3fce9c72f3af35b8,524287
  CHECK_RAW((ap_fixed<24,-4,AP_RND_ZERO,AP_SAT>(from_bits(0x3fd2d13e49ea92acull))), 8388607LL); // cast,24,-4,1,AP_RND_ZERO,AP_SAT,3fd2d13e49ea92ac,8388607
  CHECK_RAW((ap_ufixed<24,-2,AP_RND,AP_WRAP>(from_bits(0xbfd6a50908bedcb1ull))), 9809775LL); // cast,24,-2,0,AP_RND,AP_WRAP,bfd6a50908bedcb1,9809775
  CHECK_RAW((ap_ufixed<5,9,AP_TRN_ZERO,AP_SAT_ZERO>(from_bits(0x40732219bea42994ull))), 19LL); // cast,5,9,0,AP_TRN_ZERO,AP_SAT_ZERO,40732219bea42994,19
  CHECK_RAW((ap_fixed<32,35,AP_TRN,AP_SAT_SYM>(from_bits(0xc2218b2aa286d95cull))), -2147483647LL); // cast,32,35,1,AP_TRN,AP_SAT_SYM,c2218b2aa286d95c,-2147483647
  CHECK_RAW((ap_fixed<24,14,AP_RND_CONV,AP_SAT>(from_bits(0xc0d21af608000000ull))), -8388608LL); // cast,24,14,1,AP_RND_CONV,AP_SAT,c0d21af608000000,-8388608
  CHECK_RAW((ap_fixed<21,5,AP_RND,AP_SAT_SYM>(from_bits(0x400803236757ca50ull))), 196708LL); // cast,21,5,1,AP_RND,AP_SAT_SYM,400803236757ca50,196708
  CHECK_RAW((ap_fixed<31,17,AP_TRN_ZERO,AP_SAT_SYM>(from_bits(0x40ee475f49c00000ull))), 1015987859LL); // cast,31,17,1,AP_TRN_ZERO,AP_SAT_SYM,40ee475f49c00000,1015987859
  CHECK_RAW((ap_fixed<13,18,AP_RND,AP_WRAP>(from_bits(0x41153a64fcb96622ull))), 2677LL); // cast,13,18,1,AP_RND,AP_WRAP,41153a64fcb96622,2677
  CHECK_RAW((ap_fixed<7,-6,AP_RND_MIN_INF,AP_SAT_SYM>(from_bits(0xbf7c0d53ebafa630ull))), -56LL); // cast,7,-6,1,AP_RND_MIN_INF,AP_SAT_SYM,bf7c0d53ebafa630,-56
  CHECK_RAW((ap_ufixed<11,3,AP_RND,AP_SAT_ZERO>(from_bits(0x400ba6a9808c369cull))), 885LL); // cast,11,3,0,AP_RND,AP_SAT_ZERO,400ba6a9808c369c,885
  CHECK_RAW((ap_fixed<31,7,AP_RND_CONV,AP_WRAP>(from_bits(0xc027e29d49605240ull))), -200363685LL); // cast,31,7,1,AP_RND_CONV,AP_WRAP,c027e29d49605240,-200363685
  CHECK_RAW((ap_fixed<32,-3,AP_TRN,AP_SAT>(from_bits(0xbfb6d6ae544c33d6ull))), -2147483648LL); // cast,32,-3,1,AP_TRN,AP_SAT,bfb6d6ae544c33d6,-2147483648
  CHECK_RAW((ap_ufixed<6,11,AP_RND_INF,AP_WRAP>(from_bits(0x40390157b2b95080ull))), 1LL); // cast,6,11,0,AP_RND_INF,AP_WRAP,40390157b2b95080,1
  CHECK_RAW((ap_fixed<22,23,AP_TRN_ZERO,AP_WRAP>(from_bits(0xc1616d57a17534feull))), -374110LL); // cast,22,23,1,AP_TRN_ZERO,AP_WRAP,c1616d57a17534fe,-374110
  CHECK_RAW((ap_fixed<11,9,AP_RND_MIN_INF,AP_WRAP>(from_bits(0x4070fa0000000000ull))), -962LL); // cast,11,9,1,AP_RND_MIN_INF,AP_WRAP,4070fa0000000000,-962
  CHECK_RAW((ap_ufixed<2,-1,AP_TRN_ZERO,AP_SAT_SYM>(from_bits(0x3fdfc5a1a58b444cull))), 3LL); // cast,2,-1,0,AP_TRN_ZERO,AP_SAT_SYM,3fdfc5a1a58b444c,3
  CHECK_RAW((ap_fixed<2,-6,AP_TRN_ZERO,AP_SAT_ZERO>(from_bits(0xbf84000000000000ull))), -2LL); // cast,2,-6,1,AP_TRN_ZERO,AP_SAT_ZERO,bf84000000000000,-2
  CHECK_RAW((ap_fixed<31,37,AP_RND_INF,AP_SAT_ZERO>(from_bits(0xc21c745618593010ull))), -477386264LL); // cast,31,37,1,AP_RND_INF,AP_SAT_ZERO,c21c745618593010,-477386264
  CHECK_RAW((ap_fixed<25,6,AP_RND_ZERO,AP_SAT_SYM>(from_bits(0xc046725026b008ccull))), -16777215LL); // cast,25,6,1,AP_RND_ZERO,AP_SAT_SYM,c046725026b008cc,-16777215
  CHECK_RAW((ap_fixed<15,5,AP_RND_MIN_INF,AP_SAT>(from_bits(0x403c4a2000000000ull))), 16383LL); // cast,15,5,1,AP_RND_MIN_INF,AP_SAT,403c4a2000000000,16383
  CHECK_RAW((ap_fixed<16,17,AP_RND_INF,AP_SAT>(from_bits(0xc0ca688000000000ull))), -6761LL); // cast,16,17,1,AP_RND_INF,AP_SAT,c0ca688000000000,-6761
  CHECK_RAW((ap_ufixed<17,7,AP_RND_MIN_INF,AP_SAT_SYM>(from_bits(0x4043276cbbac60a8ull))), 39227LL); // cast,17,7,0,AP_RND_MIN_INF,AP_SAT_SYM,4043276cbbac60a8,39227
  CHECK_RAW((ap_ufixed<2,-1,AP_RND_CONV,AP_WRAP>(from_bits(0xbff5724ce3e5c37cull))), 1LL); // cast,2,-1,0,AP_RND_CONV,AP_WRAP,bff5724ce3e5c37c,1
  CHECK_RAW((ap_fixed<9,4,AP_RND_INF,AP_SAT_SYM>(from_bits(0x4028f80000000000ull))), 255LL); // cast,9,4,1,AP_RND_INF,AP_SAT_SYM,4028f80000000000,255
  CHECK_RAW((ap_ufixed<25,4,AP_RND_MIN_INF,AP_SAT>(from_bits(0x4031883e3160cf48ull))), 33554431LL); // cast,25,4,0,AP_RND_MIN_INF,AP_SAT,4031883e3160cf48,33554431
  CHECK_RAW((ap_ufixed<26,-2,AP_TRN_ZERO,AP_WRAP>(from_bits(0x3fd17fd3e0000000ull))), 6288632LL); // cast,26,-2,0,AP_TRN_ZERO,AP_WRAP,3fd17fd3e0000000,6288632
  CHECK_RAW((ap_ufixed<29,22,AP_RND_ZERO,AP_SAT>(from_bits(0x415028f5c28f5c29ull))), 536870911LL); // cast,29,22,0,AP_RND_ZERO,AP_SAT,415028f5c28f5c29,536870911
  CHECK_RAW((ap_ufixed<11,6,AP_RND_INF,AP_SAT>(from_bits(0x4031beeb4e2b4cb8ull))), 568LL); // cast,11,6,0,AP_RND_INF,AP_SAT,4031beeb4e2b4cb8,568
  CHECK_RAW((ap_fixed<4,-6,AP_RND_MIN_INF,AP_SAT_ZERO>(from_bits(0x3f6635ac89550218ull))), 3LL); // cast,4,-6,1,AP_RND_MIN_INF,AP_SAT_ZERO,3f6635ac89550218,3
  CHECK_RAW((ap_fixed<30,1,AP_TRN,AP_SAT_ZERO>(from_bits(0x3fe5f5860a71b3b8ull))), 368412170LL); // cast,30,1,1,AP_TRN,AP_SAT_ZERO,3fe5f5860a71b3b8,368412170
  CHECK_RAW((ap_fixed<8,-3,AP_RND_INF,AP_WRAP>(from_bits(0x3fc170a3d70a3d71ull))), 23LL); // cast,8,-3,1,AP_RND_INF,AP_WRAP,3fc170a3d70a3d71,23
  CHECK_RAW((ap_ufixed<15,7,AP_RND,AP_SAT>(from_bits(0x4060a3d70a3d70a4ull))), 32767LL); // cast,15,7,0,AP_RND,AP_SAT,4060a3d70a3d70a4,32767
  CHECK_RAW((ap_fixed<5,8,AP_TRN_ZERO,AP_SAT>(from_bits(0x4050000000000000ull))), 8LL); // cast,5,8,1,AP_TRN_ZERO,AP_SAT,4050000000000000,8
  CHECK_RAW((ap_ufixed<21,2,AP_TRN,AP_SAT_SYM>(from_bits(0x4008989b786ecdf4ull))), 1611931LL); // cast,21,2,0,AP_TRN,AP_SAT_SYM,4008989b786ecdf4,1611931
  CHECK_RAW((ap_ufixed<8,-6,AP_RND_CONV,AP_SAT_SYM>(from_bits(0x3f8c28ea1a868e70ull))), 225LL); // cast,8,-6,0,AP_RND_CONV,AP_SAT_SYM,3f8c28ea1a868e70,225
  CHECK_RAW((ap_fixed<16,18,AP_TRN,AP_WRAP>(from_bits(0xc0fbc705dd1c29a4ull))), -28445LL); // cast,16,18,1,AP_TRN,AP_WRAP,c0fbc705dd1c29a4,-28445
  CHECK_RAW((ap_fixed<15,-6,AP_RND,AP_SAT>(from_bits(0x3f63f959c323dbc0ull))), 5113LL); // cast,15,-6,1,AP_RND,AP_SAT,3f63f959c323dbc0,5113
  CHECK_RAW((ap_ufixed<24,-6,AP_RND_ZERO,AP_SAT_SYM>(from_bits(0x3f72e15f639feff0ull))), 4949374LL); // cast,24,-6,0,AP_RND_ZERO,AP_SAT_SYM,3f72e15f639feff0,4949374
  CHECK_RAW((ap_ufixed<28,20,AP_RND,AP_SAT_SYM>(from_bits(0x4132dddf203759a8ull))), 268435455LL); // cast,28,20,0,AP_RND,AP_SAT_SYM,4132dddf203759a8,268435455
  CHECK_RAW((ap_ufixed<29,29,AP_RND_CONV,AP_SAT>(from_bits(0x41ac3e7ef43e18a0ull))), 236928890LL); // cast,29,29,0,AP_RND_CONV,AP_SAT,41ac3e7ef43e18a0,236928890
  CHECK_RAW((ap_ufixed<4,0,AP_RND_ZERO,AP_WRAP>(from_bits(0x3feb000000000000ull))), 13LL); // cast,4,0,0,AP_RND_ZERO,AP_WRAP,3feb000000000000,13
  CHECK_RAW((ap_ufixed<9,-2,AP_RND_MIN_INF,AP_WRAP>(from_bits(0x3fc6dfe71a6f9de0ull))), 366LL); // cast,9,-2,0,AP_RND_MIN_INF,AP_WRAP,3fc6dfe71a6f9de0,366
  CHECK_RAW((ap_ufixed<17,15,AP_RND_INF,AP_SAT_SYM>(from_bits(0x40e170a3d70a3d71ull))), 131071LL); // cast,17,15,0,AP_RND_INF,AP_SAT_SYM,40e170a3d70a3d71,131071
  CHECK_RAW((ap_ufixed<22,22,AP_TRN_ZERO,AP_SAT>(from_bits(0x4143c6671ca90b30ull))), 2591950LL); // cast,22,22,0,AP_TRN_ZERO,AP_SAT,4143c6671ca90b30,2591950
  CHECK_RAW((ap_ufixed<30,20,AP_TRN,AP_WRAP>(from_bits(0xc0e1b3c8d320a6c0ull))), 1036617445LL); // cast,30,20,0,AP_TRN,AP_WRAP,c0e1b3c8d320a6c0,1036617445
  CHECK_RAW((ap_ufixed<5,10,AP_TRN,AP_SAT_ZERO>(from_bits(0x4065114970c50d60ull))), 5LL); // cast,5,10,0,AP_TRN,AP_SAT_ZERO,4065114970c50d60,5
  CHECK_RAW((ap_fixed<18,6,AP_RND_CONV,AP_SAT_ZERO>(from_bits(0xc0343de800000000ull))), -82910LL); // cast,18,6,1,AP_RND_CONV,AP_SAT_ZERO,c0343de800000000,-82910
  CHECK_RAW((ap_ufixed<3,-6,AP_RND_INF,AP_SAT_ZERO>(from_bits(0x3f88a11169c1a4e0ull))), 6LL); // cast,3,-6,0,AP_RND_INF,AP_SAT_ZERO,3f88a11169c1a4e0,6
  CHECK_RAW((ap_fixed<23,-5,AP_RND,AP_SAT_ZERO>(from_bits(0xbf8785c58b07f350ull))), -3083147LL); // cast,23,-5,1,AP_RND,AP_SAT_ZERO,bf8785c58b07f350,-3083147
  CHECK_RAW((ap_fixed<11,4,AP_RND_ZERO,AP_SAT_ZERO>(from_bits(0xc00890131df3c0b0ull))), -393LL); // cast,11,4,1,AP_RND_ZERO,AP_SAT_ZERO,c00890131df3c0b0,-393
  CHECK_RAW((ap_ufixed<16,21,AP_RND_MIN_INF,AP_SAT_ZERO>(from_bits(0x4131cbbec58cdf5cull))), 36446LL); // cast,16,21,0,AP_RND_MIN_INF,AP_SAT_ZERO,4131cbbec58cdf5c,36446
  CHECK_RAW((ap_ufixed<10,12,AP_TRN,AP_SAT>(from_bits(0x40b694040a9b83c0ull))), 1023LL); // cast,10,12,0,AP_TRN,AP_SAT,40b694040a9b83c0,1023
  CHECK_RAW((ap_ufixed<2,4,AP_RND_CONV,AP_SAT_ZERO>(from_bits(0x402172c01ee91888ull))), 2LL); // cast,2,4,0,AP_RND_CONV,AP_SAT_ZERO,402172c01ee91888,2
  CHECK_RAW((ap_ufixed<14,6,AP_RND_ZERO,AP_SAT_ZERO>(from_bits(0x404b0293fe376504ull))), 13829LL); // cast,14,6,0,AP_RND_ZERO,AP_SAT_ZERO,404b0293fe376504,13829
  { ap_fixed<13,19> s; s.range() = -674LL; CHECK_RAW((ap_fixed<23,17,AP_RND_MIN_INF,AP_SAT_ZERO>(s)), -2760704LL); } // conv,13,19,1,-674,23,17,1,AP_RND_MIN_INF,AP_SAT_ZERO,-2760704
  { ap_fixed<10,12> s; s.range() = 444LL; CHECK_RAW((ap_ufixed<9,-3,AP_RND_MIN_INF,AP_SAT>(s)), 511LL); } // conv,10,12,1,444,9,-3,0,AP_RND_MIN_INF,AP_SAT,511
  { ap_fixed<31,-3> s; s.range() = 557421456LL; CHECK_RAW((ap_fixed<31,-4,AP_RND_CONV,AP_SAT_SYM>(s)), 1073741823LL); } // conv,31,-3,1,557421456,31,-4,1,AP_RND_CONV,AP_SAT_SYM,1073741823
  { ap_fixed<12,-4> s; s.range() = 577LL; CHECK_RAW((ap_fixed<25,1,AP_RND_ZERO,AP_WRAP>(s)), 147712LL); } // conv,12,-4,1,577,25,1,1,AP_RND_ZERO,AP_WRAP,147712
  { ap_ufixed<17,-1> s; s.range() = 27428LL; CHECK_RAW((ap_fixed<24,-2,AP_TRN_ZERO,AP_SAT_SYM>(s)), 7021568LL); } // conv,17,-1,0,27428,24,-2,1,AP_TRN_ZERO,AP_SAT_SYM,7021568
  { ap_ufixed<24,-4> s; s.range() = 13201755LL; CHECK_RAW((ap_ufixed<21,2,AP_TRN,AP_SAT_SYM>(s)), 25784LL); } // conv,24,-4,0,13201755,21,2,0,AP_TRN,AP_SAT_SYM,25784
  { ap_fixed<14,8> s; s.range() = -5279LL; CHECK_RAW((ap_fixed<6,2,AP_RND,AP_SAT_SYM>(s)), -31LL); } // conv,14,8,1,-5279,6,2,1,AP_RND,AP_SAT_SYM,-31
  { ap_ufixed<8,-1> s; s.range() = 144LL; CHECK_RAW((ap_ufixed<10,0,AP_RND_CONV,AP_SAT_ZERO>(s)), 288LL); } // conv,8,-1,0,144,10,0,0,AP_RND_CONV,AP_SAT_ZERO,288
  { ap_fixed<5,-2> s; s.range() = -15LL; CHECK_RAW((ap_fixed<20,23,AP_TRN,AP_SAT_ZERO>(s)), -1LL); } // conv,5,-2,1,-15,20,23,1,AP_TRN,AP_SAT_ZERO,-1
  { ap_fixed<22,17> s; s.range() = -969563LL; CHECK_RAW((ap_ufixed<4,0,AP_RND_ZERO,AP_WRAP>(s)), 3LL); } // conv,22,17,1,-969563,4,0,0,AP_RND_ZERO,AP_WRAP,3
  { ap_fixed<29,5> s; s.range() = -63351325LL; CHECK_RAW((ap_fixed<32,10,AP_RND_MIN_INF,AP_WRAP>(s)), -15837831LL); } // conv,29,5,1,-63351325,32,10,1,AP_RND_MIN_INF,AP_WRAP,-15837831
  { ap_ufixed<24,17> s; s.range() = 13794352LL; CHECK_RAW((ap_fixed<7,-6,AP_RND,AP_SAT>(s)), 63LL); } // conv,24,17,0,13794352,7,-6,1,AP_RND,AP_SAT,63
  { ap_fixed<25,18> s; s.range() = 10923560LL; CHECK_RAW((ap_fixed<5,2,AP_RND_ZERO,AP_SAT_SYM>(s)), 15LL); } // conv,25,18,1,10923560,5,2,1,AP_RND_ZERO,AP_SAT_SYM,15
  { ap_fixed<13,17> s; s.range() = -751LL; CHECK_RAW((ap_fixed<2,-1,AP_RND_MIN_INF,AP_SAT_SYM>(s)), -1LL); } // conv,13,17,1,-751,2,-1,1,AP_RND_MIN_INF,AP_SAT_SYM,-1
  { ap_ufixed<18,-4> s; s.range() = 151049LL; CHECK_RAW((ap_fixed<28,-5,AP_TRN,AP_SAT>(s)), 134217727LL); } // conv,18,-4,0,151049,28,-5,1,AP_TRN,AP_SAT,134217727
  { ap_ufixed<6,5> s; s.range() = 32LL; CHECK_RAW((ap_fixed<20,23,AP_RND_ZERO,AP_SAT>(s)), 2LL); } // conv,6,5,0,32,20,23,1,AP_RND_ZERO,AP_SAT,2
  { ap_fixed<25,22> s; s.range() = 1241095LL; CHECK_RAW((ap_ufixed<5,-1,AP_RND_ZERO,AP_SAT>(s)), 31LL); } // conv,25,22,1,1241095,5,-1,0,AP_RND_ZERO,AP_SAT,31
  { ap_ufixed<9,1> s; s.range() = 375LL; CHECK_RAW((ap_fixed<24,11,AP_TRN,AP_SAT_SYM>(s)), 12000LL); } // conv,9,1,0,375,24,11,1,AP_TRN,AP_SAT_SYM,12000
  { ap_fixed<8,11> s; s.range() = -28LL; CHECK_RAW((ap_fixed<8,-4,AP_RND_CONV,AP_SAT>(s)), -128LL); } // conv,8,11,1,-28,8,-4,1,AP_RND_CONV,AP_SAT,-128
  { ap_fixed<26,25> s; s.range() = 14772083LL; CHECK_RAW((ap_ufixed<4,-5,AP_RND_CONV,AP_SAT>(s)), 15LL); } // conv,26,25,1,14772083,4,-5,0,AP_RND_CONV,AP_SAT,15
  { ap_fixed<13,5> s; s.range() = 3284LL; CHECK_RAW((ap_ufixed<5,3,AP_TRN,AP_WRAP>(s)), 19LL); } // conv,13,5,1,3284,5,3,0,AP_TRN,AP_WRAP,19
  { ap_fixed<26,22> s; s.range() = 24095300LL; CHECK_RAW((ap_ufixed<6,11,AP_RND_INF,AP_WRAP>(s)), 21LL); } // conv,26,22,1,24095300,6,11,0,AP_RND_INF,AP_WRAP,21
  { ap_fixed<8,7> s; s.range() = 60LL; CHECK_RAW((ap_ufixed<17,15,AP_RND_INF,AP_SAT_SYM>(s)), 120LL); } // conv,8,7,1,60,17,15,0,AP_RND_INF,AP_SAT_SYM,120
  { ap_fixed<19,10> s; s.range() = -223164LL; CHECK_RAW((ap_fixed<11,5,AP_RND,AP_WRAP>(s)), 777LL); } // conv,19,10,1,-223164,11,5,1,AP_RND,AP_WRAP,777
  { ap_fixed<13,-1> s; s.range() = 1086LL; CHECK_RAW((ap_fixed<28,7,AP_TRN,AP_WRAP>(s)), 139008LL); } // conv,13,-1,1,1086,28,7,1,AP_TRN,AP_WRAP,139008
  { ap_fixed<9,14> s; s.range() = 119LL; CHECK_RAW((ap_ufixed<28,20,AP_RND,AP_SAT_SYM>(s)), 974848LL); } // conv,9,14,1,119,28,20,0,AP_RND,AP_SAT_SYM,974848
  { ap_ufixed<10,1> s; s.range() = 566LL; CHECK_RAW((ap_ufixed<24,-6,AP_RND_ZERO,AP_SAT_SYM>(s)), 16777215LL); } // conv,10,1,0,566,24,-6,0,AP_RND_ZERO,AP_SAT_SYM,16777215
  { ap_fixed<19,-2> s; s.range() = 39834LL; CHECK_RAW((ap_ufixed<15,4,AP_TRN_ZERO,AP_SAT_SYM>(s)), 38LL); } // conv,19,-2,1,39834,15,4,0,AP_TRN_ZERO,AP_SAT_SYM,38
  { ap_fixed<19,12> s; s.range() = 99217LL; CHECK_RAW((ap_fixed<17,4,AP_TRN_ZERO,AP_SAT>(s)), 65535LL); } // conv,19,12,1,99217,17,4,1,AP_TRN_ZERO,AP_SAT,65535
  { ap_ufixed<10,14> s; s.range() = 145LL; CHECK_RAW((ap_fixed<19,16,AP_TRN_ZERO,AP_SAT_ZERO>(s)), 18560LL); } // conv,10,14,0,145,19,16,1,AP_TRN_ZERO,AP_SAT_ZERO,18560
  { ap_fixed<17,10> s; s.range() = -62822LL; CHECK_RAW((ap_fixed<24,11,AP_RND_MIN_INF,AP_SAT>(s)), -4020608LL); } // conv,17,10,1,-62822,24,11,1,AP_RND_MIN_INF,AP_SAT,-4020608
  { ap_ufixed<22,21> s; s.range() = 745625LL; CHECK_RAW((ap_fixed<11,5,AP_TRN_ZERO,AP_WRAP>(s)), 800LL); } // conv,22,21,0,745625,11,5,1,AP_TRN_ZERO,AP_WRAP,800
  { ap_ufixed<32,3> s; s.range() = 431439662LL; CHECK_RAW((ap_ufixed<2,1,AP_RND,AP_SAT_ZERO>(s)), 2LL); } // conv,32,3,0,431439662,2,1,0,AP_RND,AP_SAT_ZERO,2
  { ap_ufixed<6,8> s; s.range() = 25LL; CHECK_RAW((ap_fixed<14,13,AP_RND_CONV,AP_SAT_ZERO>(s)), 200LL); } // conv,6,8,0,25,14,13,1,AP_RND_CONV,AP_SAT_ZERO,200
  { ap_fixed<10,10> s; s.range() = -405LL; CHECK_RAW((ap_fixed<15,1,AP_RND_CONV,AP_WRAP>(s)), -16384LL); } // conv,10,10,1,-405,15,1,1,AP_RND_CONV,AP_WRAP,-16384
  { ap_ufixed<29,26> s; s.range() = 116696358LL; CHECK_RAW((ap_ufixed<29,29,AP_RND_CONV,AP_SAT_SYM>(s)), 14587045LL); } // conv,29,26,0,116696358,29,29,0,AP_RND_CONV,AP_SAT_SYM,14587045
  { ap_fixed<28,17> s; s.range() = -91729512LL; CHECK_RAW((ap_fixed<21,12,AP_RND_INF,AP_SAT>(s)), -1048576LL); } // conv,28,17,1,-91729512,21,12,1,AP_RND_INF,AP_SAT,-1048576
  { ap_fixed<28,27> s; s.range() = -2212050LL; CHECK_RAW((ap_ufixed<10,15,AP_RND_CONV,AP_WRAP>(s)), 253LL); } // conv,28,27,1,-2212050,10,15,0,AP_RND_CONV,AP_WRAP,253
  { ap_ufixed<23,7> s; s.range() = 4839647LL; CHECK_RAW((ap_fixed<24,28,AP_RND_ZERO,AP_SAT_ZERO>(s)), 5LL); } // conv,23,7,0,4839647,24,28,1,AP_RND_ZERO,AP_SAT_ZERO,5
  { ap_ufixed<17,7> s; s.range() = 97062LL; CHECK_RAW((ap_ufixed<5,10,AP_TRN,AP_SAT_ZERO>(s)), 2LL); } // conv,17,7,0,97062,5,10,0,AP_TRN,AP_SAT_ZERO,2
  { ap_ufixed<20,15> s; s.range() = 372483LL; CHECK_RAW((ap_fixed<14,13,AP_RND_INF,AP_SAT_SYM>(s)), 8191LL); } // conv,20,15,0,372483,14,13,1,AP_RND_INF,AP_SAT_SYM,8191
  { ap_ufixed<12,11> s; s.range() = 1526LL; CHECK_RAW((ap_ufixed<13,-1,AP_TRN,AP_SAT>(s)), 8191LL); } // conv,12,11,0,1526,13,-1,0,AP_TRN,AP_SAT,8191
  { ap_ufixed<4,-2> s; s.range() = 8LL; CHECK_RAW((ap_ufixed<14,-1,AP_RND,AP_WRAP>(s)), 4096LL); } // conv,4,-2,0,8,14,-1,0,AP_RND,AP_WRAP,4096
  { ap_fixed<28,-3> s; s.range() = 38052897LL; CHECK_RAW((ap_ufixed<25,8,AP_RND,AP_SAT>(s)), 2323LL); } // conv,28,-3,1,38052897,25,8,0,AP_RND,AP_SAT,2323
  { ap_ufixed<19,5> s; s.range() = 510476LL; CHECK_RAW((ap_ufixed<17,7,AP_RND_MIN_INF,AP_SAT_SYM>(s)), 31905LL); } // conv,19,5,0,510476,17,7,0,AP_RND_MIN_INF,AP_SAT_SYM,31905
  { ap_fixed<2,4> s; s.range() = 1LL; CHECK_RAW((ap_ufixed<13,10,AP_RND_INF,AP_SAT>(s)), 32LL); } // conv,2,4,1,1,13,10,0,AP_RND_INF,AP_SAT,32
  { ap_fixed<14,13> s; s.range() = 5886LL; CHECK_RAW((ap_fixed<10,14,AP_RND_INF,AP_WRAP>(s)), 184LL); } // conv,14,13,1,5886,10,14,1,AP_RND_INF,AP_WRAP,184
  { ap_fixed<2,-3> s; s.range() = -1LL; CHECK_RAW((ap_ufixed<9,-2,AP_RND_MIN_INF,AP_WRAP>(s)), 448LL); } // conv,2,-3,1,-1,9,-2,0,AP_RND_MIN_INF,AP_WRAP,448
  { ap_fixed<13,17> s; s.range() = 1483LL; CHECK_RAW((ap_ufixed<30,15,AP_RND_INF,AP_SAT_ZERO>(s)), 777519104LL); } // conv,13,17,1,1483,30,15,0,AP_RND_INF,AP_SAT_ZERO,777519104
  { ap_fixed<5,2> s; s.range() = -15LL; CHECK_RAW((ap_ufixed<4,-1,AP_TRN_ZERO,AP_WRAP>(s)), 4LL); } // conv,5,2,1,-15,4,-1,0,AP_TRN_ZERO,AP_WRAP,4
  { ap_fixed<17,-4> s; s.range() = 37920LL; CHECK_RAW((ap_ufixed<10,-3,AP_RND_MIN_INF,AP_SAT_ZERO>(s)), 148LL); } // conv,17,-4,1,37920,10,-3,0,AP_RND_MIN_INF,AP_SAT_ZERO,148
  { ap_fixed<18,18> s; s.range() = 75144LL; CHECK_RAW((ap_ufixed<31,28,AP_TRN_ZERO,AP_SAT>(s)), 601152LL); } // conv,18,18,1,75144,31,28,0,AP_TRN_ZERO,AP_SAT,601152
  { ap_fixed<14,-2> s; s.range() = 1929LL; CHECK_RAW((ap_fixed<23,8,AP_RND,AP_SAT_ZERO>(s)), 965LL); } // conv,14,-2,1,1929,23,8,1,AP_RND,AP_SAT_ZERO,965
  { ap_ufixed<22,2> s; s.range() = 381371LL; CHECK_RAW((ap_ufixed<14,-1,AP_TRN_ZERO,AP_SAT_ZERO>(s)), 11917LL); } // conv,22,2,0,381371,14,-1,0,AP_TRN_ZERO,AP_SAT_ZERO,11917
  { ap_fixed<9,15> s; s.range() = 3LL; CHECK_RAW((ap_fixed<20,10,AP_RND_INF,AP_SAT_ZERO>(s)), 196608LL); } // conv,9,15,1,3,20,10,1,AP_RND_INF,AP_SAT_ZERO,196608
  { ap_fixed<22,8> s; s.range() = 288570LL; CHECK_RAW((ap_ufixed<14,6,AP_RND_ZERO,AP_SAT_ZERO>(s)), 4509LL); } // conv,22,8,1,288570,14,6,0,AP_RND_ZERO,AP_SAT_ZERO,4509
  { ap_fixed<19,3> a; a.range() = -177640LL; ap_fixed<16,12> b; b.range() = -1989LL; auto r = a * b; CHECK((same<decltype(r), ap_fixed<35,15>>::value)); CHECK_RAW(r, 353325960LL); } // mul,19,3,1,-177640,16,12,1,-1989,35,15,1,353325960
  { ap_fixed<15,13> a; a.range() = -4964LL; ap_fixed<11,-5> b; b.range() = 548LL; auto r = a * b; CHECK((same<decltype(r), ap_fixed<26,8>>::value)); CHECK_RAW(r, -2720272LL); } // mul,15,13,1,-4964,11,-5,1,548,26,8,1,-2720272
  { ap_fixed<14,16> a; a.range() = -6709LL; ap_fixed<30,-3> b; b.range() = -84154786LL; auto r = a * b; CHECK((same<decltype(r), ap_fixed<44,13>>::value)); CHECK_RAW(r, 564594459274LL); } // mul,14,16,1,-6709,30,-3,1,-84154786,44,13,1,564594459274
  { ap_fixed<2,7> a; a.range() = -1LL; ap_fixed<13,15> b; b.range() = -416LL; auto r = a * b; CHECK((same<decltype(r), ap_fixed<15,22>>::value)); CHECK_RAW(r, 416LL); } // mul,2,7,1,-1,13,15,1,-416,15,22,1,416
  { ap_fixed<23,27> a; a.range() = 929378LL; ap_fixed<27,2> b; b.range() = -57876886LL; auto r = a * b; CHECK((same<decltype(r), ap_fixed<50,29>>::value)); CHECK_RAW(r, -53789504556908LL); } // mul,23,27,1,929378,27,2,1,-57876886,50,29,1,-53789504556908
  { ap_ufixed<23,3> a; a.range() = 2598037LL; ap_fixed<13,15> b; b.range() = -1048LL; auto r = a * b; CHECK((same<decltype(r), ap_fixed<36,18>>::value)); CHECK_RAW(r, -2722742776LL); } // mul,23,3,0,2598037,13,15,1,-1048,36,18,1,-2722742776
  { ap_fixed<2,-5> a; a.range() = -2LL; ap_fixed<3,-6> b; b.range() = 2LL; auto r = a + b; CHECK((same<decltype(r), ap_fixed<5,-4>>::value)); CHECK_RAW(r, -6LL); } // add,2,-5,1,-2,3,-6,1,2,5,-4,1,-6
  { ap_ufixed<8,-2> a; a.range() = 99LL; ap_ufixed<17,11> b; b.range() = 127076LL; auto r = a + b; CHECK((same<decltype(r), ap_ufixed<22,12>>::value)); CHECK_RAW(r, 2033315LL); } // add,8,-2,0,99,17,11,0,127076,22,12,0,2033315
  { ap_fixed<17,-5> a; a.range() = -31713LL; ap_ufixed<10,3> b; b.range() = 777LL; auto r = a + b; CHECK((same<decltype(r), ap_fixed<27,5>>::value)); CHECK_RAW(r, 25429023LL); } // add,17,-5,1,-31713,10,3,0,777,27,5,1,25429023
  { ap_fixed<2,-1> a; a.range() = 1LL; ap_fixed<2,-4> b; b.range() = 0LL; auto r = a + b; CHECK((same<decltype(r), ap_fixed<6,0>>::value)); CHECK_RAW(r, 8LL); } // add,2,-1,1,1,2,-4,1,0,6,0,1,8
  { ap_ufixed<29,25> a; a.range() = 377790674LL; ap_fixed<16,-6> b; b.range() = 10963LL; auto r = a + b; CHECK((same<decltype(r), ap_fixed<49,27>>::value)); CHECK_RAW(r, 99035558456019LL); } // add,29,25,0,377790674,16,-6,1,10963,49,27,1,99035558456019
  { ap_fixed<17,-5> a; a.range() = 63823LL; ap_ufixed<10,3> b; b.range() = 48LL; auto r = a + b; CHECK((same<decltype(r), ap_fixed<27,5>>::value)); CHECK_RAW(r, 1636687LL); } // add,17,-5,1,63823,10,3,0,48,27,5,1,1636687
  { ap_fixed<17,-5> a; a.range() = 57508LL; ap_ufixed<10,3> b; b.range() = 755LL; auto r = a - b; CHECK((same<decltype(r), ap_fixed<27,5>>::value)); CHECK_RAW(r, -24682332LL); } // sub,17,-5,1,57508,10,3,0,755,27,5,1,-24682332
  { ap_fixed<2,1> a; a.range() = 0LL; ap_fixed<20,-5> b; b.range() = -333344LL; auto r = a - b; CHECK((same<decltype(r), ap_fixed<27,2>>::value)); CHECK_RAW(r, 333344LL); } // sub,2,1,1,0,20,-5,1,-333344,27,2,1,333344
  { ap_fixed<15,21> a; a.range() = -11848LL; ap_fixed<22,20> b; b.range() = 625003LL; auto r = a - b; CHECK((same<decltype(r), ap_fixed<24,22>>::value)); CHECK_RAW(r, -3658091LL); } // sub,15,21,1,-11848,22,20,1,625003,24,22,1,-3658091
  { ap_fixed<2,-5> a; a.range() = 1LL; ap_fixed<3,-6> b; b.range() = 0LL; auto r = a - b; CHECK((same<decltype(r), ap_fixed<5,-4>>::value)); CHECK_RAW(r, 4LL); } // sub,2,-5,1,1,3,-6,1,0,5,-4,1,4
  { ap_fixed<28,27> a; a.range() = 129105830LL; ap_fixed<23,28> b; b.range() = -3226045LL; auto r = a - b; CHECK((same<decltype(r), ap_fixed<30,29>>::value)); CHECK_RAW(r, 335572710LL); } // sub,28,27,1,129105830,23,28,1,-3226045,30,29,1,335572710
  { ap_fixed<2,1> a; a.range() = 1LL; ap_fixed<21,9> b; b.range() = 8551LL; auto r = a - b; CHECK((same<decltype(r), ap_fixed<22,10>>::value)); CHECK_RAW(r, -6503LL); } // sub,2,1,1,1,21,9,1,8551,22,10,1,-6503

}

int main() {
  quantization_modes();
  overflow_modes();
  result_types();
  arithmetic();
  compound_assignment();
  comparisons();
  conversions();
  shifts();
  ranges_and_bits();
  streams();
  axi_stream_structs();
  vector_records();
  std::printf("CHECKS %d FAILURES %d\n", checks, failures);
  return failures == 0 ? 0 : 1;
}
