#pragma once

#include <string_view>

// Labels chora-deploy puts on every container and network it creates. They are how it
// finds its own objects again: the engine, not a local file, is the record of what runs.
namespace chora::plan::labels {

inline constexpr std::string_view kManaged = "io.chora-deploy.managed";  // always "true"
inline constexpr std::string_view kRelease = "io.chora-deploy.release";
inline constexpr std::string_view kEnvironment = "io.chora-deploy.environment";
inline constexpr std::string_view kService = "io.chora-deploy.service";
inline constexpr std::string_view kVersion = "io.chora-deploy.version";
inline constexpr std::string_view kRevision = "io.chora-deploy.revision";
inline constexpr std::string_view kReplica = "io.chora-deploy.replica";  // 1-based
// Digest of everything that shapes the container; a change means a new container.
inline constexpr std::string_view kConfigHash = "io.chora-deploy.config-hash";
// JSON object of one short digest per part (image, env, ports, ...), so a plan can say
// which part changed without keeping values (which may be secret) on the engine.
inline constexpr std::string_view kConfigParts = "io.chora-deploy.config-parts";
// The network the container was created on, and its health gate as JSON: what a
// rollback checks an old container against, rather than the new release's gate.
inline constexpr std::string_view kNetwork = "io.chora-deploy.network";
inline constexpr std::string_view kHealth = "io.chora-deploy.health";

}  // namespace chora::plan::labels
