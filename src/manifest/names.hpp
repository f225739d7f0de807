#pragma once

#include <string_view>

// The naming rules of a release manifest. Each check has a sentence saying what is
// allowed, used as the hint of the error and kept word for word in docs/manifest.md.
// schemas/release-manifest.schema.json states the same rules as patterns.
namespace chora::manifest {

// Release: [A-Za-z0-9][A-Za-z0-9_.-]*, at most 128 characters.
bool is_valid_release_name(std::string_view name);
inline constexpr std::string_view kReleaseNameRule =
    "a release name starts with a letter or digit and contains only letters, digits, '_', "
    "'.' and '-', at most 128 characters";

// Environment: [a-z0-9][a-z0-9_.-]*, at most 63 characters; it becomes part of container
// names, which Docker wants short and lowercase keeps them readable.
bool is_valid_environment_name(std::string_view name);
inline constexpr std::string_view kEnvironmentNameRule =
    "an environment name starts with a lowercase letter or digit and contains only "
    "lowercase letters, digits, '_', '.' and '-', at most 63 characters";

// Network: a Docker object name, [a-zA-Z0-9][a-zA-Z0-9_.-]*.
bool is_valid_network_name(std::string_view name);
inline constexpr std::string_view kNetworkNameRule =
    "a network name starts with a letter or digit and contains only letters, digits, '_', "
    "'.' and '-'";

// Docker's own networks (bridge, host, none), on which DNS aliases do not work.
bool is_predefined_network(std::string_view name);

// Service: a DNS label, [a-z0-9]([a-z0-9-]*[a-z0-9])?, at most 63 characters, since it is
// the service's DNS alias on the release network.
bool is_valid_service_name(std::string_view name);
inline constexpr std::string_view kServiceNameRule =
    "a service name is its DNS name: lowercase letters, digits and '-', starting and ending "
    "with a letter or digit, at most 63 characters";

// Image: a Docker repository without tag or digest, such as "chora/indexer" or
// "registry.example.com:5000/chora/indexer"; at most 255 characters.
bool is_valid_image_repository(std::string_view image);
inline constexpr std::string_view kImageRule =
    "an image is a lowercase repository name such as 'chora/indexer', optionally after a "
    "registry host such as 'registry.example.com:5000/'";

// Version: a Docker tag, [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}.
bool is_valid_image_tag(std::string_view tag);
inline constexpr std::string_view kImageTagRule =
    "a version is a Docker tag: letters, digits, '_', '.' and '-', not starting with '.' or "
    "'-', at most 128 characters";

// Environment variable: [A-Za-z_][A-Za-z0-9_]*.
bool is_valid_env_name(std::string_view name);
inline constexpr std::string_view kEnvNameRule =
    "an environment variable name starts with a letter or '_' and contains only letters, "
    "digits and '_'";

// Secret: [a-zA-Z0-9][a-zA-Z0-9_.-]*, at most 64 characters; it becomes the file name
// under /run/secrets/ in the containers that use it.
bool is_valid_secret_name(std::string_view name);
inline constexpr std::string_view kSecretNameRule =
    "a secret name starts with a letter or digit and contains only letters, digits, '_', "
    "'.' and '-', at most 64 characters";

// Target of a file put into a container: an absolute path, not the root itself, without a
// '..' part (Docker would resolve it inside the container, where it hides mistakes).
bool is_valid_mount_target(std::string_view path);
inline constexpr std::string_view kMountTargetRule =
    "a target is an absolute path in the container, such as '/etc/chora/app.yaml', without "
    "'..' parts";

// Label keys under "io.chora-deploy." belong to chora-deploy, which finds its own objects
// by them; "io.chora-deploy.test" alone is left to users, for marking test objects.
bool is_reserved_label_key(std::string_view key);
inline constexpr std::string_view kReservedLabelPrefix = "io.chora-deploy.";
inline constexpr std::string_view kTestLabelKey = "io.chora-deploy.test";

}  // namespace chora::manifest
