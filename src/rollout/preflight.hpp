#pragma once

#include <string>
#include <vector>

#include "docker/engine.hpp"
#include "manifest/manifest.hpp"
#include "plan/plan.hpp"

namespace chora::rollout {

// Checks everything that can be known before the first change, and reports every
// problem together: what the plan itself refuses (a host port moving between services),
// an existing network that is not a bridge or belongs to another environment, each
// image to roll present on the engine (chora-deploy never pulls), the names of the new
// containers free, the files of secrets and of `files` readable, and each host port to
// publish free of anything outside this environment: other containers and, when the
// engine runs on this machine, other processes. (An engine older than API 1.40 is
// refused when connecting.)
// Returns the problems, empty when the release may start.
std::vector<std::string> find_preflight_problems(docker::Engine& engine,
                                                 const manifest::Manifest& manifest,
                                                 const plan::Plan& plan, bool engine_is_local);

// True when nothing on this machine holds `ip:port` for `protocol` ("tcp"/"udp").
// An empty ip means every interface.
bool host_port_is_free(const std::string& ip, std::uint16_t port, const std::string& protocol);

}  // namespace chora::rollout
