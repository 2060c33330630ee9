#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/value_stack.hpp>

#include <cartgate/sdk/platform_json.hpp>

namespace cartgate::sdk {

namespace json = boost::json;

namespace {

// Builds the document in one pass over the body, as Boost.JSON's own parser does, except for
// numbers: an integer of at most 18 digits (always exact in int64) becomes an int64, and every
// other number (a fraction, an exponent, a longer integer) becomes a string of its source
// text, so no amount ever passes through a double.
class ExactNumberHandler {
  using error_code = boost::system::error_code;

 public:
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);

  // The document's values go to `sp` (reset's argument); the parser's working stack stays on
  // the heap, where it can grow and shrink without leaving dead copies in the arena.
  explicit ExactNumberHandler(json::storage_ptr sp) { stack_.reset(std::move(sp)); }

  json::value release() { return stack_.release(); }

  bool on_document_begin(error_code&) { return true; }
  bool on_document_end(error_code&) { return true; }
  bool on_array_begin(error_code&) { return true; }
  bool on_array_end(std::size_t n, error_code&) {
    stack_.push_array(n);
    return true;
  }
  bool on_object_begin(error_code&) { return true; }
  bool on_object_end(std::size_t n, error_code&) {
    stack_.push_object(n);
    return true;
  }
  bool on_string_part(json::string_view s, std::size_t, error_code&) {
    stack_.push_chars(s);
    return true;
  }
  bool on_string(json::string_view s, std::size_t, error_code&) {
    stack_.push_string(s);
    return true;
  }
  bool on_key_part(json::string_view s, std::size_t, error_code&) {
    stack_.push_chars(s);
    return true;
  }
  bool on_key(json::string_view s, std::size_t, error_code&) {
    stack_.push_key(s);
    return true;
  }
  // Only when a number is split across input buffers; the whole body comes in one buffer, but
  // the parser's contract allows it, so the pieces are kept.
  bool on_number_part(json::string_view s, error_code&) {
    number_.append(s.data(), s.size());
    return true;
  }
  bool on_int64(std::int64_t i, json::string_view s, error_code&) {
    if (digits(s) <= kMaxExactDigits) {
      stack_.push_int64(i);
      number_.clear();
    } else {
      push_text(s);
    }
    return true;
  }
  bool on_uint64(std::uint64_t, json::string_view s, error_code&) {
    push_text(s);  // above int64's range: more than 18 digits
    return true;
  }
  bool on_double(double, json::string_view s, error_code&) {
    push_text(s);
    return true;
  }
  bool on_bool(bool b, error_code&) {
    stack_.push_bool(b);
    return true;
  }
  bool on_null(error_code&) {
    stack_.push_null();
    return true;
  }
  bool on_comment_part(json::string_view, error_code&) { return true; }
  bool on_comment(json::string_view, error_code&) { return true; }

 private:
  static constexpr std::size_t kMaxExactDigits = 18;  // always fits int64

  // Digits of the whole number: the parts seen so far and its last part `s`.
  std::size_t digits(json::string_view s) const {
    const std::size_t length = number_.size() + s.size();
    const char first = !number_.empty() ? number_.front() : (!s.empty() ? s.front() : '0');
    return length - (first == '-' ? 1 : 0);
  }
  void push_text(json::string_view last) {
    if (number_.empty()) {
      stack_.push_string(last);
      return;
    }
    number_.append(last.data(), last.size());
    stack_.push_string(number_);
    number_.clear();
  }

  json::value_stack stack_;
  std::string number_;
};

}  // namespace

std::optional<json::value> parse_platform_json(std::string_view body, std::size_t max_depth) {
  return parse_platform_json(body, json::storage_ptr(), max_depth);
}

std::optional<json::value> parse_platform_json(std::string_view body,
                                               const json::storage_ptr& storage,
                                               std::size_t max_depth) {
  // A page of records is thousands of small strings and objects: they go to an arena, freed
  // all at once. Without the caller's, one per document, freed when its last value goes.
  const bool unset = storage.get() == json::storage_ptr().get();  // the default heap
  json::storage_ptr arena =
      unset ? json::make_shared_resource<json::monotonic_resource>(body.size() + 1024) : storage;
  json::parse_options options;
  options.max_depth = max_depth;
  json::basic_parser<ExactNumberHandler> parser(options, std::move(arena));
  boost::system::error_code ec;
  const std::size_t used = parser.write_some(false, body.data(), body.size(), ec);
  if (ec || used != body.size()) return std::nullopt;
  return parser.handler().release();
}

std::optional<std::string> decimal_text(const json::value& v) {
  if (const auto* s = v.if_string()) return std::string(*s);
  if (const auto* i = v.if_int64()) return std::to_string(*i);
  if (const auto* u = v.if_uint64()) return std::to_string(*u);
  return std::nullopt;
}

std::optional<std::string> id_text(const json::value& v) {
  if (const auto* s = v.if_string()) {
    if (s->empty()) return std::nullopt;
    return std::string(*s);
  }
  if (const auto* i = v.if_int64()) return std::to_string(*i);
  if (const auto* u = v.if_uint64()) return std::to_string(*u);
  return std::nullopt;
}

std::string string_field(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

}  // namespace cartgate::sdk
