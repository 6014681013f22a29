// Checks hgq4j's ap_int.h / ap_fixed.h against fixed-point vectors produced with the vendor's headers.
//
// Usage: vectors_driver FILE.csv   (uncompressed; the format is described in shared/README.md "Test-vector format")
//   cast,W,I,S,Q,O,<double as 16 hex digits>,raw
//   conv,Ws,Is,Ss,raw_src,W,I,S,Q,O,raw
//   mul|add|sub,W1,I1,S1,raw1,W2,I2,S2,raw2,Wr,Ir,Sr,raw_r
// Drives the run-time core that the ap_fixed templates are built on (the same functions, with the type parameters
// given at run time), so that one small program checks every record. Prints one line per disagreement
// ("MISMATCH <line>: <record> -> <what was computed>", at most 50) and a summary line
// "RECORDS <n> MISMATCHES <m> cast=<..> conv=<..> mul=<..> add=<..> sub=<..>".
#include "ap_fixed.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

using hgq4j_ap::s128;
using hgq4j_ap::u128;
namespace core = hgq4j_ap::core;

static std::string to_string128(s128 v) {
  if (v == 0) return "0";
  bool neg = v < 0;
  u128 m = neg ? -(u128)v : (u128)v;
  std::string s;
  while (m != 0) {
    s.insert(s.begin(), (char)('0' + (int)(m % 10)));
    m /= 10;
  }
  return neg ? "-" + s : s;
}

static bool parse_int(const std::string& t, int& out) {
  char* end = nullptr;
  long v = std::strtol(t.c_str(), &end, 10);
  if (t.empty() || *end != 0) return false;
  out = (int)v;
  return true;
}

static bool parse128(const std::string& t, s128& out) {
  size_t k = 0;
  bool neg = false;
  if (k < t.size() && (t[k] == '-' || t[k] == '+')) neg = t[k++] == '-';
  if (k == t.size()) return false;
  u128 m = 0;
  for (; k < t.size(); k++) {
    if (t[k] < '0' || t[k] > '9') return false;
    m = m * 10 + (u128)(t[k] - '0');
  }
  out = neg ? -(s128)m : (s128)m;
  return true;
}

static int q_mode(const std::string& t) {
  static const char* names[] = {"AP_RND", "AP_RND_ZERO", "AP_RND_MIN_INF", "AP_RND_INF", "AP_RND_CONV",
                                "AP_TRN", "AP_TRN_ZERO"};
  for (int k = 0; k < 7; k++)
    if (t == names[k]) return k;
  return -1;
}

static int o_mode(const std::string& t) {
  static const char* names[] = {"AP_SAT", "AP_SAT_ZERO", "AP_SAT_SYM", "AP_WRAP"};
  for (int k = 0; k < 4; k++)
    if (t == names[k]) return k;
  return -1;
}

/** The integer a stored code stands for. */
static s128 value_of(u128 code, bool s) { return s ? (s128)code : (s128)code; }

struct Type {
  int w, i;
  bool s;
};

static bool parse_type(const std::vector<std::string>& f, size_t at, Type& t) {
  int s;
  if (!parse_int(f[at], t.w) || !parse_int(f[at + 1], t.i) || !parse_int(f[at + 2], s)) return false;
  if (t.w < 1 || t.w > 128 || (s != 0 && s != 1)) return false;
  t.s = s == 1;
  return true;
}

