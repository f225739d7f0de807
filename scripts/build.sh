#!/usr/bin/env bash
# Configures and builds chora-deploy and its tests into build/ (RelWithDebInfo), from
# whatever directory it is called. Run it again after any change: CMake rebuilds only what
# changed. CHORA_BUILD_DIR picks another build directory.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

cd "$CHORA_ROOT"
cmake -S . -B "$CHORA_BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build "$CHORA_BUILD_DIR" -j"$(nproc)"
