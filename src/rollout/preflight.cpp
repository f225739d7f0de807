#include "rollout/preflight.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iterator>
#include <map>
#include <optional>

#include <fmt/format.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>

#include "manifest/ports.hpp"
#include "plan/labels.hpp"
#include "rollout/container_spec.hpp"
#include "state/observed_state.hpp"

namespace chora::rollout {
namespace {

namespace asio = boost::asio;

bool belongs_to(const docker::ContainerSummary& container, const std::string& environment) {
  auto found = container.labels.find(std::string(plan::labels::kEnvironment));
  return found != container.labels.end() && found->second == environment;
}

// The running container outside `environment` that publishes `port`, if any.
const docker::ContainerSummary* foreign_holder(const std::vector<docker::ContainerSummary>& running,
                                               const std::string& environment,
                                               const manifest::PortMapping& port) {
  for (const docker::ContainerSummary& container : running) {
    if (belongs_to(container, environment)) continue;
    for (const docker::PublishedPort& held : container.ports) {
      if (manifest::host_ports_overlap(port, state::port_mapping_of(held))) {
        return &container;
      }
    }
  }
  return nullptr;
}

// Whether some container of this environment already publishes `port`. The plan
// decided what happens to such a port (handed over stop-first, or blocked), so the host
// is not asked whether it is free.
bool held_by_environment(const std::vector<docker::ContainerSummary>& running,
                         const std::string& environment, const manifest::PortMapping& port) {
  for (const docker::ContainerSummary& container : running) {
    if (!belongs_to(container, environment)) continue;
    for (const docker::PublishedPort& held : container.ports) {
      if (manifest::host_ports_overlap(port, state::port_mapping_of(held))) return true;
    }
  }
  return false;
}

template <typename Socket, typename Endpoint>
bool can_bind(const std::string& ip, std::uint16_t port) {
  asio::io_context context;
  boost::system::error_code error;
  asio::ip::address address =
      ip.empty() ? asio::ip::address_v4::any() : asio::ip::make_address(ip, error);
  if (error) return true;  // not an address this machine checks; the engine will say
  Socket socket(context);
  socket.open(Endpoint(address, port).protocol(), error);
  if (error) return true;
  socket.set_option(asio::socket_base::reuse_address(true), error);
  socket.bind(Endpoint(address, port), error);
  // No permission to bind low ports is not a conflict; only "in use" is.
  return error != asio::error::address_in_use;
}

// Each image once, however many services run it.
void check_images(docker::Engine& engine, const plan::Action& action,
                  const manifest::Service& service, std::map<std::string, bool>& present,
                  std::vector<std::string>& problems) {
  std::string image = service.image_ref();
  if (!present.count(image)) present[image] = engine.inspect_image(image).has_value();
  if (present[image]) return;
  problems.push_back(fmt::format(
      "{}: image {} is not on the engine (chora-deploy does not pull: pull or build it first)",
      action.service, image));
}

void check_ports(const std::vector<docker::ContainerSummary>& running,
                 const manifest::Manifest& manifest, const manifest::Service& service,
                 bool engine_is_local, std::vector<std::string>& problems) {
  for (const manifest::PortMapping& port : service.ports) {
    if (const docker::ContainerSummary* holder =
            foreign_holder(running, manifest.environment, port)) {
      problems.push_back(
          fmt::format("{}: host port {} is held by container {}, which is not "
                      "part of environment {}",
                      service.name, port.to_string(), holder->name, manifest.environment));
      continue;
    }
    if (!engine_is_local || held_by_environment(running, manifest.environment, port)) continue;
    if (!host_port_is_free(port.host_ip, port.host_port, port.protocol)) {
      problems.push_back(
          fmt::format("{}: host port {} is in use by another process on this "
                      "machine",
                      service.name, port.to_string()));
    }
  }
}

// An existing network must be one the services can share by name: a bridge network,
// not another environment's.
void check_network(docker::Engine& engine, const manifest::Manifest& manifest,
                   std::vector<std::string>& problems) {
  std::optional<docker::NetworkInfo> network = engine.inspect_network(manifest.network);
  if (!network) return;
  if (network->driver != "bridge") {
    problems.push_back(
        fmt::format("network {} exists with driver {}; the services need a "
                    "bridge network: name another network in the manifest",
                    manifest.network, network->driver));
  }
  auto owner = network->labels.find(std::string(plan::labels::kEnvironment));
  if (owner != network->labels.end() && owner->second != manifest.environment) {
    problems.push_back(
        fmt::format("network {} belongs to environment {}; name another "
                    "network in the manifest",
                    manifest.network, owner->second));
  }
}

// Secrets and files are bound from this machine's disk: each must be readable now, or
// the create would fail half way through the release.
void check_files(const manifest::Manifest& manifest, const manifest::Service& service,
                 std::vector<std::string>& problems) {
  auto check = [&](const std::string& what, const std::string& path) {
    if (::access(path.c_str(), R_OK) == 0) return;
    problems.push_back(fmt::format("{}: {} {} cannot be read: {}", service.name, what, path,
                                   std::strerror(errno)));
  };
  for (const std::string& secret : service.secrets) {
    check("the file of secret " + secret, manifest.secrets.at(secret).file);
  }
  for (const manifest::FileMount& file : service.files) check("file", file.source);
}

// The names the new containers will take must be free.
void check_names(const std::vector<docker::ContainerSummary>& containers,
                 const manifest::Manifest& manifest, const manifest::Service& service,
                 const plan::Action& action, std::vector<std::string>& problems) {
  for (int position = 0; position < action.new_containers(); ++position) {
    std::string name = container_name(manifest.environment, service, action.revision,
                                      action.first_replica + position);
    bool taken = std::any_of(containers.begin(), containers.end(),
                             [&name](const auto& container) { return container.name == name; });
    if (!taken) continue;
    problems.push_back(
        fmt::format("{}: the name {} of its new container is taken by an "
                    "existing container; remove that container",
                    service.name, name));
  }
}

}  // namespace

bool host_port_is_free(const std::string& ip, std::uint16_t port, const std::string& protocol) {
  if (protocol == "udp") return can_bind<asio::ip::udp::socket, asio::ip::udp::endpoint>(ip, port);
  return can_bind<asio::ip::tcp::acceptor, asio::ip::tcp::endpoint>(ip, port);
}

std::vector<std::string> find_preflight_problems(docker::Engine& engine,
                                                 const manifest::Manifest& manifest,
                                                 const plan::Plan& plan, bool engine_is_local) {
  std::vector<std::string> problems = plan.blockers;
  check_network(engine, manifest, problems);

  // One look at every container on the engine serves the name and port checks.
  std::vector<docker::ContainerSummary> containers = engine.list_containers({}, true);
  std::vector<docker::ContainerSummary> running;
  std::copy_if(containers.begin(), containers.end(), std::back_inserter(running),
               [](const auto& container) {
                 return container.state == "running" || container.state == "paused" ||
                        container.state == "restarting";
               });
  std::map<std::string, bool> images;
  for (const std::vector<plan::Action>& wave : plan.waves) {
    for (const plan::Action& action : wave) {
      // A scale down creates nothing: its image, files and ports are the running ones'.
      if (!action.changes() || action.new_containers() == 0) continue;
      const manifest::Service& service = *manifest.find(action.service);
      check_images(engine, action, service, images, problems);
      check_names(containers, manifest, service, action, problems);
      check_ports(running, manifest, service, engine_is_local, problems);
      check_files(manifest, service, problems);
    }
  }
  return problems;
}

}  // namespace chora::rollout
