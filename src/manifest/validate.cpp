#include "manifest/validate.hpp"

#include <map>
#include <set>

#include "manifest/ports.hpp"
#include "util/suggest.hpp"

namespace chora::manifest {

namespace {

std::string service_path(const Service& service, const std::string& field) {
  return "services." + service.name + "." + field;
}

std::string names_of(const Manifest& manifest) {
  std::string text;
  for (const Service& service : manifest.services) {
    text += (text.empty() ? "'" : ", '") + service.name + "'";
  }
  return text;
}

// The diagnostic for `dependency`, entry `index` of `service`, when it names no service.
Diagnostic unknown_dependency(const Manifest& manifest, const Service& service,
                              const std::string& dependency, const std::string& field) {
  std::vector<std::string> others;
  for (const Service& other : manifest.services) {
    if (other.name != service.name) others.push_back(other.name);
  }
  std::optional<std::string> match = closest_match(dependency, others);
  std::string hint = match ? "did you mean '" + *match + "'?"
                           : "the services of this manifest are " + names_of(manifest);
  return {service.location_of(field), service_path(service, field),
          "unknown service '" + dependency + "'", hint};
}

void check_service_dependencies(const Manifest& manifest, const Service& service,
                                std::vector<Diagnostic>& out) {
  std::map<std::string, int> first_line;
  for (std::size_t i = 0; i < service.depends_on.size(); ++i) {
    const std::string& dependency = service.depends_on[i];
    std::string field = "depends_on[" + std::to_string(i) + "]";
    SourceLocation at = service.location_of(field);
    auto [first, inserted] = first_line.emplace(dependency, at.line);

    if (dependency == service.name) {
      out.push_back({at, service_path(service, field),
                     "service '" + service.name + "' depends on itself",
                     "remove '" + dependency + "' from its depends_on"});
    } else if (!inserted) {
      out.push_back({at, service_path(service, field),
                     "duplicate dependency '" + dependency + "' (first at line " +
                         std::to_string(first->second) + ")",
                     ""});
    } else if (manifest.find(dependency) == nullptr) {
      out.push_back(unknown_dependency(manifest, service, dependency, field));
    }
  }
}

// A port already seen while walking the services in order.
struct BoundPort {
  const Service* service;
  PortMapping mapping;
  int line;
};

// "the secrets of this manifest are 'a', 'b'", or how to declare one when there are none.
std::string unknown_secret_hint(const Manifest& manifest, const std::string& name) {
  std::vector<std::string> names;
  std::string listed;
  for (const auto& [known, secret] : manifest.secrets) {
    names.push_back(known);
    listed += (listed.empty() ? "'" : ", '") + known + "'";
  }
  if (std::optional<std::string> match = closest_match(name, names)) {
    return "did you mean '" + *match + "'?";
  }
  if (names.empty()) {
    return "declare it in the top-level 'secrets' map with the file that holds it, e.g. "
           "'secrets: { " +
           name + ": { file: ./secrets/" + name + " } }'";
  }
  return "the secrets of this manifest are " + listed +
         "; declare others in the top-level "
         "'secrets' map";
}

}  // namespace

std::vector<Diagnostic> check_secret_references(const Manifest& manifest) {
  std::vector<Diagnostic> diagnostics;
  for (const Service& service : manifest.services) {
    std::set<std::string> seen;
    for (std::size_t i = 0; i < service.secrets.size(); ++i) {
      const std::string& name = service.secrets[i];
      if (!seen.insert(name).second || manifest.secrets.count(name) > 0) continue;
      std::string field = "secrets[" + std::to_string(i) + "]";
      diagnostics.push_back({service.location_of(field), service_path(service, field),
                             "unknown secret '" + name + "'", unknown_secret_hint(manifest, name)});
    }
  }
  return diagnostics;
}

std::vector<Diagnostic> check_dependencies(const Manifest& manifest) {
  std::vector<Diagnostic> diagnostics;
  for (const Service& service : manifest.services) {
    check_service_dependencies(manifest, service, diagnostics);
  }
  return diagnostics;
}

std::vector<Diagnostic> check_host_ports(const Manifest& manifest) {
  std::vector<Diagnostic> diagnostics;
  std::vector<BoundPort> bound;
  for (const Service& service : manifest.services) {
    for (std::size_t i = 0; i < service.ports.size(); ++i) {
      const PortMapping& mapping = service.ports[i];
      std::string field = "ports[" + std::to_string(i) + "]";
      SourceLocation at = service.location_of(field);

      // Report each port once, against the first earlier port it collides with.
      for (const BoundPort& earlier : bound) {
        if (!host_ports_overlap(mapping, earlier.mapping)) continue;
        std::string owner = earlier.service == &service ? "this service"
                                                        : "service '" + earlier.service->name + "'";
        diagnostics.push_back(
            {at, service_path(service, field),
             "host port " + host_address(mapping) + " is already published by " + owner +
                 " (line " + std::to_string(earlier.line) + ")",
             "a host port can be bound by one container only; choose another host port"});
        break;
      }
      bound.push_back({&service, mapping, at.line});
    }
  }
  return diagnostics;
}

}  // namespace chora::manifest
