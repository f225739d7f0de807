#!/usr/bin/env bash
# Installs the Debian 12 packages that building, testing and the demo need.
# Idempotent: when everything is installed it does not touch apt at all.
#   --dry-run   only print what would be installed
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

dry_run=0
case "${1:-}" in
  --dry-run) dry_run=1 ;;
  "") ;;
  *) die "usage: $0 [--dry-run]" ;;
esac

# Build: compiler, CMake, and the libraries CMakeLists.txt finds. Run: curl talks to the
# engine socket in these scripts, busybox-static is the only content of the demo images,
# iproute2 is there to look at container networking when something goes wrong.
packages=(
  cmake g++ make pkg-config git ca-certificates curl
  libyaml-cpp-dev libboost-dev libboost-system-dev nlohmann-json3-dev
  libspdlog-dev libfmt-dev catch2 libcli11-dev libvalijson-dev
  busybox-static iproute2
)

# docker.io brings dockerd and a docker CLI. Skip it where an engine already answers and a
# CLI exists, or where another dockerd is installed (docker-ce, say): installing docker.io
# next to docker-ce would fight over the same files.
if ! command -v docker >/dev/null 2>&1 ||
  { ! docker_ping && ! command -v dockerd >/dev/null 2>&1; }; then
  packages+=(docker.io)
fi

is_installed() {
  [[ $(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null) == installed ]]
}

missing=()
for pkg in "${packages[@]}"; do
  is_installed "$pkg" || missing+=("$pkg")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  info "all ${#packages[@]} packages are installed"
  exit 0
fi
if [[ $dry_run -eq 1 ]]; then
  info "would install: ${missing[*]}"
  exit 0
fi

need_root "installing ${missing[*]}"
info "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
