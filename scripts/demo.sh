#!/usr/bin/env bash
# Sets everything up, then rolls the example release (examples/ecosystem) onto Docker:
# five services in a diamond of dependencies, on the network chora-demo, the gateway at
# http://127.0.0.1:18080/.
#   --down   remove the demo's containers and network, and nothing else
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

environment_label=io.chora-deploy.environment=demo
network=chora-demo
release=examples/ecosystem/release-v1.yaml

usage() { die "usage: $0 [--down]"; }

# Removes what chora-deploy made for the demo environment, found by its label.
down() {
  "$CHORA_ROOT/scripts/start-docker.sh"
  step "removing the demo (label $environment_label)"
  local containers networks
  mapfile -t containers < <(docker ps -aq --filter "label=$environment_label")
  if [[ ${#containers[@]} -gt 0 ]]; then
    docker rm -f "${containers[@]}" >/dev/null
    info "removed ${#containers[@]} container(s)"
  fi
  mapfile -t networks < <(docker network ls -q --filter "label=$environment_label")
  if [[ ${#networks[@]} -gt 0 ]]; then
    docker network rm "${networks[@]}" >/dev/null
    info "removed ${#networks[@]} network(s)"
  fi
  if [[ ${#containers[@]} -eq 0 && ${#networks[@]} -eq 0 ]]; then
    info "nothing to remove"
  fi
  if docker network inspect "$network" >/dev/null 2>&1; then
    warn "network $network is still there without the label $environment_label;" \
      "remove it with: docker network rm $network"
  fi
}

# Prints a command, then runs it: the demo is also a lesson in which commands to type.
run() {
  local status=0
  printf '\n$ %s\n' "$*" >&2
  "$@" || status=$?
  [[ $status -eq 0 ]] || die "'$*' failed with exit code $status"
}

case "${1:-}" in
  --down)
    down
    exit 0
    ;;
  "") ;;
  *) usage ;;
esac

"$CHORA_ROOT/scripts/setup.sh"

cd "$CHORA_ROOT"
binary=$CHORA_BUILD_DIR/chora-deploy
[[ -x $binary ]] || die "$binary was not built; see the output of scripts/build.sh above"

step "deploying the example release"
run "$binary" plan "$release"
run "$binary" apply "$release"
run "$binary" status "$release"

cat >&2 <<TEXT

==> the demo is running: curl http://127.0.0.1:18080/health
next steps:
  try an upgrade:                       $binary apply examples/ecosystem/release-v2.yaml
  and a failed upgrade that rolls back: $binary apply examples/ecosystem/release-broken.yaml
  remove the demo:                      ./scripts/demo.sh --down
TEXT
