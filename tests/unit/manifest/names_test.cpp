#include "manifest/names.hpp"

#include <string>

#include <catch2/catch.hpp>

using namespace chora::manifest;

TEST_CASE("service names are DNS labels", "[manifest]") {
  for (const char* name : {"a", "chora-indexer", "web2", "2web", "a-b-c"}) {
    INFO(name);
    CHECK(is_valid_service_name(name));
  }
  for (const char* name : {"", "-a", "a-", "Chora", "chora_indexer", "chora.indexer", "a b"}) {
    INFO(name);
    CHECK_FALSE(is_valid_service_name(name));
  }
  CHECK(is_valid_service_name(std::string(63, 'a')));
  CHECK_FALSE(is_valid_service_name(std::string(64, 'a')));
}

TEST_CASE("release names allow letters, digits, '_', '.' and '-'", "[manifest]") {
  CHECK(is_valid_release_name("ecosystem-2026.12"));
  CHECK(is_valid_release_name("Release_1"));
  CHECK_FALSE(is_valid_release_name(".hidden"));
  CHECK_FALSE(is_valid_release_name("a b"));
  CHECK_FALSE(is_valid_release_name(""));
  CHECK(is_valid_release_name(std::string(128, 'r')));
  CHECK_FALSE(is_valid_release_name(std::string(129, 'r')));
}

TEST_CASE("environment names are lowercase and short", "[manifest]") {
  CHECK(is_valid_environment_name("staging"));
  CHECK(is_valid_environment_name("eu-west_1.prod"));
  CHECK_FALSE(is_valid_environment_name("Staging"));
  CHECK_FALSE(is_valid_environment_name("-staging"));
  CHECK(is_valid_environment_name(std::string(63, 'e')));
  CHECK_FALSE(is_valid_environment_name(std::string(64, 'e')));
}

TEST_CASE("network names follow Docker's object names", "[manifest]") {
  CHECK(is_valid_network_name("chora-net"));
  CHECK(is_valid_network_name("Chora_Net.1"));
  CHECK_FALSE(is_valid_network_name("_net"));
  CHECK_FALSE(is_valid_network_name("net/work"));
}

TEST_CASE("image repositories are lowercase paths after an optional registry", "[manifest]") {
  for (const char* image : {"busybox", "chora/indexer", "chora/demo-service", "a.b_c/d-e",
                            "registry.example.com:5000/chora/config", "localhost:5000/app",
                            "Registry.Example.com/chora/app", "ghcr.io/org/team/app"}) {
    INFO(image);
    CHECK(is_valid_image_repository(image));
  }
  for (const char* image : {"", "Chora/Indexer", "chora/indexer:2.1", "chora//indexer", "chora/",
                            "/chora", "chora/-indexer", "chora/indexer-", "registry:port/app",
                            "chora/indexer@sha256:abc", "chora/a..b"}) {
    INFO(image);
    CHECK_FALSE(is_valid_image_repository(image));
  }
}

TEST_CASE("versions are Docker tags", "[manifest]") {
  CHECK(is_valid_image_tag("2.1.0"));
  CHECK(is_valid_image_tag("latest"));
  CHECK(is_valid_image_tag("_build-7"));
  CHECK(is_valid_image_tag("1"));
  CHECK_FALSE(is_valid_image_tag(".1"));
  CHECK_FALSE(is_valid_image_tag("-rc1"));
  CHECK_FALSE(is_valid_image_tag("1.0+build"));
  CHECK(is_valid_image_tag(std::string(128, 't')));
  CHECK_FALSE(is_valid_image_tag(std::string(129, 't')));
}

TEST_CASE("environment variable names are shell identifiers", "[manifest]") {
  CHECK(is_valid_env_name("LOG_LEVEL"));
  CHECK(is_valid_env_name("_private"));
  CHECK(is_valid_env_name("a1"));
  CHECK_FALSE(is_valid_env_name("1A"));
  CHECK_FALSE(is_valid_env_name("LOG-LEVEL"));
  CHECK_FALSE(is_valid_env_name(""));
}

TEST_CASE("label keys under io.chora-deploy. are reserved except the test key", "[manifest]") {
  CHECK(is_reserved_label_key("io.chora-deploy.release"));
  CHECK(is_reserved_label_key("io.chora-deploy.test.extra"));
  CHECK_FALSE(is_reserved_label_key("io.chora-deploy.test"));
  CHECK_FALSE(is_reserved_label_key("io.chora-deployer.x"));
  CHECK_FALSE(is_reserved_label_key("team"));
}

TEST_CASE("secret names allow letters, digits, '_', '.' and '-', up to 64", "[manifest]") {
  for (const char* name : {"db_password", "API.token-2", "0", "a"}) {
    INFO(name);
    CHECK(is_valid_secret_name(name));
  }
  for (const char* name : {"", ".hidden", "-x", "_x", "a b", "a/b", "é"}) {
    INFO(name);
    CHECK_FALSE(is_valid_secret_name(name));
  }
  CHECK(is_valid_secret_name(std::string(64, 's')));
  CHECK_FALSE(is_valid_secret_name(std::string(65, 's')));
}

TEST_CASE("file targets are absolute paths below the root without '..'", "[manifest]") {
  for (const char* path :
       {"/a", "/etc/chora/app.yaml", "/etc//a/", "/./a", "/.a", "/a..b", "/..."}) {
    INFO(path);
    CHECK(is_valid_mount_target(path));
  }
  for (const char* path : {"", "/", "//", "/.", "a", "./a", "/..", "/a/..", "/a/../b", "../a"}) {
    INFO(path);
    CHECK_FALSE(is_valid_mount_target(path));
  }
}
