#pragma once
// Internal to the SDK: a walk over every member of a type described in
// <cartgate/schema/describe.hpp>, its bases' members first, in their listed order: the order
// the JSON conversions and the direct text writer both write them in.

#include <cstddef>
#include <optional>
#include <type_traits>
#include <vector>

#include <boost/describe/bases.hpp>
#include <boost/describe/members.hpp>
#include <boost/mp11/algorithm.hpp>

#include <cartgate/schema/describe.hpp>

namespace cartgate::detail {

template <class T>
concept Described = boost::describe::has_describe_members<T>::value;

/// Member types the conversions treat apart: optional members may be absent or null, vectors
/// are arrays of their element.
template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};
template <class T>
struct is_vector : std::false_type {};
template <class T>
struct is_vector<std::vector<T>> : std::true_type {};

/// Calls visit(name, member) for each member of `v` (const or not, as `v` is).
template <class T, class Visit>
void for_each_member(T& v, Visit&& visit) {
  namespace describe = boost::describe;
  using Type = std::remove_const_t<T>;
  boost::mp11::mp_for_each<describe::describe_bases<Type, describe::mod_public>>([&](auto base) {
    using Base = typename decltype(base)::type;
    for_each_member(static_cast<std::conditional_t<std::is_const_v<T>, const Base, Base>&>(v),
                    visit);
  });
  boost::mp11::mp_for_each<describe::describe_members<Type, describe::mod_public>>(
      [&](auto member) { visit(member.name, v.*member.pointer); });
}

/// How many members for_each_member visits.
template <class T>
constexpr std::size_t member_count() {
  namespace describe = boost::describe;
  std::size_t n = boost::mp11::mp_size<describe::describe_members<T, describe::mod_public>>::value;
  boost::mp11::mp_for_each<describe::describe_bases<T, describe::mod_public>>(
      [&](auto base) { n += member_count<typename decltype(base)::type>(); });
  return n;
}

}  // namespace cartgate::detail
