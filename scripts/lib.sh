#!/usr/bin/env bash
# Shared helpers for the scripts in this folder. Sourced, never run:
#   . "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# Progress goes to stderr as "==> step" lines, so stdout stays free for what a command
# prints as its result (chora-deploy's plans and tables in demo.sh, for instance).
set -Eeuo pipefail

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  echo "lib.sh is sourced by the other scripts, not run" >&2
  exit 2
fi

# set -e ends a script at the first failing command without a word; say which one it was
# (-E above: in functions too).
on_error() { printf 'error: %s: line %s: %s failed (exit %s)\n' "$0" "$2" "$3" "$1" >&2; }
trap 'on_error "$?" "$LINENO" "$BASH_COMMAND"' ERR

# The repository root, whatever the caller's current directory.
# shellcheck disable=SC2034 # used by the scripts that source this file
CHORA_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Where build.sh builds and test.sh and demo.sh look for the binary.
CHORA_BUILD_DIR=${CHORA_BUILD_DIR:-build}

step() { printf '==> %s\n' "$*" >&2; }
info() { printf '    %s\n' "$*" >&2; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

need_root() {
  [[ $(id -u) -eq 0 ]] || die "$1 needs root; run it as root (sudo $0)"
}

# The engine endpoint, as the tool itself reads it.
docker_host() { printf '%s\n' "${DOCKER_HOST:-unix:///var/run/docker.sock}"; }

# True when an engine answers GET /_ping at DOCKER_HOST. curl rather than the docker CLI,
# because the CLI may not be installed yet and is slower to start.
docker_ping() {
  local host
  host=$(docker_host)
  case "$host" in
    unix://*)
      [[ -S "${host#unix://}" ]] || return 1
      curl -fsS --max-time 3 --unix-socket "${host#unix://}" http://docker/_ping \
        >/dev/null 2>&1
      ;;
    tcp://*) curl -fsS --max-time 3 "http://${host#tcp://}/_ping" >/dev/null 2>&1 ;;
    *) return 1 ;;
  esac
}

# Runs `docker build` with the legacy builder, its deprecation notice filtered out of stderr.
# Newer CLIs print it on every DOCKER_BUILDKIT=0 build; 20.10 does not.
docker_quiet_build() {
  local err status=0
  err=$(mktemp)
  DOCKER_BUILDKIT=0 docker build "$@" 2>"$err" || status=$?
  grep -v -e '^DEPRECATED: The legacy builder' -e 'BuildKit is currently disabled' \
    -e '^ *environment-variable\.$' -e '^$' "$err" >&2 || true
  rm -f "$err"
  return "$status"
}
