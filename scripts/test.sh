#!/usr/bin/env bash
# Sets the machine up and runs the whole test suite; extra arguments go to ctest
# (e.g. `./scripts/test.sh -L unit`, `-R manifest`). Exits with ctest's status.
# The integration tests build their own images (chora-test/*) in a CTest fixture and
# remove them afterwards (tests/CMakeLists.txt); the demo images are built too, so that
# after this the example release can be applied at once.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

"$CHORA_ROOT/scripts/setup.sh"

step "running the tests"
cd "$CHORA_ROOT"
# --no-tests=error: a filter that matches nothing fails instead of passing quietly.
exec ctest --test-dir "$CHORA_BUILD_DIR" --output-on-failure --no-tests=error -j2 "$@"
