#include "platforms/shopify/shop_search.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace sandbox::shop {

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

bool is_datetime(const std::string& s) {
  return s.size() >= 10 && s[4] == '-' && s[7] == '-' &&
         std::isdigit(static_cast<unsigned char>(s[0]));
}

int compare(const std::string& a, const std::string& b) {
  double x = 0, y = 0;
  auto [pa, ea] = std::from_chars(a.data(), a.data() + a.size(), x);
  auto [pb, eb] = std::from_chars(b.data(), b.data() + b.size(), y);
  if (ea == std::errc() && eb == std::errc() && pa == a.data() + a.size() &&
      pb == b.data() + b.size()) {
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  return a < b ? -1 : (a > b ? 1 : 0);
}

bool term_matches(const Term& t, const FieldLookup& lookup) {
  auto actual = lookup(t.field);
  if (!actual) return t.negated;
  std::string have = *actual;
  std::string want = t.value;
  if (is_datetime(have) && is_datetime(want)) {
    if (!t.quoted) {
      // An unquoted date-time keeps only its date part, and compares by date.
      want = want.substr(0, 10);
      have = have.substr(0, 10);
    } else if (want.size() == 10) {
      have = have.substr(0, 10);
    }
  }
  bool ok = false;
  if (t.field.empty()) {  // free text: contained anywhere in the searchable text
    ok = lower(have).find(lower(want)) != std::string::npos;
  } else if (t.op == ":") {
    ok = lower(have) == lower(want);
  } else {
    const int c = compare(have, want);
    ok = (t.op == ">" && c > 0) || (t.op == ">=" && c >= 0) || (t.op == "<" && c < 0) ||
         (t.op == "<=" && c <= 0);
  }
  return t.negated ? !ok : ok;
}

}  // namespace

Query parse_query(std::string_view s) {
  Query q(1);
  std::size_t i = 0;
  bool negate_next = false;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ')
      ++i;
    if (i >= s.size()) break;
    // A word up to ':' or space.
    std::size_t start = i;
    bool negated = negate_next;
    negate_next = false;
    if (s[i] == '-') {
      negated = true;
      start = ++i;
    }
    while (i < s.size() && s[i] != ':' && s[i] != ' ')
      ++i;
    const std::string word(s.substr(start, i - start));
    if (i >= s.size() || s[i] == ' ') {
      if (word == "AND") continue;
      if (word == "OR") {
        q.emplace_back();
        continue;
      }
      if (word == "NOT") {
        negate_next = true;
        continue;
      }
      q.back().push_back({"", ":", word, false, negated});  // free text
      continue;
    }
    Term t;
    t.field = word;
    t.negated = negated;
    ++i;  // ':'
    if (i < s.size() && (s[i] == '>' || s[i] == '<')) {
      t.op = std::string(1, s[i++]);
      if (i < s.size() && s[i] == '=') {
        t.op += '=';
        ++i;
      }
    }
    if (i < s.size() && (s[i] == '\'' || s[i] == '"')) {
      const char quote = s[i++];
      const auto end = s.find(quote, i);
      t.value = std::string(s.substr(i, end == std::string_view::npos ? s.npos : end - i));
      i = end == std::string_view::npos ? s.size() : end + 1;
      t.quoted = true;
    } else {
      const std::size_t v = i;
      while (i < s.size() && s[i] != ' ')
        ++i;
      t.value = std::string(s.substr(v, i - v));
    }
    q.back().push_back(std::move(t));
  }
  return q;
}

bool matches(const Query& q, const FieldLookup& lookup) {
  bool any_terms = false;
  for (const auto& group : q) {
    if (group.empty()) continue;
    any_terms = true;
    if (std::all_of(group.begin(), group.end(),
                    [&](const Term& t) { return term_matches(t, lookup); })) {
      return true;
    }
  }
  return !any_terms;
}

}  // namespace sandbox::shop
