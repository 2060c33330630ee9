// The direct writer behind json_text.hpp. Strings are escaped exactly as Boost.JSON's
// serializer escapes them (quote, backslash and the C0 controls, the short forms where JSON
// has them, lower-case \u00xx otherwise; everything else byte for byte), so the text is the
// same whichever way an entity is written.
#include <charconv>
#include <optional>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include <cartgate/schema/enums.hpp>
#include <cartgate/schema/json_text.hpp>
#include <cartgate/schema/money.hpp>
#include <cartgate/schema/time.hpp>

#include "described.hpp"

namespace cartgate {

namespace {

// A class, so every overload is in scope for every other whatever the order they are written
// in (the types involved would not find them by argument-dependent lookup).
class TextWriter {
 public:
  explicit TextWriter(std::string& out) : out_(out) {}

  void write(std::string_view s) {
    static constexpr char kHex[] = "0123456789abcdef";
    out_ += '"';
    std::size_t plain = 0;  // the start of the run not yet copied
    for (std::size_t i = 0; i < s.size(); ++i) {
      const auto c = static_cast<unsigned char>(s[i]);
      if (c >= 0x20 && c != '"' && c != '\\') continue;
      out_.append(s.data() + plain, i - plain);
      plain = i + 1;
      out_ += '\\';
      switch (c) {
        case '"':
        case '\\':
          out_ += static_cast<char>(c);
          break;
        case '\b':
          out_ += 'b';
          break;
        case '\f':
          out_ += 'f';
          break;
        case '\n':
          out_ += 'n';
          break;
        case '\r':
          out_ += 'r';
          break;
        case '\t':
          out_ += 't';
          break;
        default:
          out_ += "u00";
          out_ += kHex[c >> 4];
          out_ += kHex[c & 0xF];
      }
    }
    out_.append(s.data() + plain, s.size() - plain);
    out_ += '"';
  }
  void write(const std::string& s) { write(std::string_view(s)); }
  void write(bool b) { out_ += b ? "true" : "false"; }
  void write(std::int64_t n) {
    char text[24];
    const auto end = std::to_chars(text, text + sizeof text, n).ptr;
    out_.append(text, end);
  }
  void write(Timestamp t) {
    char text[kRfc3339Capacity];
    write(std::string_view(text, write_rfc3339(t, text)));
  }
  template <class E>
  requires std::is_enum_v<E>
  void write(E e) { write(enum_name(e)); }
  void write(const Money& m) {
    out_ += "{\"amount\":";
    write(format_amount(m));
    out_ += ",\"currency\":";
    write(m.currency);
    out_ += '}';
  }
  template <class T>
  void write(const std::optional<T>& v) {
    if (v) {
      write(*v);
    } else {
      out_ += "null";
    }
  }
  template <class T>
  void write(const std::vector<T>& items) {
    out_ += '[';
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (i > 0) out_ += ',';
      write(items[i]);
    }
    out_ += ']';
  }
  template <detail::Described T>
  void write(const T& v) {
    out_ += '{';
    bool first = true;
    detail::for_each_member(v, [&](const char* name, const auto& field) {
      if (!first) out_ += ',';
      first = false;
      out_ += '"';
      out_ += name;  // identifiers: nothing to escape
      out_ += "\":";
      write(field);
    });
    out_ += '}';
  }

 private:
  std::string& out_;
};

}  // namespace

void append_json(std::string& out, const Order& order) {
  TextWriter(out).write(order);
}
void append_json(std::string& out, const Customer& customer) {
  TextWriter(out).write(customer);
}
void append_json(std::string& out, const Product& product) {
  TextWriter(out).write(product);
}
void append_json(std::string& out, const Cart& cart) {
  TextWriter(out).write(cart);
}
void append_json(std::string& out, const EntityData& entity) {
  std::visit([&](const auto& e) { TextWriter(out).write(e); }, entity);
}

}  // namespace cartgate
