#!/usr/bin/env bash
# Sets the machine up and runs the whole test suite; extra arguments go to ctest
# (e.g. `./scripts/test.sh -L unit`, `-R manifest`). Exits with ctest's status.
# The integration tests' images are built, and removed afterwards, by CTest fixtures
# (tests/CMakeLists.txt), so setup skips the demo images.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

"$CHORA_ROOT/scripts/setup.sh" --no-images

step "running the tests"
cd "$CHORA_ROOT"
# --no-tests=error: a filter that matches nothing fails instead of passing quietly.
exec ctest --test-dir "$CHORA_BUILD_DIR" --output-on-failure --no-tests=error -j2 "$@"
