#pragma once

#include "manifest/manifest.hpp"
#include "manifest/yaml_reader.hpp"

namespace chora::manifest {

// Reads the top-level `secrets:` map into Manifest::secrets: each name (see names.hpp)
// with its required `file`, resolved against the manifest's directory. A secret is kept
// even when it has problems, so references to it are not reported as unknown as well.
void read_secrets(YamlReader& reader, const Field& field, Manifest& manifest);

}  // namespace chora::manifest
