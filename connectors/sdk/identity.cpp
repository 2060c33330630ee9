#include <cartgate/schema/identity.hpp>

namespace cartgate {

std::optional<std::string> normalize_email(std::string_view raw) {
  constexpr std::string_view kSpace = " \t\r\n\f\v";
  const auto first = raw.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return std::nullopt;
  const auto last = raw.find_last_not_of(kSpace);
  std::string email(raw.substr(first, last - first + 1));
  for (char& c : email) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + ('a' - 'A'));
  }
  return email;
}

}  // namespace cartgate