/** Returns "" when the record agrees, else what was computed. */
static std::string check(const std::vector<std::string>& f) {
  const std::string& op = f[0];
  if (op == "cast") {
    if (f.size() != 8) return "malformed record";
    Type t;
    int q = q_mode(f[4]), o = o_mode(f[5]);
    s128 expected;
    if (!parse_type(f, 1, t) || q < 0 || o < 0 || f[6].size() != 16 || !parse128(f[7], expected))
      return "malformed record";
    unsigned long long bits = std::strtoull(f[6].c_str(), nullptr, 16);
    double d;
    std::memcpy(&d, &bits, sizeof d);
    s128 got = value_of(core::from_double(d, t.w, t.i, t.s, q, o), t.s);
    return got == expected ? "" : "got raw " + to_string128(got);
  }
  if (op == "conv") {
    if (f.size() != 11) return "malformed record";
    Type src, t;
    s128 raw, expected;
    int q = q_mode(f[8]), o = o_mode(f[9]);
    if (!parse_type(f, 1, src) || !parse128(f[4], raw) || !parse_type(f, 5, t) || q < 0 || o < 0 ||
        !parse128(f[10], expected))
      return "malformed record";
    u128 code = core::norm((u128)raw, src.w, src.s);
    s128 got = value_of(core::convert(code, src.w, src.i, src.s, t.w, t.i, t.s, q, o), t.s);
    return got == expected ? "" : "got raw " + to_string128(got);
  }
  if (op == "mul" || op == "add" || op == "sub") {
    if (f.size() != 13) return "malformed record";
    Type a, b, r;
    s128 ra, rb, expected;
    if (!parse_type(f, 1, a) || !parse128(f[4], ra) || !parse_type(f, 5, b) || !parse128(f[8], rb) ||
        !parse_type(f, 9, r) || !parse128(f[12], expected))
      return "malformed record";
    u128 ca = core::norm((u128)ra, a.w, a.s), cb = core::norm((u128)rb, b.w, b.s);
    int w, i;
    bool s;
    if (op == "mul") {
      w = core::product_width(a.w, b.w);
      i = core::product_int_bits(a.i, b.i);
      s = a.s || b.s;
    } else {
      w = core::sum_width(a.w, a.i, a.s, b.w, b.i, b.s);
      i = core::sum_int_bits(a.w, a.i, a.s, b.w, b.i, b.s);
      s = op == "add" ? core::sum_signed(a.s, b.s) : core::difference_signed(a.s, b.s);
    }
    if (w != r.w || i != r.i || s != r.s) {
      return "result type <" + std::to_string(w) + "," + std::to_string(i) + "," + (s ? "signed" : "unsigned") + ">";
    }
    u128 code = op == "mul" ? core::multiply_codes(ca, cb, w, s)
                            : core::add_codes(ca, a.w, a.i, cb, b.w, b.i, w, i, s, op == "sub");
    s128 got = value_of(code, s);
    return got == expected ? "" : "got raw " + to_string128(got);
  }
  return "unknown operation";
}

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s FILE.csv\n", argv[0]);
    return 2;
  }
  FILE* in = std::fopen(argv[1], "r");
  if (!in) {
    std::perror(argv[1]);
    return 2;
  }
  long records = 0, mismatches = 0, line_number = 0;
  long counts[5] = {0, 0, 0, 0, 0};
  static const char* ops[5] = {"cast", "conv", "mul", "add", "sub"};
  char buffer[1024];
  while (std::fgets(buffer, sizeof buffer, in)) {
    line_number++;
    std::string line(buffer);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    if (line.empty()) continue;
    std::vector<std::string> fields;
    size_t start = 0;
    for (;;) {
      size_t comma = line.find(',', start);
      fields.push_back(line.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    records++;
    for (int k = 0; k < 5; k++)
      if (fields[0] == ops[k]) counts[k]++;
    std::string problem = check(fields);
    if (!problem.empty()) {
      if (mismatches < 50) std::printf("MISMATCH %ld: %s -> %s\n", line_number, line.c_str(), problem.c_str());
      mismatches++;
    }
  }
  std::fclose(in);
  std::printf("RECORDS %ld MISMATCHES %ld cast=%ld conv=%ld mul=%ld add=%ld sub=%ld\n", records, mismatches,
              counts[0], counts[1], counts[2], counts[3], counts[4]);
  return 0;
}
