#include "graphql/graphql.hpp"

#include <algorithm>
#include <charconv>
#include <set>

#include <cartgate/sdk/crypto.hpp>

namespace sandbox::graphql {

namespace json = boost::json;

// ---- lexer and parser ---------------------------------------------------------------------

namespace {

class Parser {
 public:
  explicit Parser(std::string_view text) : s_(text) {}

  std::optional<Document> document(Error& error) {
    Document doc;
    try {
      skip();
      while (pos_ < s_.size()) {
        if (peek_name() == "fragment") {
          word();
          const std::string name = word();
          if (word() != "on") fail("Expected \"on\"");
          Fragment f;
          f.type_condition = word();
          skip_directives();
          f.selections = selection_set();
          doc.fragments[name] = std::move(f);
        } else {
          doc.operations.push_back(operation());
        }
        skip();
      }
      if (doc.operations.empty()) fail("Document has no operations");
    } catch (const Error& e) {
      error = e;
      return std::nullopt;
    }
    return doc;
  }

 private:
  [[noreturn]] void fail(const std::string& message) {
    Error e;
    e.message = "Parse error: " + message;
    e.location = here();
    e.extensions = json::object{{"code", "PARSE_ERROR"}};
    throw e;
  }

  // The parser only moves forward, so the location is advanced from the last one asked for:
  // recomputing from the start for every selection would make big documents quadratic.
  Location here() {
    for (; located_ < pos_ && located_ < s_.size(); ++located_) {
      if (s_[located_] == '\n') {
        ++location_.line;
        location_.column = 1;
      } else {
        ++location_.column;
      }
    }
    return location_;
  }

  // Selection sets and input values recurse; a hostile document of nested brackets must get a
  // parse error, not exhaust the stack.
  struct Nesting {
    explicit Nesting(Parser& p) : parser(p) {
      if (++parser.depth_ > kMaxDepth) parser.fail("Document nests deeper than 64 levels");
    }
    ~Nesting() { --parser.depth_; }
    Nesting(const Nesting&) = delete;
    Nesting& operator=(const Nesting&) = delete;
    Parser& parser;
  };
  static constexpr int kMaxDepth = 64;

  void skip() {
    while (pos_ < s_.size()) {
      const char c = s_[pos_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',') {
        ++pos_;
      } else if (c == '#') {
        while (pos_ < s_.size() && s_[pos_] != '\n')
          ++pos_;
      } else if (static_cast<unsigned char>(c) == 0xEF && s_.substr(pos_, 3) == "\xEF\xBB\xBF") {
        pos_ += 3;  // BOM
      } else {
        break;
      }
    }
  }

  static bool name_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }
  static bool name_char(char c) { return name_start(c) || (c >= '0' && c <= '9'); }

  std::string peek_name() {
    std::size_t p = pos_;
    while (p < s_.size() && name_char(s_[p]))
      ++p;
    return std::string(s_.substr(pos_, p - pos_));
  }

  std::string word() {
    skip();
    if (pos_ >= s_.size() || !name_start(s_[pos_])) fail("Expected a name");
    const std::size_t start = pos_;
    while (pos_ < s_.size() && name_char(s_[pos_]))
      ++pos_;
    std::string w(s_.substr(start, pos_ - start));
    skip();
    return w;
  }

  bool take(char c) {
    skip();
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      skip();
      return true;
    }
    return false;
  }

  void expect(char c) {
    if (!take(c)) fail(std::string("Expected \"") + c + "\"");
  }

  Operation operation() {
    Operation op;
    skip();
    if (pos_ < s_.size() && s_[pos_] == '{') {
      op.selections = selection_set();
      return op;
    }
    op.kind = word();
    if (op.kind != "query" && op.kind != "mutation" && op.kind != "subscription") {
      fail("Unexpected \"" + op.kind + "\"");
    }
    skip();
    if (pos_ < s_.size() && name_start(s_[pos_])) op.name = word();
    if (take('(')) {
      while (!take(')')) {
        expect('$');
        VariableDefinition v;
        v.name = word();
        expect(':');
        v.type = type_ref();
        if (take('=')) v.default_value = value(true);
        op.variables.push_back(std::move(v));
      }
    }
    skip_directives();
    op.selections = selection_set();
    return op;
  }

