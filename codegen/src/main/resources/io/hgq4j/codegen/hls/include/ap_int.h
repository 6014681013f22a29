/*
 * ap_int.h -- hgq4j's own C-simulation model of the arbitrary-precision types ap_int, ap_uint, ap_fixed and
 * ap_ufixed, for compiling hgq4j-generated HLS C++ with a plain g++ (C++14 or later) without vendor tools.
 *
 * This is NOT the vendor's header. It is an independent implementation, written by the hgq4j project from the
 * documented semantics (representation, quantization and overflow modes, full-precision operator result types,
 * conversions), of the subset of the API that hgq4j's generated code uses. Under Vitis HLS the vendor's headers of
 * the same names are used instead, so the same generated code builds with either. The semantics are checked
 * against vectors produced with the vendor's headers (codegen tests: ApTypesConformanceTest).
 *
 * Semantics (as the vendor's): a value is a W-bit code (two's complement when signed) times 2^(I-W); conversions
 * take the exact source value (a double's exact binary value too), round it at the target LSB with the target's
 * quantization mode, then apply its overflow mode; + - * & | ^ return the exact full-precision result type;
 * a C integer operand behaves as ap_int/ap_uint of its width (int: ap_int<32>); conversions into ap_int/ap_uint
 * (from a double or a fixed-point value) and to_int() truncate toward zero, as in C.
 *
 * Limits and deliberate differences:
 *  - widths 1..128 bits, for every declared type and every full-precision intermediate (static_assert beyond);
 *    an int operand counts as a 32-bit ap_int, so prefer typed constants with wide operands;
 *  - ap_fixed/ap_ufixed: the saturation-bits parameter N must be 0 and AP_WRAP_SM is not supported
 *    (static_assert); default-constructed values are zero (the vendor leaves them uninitialised);
 *  - no division, modulo, concatenation (operator,), string constructors, to_string() or reversed ranges;
 *  - x.range(hi, lo) = ... accepts C integers, ap_int/ap_uint and other ranges, not a fixed-point value
 *    (write y.range(...) to copy its bits);
 *  - streaming a fixed-point value to std::ostream prints its to_double(), not an exact decimal string;
 *  - comparisons are exact value comparisons for every pair of ap types and C integers; with a double they
 *    compare to_double(), as the vendor's do.
 *
 * Everything lives in this one file: ap_fixed.h includes it. The runtime core in namespace hgq4j_ap::core works
 * on 128-bit codes with run-time type parameters; the class templates are thin wrappers over it.
 */
#ifndef HGQ4J_AP_INT_H
#define HGQ4J_AP_INT_H

#if !defined(__cplusplus) || __cplusplus < 201402L
#error "hgq4j's ap_int.h / ap_fixed.h need C++14 or later (g++ -std=c++14)"
#endif

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ostream>
#include <type_traits>

/** Marks hgq4j's C-simulation headers (the vendor's do not define it). */
#define HGQ4J_AP_TYPES 1

/** Quantization modes: what happens to the bits below the target's least significant bit. */
enum ap_q_mode {
  AP_RND = 0,         // round to nearest, ties toward +infinity
  AP_RND_ZERO = 1,    // round to nearest, ties toward zero
  AP_RND_MIN_INF = 2, // round to nearest, ties toward -infinity
  AP_RND_INF = 3,     // round to nearest, ties away from zero
  AP_RND_CONV = 4,    // round to nearest, ties to even
  AP_TRN = 5,         // truncate: floor (the default)
  AP_TRN_ZERO = 6     // truncate toward zero
};

/** Overflow modes: what happens when the rounded value does not fit the target's W bits. */
enum ap_o_mode {
  AP_SAT = 0,      // clamp to the minimum or maximum
  AP_SAT_ZERO = 1, // replace by zero
  AP_SAT_SYM = 2,  // clamp to [-max, max] (signed targets of 2 or more bits)
  AP_WRAP = 3,     // keep the low W bits (the default)
  AP_WRAP_SM = 4   // sign-magnitude wrap: declared for source compatibility, not supported here
};

template <int W, int I, ap_q_mode Q = AP_TRN, ap_o_mode O = AP_WRAP, int N = 0> struct ap_fixed;
template <int W, int I, ap_q_mode Q = AP_TRN, ap_o_mode O = AP_WRAP, int N = 0> struct ap_ufixed;
template <int W> struct ap_int;
template <int W> struct ap_uint;

