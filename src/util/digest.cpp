#include "util/digest.hpp"

#include <fmt/format.h>

#include <boost/uuid/detail/sha1.hpp>

namespace chora {

std::string sha1_hex(std::string_view data) {
  boost::uuids::detail::sha1 hasher;
  hasher.process_bytes(data.data(), data.size());
  boost::uuids::detail::sha1::digest_type digest;
  hasher.get_digest(digest);

  std::string hex;
  for (unsigned int word : digest) hex += fmt::format("{:08x}", word);
  return hex;
}

}  // namespace chora
