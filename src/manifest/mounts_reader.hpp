#pragma once

#include "manifest/service_scope.hpp"

// What a service sees of the host: secrets and read-only files.
namespace chora::manifest {

// `secrets`: names of the manifest's secrets, each once. Whether they exist at the top
// level is checked once every part of the file is read (validate.hpp).
void read_service_secrets(ServiceScope& scope, const Field& field);

// `files`: a list of {source, target}. The source is a host path resolved against the
// manifest's directory; the target an absolute path in the container, each used once.
// Service::files keeps one entry per list item, so "files[i]" matches the file.
void read_files(ServiceScope& scope, const Field& field);

}  // namespace chora::manifest
