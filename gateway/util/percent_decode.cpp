#include "util/percent_decode.hpp"

#include <boost/url/encoding_opts.hpp>
#include <boost/url/pct_string_view.hpp>

namespace cartgate::util {

std::optional<std::string> percent_decode(std::string_view text, Plus plus) {
  // make_pct_string_view checks every escape; anything else passes as it is.
  auto escaped = boost::urls::make_pct_string_view(text);
  if (!escaped) return std::nullopt;
  boost::urls::encoding_opts options;
  options.space_as_plus = plus == Plus::space;
  return escaped->decode(options);
}

}  // namespace cartgate::util
