/*
 * hls_stream.h -- hgq4j's own C-simulation model of hls::stream for compiling hgq4j-generated HLS C++ with g++
 * (C++14 or later). NOT the vendor's header: an independent implementation of the documented behaviour of the
 * subset hgq4j's generated code uses. A stream is an unbounded FIFO (std::deque); the DEPTH parameter is accepted
 * and ignored, as in C simulation. Reading an empty stream prints an error and aborts (in C simulation the vendor
 * model warns and the design would hang in hardware). A stream destroyed with unread data prints a warning.
 */
#ifndef HGQ4J_HLS_STREAM_H
#define HGQ4J_HLS_STREAM_H

#if !defined(__cplusplus) || __cplusplus < 201402L
#error "hgq4j's hls_stream.h needs C++14 or later (g++ -std=c++14)"
#endif

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <string>

namespace hls {

template <typename T, int DEPTH = 0> class stream {
 public:
  stream() : name_() {}
  explicit stream(const char* name) : name_(name ? name : "") {}
  explicit stream(const std::string& name) : name_(name) {}
  stream(const stream&) = delete;
  stream& operator=(const stream&) = delete;
  ~stream() {
    if (!queue_.empty()) {
      std::fprintf(stderr, "hgq4j hls::stream: warning: stream '%s' destroyed with %zu unread element(s)\n",
                   name_.c_str(), queue_.size());
    }
  }

  bool empty() const { return queue_.empty(); }
  /** Never full: C simulation models an unbounded FIFO. */
  bool full() const { return false; }
  std::size_t size() const { return queue_.size(); }
  const std::string& name() const { return name_; }

  /** The oldest element, removed. Aborts with a message on an empty stream. */
  T read() {
    if (queue_.empty()) {
      std::fprintf(stderr, "hgq4j hls::stream: error: read from empty stream '%s' (in hardware this read would "
                           "block forever)\n", name_.c_str());
      std::abort();
    }
    T value = queue_.front();
    queue_.pop_front();
    return value;
  }
  void read(T& value) { value = read(); }
  /** Non-blocking read: false (and value unchanged) on an empty stream. */
  bool read_nb(T& value) {
    if (queue_.empty()) return false;
    value = read();
    return true;
  }
  void operator>>(T& value) { read(value); }

  void write(const T& value) { queue_.push_back(value); }
  bool write_nb(const T& value) {
    write(value);
    return true;
  }
  void operator<<(const T& value) { write(value); }

 private:
  std::deque<T> queue_;
  std::string name_;
};

} // namespace hls

#endif // HGQ4J_HLS_STREAM_H