namespace hgq4j_ap {

__extension__ typedef unsigned __int128 u128;
__extension__ typedef __int128 s128;

/** The widest type these headers support. */
enum { MAX_WIDTH = 128 };

// =====================================================================================================================
// Run-time core. A value of type (W, I, S) is stored as its integer code in a u128, sign-extended when S, so the value
// is code * 2^(I-W). Every function takes the type parameters at run time; the templates pass compile-time constants.
// =====================================================================================================================
namespace core {

[[noreturn]] inline void fail(const char* message) {
  std::fprintf(stderr, "hgq4j ap_types: %s\n", message);
  std::abort();
}

/** The low w bits set (0 <= w <= 128). */
inline u128 mask(int w) { return w >= 128 ? ~(u128)0 : w <= 0 ? (u128)0 : (((u128)1 << w) - 1); }

/** The low w bits of v, sign-extended when s: the stored form of a code. */
inline u128 norm(u128 v, int w, bool s) {
  if (w >= 128) return v;
  const u128 m = mask(w);
  v &= m;
  if (s && ((v >> (w - 1)) & 1)) v |= ~m;
  return v;
}

/** Whether a stored code is negative. */
inline bool negative(u128 v, bool s) { return s && (v >> 127) != 0; }

/** The stored code of a C integer. */
template <typename T> inline u128 from_cint(T x) {
  return std::is_signed<T>::value ? (u128)(s128)x : (u128)x;
}

// ---- 256-bit two's-complement helper: exact intermediates of conversions and comparisons ----------------------------

struct i256 {
  u128 lo;
  u128 hi; // two's complement high half
};

inline i256 widen(u128 v, bool neg) {
  i256 r = {v, neg ? ~(u128)0 : (u128)0};
  return r;
}
inline bool sign_of(const i256& x) { return (x.hi >> 127) != 0; }
inline bool is_zero(const i256& x) { return x.lo == 0 && x.hi == 0; }

/** x * 2^s for 0 <= s <= 127 (the caller keeps the result within 256 bits). */
inline i256 shl(const i256& x, long long s) {
  if (s <= 0) return x;
  i256 r = {x.lo << s, (x.hi << s) | (x.lo >> (128 - s))};
  return r;
}

/** floor(x / 2^d) for d >= 0. */
inline i256 sar(const i256& x, long long d) {
  const u128 fill = sign_of(x) ? ~(u128)0 : (u128)0;
  if (d <= 0) return x;
  if (d >= 256) {
    i256 r = {fill, fill};
    return r;
  }
  if (d >= 128) {
    i256 r = {(u128)((s128)x.hi >> (d - 128)), fill};
    return r;
  }
  i256 r = {(x.lo >> d) | (x.hi << (128 - d)), (u128)((s128)x.hi >> d)};
  return r;
}

/** Bit k (k >= 0) of the infinite two's-complement expansion of x. */
inline bool bit_of(const i256& x, long long k) {
  if (k >= 256) return sign_of(x);
  if (k >= 128) return ((x.hi >> (k - 128)) & 1) != 0;
  return ((x.lo >> k) & 1) != 0;
}

/** Whether any of bits 0..n-1 of x is set. */
inline bool any_below(const i256& x, long long n) {
  if (n <= 0) return false;
  if (n <= 128) return (x.lo & mask((int)n)) != 0;
  if (n < 256) return x.lo != 0 || (x.hi & mask((int)(n - 128))) != 0;
  return !is_zero(x); // the bits above 255 copy the sign: set for any negative x
}

inline i256 add1(const i256& x) {
  i256 r = {x.lo + 1, x.hi};
  if (r.lo == 0) r.hi += 1;
  return r;
}

inline int cmp(const i256& a, const i256& b) {
  if (a.hi != b.hi) return (s128)a.hi < (s128)b.hi ? -1 : 1;
  if (a.lo != b.lo) return a.lo < b.lo ? -1 : 1;
  return 0;
}

/** x * 2^s for any s >= 0, replaced by +-2^128 (low 128 bits zero) when it would not fit; |x| < 2^128. */
inline i256 shl_clamped(const i256& x, long long s) {
  if (is_zero(x) || s <= 0) return x;
  if (s >= 128) {
    i256 r = {0, sign_of(x) ? ~(u128)0 : (u128)1};
    return r;
  }
  return shl(x, s);
}

// ---- quantization and overflow ---------------------------------------------------------------------------------

/** Whether the target mode adds one LSB to the floored value. */
inline bool rounds_up(int q, bool half, bool sticky, bool neg, bool odd) {
  switch (q) {
    case AP_TRN: return false;
    case AP_TRN_ZERO: return neg && (half || sticky);
    case AP_RND: return half;
    case AP_RND_ZERO: return half && (neg || sticky);
    case AP_RND_MIN_INF: return half && sticky;
    case AP_RND_INF: return half && (!neg || sticky);
    case AP_RND_CONV: return half && (odd || sticky);
    default: fail("unknown quantization mode");
  }
}

/** The stored code of the integer t in a target (w, s) with overflow mode o. */
inline u128 overflow(const i256& t, int w, bool s, int o) {
  if (o == AP_WRAP) return norm(t.lo, w, s);
  if (o != AP_SAT && o != AP_SAT_ZERO && o != AP_SAT_SYM) fail("unsupported overflow mode (AP_WRAP_SM?)");
  const i256 max = {mask(s ? w - 1 : w), 0};
  i256 min = {0, 0};
  if (s) {
    min.lo = ~mask(w - 1);
    min.hi = ~(u128)0;
    if (o == AP_SAT_SYM && w > 1) min.lo = (u128)(-(s128)max.lo); // never the most negative code
  }
  if (cmp(t, max) > 0) return o == AP_SAT_ZERO ? (u128)0 : max.lo;
  if (cmp(t, min) < 0) return o == AP_SAT_ZERO ? (u128)0 : min.lo;
  return t.lo;
}

/**
 * The stored code of the exact value x * 2^es converted into (w, i, s) with modes (q, o): floor at the target LSB,
 * the mode's rounding increment (from the first dropped bit, the OR of the bits below it, the source sign and the
 * lowest kept bit), then overflow. |x| < 2^128.
 */
inline u128 convert_exact(const i256& x, long long es, int w, int i, bool s, int q, int o) {
  if (is_zero(x)) return 0;
  const long long e = (long long)i - w;
  i256 t;
  if (e <= es) {
    t = shl_clamped(x, es - e);
  } else {
    const long long d = e - es;
    t = sar(x, d);
    if (q != AP_TRN &&
        rounds_up(q, bit_of(x, d - 1), any_below(x, d - 1), sign_of(x), (t.lo & 1) != 0)) {
      t = add1(t);
    }
  }
  return overflow(t, w, s, o);
}

/** A stored code of (w2, i2, s2) converted into (w, i, s) with modes (q, o). */
inline u128 convert(u128 v, int w2, int i2, bool s2, int w, int i, bool s, int q, int o) {
  return convert_exact(widen(v, negative(v, s2)), (long long)i2 - w2, w, i, s, q, o);
}

/** The sign, 53-bit significand (hidden bit set, also for subnormals) and LSB exponent of a double. */
inline bool decode_double(double d, uint64_t& significand, long long& lsb_exponent) {
  uint64_t b;
  std::memcpy(&b, &d, sizeof b);
  const int biased = (int)((b >> 52) & 0x7ff);
  if (biased == 0x7ff && (b & 0xfffffffffffffull) != 0) {
    std::fprintf(stderr, "hgq4j ap_types: warning: converting NaN to a fixed-point type\n");
  }
  significand = (b & 0xfffffffffffffull) | (1ull << 52);
  lsb_exponent = (long long)biased - 1075;
  return (b >> 63) != 0;
}

/** A double converted exactly into (w, i, s) with modes (q, o): its exact binary value, rounded, then overflow. */
inline u128 from_double(double d, int w, int i, bool s, int q, int o) {
  if (d == 0.0) return 0;
  uint64_t m;
  long long es;
  const bool neg = decode_double(d, m, es);
  return convert_exact(widen(neg ? -(u128)m : (u128)m, neg), es, w, i, s, q, o);
}

/** A double converted into an integer type (w, s) as ap_int does: truncated toward zero, then wrapped to w bits. */
inline u128 int_from_double(double d, int w, bool s) {
  if (d == 0.0) return 0;
  uint64_t m;
  long long es;
  const bool neg = decode_double(d, m, es);
  u128 magnitude;
  if (es >= 0) {
    magnitude = es >= 128 ? (u128)0 : (u128)m << es;
  } else {
    magnitude = -es >= 64 ? (u128)0 : (u128)(m >> -es);
  }
  return norm(neg ? -magnitude : magnitude, w, s);
}

/**
 * The integer part of a stored code of (w2, i2, s2), truncated toward zero as in C, in an integer type (w, s):
 * what to_int() and the conversion of a fixed-point value into ap_int do.
 */
inline u128 int_part(u128 v, int w2, int i2, bool s2, int w, bool s) {
  const long long f = (long long)w2 - i2;
  u128 r;
  if (f <= 0) {
    r = -f >= 128 ? (u128)0 : v << -f;
  } else {
    const bool neg = negative(v, s2);
    const i256 x = widen(v, neg);
    r = sar(x, f).lo;
    if (neg && any_below(x, f)) r += 1;
  }
  return norm(r, w, s);
}

/** The nearest binary floating-point value with `digits` significant bits (ties to even) of a stored code. */
inline void round_to_digits(u128 v, int w, int i, bool s, int digits, bool& neg, long long& exponent,
                            uint64_t& significand) {
  neg = negative(v, s);
  u128 m = neg ? -v : v;
  int top = 127;
  while (((m >> top) & 1) == 0) top--;
  exponent = (long long)i - w;
  if (top >= digits) {
    const int sh = top - digits + 1;
    const u128 kept = m >> sh;
    const bool half = ((m >> (sh - 1)) & 1) != 0;
    const bool sticky = (m & mask(sh - 1)) != 0;
    m = kept + ((half && (sticky || (kept & 1))) ? 1 : 0);
    exponent += sh;
  }
  significand = (uint64_t)m; // at most 2^digits
}

inline int clamp_exponent(long long e) { return e > 100000 ? 100000 : e < -100000 ? -100000 : (int)e; }

/** A stored code as the nearest double (round half to even to 53 bits, as the vendor's to_double()). */
inline double to_double(u128 v, int w, int i, bool s) {
  if (v == 0) return 0.0;
  bool neg;
  long long e;
  uint64_t m;
  round_to_digits(v, w, i, s, 53, neg, e, m);
  const double r = std::ldexp((double)m, clamp_exponent(e));
  return neg ? -r : r;
}

/** A stored code as the nearest float (round half to even to 24 bits). */
inline float to_float(u128 v, int w, int i, bool s) {
  if (v == 0) return 0.0f;
  bool neg;
  long long e;
  uint64_t m;
  round_to_digits(v, w, i, s, 24, neg, e, m);
  const float r = std::ldexp((float)m, clamp_exponent(e));
  return neg ? -r : r;
}

// ---- full-precision operator result types ----------------------------------------------------------------------

constexpr int max_of(int a, int b) { return a > b ? a : b; }
/** Integer bits of a +- b: max(I1 + [S2 and not S1], I2 + [S1 and not S2]) + 1. */
constexpr int sum_int_bits(int w1, int i1, bool s1, int w2, int i2, bool s2) {
  return (void)w1, (void)w2, max_of(i1 + ((s2 && !s1) ? 1 : 0), i2 + ((s1 && !s2) ? 1 : 0)) + 1;
}
/** Width of a +- b: its integer bits plus max(F1, F2). */
constexpr int sum_width(int w1, int i1, bool s1, int w2, int i2, bool s2) {
  return sum_int_bits(w1, i1, s1, w2, i2, s2) + max_of(w1 - i1, w2 - i2);
}
constexpr bool sum_signed(bool s1, bool s2) { return s1 || s2; }
constexpr bool difference_signed(bool, bool) { return true; }
/** a * b: W1 + W2 bits, I1 + I2 integer bits, signed if either is. */
constexpr int product_width(int w1, int w2) { return w1 + w2; }
constexpr int product_int_bits(int i1, int i2) { return i1 + i2; }
/** Bitwise and/or/xor: as a sum without the carry bit. */
constexpr int logic_int_bits(int w1, int i1, bool s1, int w2, int i2, bool s2) {
  return sum_int_bits(w1, i1, s1, w2, i2, s2) - 1;
}
constexpr int logic_width(int w1, int i1, bool s1, int w2, int i2, bool s2) {
  return sum_width(w1, i1, s1, w2, i2, s2) - 1;
}

/** The code of a + b (or a - b) in the result type (wr, ir, sr); both LSBs are at or above the result's. */
inline u128 add_codes(u128 a, int w1, int i1, u128 b, int w2, int i2, int wr, int ir, bool sr, bool subtract) {
  const int fr = wr - ir;
  const u128 x = a << (fr - (w1 - i1));
  const u128 y = b << (fr - (w2 - i2));
  return norm(subtract ? x - y : x + y, wr, sr);
}

/** The code of a * b in the result type (wr, sr). */
inline u128 multiply_codes(u128 a, u128 b, int wr, bool sr) { return norm(a * b, wr, sr); }

/** The code of a bitwise operation (op = '&', '|' or '^') in the result type (wr, ir, sr). */
inline u128 logic_codes(char op, u128 a, int w1, int i1, u128 b, int w2, int i2, int wr, int ir, bool sr) {
  const int fr = wr - ir;
  const u128 x = a << (fr - (w1 - i1));
  const u128 y = b << (fr - (w2 - i2));
  return norm(op == '&' ? (x & y) : op == '|' ? (x | y) : (x ^ y), wr, sr);
}

/** -1, 0 or 1 as the exact value of a is below, equal to or above that of b. */
inline int compare(u128 a, int w1, int i1, bool s1, u128 b, int w2, int i2, bool s2) {
  i256 x = widen(a, negative(a, s1));
  i256 y = widen(b, negative(b, s2));
  const long long ea = (long long)i1 - w1;
  const long long eb = (long long)i2 - w2;
  if (ea > eb) x = shl_clamped(x, ea - eb);
  if (eb > ea) y = shl_clamped(y, eb - ea);
  return cmp(x, y);
}

/** Raw shifts: the code's bits moved, same type, bits shifted out lost; a negative count shifts the other way. */
inline u128 shift_left(u128 v, long long n, int w, bool s);
inline u128 shift_right(u128 v, long long n, int w, bool s) {
  if (n < 0) return shift_left(v, -n, w, s);
  if (n >= 128) return negative(v, s) ? ~(u128)0 : (u128)0;
  return s ? (u128)((s128)v >> n) : v >> n;
}
inline u128 shift_left(u128 v, long long n, int w, bool s) {
  if (n < 0) return shift_right(v, -n, w, s);
  if (n >= 128) return 0;
  return norm(v << n, w, s);
}

/** Bits hi..lo of a code, right-aligned. */
inline u128 get_range(u128 v, int hi, int lo) { return (v >> lo) & mask(hi - lo + 1); }

/** A code of (w, s) with bits hi..lo replaced by the low bits of `bits`. */
inline u128 set_range(u128 v, int hi, int lo, u128 bits, int w, bool s) {
  const u128 m = mask(hi - lo + 1) << lo;
  return norm((v & ~m) | ((bits << lo) & m), w, s);
}

inline void check_range(int hi, int lo, int w) {
  if (lo < 0 || hi >= w || hi < lo) {
    std::fprintf(stderr, "hgq4j ap_types: range(%d, %d) of a %d-bit value: need 0 <= lo <= hi < W "
                         "(reversed ranges are not supported)\n", hi, lo, w);
    std::abort();
  }
}

inline void check_bit(int index, int w) {
  if (index < 0 || index >= w) {
    std::fprintf(stderr, "hgq4j ap_types: bit %d of a %d-bit value is out of range\n", index, w);
    std::abort();
  }
}

/** Writes an integer code in decimal. */
inline void print_integer(std::ostream& os, u128 v, bool s) {
  char digits[48];
  int n = 0;
  const bool neg = negative(v, s);
  u128 m = neg ? -v : v;
  do {
    digits[n++] = (char)('0' + (int)(m % 10));
    m /= 10;
  } while (m != 0);
  if (neg) digits[n++] = '-';
  char out[48];
  for (int k = 0; k < n; k++) out[k] = digits[n - 1 - k];
  out[n] = 0;
  os << out;
}

} // namespace core

// =====================================================================================================================
// Bit and range references (they point at the stored code of their owner).
// =====================================================================================================================

template <int W, int I, bool S, ap_q_mode Q, ap_o_mode O, bool K> struct ap_num;
template <int W, bool S> struct ap_range_ref;

/** A single bit of a value: x[i]. Reads as bool; assigning sets the bit. */
template <int W, bool S> struct ap_bit_ref {
  u128* code;
  int index;

  ap_bit_ref(u128* c, int i) : code(c), index(i) { core::check_bit(i, W); }
  operator bool() const { return ((*code >> index) & 1) != 0; }
  bool to_bool() const { return bool(*this); }
  bool operator~() const { return !bool(*this); }
  bool operator!() const { return !bool(*this); }

  ap_bit_ref& set(bool b) {
    const u128 one = (u128)1 << index;
    *code = core::norm(b ? (*code | one) : (*code & ~one), W, S);
    return *this;
  }
  ap_bit_ref& operator=(const ap_bit_ref& other) { return set(bool(other)); }
  template <int W2, bool S2> ap_bit_ref& operator=(const ap_bit_ref<W2, S2>& other) { return set(bool(other)); }
  template <typename T, typename std::enable_if<std::is_integral<T>::value, int>::type = 0>
  ap_bit_ref& operator=(T value) {
    return set(value != 0);
  }
};

/**
 * Bits hi..lo of a value: x.range(hi, lo). Reads as an unsigned integer of those bits (convertible to any ap type
 * and to unsigned long long); assigning replaces those bits with the low bits of the assigned integer or range.
 */
template <int W, bool S> struct ap_range_ref {
  u128* code;
  int hi;
  int lo;

  ap_range_ref(u128* c, int h, int l) : code(c), hi(h), lo(l) { core::check_range(h, l, W); }

  /** The selected bits, right-aligned. */
  u128 bits() const { return core::get_range(*code, hi, lo); }
  int length() const { return hi - lo + 1; }
  ap_uint<W> get() const;

  ap_range_ref& set(u128 value) {
    *code = core::set_range(*code, hi, lo, value, W, S);
    return *this;
  }
  ap_range_ref& operator=(const ap_range_ref& other) { return set(other.bits()); }
  template <int W2, bool S2> ap_range_ref& operator=(const ap_range_ref<W2, S2>& other) { return set(other.bits()); }
  template <int W2, bool S2> ap_range_ref& operator=(const ap_bit_ref<W2, S2>& b) { return set(bool(b) ? 1 : 0); }
  template <typename T, typename std::enable_if<std::is_integral<T>::value, int>::type = 0>
  ap_range_ref& operator=(T value) {
    return set(core::from_cint(value));
  }
  /** From an ap_int / ap_uint: its two's-complement bits (assign x.range() to copy a fixed-point value's bits). */
  template <int W2, bool S2> ap_range_ref& operator=(const ap_num<W2, W2, S2, AP_TRN, AP_WRAP, true>& x) {
    return set(x.V);
  }

  operator unsigned long long() const { return (unsigned long long)bits(); }
  unsigned long long to_uint64() const { return (unsigned long long)bits(); }
  long long to_int64() const { return (long long)bits(); }
  unsigned to_uint() const { return (unsigned)bits(); }
  int to_int() const { return (int)bits(); }
  bool and_reduce() const { return bits() == core::mask(length()); }
  bool or_reduce() const { return bits() != 0; }
};


// =====================================================================================================================
// Type factories. Arithmetic results are ap_fixed / ap_ufixed with the default modes, or ap_int / ap_uint when both
// operands are integer types. Since N is always 0, (W, I, S, Q, O, integer?) names exactly one of the four templates.
// =====================================================================================================================

template <int W, int I, bool S, ap_q_mode Q, ap_o_mode O, bool K> struct self_type;
template <int W, int I, ap_q_mode Q, ap_o_mode O> struct self_type<W, I, true, Q, O, false> {
  typedef ap_fixed<W, I, Q, O, 0> type;
};
template <int W, int I, ap_q_mode Q, ap_o_mode O> struct self_type<W, I, false, Q, O, false> {
  typedef ap_ufixed<W, I, Q, O, 0> type;
};
template <int W, int I, ap_q_mode Q, ap_o_mode O> struct self_type<W, I, true, Q, O, true> {
  typedef ap_int<W> type;
};
template <int W, int I, ap_q_mode Q, ap_o_mode O> struct self_type<W, I, false, Q, O, true> {
  typedef ap_uint<W> type;
};

/** The result type (W, I, S) of an operator: integer when K. */
template <int W, int I, bool S, bool K> struct make_type {
  typedef typename self_type<W, I, S, AP_TRN, AP_WRAP, K>::type type;
};

/** Width of a C integer type (bool: 1). */
template <typename T> constexpr int cbits() { return std::is_same<T, bool>::value ? 1 : (int)sizeof(T) * 8; }

/** A C integer type seen as an ap_int / ap_uint of its width (int: ap_int<32>); no member for other types. */
template <typename T, bool = std::is_integral<T>::value> struct cint {};
template <typename T> struct cint<T, true> {
  typedef ap_num<cbits<T>(), cbits<T>(), std::is_signed<T>::value, AP_TRN, AP_WRAP, true> base;
  typedef typename make_type<cbits<T>(), cbits<T>(), std::is_signed<T>::value, true>::type type;
};

// =====================================================================================================================
// ap_num: the common base of ap_fixed, ap_ufixed, ap_int and ap_uint (K: integer type).
// =====================================================================================================================

template <int W, int I, bool S, ap_q_mode Q, ap_o_mode O, bool K> struct ap_num {
  static_assert(W >= 1, "hgq4j ap_types: a width must be at least 1 bit");
  static_assert(W <= MAX_WIDTH,
                "hgq4j ap_types: widths above 128 bits (including full-precision intermediates such as products) "
                "are not supported by hgq4j's C-simulation headers");
  static_assert(O != AP_WRAP_SM, "hgq4j ap_types: AP_WRAP_SM is not supported by hgq4j's C-simulation headers");

  typedef typename self_type<W, I, S, Q, O, K>::type self;

  static constexpr int width = W;
  static constexpr int iwidth = I;
  static constexpr bool sign_flag = S;
  static constexpr ap_q_mode qmode = Q;
  static constexpr ap_o_mode omode = O;

  /** The stored code: the W-bit integer code, sign-extended when signed. The value is V * 2^(I-W). */
  u128 V;

  /** Zero. */
  ap_num() : V(0) {}

  /** Any other ap type, converted with this type's quantization and overflow modes (into an integer type: the
   *  integer part, truncated toward zero as in C, then wrapped). */
  template <int W2, int I2, bool S2, ap_q_mode Q2, ap_o_mode O2, bool K2>
  ap_num(const ap_num<W2, I2, S2, Q2, O2, K2>& x)
      : V((K && !K2) ? core::int_part(x.V, W2, I2, S2, W, S) : core::convert(x.V, W2, I2, S2, W, I, S, Q, O)) {}

  /** The exact value of the double, converted with this type's modes (integer types: truncated toward zero). */
  ap_num(double d) : V(K ? core::int_from_double(d, W, S) : core::from_double(d, W, I, S, Q, O)) {}
  ap_num(float f) : ap_num((double)f) {}

  /** A C integer, seen as an ap_int / ap_uint of its width, converted with this type's modes. */
  template <typename T, typename std::enable_if<std::is_integral<T>::value, int>::type = 0>
  ap_num(T x)
      : V(core::convert(core::from_cint(x), cbits<T>(), cbits<T>(), std::is_signed<T>::value, W, I, S, Q, O)) {}

  /** The unsigned integer formed by the selected bits, converted with this type's modes (as the vendor does; use
   *  x.range() = ... to set the raw bits instead). */
  template <int W2, bool S2>
  ap_num(const ap_range_ref<W2, S2>& r) : V(core::convert(r.bits(), W2, W2, false, W, I, S, Q, O)) {}
  template <int W2, bool S2>
  ap_num(const ap_bit_ref<W2, S2>& b) : V(core::convert(bool(b) ? 1 : 0, 1, 1, false, W, I, S, Q, O)) {}

  // ---- conversions to C types ----
  double to_double() const { return core::to_double(V, W, I, S); }
  float to_float() const { return core::to_float(V, W, I, S); }
  /** The integer part, truncated toward zero as in C, then the low 32 bits. */
  int to_int() const { return (int)core::int_part(V, W, I, S, 32, true); }
  unsigned to_uint() const { return (unsigned)core::int_part(V, W, I, S, 32, false); }
  long to_long() const { return (long)core::int_part(V, W, I, S, 8 * (int)sizeof(long), true); }
  unsigned long to_ulong() const { return (unsigned long)core::int_part(V, W, I, S, 8 * (int)sizeof(long), false); }
  long long to_int64() const { return (long long)core::int_part(V, W, I, S, 64, true); }
  unsigned long long to_uint64() const { return (unsigned long long)core::int_part(V, W, I, S, 64, false); }
  bool is_neg() const { return core::negative(V, S); }
  bool iszero() const { return V == 0; }
  int length() const { return W; }

  // ---- bits ----
  ap_range_ref<W, S> range(int hi, int lo) { return ap_range_ref<W, S>(&V, hi, lo); }
  ap_range_ref<W, S> range(int hi, int lo) const { return ap_range_ref<W, S>(const_cast<u128*>(&V), hi, lo); }
  ap_range_ref<W, S> range() { return range(W - 1, 0); }
  ap_range_ref<W, S> range() const { return range(W - 1, 0); }
  ap_range_ref<W, S> operator()(int hi, int lo) { return range(hi, lo); }
  ap_range_ref<W, S> operator()(int hi, int lo) const { return range(hi, lo); }
  ap_bit_ref<W, S> operator[](int index) { return ap_bit_ref<W, S>(&V, index); }
  bool operator[](int index) const {
    core::check_bit(index, W);
    return ((V >> index) & 1) != 0;
  }
  ap_bit_ref<W, S> bit(int index) { return (*this)[index]; }
  bool bit(int index) const { return (*this)[index]; }
  bool and_reduce() const { return core::norm(V, W, false) == core::mask(W); }
  bool or_reduce() const { return V != 0; }
  bool xor_reduce() const {
    bool r = false;
    for (int k = 0; k < W; k++) r ^= ((V >> k) & 1) != 0;
    return r;
  }

  /** The same bits with the binary point moved: ap_fixed<W, I + n> (a free reinterpretation). */
  template <int n> typename make_type<W, I + n, S, false>::type lshift() const {
    typename make_type<W, I + n, S, false>::type r;
    r.V = V;
    return r;
  }
  template <int n> typename make_type<W, I - n, S, false>::type rshift() const {
    typename make_type<W, I - n, S, false>::type r;
    r.V = V;
    return r;
  }

  // ---- unary operators ----
  self operator+() const {
    self r;
    r.V = V;
    return r;
  }
  /** The exact negation: one bit wider, signed. */
  typename make_type<(K ? core::max_of(W, S ? 2 : 1) + 1 : W + 1), (K ? core::max_of(W, S ? 2 : 1) + 1 : I + 1),
                     true, K>::type
  operator-() const {
    typename make_type<(K ? core::max_of(W, S ? 2 : 1) + 1 : W + 1),
                       (K ? core::max_of(W, S ? 2 : 1) + 1 : I + 1), true, K>::type r;
    r.V = core::norm(-V, r.width, true);
    return r;
  }
  typename make_type<W, I, S, K>::type operator~() const {
    typename make_type<W, I, S, K>::type r;
    r.V = core::norm(~V, W, S);
    return r;
  }
  bool operator!() const { return V == 0; }

  // ---- raw shifts: same type, bits shifted out are lost, a negative count shifts the other way ----
  template <typename T, typename std::enable_if<std::is_integral<T>::value, int>::type = 0>
  static long long shift_count(T n) {
    return std::is_signed<T>::value ? (long long)n : (long long)((unsigned long long)n > 1024u ? 1024u : n);
  }
  template <typename T, typename std::enable_if<std::is_integral<T>::value, int>::type = 0>
  self operator<<(T n) const {
    self r;
    r.V = core::shift_left(V, shift_count(n), W, S);
    return r;
  }
  template <typename T, typename std::enable_if<std::is_integral<T>::value, int>::type = 0>
  self operator>>(T n) const {
    self r;
    r.V = core::shift_right(V, shift_count(n), W, S);
    return r;
  }
  template <int W2, bool S2> self operator<<(const ap_num<W2, W2, S2, AP_TRN, AP_WRAP, true>& n) const {
    return *this << n.to_int64();
  }
  template <int W2, bool S2> self operator>>(const ap_num<W2, W2, S2, AP_TRN, AP_WRAP, true>& n) const {
    return *this >> n.to_int64();
  }
  template <typename T> self& operator<<=(const T& n) {
    V = (*this << n).V;
    return static_cast<self&>(*this);
  }
  template <typename T> self& operator>>=(const T& n) {
    V = (*this >> n).V;
    return static_cast<self&>(*this);
  }

  // ---- compound assignment: the full-precision result converted back with this type's modes ----
  template <typename T> self& operator+=(const T& b) {
    V = ap_num(*this + b).V;
    return static_cast<self&>(*this);
  }
  template <typename T> self& operator-=(const T& b) {
    V = ap_num(*this - b).V;
    return static_cast<self&>(*this);
  }
  template <typename T> self& operator*=(const T& b) {
    V = ap_num(*this * b).V;
    return static_cast<self&>(*this);
  }
  template <typename T> self& operator&=(const T& b) {
    V = ap_num(*this & b).V;
    return static_cast<self&>(*this);
  }
  template <typename T> self& operator|=(const T& b) {
    V = ap_num(*this | b).V;
    return static_cast<self&>(*this);
  }
  template <typename T> self& operator^=(const T& b) {
    V = ap_num(*this ^ b).V;
    return static_cast<self&>(*this);
  }
  self& operator++() { return *this += typename make_type<1, 1, false, K>::type(1); }
  self& operator--() { return *this -= typename make_type<1, 1, false, K>::type(1); }
  self operator++(int) {
    self old;
    old.V = V;
    ++*this;
    return old;
  }
  self operator--(int) {
    self old;
    old.V = V;
    --*this;
    return old;
  }
};

template <int W, int I, bool S, ap_q_mode Q, ap_o_mode O, bool K> constexpr int ap_num<W, I, S, Q, O, K>::width;
template <int W, int I, bool S, ap_q_mode Q, ap_o_mode O, bool K> constexpr int ap_num<W, I, S, Q, O, K>::iwidth;
template <int W, int I, bool S, ap_q_mode Q, ap_o_mode O, bool K> constexpr bool ap_num<W, I, S, Q, O, K>::sign_flag;
template <int W, int I, bool S, ap_q_mode Q, ap_o_mode O, bool K> constexpr ap_q_mode ap_num<W, I, S, Q, O, K>::qmode;
template <int W, int I, bool S, ap_q_mode Q, ap_o_mode O, bool K> constexpr ap_o_mode ap_num<W, I, S, Q, O, K>::omode;

/** Fixed-point types: implicit conversions to the C arithmetic types, as the vendor's (integers: to_int() rules). */
template <int W, int I, bool S, ap_q_mode Q, ap_o_mode O> struct ap_fixed_kind : ap_num<W, I, S, Q, O, false> {
  typedef ap_num<W, I, S, Q, O, false> base_type;
  using base_type::base_type;
  ap_fixed_kind() = default;

  operator long double() const { return (long double)this->to_double(); }
  operator double() const { return this->to_double(); }
  operator float() const { return this->to_float(); }
  operator bool() const { return this->V != 0; }
  operator char() const { return (char)this->to_int(); }
  operator signed char() const { return (signed char)this->to_int(); }
  operator unsigned char() const { return (unsigned char)this->to_uint(); }
  operator short() const { return (short)this->to_int(); }
  operator unsigned short() const { return (unsigned short)this->to_uint(); }
  operator int() const { return this->to_int(); }
  operator unsigned int() const { return this->to_uint(); }
  operator long() const { return this->to_long(); }
  operator unsigned long() const { return this->to_ulong(); }
  operator long long() const { return this->to_int64(); }
  operator unsigned long long() const { return this->to_uint64(); }
};

/** Integer types: one implicit conversion to the C integer type of their width and signedness (int up to 32 bits,
 *  long long up to 64; wider values are truncated to 64 bits). */
template <int W, bool S> struct ap_int_kind : ap_num<W, W, S, AP_TRN, AP_WRAP, true> {
  typedef ap_num<W, W, S, AP_TRN, AP_WRAP, true> base_type;
  using base_type::base_type;
  ap_int_kind() = default;

  typedef typename std::conditional<(W <= 32), typename std::conditional<S, int, unsigned>::type,
                                    typename std::conditional<S, long long, unsigned long long>::type>::type ret_type;
  operator ret_type() const { return (ret_type)this->V; }
};

// =====================================================================================================================
// Binary operators. Arithmetic and bitwise results are exact (no rounding or overflow inside an operator).
// =====================================================================================================================

#define HGQ4J_AP_TPL1 int W1, int I1, bool S1, ap_q_mode Q1, ap_o_mode O1, bool K1
#define HGQ4J_AP_TPL2 int W2, int I2, bool S2, ap_q_mode Q2, ap_o_mode O2, bool K2
#define HGQ4J_AP_NUM1 ap_num<W1, I1, S1, Q1, O1, K1>
#define HGQ4J_AP_NUM2 ap_num<W2, I2, S2, Q2, O2, K2>

/** Full-precision result types of a op b (codegen.md 1.4). */
template <class A, class B> struct result;
template <HGQ4J_AP_TPL1, HGQ4J_AP_TPL2> struct result<HGQ4J_AP_NUM1, HGQ4J_AP_NUM2> {
  static constexpr bool K = K1 && K2;
  static constexpr int sum_w = core::sum_width(W1, I1, S1, W2, I2, S2);
  static constexpr int sum_i = core::sum_int_bits(W1, I1, S1, W2, I2, S2);
  static constexpr int logic_w = core::logic_width(W1, I1, S1, W2, I2, S2);
  static constexpr int logic_i = core::logic_int_bits(W1, I1, S1, W2, I2, S2);
  typedef typename make_type<sum_w, sum_i, core::sum_signed(S1, S2), K>::type sum;
  typedef typename make_type<sum_w, sum_i, core::difference_signed(S1, S2), K>::type difference;
  typedef typename make_type<core::product_width(W1, W2), core::product_int_bits(I1, I2), S1 || S2, K>::type product;
  typedef typename make_type<logic_w, logic_i, S1 || S2, K>::type logic;
};

template <HGQ4J_AP_TPL1, HGQ4J_AP_TPL2>
inline typename result<HGQ4J_AP_NUM1, HGQ4J_AP_NUM2>::sum operator+(const HGQ4J_AP_NUM1& a, const HGQ4J_AP_NUM2& b) {
  typename result<HGQ4J_AP_NUM1, HGQ4J_AP_NUM2>::sum r;
  r.V = core::add_codes(a.V, W1, I1, b.V, W2, I2, r.width, r.iwidth, r.sign_flag, false);
  return r;
}

template <HGQ4J_AP_TPL1, HGQ4J_AP_TPL2>
inline typename result<HGQ4J_AP_NUM1, HGQ4J_AP_NUM2>::difference operator-(const HGQ4J_AP_NUM1& a,
                                                                          const HGQ4J_AP_NUM2& b) {
  typename result<HGQ4J_AP_NUM1, HGQ4J_AP_NUM2>::difference r;
  r.V = core::add_codes(a.V, W1, I1, b.V, W2, I2, r.width, r.iwidth, r.sign_flag, true);
  return r;
}

template <HGQ4J_AP_TPL1, HGQ4J_AP_TPL2>
inline typename result<HGQ4J_AP_NUM1, HGQ4J_AP_NUM2>::product operator*(const HGQ4J_AP_NUM1& a,
                                                                       const HGQ4J_AP_NUM2& b) {
  typename result<HGQ4J_AP_NUM1, HGQ4J_AP_NUM2>::product r;
  r.V = core::multiply_codes(a.V, b.V, r.width, r.sign_flag);
  return r;
}

#define HGQ4J_AP_LOGIC(OP, CH)                                                                                       \
  template <HGQ4J_AP_TPL1, HGQ4J_AP_TPL2>                                                                            \
  inline typename result<HGQ4J_AP_NUM1, HGQ4J_AP_NUM2>::logic operator OP(const HGQ4J_AP_NUM1& a,                    \
                                                                         const HGQ4J_AP_NUM2& b) {                   \
    typename result<HGQ4J_AP_NUM1, HGQ4J_AP_NUM2>::logic r;                                                          \
    r.V = core::logic_codes(CH, a.V, W1, I1, b.V, W2, I2, r.width, r.iwidth, r.sign_flag);                           \
    return r;                                                                                                        \
  }
HGQ4J_AP_LOGIC(&, '&')
HGQ4J_AP_LOGIC(|, '|')
HGQ4J_AP_LOGIC(^, '^')
#undef HGQ4J_AP_LOGIC

// With C integers: an n-bit C integer behaves as ap_int<n> / ap_uint<n> (int: ap_int<32>).
#define HGQ4J_AP_WITH_CINT(OP, KIND)                                                                                 \
  template <HGQ4J_AP_TPL1, typename T>                                                                               \
  inline typename result<HGQ4J_AP_NUM1, typename cint<T>::base>::KIND operator OP(const HGQ4J_AP_NUM1& a, T b) {     \
    return a OP typename cint<T>::type(b);                                                                           \
  }                                                                                                                  \
  template <HGQ4J_AP_TPL1, typename T>                                                                               \
  inline typename result<typename cint<T>::base, HGQ4J_AP_NUM1>::KIND operator OP(T a, const HGQ4J_AP_NUM1& b) {     \
    return typename cint<T>::type(a) OP b;                                                                           \
  }
HGQ4J_AP_WITH_CINT(+, sum)
HGQ4J_AP_WITH_CINT(-, difference)
HGQ4J_AP_WITH_CINT(*, product)
HGQ4J_AP_WITH_CINT(&, logic)
HGQ4J_AP_WITH_CINT(|, logic)
HGQ4J_AP_WITH_CINT(^, logic)
#undef HGQ4J_AP_WITH_CINT

// Integer types with floating-point operands: computed in floating point, as the vendor's ap_int does. (For
// fixed-point types such expressions do not compile, as with the vendor's headers: type the constant instead.)
#define HGQ4J_AP_INT_WITH_FLOAT(OP)                                                                                  \
  template <int W1, bool S1, typename F, typename std::enable_if<std::is_floating_point<F>::value, int>::type = 0>   \
  inline F operator OP(const ap_num<W1, W1, S1, AP_TRN, AP_WRAP, true>& a, F b) {                                    \
    return (S1 ? (F)a.to_int64() : (F)a.to_uint64())OP b;                                                            \
  }                                                                                                                  \
  template <int W1, bool S1, typename F, typename std::enable_if<std::is_floating_point<F>::value, int>::type = 0>   \
  inline F operator OP(F a, const ap_num<W1, W1, S1, AP_TRN, AP_WRAP, true>& b) {                                    \
    return a OP(S1 ? (F)b.to_int64() : (F)b.to_uint64());                                                            \
  }
HGQ4J_AP_INT_WITH_FLOAT(+)
HGQ4J_AP_INT_WITH_FLOAT(-)
HGQ4J_AP_INT_WITH_FLOAT(*)
HGQ4J_AP_INT_WITH_FLOAT(/)
#undef HGQ4J_AP_INT_WITH_FLOAT

// Comparisons: exact values across any two ap types and C integers; with floating point via to_double().
#define HGQ4J_AP_COMPARE(OP)                                                                                         \
  template <HGQ4J_AP_TPL1, HGQ4J_AP_TPL2> inline bool operator OP(const HGQ4J_AP_NUM1& a, const HGQ4J_AP_NUM2& b) {  \
    return core::compare(a.V, W1, I1, S1, b.V, W2, I2, S2) OP 0;                                                     \
  }                                                                                                                  \
  template <HGQ4J_AP_TPL1, typename T, typename std::enable_if<std::is_integral<T>::value, int>::type = 0>            \
  inline bool operator OP(const HGQ4J_AP_NUM1& a, T b) {                                                             \
    return core::compare(a.V, W1, I1, S1, core::from_cint(b), cbits<T>(), cbits<T>(), std::is_signed<T>::value) OP 0; \
  }                                                                                                                  \
  template <HGQ4J_AP_TPL1, typename T, typename std::enable_if<std::is_integral<T>::value, int>::type = 0>            \
  inline bool operator OP(T a, const HGQ4J_AP_NUM1& b) {                                                             \
    return core::compare(core::from_cint(a), cbits<T>(), cbits<T>(), std::is_signed<T>::value, b.V, W1, I1, S1) OP 0; \
  }                                                                                                                  \
  template <HGQ4J_AP_TPL1, typename F, typename std::enable_if<std::is_floating_point<F>::value, int>::type = 0>      \
  inline bool operator OP(const HGQ4J_AP_NUM1& a, F b) {                                                             \
    return a.to_double() OP(double) b;                                                                               \
  }                                                                                                                  \
  template <HGQ4J_AP_TPL1, typename F, typename std::enable_if<std::is_floating_point<F>::value, int>::type = 0>      \
  inline bool operator OP(F a, const HGQ4J_AP_NUM1& b) {                                                             \
    return (double)a OP b.to_double();                                                                               \
  }
HGQ4J_AP_COMPARE(==)
HGQ4J_AP_COMPARE(!=)
HGQ4J_AP_COMPARE(<)
HGQ4J_AP_COMPARE(<=)
HGQ4J_AP_COMPARE(>)
HGQ4J_AP_COMPARE(>=)
#undef HGQ4J_AP_COMPARE

/** Integer types print their exact decimal value; fixed-point types print to_double() with the stream's format. */
template <HGQ4J_AP_TPL1> inline std::ostream& operator<<(std::ostream& os, const HGQ4J_AP_NUM1& x) {
  if (K1) {
    core::print_integer(os, x.V, S1);
  } else {
    os << x.to_double();
  }
  return os;
}

#undef HGQ4J_AP_TPL1
#undef HGQ4J_AP_TPL2
#undef HGQ4J_AP_NUM1
#undef HGQ4J_AP_NUM2

} // namespace hgq4j_ap

