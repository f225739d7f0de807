#pragma once

#include <map>
#include <string>
#include <string_view>

#include "manifest/manifest.hpp"

namespace chora::plan {

// A digest of everything that shapes a service's container, whole and per part. Two
// containers with the same hash are interchangeable; the parts tell a person what changed.
struct Fingerprint {
  std::string hash;                          // 16 hex characters
  std::map<std::string, std::string> parts;  // "image", "env", "ports", ... -> 8 hex chars

  // Compact JSON of `parts`, stored in the config-parts label.
  std::string parts_label() const;
};

// The parts: image (reference), env, ports, command, network, stop_timeout, labels, and
// when set, healthcheck, mounts (secrets and files: paths, not contents) and task.
// Health gates are not part of it: they are checked by chora-deploy, not by the container,
// so changing a gate does not replace a running container.
// TODO: such a container keeps the gate recorded in its label when it was created, so a
// later rollback to it checks it against that older gate.
Fingerprint fingerprint_of(const manifest::Manifest& manifest, const manifest::Service& service);

// Parses a config-parts label; an unreadable label gives an empty map.
std::map<std::string, std::string> parse_parts_label(std::string_view label);

}  // namespace chora::plan
