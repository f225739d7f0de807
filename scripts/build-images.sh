#!/usr/bin/env bash
# Builds the demo images from examples/images/demo-service: FROM scratch plus Debian's static
# busybox, so nothing is downloaded and each build takes a fraction of a second.
#   (default)  chora/<service>:<version>, the images the examples/ manifests name
#   --test     chora-test/<service>:<version> and chora-test/busybox:1, all labelled
#              io.chora-deploy.test=true (the integration tests use them;
#              scripts/remove-test-objects.sh removes them)
# Builds again every time; the legacy builder's cache makes that quick.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

test_mode=0
case "${1:-}" in
  --test) test_mode=1 ;;
  "") ;;
  *) die "usage: $0 [--test]" ;;
esac

services=(config indexer compose search gateway)
versions=(1.0.0 1.1.0)
broken_image=search:1.2.0-broken
# The one service whose image has a Docker HEALTHCHECK, so that gate level is exercised.
healthcheck_service=gateway

busybox_bin=/bin/busybox
source_dir=$CHORA_ROOT/examples/images/demo-service

command -v docker >/dev/null 2>&1 || die "docker CLI not found; run scripts/setup.sh"
docker_ping || die "no docker engine answers on $(docker_host); run scripts/start-docker.sh"
[[ -x $busybox_bin ]] || die "$busybox_bin not found; install busybox-static"
# A dynamically linked busybox (Debian's "busybox" package) would not run in a scratch image.
if ldd "$busybox_bin" >/dev/null 2>&1; then
  die "$busybox_bin is dynamically linked; install busybox-static instead of busybox"
fi

# Every image built here carries io.chora-deploy.built-by-script, so that the copies a
# rebuild leaves untagged (<none>) can be pruned below, and nothing else is.
if [[ $test_mode -eq 1 ]]; then
  repo=chora-test
  extra=(--label io.chora-deploy.built-by-script=true --label io.chora-deploy.test=true)
else
  repo=chora
  extra=(--label io.chora-deploy.built-by-script=true)
fi

# The build context: the Dockerfile, the entry script and a root file system that holds
# busybox and a link per applet (sh, httpd, wget, nc, sleep, ...).
context=$(mktemp -d)
trap 'rm -rf "$context"' EXIT
mkdir -p "$context/rootfs/bin" "$context/rootfs/tmp"
chmod 1777 "$context/rootfs/tmp"
cp "$busybox_bin" "$context/rootfs/bin/busybox"
for applet in $("$busybox_bin" --list); do
  [[ $applet == busybox ]] || ln -s busybox "$context/rootfs/bin/$applet"
done
cp "$source_dir/Dockerfile" "$context/"
install -m 0755 "$source_dir/chora-demo.sh" "$context/chora-demo.sh"
# The first line of busybox's help: "BusyBox v1.35.0 (Debian ...) multi-call binary."
# awk reads it all, where `head -n 1` could leave busybox a SIGPIPE to fail pipefail with.
busybox_version=$("$busybox_bin" 2>&1 | awk 'NR == 1 {print $2}')
busybox_version=${busybox_version#v}

# build TAG TARGET [BUILD-ARG...]
build() {
  local tag=$1 target=$2 id
  shift 2
  local args=() arg
  for arg in "$@"; do args+=(--build-arg "$arg"); done
  id=$(docker_quiet_build -q --target "$target" -t "$tag" "${args[@]}" "${extra[@]}" \
    "$context") || die "building $tag failed"
  info "$(printf "%-28s %s" "$tag" "${id:7:12}")"
}

build_service() {
  local service=$1 version=$2 broken=$3 target=service
  [[ $service == "$healthcheck_service" ]] && target="service-healthcheck"
  build "$repo/$service:$version" "$target" \
    "SERVICE=$service" "VERSION=$version" "BROKEN=$broken"
}

step "building $repo/* images"
started=$SECONDS
count=0
if [[ $test_mode -eq 1 ]]; then
  build "$repo/busybox:1" busybox "BUSYBOX_VERSION=$busybox_version"
  count=$((count + 1))
fi
for service in "${services[@]}"; do
  for version in "${versions[@]}"; do
    build_service "$service" "$version" 0
    count=$((count + 1))
  done
done
build_service "${broken_image%%:*}" "${broken_image#*:}" 1
count=$((count + 1))
info "$count images in $((SECONDS - started))s"

# A rebuild that changed an image leaves its previous copy untagged; prune those (only
# ours, and only when no container still uses them).
docker image prune -f --filter label=io.chora-deploy.built-by-script=true >/dev/null ||
  warn "could not prune the untagged copies of earlier builds"