  std::string type_ref() {
    const Nesting nesting(*this);
    std::string t;
    if (take('[')) {
      t = "[" + type_ref() + "]";
      expect(']');
    } else {
      t = word();
    }
    if (take('!')) t += "!";
    return t;
  }

  std::vector<std::pair<std::string, std::vector<std::pair<std::string, ValueNode>>>> directives() {
    std::vector<std::pair<std::string, std::vector<std::pair<std::string, ValueNode>>>> out;
    while (take('@')) {
      const std::string name = word();
      out.emplace_back(name, arguments_list(false));
    }
    return out;
  }

  void skip_directives() { (void)directives(); }

  std::vector<std::pair<std::string, ValueNode>> arguments_list(bool is_const) {
    std::vector<std::pair<std::string, ValueNode>> out;
    if (!take('(')) return out;
    while (!take(')')) {
      const std::string name = word();
      expect(':');
      out.emplace_back(name, value(is_const));
    }
    return out;
  }

  std::vector<Selection> selection_set() {
    const Nesting nesting(*this);
    expect('{');
    std::vector<Selection> out;
    while (!take('}')) {
      if (pos_ >= s_.size()) fail("Unexpected end of document");
      Selection sel;
      sel.location = here();
      if (s_.substr(pos_, 3) == "...") {
        pos_ += 3;
        skip();
        if (peek_name() == "on") {
          word();
          sel.kind = Selection::Kind::inline_fragment;
          sel.type_condition = word();
          sel.directives = directives();
          sel.selections = selection_set();
        } else if (pos_ < s_.size() && (s_[pos_] == '{' || s_[pos_] == '@')) {
          sel.kind = Selection::Kind::inline_fragment;
          sel.directives = directives();
          sel.selections = selection_set();
        } else {
          sel.kind = Selection::Kind::spread;
          sel.name = word();
          sel.directives = directives();
        }
      } else {
        sel.name = word();
        if (take(':')) {
          sel.alias = sel.name;
          sel.name = word();
        }
        sel.arguments = arguments_list(false);
        sel.directives = directives();
        skip();
        if (pos_ < s_.size() && s_[pos_] == '{') sel.selections = selection_set();
      }
      out.push_back(std::move(sel));
    }
    return out;
  }

