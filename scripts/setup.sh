#!/usr/bin/env bash
# Sets a machine up for chora-deploy, from a fresh Debian 12 on: installs the packages,
# starts a Docker engine if none answers, builds the project, builds the demo images.
# Each step does nothing it need not do, so running it again is quick.
#   --no-images   skip the demo images (the test suite builds its own)
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

images=1
case "${1:-}" in
  --no-images) images=0 ;;
  "") ;;
  *) die "usage: $0 [--no-images]" ;;
esac

total=$((3 + images))
scripts=$CHORA_ROOT/scripts

step "[1/$total] installing packages"
"$scripts/install-packages.sh"
step "[2/$total] starting the docker engine"
"$scripts/start-docker.sh"
step "[3/$total] building chora-deploy ($CHORA_BUILD_DIR/)"
"$scripts/build.sh"
if [[ $images -eq 1 ]]; then
  step "[4/$total] building the demo images"
  "$scripts/build-images.sh"
fi
