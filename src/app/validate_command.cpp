#include "app/validate_command.hpp"

#include <fmt/format.h>

#include <iostream>

#include "app/release_loader.hpp"

namespace chora::app {

int run_validate(const GlobalOptions&, const ValidateOptions& options) {
  LoadedRelease loaded = load_release(options.manifest_path);
  if (options.quiet) return 0;

  const manifest::Manifest& manifest = loaded.manifest;
  std::cout << fmt::format(
      "{}: valid: release {} for environment {}, {} service(s) in {} "
      "wave(s)\n",
      options.manifest_path, manifest.release, manifest.environment, manifest.services.size(),
      loaded.graph.waves().size());
  return 0;
}

}  // namespace chora::app
