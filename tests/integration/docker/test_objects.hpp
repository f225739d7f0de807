#pragma once

// Names, labels and clean-up guards for the objects the Docker integration tests create.
// Every object is named chora-test-... and labelled io.chora-deploy.test=true, so that
// scripts/remove-test-objects.sh can find whatever a crashed run leaves behind.

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "docker/engine.hpp"

namespace chora::test {

inline constexpr const char* kTestImage = "chora-test/busybox:1";
inline constexpr const char* kTestLabel = "io.chora-deploy.test";

// "chora-test-docker-<what>-<pid>-<n>": unique across concurrent runs and test cases.
inline std::string unique_name(const std::string& what) {
  static std::atomic<int> counter{0};
  return "chora-test-docker-" + what + "-" + std::to_string(::getpid()) + "-" +
         std::to_string(++counter);
}

inline docker::Labels test_labels(docker::Labels extra = {}) {
  extra[kTestLabel] = "true";
  return extra;
}

// A container spec of the test image, named and labelled as tests must. It has no network
// ("none") unless the test gives it one: the tests then do not depend on the engine's
// default bridge, which can be broken on a shared host (docker0 removed under dockerd).
inline docker::ContainerSpec test_container(const std::string& name,
                                            std::vector<std::string> command = {}) {
  docker::ContainerSpec spec;
  spec.name = name;
  spec.image = kTestImage;
  spec.command = std::move(command);
  spec.labels = test_labels();
  spec.network = "none";
  spec.stop_timeout = std::chrono::seconds(1);
  return spec;
}

// Removes the container named `name` when the test ends, however it ends. Made before the
// container is created, so that a failure half-way still cleans up.
class ContainerGuard {
 public:
  ContainerGuard(docker::Engine& engine, std::string name)
      : engine_(engine), name_(std::move(name)) {}
  ContainerGuard(const ContainerGuard&) = delete;
  ContainerGuard& operator=(const ContainerGuard&) = delete;
  ~ContainerGuard() {
    try {
      engine_.remove_container(name_, true);
    } catch (...) {
      // Nothing more a destructor can do; remove-test-objects.sh is the last resort.
    }
  }

 private:
  docker::Engine& engine_;
  std::string name_;
};

// Removes the network named `name` when the test ends. Declare it before the guards of
// containers on it: those are destroyed first, and a network with endpoints stays.
class NetworkGuard {
 public:
  NetworkGuard(docker::Engine& engine, std::string name)
      : engine_(engine), name_(std::move(name)) {}
  NetworkGuard(const NetworkGuard&) = delete;
  NetworkGuard& operator=(const NetworkGuard&) = delete;
  ~NetworkGuard() {
    try {
      engine_.remove_network(name_);
    } catch (...) {
    }
  }

 private:
  docker::Engine& engine_;
  std::string name_;
};

// A TCP port on 127.0.0.1 that nothing listened on a moment ago.
inline std::uint16_t free_local_port() {
  namespace net = boost::asio;
  net::io_context io;
  net::ip::tcp::acceptor acceptor(io, {net::ip::make_address("127.0.0.1"), 0});
  return acceptor.local_endpoint().port();
}

// Polls `condition` every 50ms until it holds or `limit` passes; returns its last value.
inline bool eventually(const std::function<bool()>& condition,
                       std::chrono::milliseconds limit = std::chrono::seconds(10)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return condition();
}

}  // namespace chora::test