  ValueNode value(bool is_const) {
    const Nesting nesting(*this);
    skip();
    if (pos_ >= s_.size()) fail("Expected a value");
    ValueNode v;
    const char c = s_[pos_];
    if (c == '$') {
      if (is_const) fail("Unexpected variable");
      ++pos_;
      v.kind = ValueNode::Kind::variable;
      v.variable = word();
    } else if (c == '[') {
      take('[');
      v.kind = ValueNode::Kind::list;
      while (!take(']'))
        v.items.push_back(value(is_const));
    } else if (c == '{') {
      take('{');
      v.kind = ValueNode::Kind::object;
      while (!take('}')) {
        const std::string name = word();
        expect(':');
        v.fields.emplace_back(name, value(is_const));
      }
    } else if (c == '"') {
      v.literal = string_value();
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      const std::size_t start = pos_;
      ++pos_;
      bool is_float = false;
      while (pos_ < s_.size() &&
             ((s_[pos_] >= '0' && s_[pos_] <= '9') || s_[pos_] == '.' || s_[pos_] == 'e' ||
              s_[pos_] == 'E' || s_[pos_] == '+' || s_[pos_] == '-')) {
        is_float = is_float || s_[pos_] == '.' || s_[pos_] == 'e' || s_[pos_] == 'E';
        ++pos_;
      }
      const std::string_view text = s_.substr(start, pos_ - start);
      if (is_float) {
        double d = 0;
        auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), d);
        if (ec != std::errc() || p != text.data() + text.size()) fail("Invalid number");
        v.literal = d;
      } else {
        std::int64_t i = 0;
        auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), i);
        if (ec != std::errc() || p != text.data() + text.size()) fail("Invalid number");
        v.literal = i;
      }
      skip();
    } else {
      const std::string w = word();
      if (w == "true") {
        v.literal = true;
      } else if (w == "false") {
        v.literal = false;
      } else if (w == "null") {
        v.literal = nullptr;
      } else {
        v.literal = json::string(w);  // an enum value
      }
    }
    return v;
  }

  std::string string_value() {
    if (s_.substr(pos_, 3) == "\"\"\"") {
      pos_ += 3;
      const auto end = s_.find("\"\"\"", pos_);
      if (end == std::string_view::npos) fail("Unterminated block string");
      std::string out(s_.substr(pos_, end - pos_));
      pos_ = end + 3;
      skip();
      return out;
    }
    ++pos_;
    std::string out;
    while (pos_ < s_.size() && s_[pos_] != '"') {
      char c = s_[pos_++];
      if (c == '\n') fail("Unterminated string");
      if (c == '\\' && pos_ < s_.size()) {
        const char e = s_[pos_++];
        switch (e) {
          case 'n':
            out.push_back('\n');
            break;
          case 't':
            out.push_back('\t');
            break;
          case 'r':
            out.push_back('\r');
            break;
          case 'b':
            out.push_back('\b');
            break;
          case 'f':
            out.push_back('\f');
            break;
          case 'u': {
            unsigned cp = 0;
            auto [p, ec] = std::from_chars(s_.data() + pos_,
                                           s_.data() + std::min(s_.size(), pos_ + 4), cp, 16);
            if (ec != std::errc() || p != s_.data() + pos_ + 4) fail("Invalid unicode escape");
            pos_ += 4;
            // UTF-8 encode (BMP only is enough for queries).
            if (cp < 0x80) {
              out.push_back(static_cast<char>(cp));
            } else if (cp < 0x800) {
              out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
              out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
            } else {
              out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
              out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
              out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
            }
            break;
          }
          default:
            out.push_back(e);
        }
      } else {
        out.push_back(c);
      }
    }
    if (pos_ >= s_.size()) fail("Unterminated string");
    ++pos_;
    skip();
    return out;
  }

  std::string_view s_;
  std::size_t pos_ = 0;
  std::size_t located_ = 0;
  Location location_;
  int depth_ = 0;
};

bool included(const Selection& s, const Request& r) {
  for (const auto& [name, args] : s.directives) {
    for (const auto& [arg, value] : args) {
      if (arg != "if") continue;
      const json::value v = evaluate(value, r.variables);
      const bool flag = v.is_bool() && v.as_bool();
      if (name == "skip" && flag) return false;
      if (name == "include" && !flag) return false;
    }
  }
  return true;
}

std::string encode_cursor(const std::string& key) {
  return cartgate::sdk::base64url_encode(key);
}

// Fragment checks that keep execution finite: every spread names a defined fragment, no
// fragment reaches itself, and the document stays small once fragments are expanded (a chain of
// fragments that each spread the next twice is exponential).
class FragmentCheck {
 public:
  explicit FragmentCheck(const Document& doc) : doc_(doc) {}

  bool run(Error& error) {
    try {
      std::size_t total = 0;
      for (const auto& op : doc_.operations)
        total = saturating_add(total, expanded_size(op.selections));
      if (total > kMaxExpandedSelections) {
        fail("Query has too many fields once fragments are expanded (limit " +
             std::to_string(kMaxExpandedSelections) + ")");
      }
    } catch (const Error& e) {
      error = e;
      return false;
    }
    return true;
  }

 private:
  static constexpr std::size_t kMaxExpandedSelections = 100000;

  static std::size_t saturating_add(std::size_t a, std::size_t b) {
    return std::min(a + b, kMaxExpandedSelections + 1);
  }

  [[noreturn]] static void fail(const std::string& message) {
    Error e;
    e.message = message;
    e.extensions = json::object{{"code", "PARSE_ERROR"}};
    throw e;
  }

