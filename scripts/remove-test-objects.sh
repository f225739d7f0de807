#!/usr/bin/env bash
# Removes every container (running or not), network and image labelled
# io.chora-deploy.test=true: what the integration tests and `build-images.sh --test` made.
# Nothing else is touched or pruned. Succeeds when there is nothing to remove; fails only
# when something labelled is still there afterwards (or no engine answers).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

label=io.chora-deploy.test=true

docker_ping || die "no docker engine answers on $(docker_host)"

list() {
  case $1 in
    container) docker ps -aq --filter "label=$label" ;;
    network) docker network ls -q --filter "label=$label" ;;
    image) docker images -aq --filter "label=$label" | sort -u ;;
  esac
}

# remove KIND COMMAND...: removes every listed object of KIND. An object that vanished
# between listing and removing (a test's own cleanup racing this one) is not an error, so
# failures are judged by what is still listed afterwards.
remove() {
  local kind=$1 ids
  shift
  mapfile -t ids < <(list "$kind")
  [[ ${#ids[@]} -gt 0 ]] || return 0
  info "removing ${#ids[@]} ${kind}(s)"
  "$@" "${ids[@]}" >/dev/null 2>&1 || true
  mapfile -t ids < <(list "$kind")
  [[ ${#ids[@]} -eq 0 ]] && return 0
  # Once more, with the errors shown this time.
  "$@" "${ids[@]}" >/dev/null || true
  mapfile -t ids < <(list "$kind")
  [[ ${#ids[@]} -eq 0 ]] || die "could not remove ${kind}(s) ${ids[*]}"
}

step "removing test objects (label $label)"
# Containers first: networks with endpoints and images in use cannot be removed.
remove container docker rm -f -v
remove network docker network rm
remove image docker image rm -f
info "done"