// =====================================================================================================================
// The public templates.
// =====================================================================================================================

/** Signed fixed point: W bits, I of them integer bits (including the sign), quantization Q, overflow O. */
template <int W, int I, ap_q_mode Q, ap_o_mode O, int N>
struct ap_fixed : hgq4j_ap::ap_fixed_kind<W, I, true, Q, O> {
  static_assert(N == 0, "hgq4j ap_types: the saturation-bits parameter N of ap_fixed must be 0");
  typedef hgq4j_ap::ap_fixed_kind<W, I, true, Q, O> kind_type;
  using kind_type::kind_type;
  ap_fixed() = default;
};

/** Unsigned fixed point: W bits, I of them integer bits, quantization Q, overflow O. */
template <int W, int I, ap_q_mode Q, ap_o_mode O, int N>
struct ap_ufixed : hgq4j_ap::ap_fixed_kind<W, I, false, Q, O> {
  static_assert(N == 0, "hgq4j ap_types: the saturation-bits parameter N of ap_ufixed must be 0");
  typedef hgq4j_ap::ap_fixed_kind<W, I, false, Q, O> kind_type;
  using kind_type::kind_type;
  ap_ufixed() = default;
};

/** Signed W-bit integer (two's complement, wraps). */
template <int W> struct ap_int : hgq4j_ap::ap_int_kind<W, true> {
  typedef hgq4j_ap::ap_int_kind<W, true> kind_type;
  using kind_type::kind_type;
  ap_int() = default;
};

/** Unsigned W-bit integer (wraps). */
template <int W> struct ap_uint : hgq4j_ap::ap_int_kind<W, false> {
  typedef hgq4j_ap::ap_int_kind<W, false> kind_type;
  using kind_type::kind_type;
  ap_uint() = default;
};

namespace hgq4j_ap {
template <int W, bool S> inline ap_uint<W> ap_range_ref<W, S>::get() const {
  ap_uint<W> r;
  r.V = bits();
  return r;
}
} // namespace hgq4j_ap

#endif // HGQ4J_AP_INT_H