  std::size_t expanded_size(const std::vector<Selection>& selections) {
    std::size_t n = 0;
    for (const auto& s : selections) {
      if (s.kind == Selection::Kind::spread) {
        n = saturating_add(n, fragment_size(s.name));
      } else {
        n = saturating_add(n, 1 + expanded_size(s.selections));
      }
    }
    return n;
  }

  std::size_t fragment_size(const std::string& name) {
    if (auto done = sizes_.find(name); done != sizes_.end()) return done->second;
    const auto it = doc_.fragments.find(name);
    if (it == doc_.fragments.end()) fail("Fragment " + name + " was used, but not defined");
    if (!visiting_.insert(name).second) fail("Fragment " + name + " contains an infinite loop");
    const std::size_t n = expanded_size(it->second.selections);
    visiting_.erase(name);
    sizes_[name] = n;
    return n;
  }

  const Document& doc_;
  std::set<std::string> visiting_;
  std::map<std::string, std::size_t> sizes_;
};

}  // namespace

std::optional<Document> parse(std::string_view text, Error& error) {
  auto doc = Parser(text).document(error);
  if (doc && !FragmentCheck(*doc).run(error)) return std::nullopt;
  return doc;
}

std::optional<Request> prepare(const Document& doc, const std::string& operation_name,
                               const json::object& variables, Error& error) {
  Request r;
  r.document = &doc;
  for (const auto& op : doc.operations) {
    if (operation_name.empty() ? doc.operations.size() == 1 : op.name == operation_name) {
      r.operation = &op;
    }
  }
  if (r.operation == nullptr) {
    error.message = operation_name.empty() ? "An operation name is required"
                                           : "No operation named \"" + operation_name + "\"";
    return std::nullopt;
  }
  for (const auto& def : r.operation->variables) {
    const auto* given = variables.if_contains(def.name);
    if (given != nullptr && !given->is_null()) {
      r.variables[def.name] = *given;
    } else if (def.default_value) {
      r.variables[def.name] = evaluate(*def.default_value, {});
    } else if (def.type.ends_with("!")) {
      error.message =
          "Variable $" + def.name + " of type " + def.type + " was provided invalid value";
      error.extensions = json::object{{"code", "INVALID_VARIABLE"}};
      return std::nullopt;
    } else {
      r.variables[def.name] = nullptr;
    }
  }
  return r;
}

json::value evaluate(const ValueNode& v, const json::object& variables) {
  switch (v.kind) {
    case ValueNode::Kind::literal:
      return v.literal;
    case ValueNode::Kind::variable: {
      const auto* x = variables.if_contains(v.variable);
      return x ? *x : json::value(nullptr);
    }
    case ValueNode::Kind::list: {
      json::array a;
      for (const auto& item : v.items)
        a.push_back(evaluate(item, variables));
      return a;
    }
    case ValueNode::Kind::object: {
      json::object o;
      for (const auto& [k, item] : v.fields)
        o[k] = evaluate(item, variables);
      return o;
    }
  }
  return nullptr;
}

json::object arguments(const Selection& s, const json::object& variables) {
  json::object out;
  for (const auto& [k, v] : s.arguments)
    out[k] = evaluate(v, variables);
  return out;
}

std::vector<const Selection*> collect(const std::vector<Selection>& selections,
                                      const std::string& type_name, const Request& request) {
  std::vector<const Selection*> out;
  for (const auto& s : selections) {
    if (!included(s, request)) continue;
    if (s.kind == Selection::Kind::field) {
      out.push_back(&s);
    } else if (s.kind == Selection::Kind::inline_fragment) {
      if (s.type_condition.empty() || s.type_condition == type_name) {
        auto inner = collect(s.selections, type_name, request);
        out.insert(out.end(), inner.begin(), inner.end());
      }
    } else {
      auto it = request.document->fragments.find(s.name);
      if (it != request.document->fragments.end() && it->second.type_condition == type_name) {
        auto inner = collect(it->second.selections, type_name, request);
        out.insert(out.end(), inner.begin(), inner.end());
      }
    }
  }
  return out;
}

