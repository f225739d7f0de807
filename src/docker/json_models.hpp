#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "docker/engine.hpp"

namespace chora::docker {

// Readers of the engine's JSON answers into the structs of engine.hpp. Each takes a whole
// response body. Missing and null fields (Labels, Aliases and Health can all be null or
// absent) leave the struct's defaults. A body that is not JSON, or a field of the wrong
// type, throws Error of kind kEngine naming the field.

EngineVersion engine_version_from_json(std::string_view body);        // GET /version
ImageInfo image_info_from_json(std::string_view body);                // GET /images/{}/json
ContainerDetails container_details_from_json(std::string_view body);  // GET /containers/{}/json
std::vector<ContainerSummary> container_summaries_from_json(std::string_view body);
NetworkInfo network_info_from_json(std::string_view body);            // GET /networks/{}

// The Id of a created object ({"Id":"...","Warnings":[]}).
std::string created_id_from_json(std::string_view body);

// The daemon's explanation in an error body: the `message` of a JSON body, else the body
// itself without surrounding white space (some errors are text/plain).
std::string daemon_message_from_body(std::string_view body);

}  // namespace chora::docker