json::object connection(json::array nodes, std::vector<std::string> keys) {
  json::array k;
  for (auto& key : keys)
    k.push_back(json::string(key));
  return json::object{{"__connection", std::move(nodes)}, {"__keys", std::move(k)}};
}

namespace {

Error field_error(const Selection& s, const std::vector<std::string>& path, std::string message,
                  json::object extensions) {
  Error e;
  e.message = std::move(message);
  e.location = s.location;
  e.path = path;
  e.extensions = std::move(extensions);
  return e;
}

// Shopify's page size limit (https://shopify.dev/docs/api/usage/pagination-graphql).
constexpr std::int64_t kMaxPageSize = 250;

// Which of first/last asks for more than a page may hold, if either does.
const char* oversized_page(const json::object& args) {
  for (const char* k : {"first", "last"}) {
    if (const auto* v = args.if_contains(k); v && v->is_int64() && v->as_int64() > kMaxPageSize)
      return k;
  }
  return nullptr;
}

// Pages a connection with first/after/last/before/reverse and builds edges/nodes/pageInfo.
json::object page(const json::object& conn, const json::object& args) {
  const auto& all = conn.at("__connection").as_array();
  const auto& keys = conn.at("__keys").as_array();
  std::vector<std::size_t> order(all.size());
  for (std::size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  const auto* reverse_arg = args.if_contains("reverse");
  const bool reversed = reverse_arg && reverse_arg->is_bool() && reverse_arg->as_bool();
  if (reversed) std::reverse(order.begin(), order.end());
  std::size_t begin = 0, end = order.size();
  // Cursors hold a node's sort key; nodes are sorted by key ascending (reverse: descending),
  // so "after" is every node whose key lies beyond the cursor's. This stays right when the
  // node behind the cursor changed or vanished meanwhile.
  const auto beyond = [&](std::string_view key, std::string_view cursor) {
    return reversed ? key < cursor : key > cursor;
  };
  const auto decode = [](const json::value* cursor) -> std::optional<std::string> {
    if (cursor == nullptr || !cursor->is_string()) return std::nullopt;
    return cartgate::sdk::base64url_decode(cursor->as_string());
  };
  if (auto after = decode(args.if_contains("after"))) {
    begin = order.size();
    for (std::size_t i = 0; i < order.size(); ++i) {
      if (beyond(keys[order[i]].as_string(), *after)) {
        begin = i;
        break;
      }
    }
  }
  if (auto before = decode(args.if_contains("before"))) {
    end = 0;
    for (std::size_t i = 0; i < order.size(); ++i) {
      if (!beyond(keys[order[i]].as_string(), *before) && keys[order[i]].as_string() != *before) {
        end = i + 1;
      }
    }
  }
  if (end < begin) end = begin;
  bool has_next = end < order.size();
  bool has_previous = begin > 0;
  if (const auto* f = args.if_contains("first"); f && f->is_int64()) {
    const auto n = static_cast<std::size_t>(std::max<std::int64_t>(0, f->as_int64()));
    if (end - begin > n) {
      end = begin + n;
      has_next = true;
    }
  }
  if (const auto* l = args.if_contains("last"); l && l->is_int64()) {
    const auto n = static_cast<std::size_t>(std::max<std::int64_t>(0, l->as_int64()));
    if (end - begin > n) {
      begin = end - n;
      has_previous = true;
    }
  }
  json::array edges, nodes;
  for (std::size_t i = begin; i < end; ++i) {
    const auto idx = order[i];
    const std::string cursor = encode_cursor(std::string(keys[idx].as_string()));
    edges.push_back(json::object{{"__typename", "Edge"}, {"cursor", cursor}, {"node", all[idx]}});
    nodes.push_back(all[idx]);
  }
  json::value start = nullptr, finish = nullptr;
  if (begin < end) {
    start = encode_cursor(std::string(keys[order[begin]].as_string()));
    finish = encode_cursor(std::string(keys[order[end - 1]].as_string()));
  }
  return json::object{{"__typename", "Connection"},
                      {"edges", std::move(edges)},
                      {"nodes", std::move(nodes)},
                      {"pageInfo", json::object{{"__typename", "PageInfo"},
                                                {"hasNextPage", has_next},
                                                {"hasPreviousPage", has_previous},
                                                {"startCursor", start},
                                                {"endCursor", finish}}}};
}

}  // namespace

json::value project(const std::vector<Selection>& selections, const json::value& node,
                    const Request& request, std::vector<std::string>& path,
                    std::vector<Error>& errors) {
  if (node.is_null()) return nullptr;
  if (node.is_array()) {
    json::array out;
    for (std::size_t i = 0; i < node.as_array().size(); ++i) {
      path.push_back(std::to_string(i));
      out.push_back(project(selections, node.as_array()[i], request, path, errors));
      path.pop_back();
    }
    return out;
  }
  const auto& obj = node.as_object();
  const std::string type =
      obj.contains("__typename") ? std::string(obj.at("__typename").as_string()) : "";
  json::object out;
  for (const Selection* s : collect(selections, type, request)) {
    path.push_back(s->key());
    if (s->name == "__typename") {
      out[s->key()] = type;
      path.pop_back();
      continue;
    }
    const json::value* value = obj.if_contains(s->name);
    if (value == nullptr) {
      errors.push_back(field_error(
          *s, path, "Field '" + s->name + "' doesn't exist on type '" + type + "'",
          json::object{{"code", "undefinedField"}, {"typeName", type}, {"fieldName", s->name}}));
      path.pop_back();
      continue;
    }
    if (request.withhold) {
      if (auto why = request.withhold(type, s->name, *value)) {
        out[s->key()] = nullptr;
        errors.push_back(field_error(*s, path, std::move(*why),
                                     json::object{{"code", std::string(kAccessDenied)}}));
        path.pop_back();
        continue;
      }
    }
    json::value resolved = *value;
    if (resolved.is_object() && resolved.as_object().contains("__connection")) {
      const json::object args = arguments(*s, request.variables);
      if (!args.contains("first") && !args.contains("last")) {
        errors.push_back(field_error(*s, path, "you must provide one of first or last",
                                     json::object{{"code", "MISSING_PAGINATION"}}));
        path.pop_back();
        continue;
      }
      if (const auto* too_big = oversized_page(args)) {
        errors.push_back(field_error(*s, path,
                                     "The " + std::string(too_big) + " argument on field '" +
                                         s->name + "' exceeds the maximum page size of " +
                                         std::to_string(kMaxPageSize),
                                     json::object{{"code", "MAX_PAGE_SIZE_EXCEEDED"}}));
        path.pop_back();
        continue;
      }
      resolved = page(resolved.as_object(), args);
    }
    const bool composite =
        resolved.is_object() || (resolved.is_array() && !resolved.as_array().empty() &&
                                 resolved.as_array().front().is_object());
    if (composite && s->selections.empty()) {
      errors.push_back(field_error(*s, path,
                                   "Field must have selections (field '" + s->name + "' returns " +
                                       type + " but has no selections.",
                                   json::object{{"code", "selectionMismatch"}}));
    } else if (!composite && !resolved.is_null() && !s->selections.empty() &&
               !(resolved.is_array() && resolved.as_array().empty())) {
      errors.push_back(field_error(*s, path,
                                   "Selections can't be made on scalars (field '" + s->name + "')",
                                   json::object{{"code", "selectionMismatch"}}));
    } else if (composite) {
      out[s->key()] = project(s->selections, resolved, request, path, errors);
    } else {
      out[s->key()] = resolved;
    }
    path.pop_back();
  }
  return out;
}

namespace {

bool is_connection_wrapper(const std::string& name) {
  return name == "edges" || name == "node" || name == "nodes" || name == "pageInfo";
}

// Costs saturate here: anything above Shopify's 1000-point ceiling is rejected anyway, and a
// hostile `first: 2147483647` nested three deep must not overflow.
constexpr std::int64_t kCostCap = 1'000'000'000;

std::int64_t capped(std::int64_t x) {
  return std::min(x, kCostCap);
}

std::int64_t page_size(const json::object& args, std::int64_t fallback) {
  for (const char* k : {"first", "last"}) {
    if (const auto* v = args.if_contains(k); v && v->is_int64()) {
      return std::clamp<std::int64_t>(v->as_int64(), 0, kCostCap);
    }
  }
  return fallback;
}

std::int64_t selection_cost(const std::vector<Selection>& selections, const Request& request,
                            const json::value* actual, bool inside_connection);

// Cost of one field with a selection set.
std::int64_t field_cost(const Selection& s, const Request& request, const json::value* actual,
                        bool inside_connection) {
  if (s.selections.empty()) return 0;  // scalars and enums are free
  if (inside_connection && is_connection_wrapper(s.name)) {
    // edges { node { ... } } / nodes { ... }: the per-node cost, counted by the parent.
    const json::value* inner = nullptr;
    if (actual && actual->is_array() && !actual->as_array().empty())
      inner = &actual->as_array().front();
    return selection_cost(s.selections, request, inner, s.name == "edges");
  }
  const json::object args = arguments(s, request.variables);
  if (args.contains("first") || args.contains("last")) {
    std::int64_t n = page_size(args, 0);
    const json::value* sample = nullptr;
    if (actual != nullptr && actual->is_object()) {
      const auto* nodes = actual->as_object().if_contains("nodes");
      const auto* edges = actual->as_object().if_contains("edges");
      const auto* list = nodes ? nodes : edges;
      if (list && list->is_array()) {
        n = static_cast<std::int64_t>(list->as_array().size());
        if (!list->as_array().empty()) sample = &list->as_array().front();
      }
    }
    // A node's cost: 1 for the node itself plus what is selected on it.
    std::int64_t per_node = 1;
    for (const auto& child : s.selections)
      per_node = capped(per_node + field_cost(child, request, sample, true));
    // Both factors are at most kCostCap (< 2^30), so the product fits before capping.
    return capped(2 + n * per_node);
  }
  return capped(1 + selection_cost(s.selections, request, actual, false));
}

std::int64_t selection_cost(const std::vector<Selection>& selections, const Request& request,
                            const json::value* actual, bool inside_connection) {
  std::int64_t total = 0;
  for (const auto& s : selections) {
    if (s.kind != Selection::Kind::field) {
      // Undefined fragments were rejected by the parser.
      const auto& inner = s.kind == Selection::Kind::inline_fragment
                              ? s.selections
                              : request.document->fragments.at(s.name).selections;
      total = capped(total + selection_cost(inner, request, actual, inside_connection));
      continue;
    }
    const json::value* child = nullptr;
    if (actual && actual->is_object()) child = actual->as_object().if_contains(s.key());
    total = capped(total + field_cost(s, request, child, inside_connection));
  }
  return total;
}

}  // namespace

int cost(const std::vector<Selection>& selections, const Request& request,
         const json::value* actual) {
  return static_cast<int>(selection_cost(selections, request, actual, false));
}

json::object to_json(const Error& e) {
  json::object o{{"message", e.message},
                 {"locations", json::array{json::object{{"line", e.location.line},
                                                        {"column", e.location.column}}}}};
  if (!e.path.empty()) {
    // List indices are numbers in a path (GraphQL spec, "Errors"); field names strings.
    json::array p;
    for (const auto& x : e.path) {
      const bool index = !x.empty() && std::all_of(x.begin(), x.end(),
                                                   [](char ch) { return ch >= '0' && ch <= '9'; });
      if (index) {
        p.push_back(static_cast<std::int64_t>(std::stoll(x)));
      } else {
        p.push_back(json::string(x));
      }
    }
    o["path"] = std::move(p);
  }
  if (!e.extensions.empty()) o["extensions"] = e.extensions;
  return o;
}

}  // namespace sandbox::graphql
