#!/usr/bin/env bash
# Benchmarks chora-deploy against docker-compose on the real engine: releases of growing
# size and two shapes, each applied from nothing several times, and prints the figures
# (bench/README.md defines them); writes them to docs/benchmarks.md too.
#
#   bench/run.sh [--repeat N] [--sizes "1 5 20 50"] [--shapes "chain wide"]
#                [--tools "chora compose"] [--chora-interval DUR] [--out DIR] [--no-doc]
#   bench/run.sh --clean     removes everything the benchmark made, then exits
#
# Runs as root on the machine of the engine (DOCKER_HOST, by default the unix socket).
# Installs Debian's docker-compose and busybox-static when missing, builds chora-deploy
# (scripts/build.sh) when build/chora-deploy is missing; CHORA_DEPLOY names another binary.
# Touches only what it makes: the image chora-bench/svc:1, containers labelled
# io.chora-deploy.bench=true, the environments bench-<shape>-<size> (networks
# chora-bench-<shape>-<size>-<run>) and the compose projects chorabench-<shape>-<size>-<run>.
# Removes them when it ends, however it ends.
set -euo pipefail
export LC_ALL=C # a '.' in $EPOCHREALTIME, whatever the locale
bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=../scripts/lib.sh
. "$bench_dir/../scripts/lib.sh"

readonly image=chora-bench/svc:1
readonly bench_label=io.chora-deploy.bench=true
readonly results_prefix=${TMPDIR:-/tmp}/chora-bench.
# How long a run may take to turn every service healthy after its tool has exited.
readonly settle_timeout=180

repeat=3
sizes="1 5 20 50"
shapes="chain wide"
tools="chora compose"
chora_interval=""
out=""
write_doc=1
clean_only=0

# usage EXIT-CODE
usage() {
  sed -n '6,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit "$1"
}

while [[ $# -gt 0 ]]; do
  case $1 in
    --repeat) repeat=${2:?}; shift 2 ;;
    --sizes) sizes=${2:?}; shift 2 ;;
    --shapes) shapes=${2:?}; shift 2 ;;
    --tools) tools=${2:?}; shift 2 ;;
    --chora-interval) chora_interval=${2:?}; shift 2 ;;
    --out) out=${2:?}; shift 2 ;;
    --no-doc) write_doc=0; shift ;;
    --clean) clean_only=1; shift ;;
    -h | --help) usage 0 ;;
    *) printf 'error: unknown option %s\n' "$1" >&2; usage 3 ;;
  esac
done
[[ $repeat =~ ^[1-9][0-9]*$ ]] || die "--repeat takes a whole number, not '$repeat'"
for size in $sizes; do [[ $size =~ ^[1-9][0-9]*$ ]] || die "bad size '$size'"; done
for shape in $shapes; do [[ $shape == chain || $shape == wide ]] || die "bad shape '$shape'"; done
for tool in $tools; do [[ $tool == chora || $tool == compose ]] || die "bad tool '$tool'"; done

# --- clean-up: only what this benchmark makes -------------------------------------------

# Containers go one at a time: removing fifty at once, while their health probes run, has
# left dockerd 20.10 with a phantom endpoint on their network, which then cannot be removed
# ("has active endpoints", moby/moby#42119) until dockerd restarts.
remove_containers() {
  local id
  while read -r id; do
    [[ -z $id ]] || docker rm -f "$id" >/dev/null 2>&1 || warn "could not remove container $id"
  done
}

# Networks get a few tries, since an endpoint may take a moment to go; one that stays is
# reported and left, so that clean-up goes on.
remove_networks() {
  local id
  while read -r id; do
    [[ -n $id ]] || continue
    for _ in 1 2 3 4 5; do
      docker network rm "$id" >/dev/null 2>&1 && continue 2
      sleep 1
    done
    warn "could not remove network $(docker network inspect -f '{{.Name}}' "$id" 2>/dev/null ||
      echo "$id"): $(docker network rm "$id" 2>&1 >/dev/null | awk 'NR == 1' || true)"
  done
}

remove_chora_env() {
  local env=$1
  docker ps -aq --filter "label=io.chora-deploy.environment=$env" | remove_containers
  docker network ls -q --filter "label=io.chora-deploy.environment=$env" | remove_networks
}

# The containers first, one by one, then `docker-compose down` for the rest (the network).
remove_compose_project() {
  local project=$1 file=$2
  docker ps -aq --filter "label=com.docker.compose.project=$project" | remove_containers
  if [[ -f $file ]]; then
    docker-compose -p "$project" -f "$file" down -t 2 >/dev/null 2>&1 || true
  fi
  docker network ls -q --filter "label=com.docker.compose.project=$project" | remove_networks
}

# Every container and network of the benchmark: containers by the label their image gives
# them, compose networks by the label the compose file gives them, chora-deploy networks
# by their environment (a manifest cannot carry io.chora-deploy.* labels).
remove_bench_objects() {
  docker ps -aq --filter "label=$bench_label" | remove_containers
  docker network ls -q --filter "label=$bench_label" | remove_networks
  docker network ls --filter label=io.chora-deploy.environment \
    --format '{{.ID}} {{.Label "io.chora-deploy.environment"}}' |
    awk '$2 ~ /^bench-(chain|wide)-[0-9]+$/ {print $1}' | remove_networks
}

remove_image() {
  local ids
  ids=$(docker image ls -q "$image")
  [[ -z $ids ]] || docker rmi -f "$ids" >/dev/null
  docker image prune -f --filter "label=$bench_label" >/dev/null
}

watcher_pid=""
context_dir=""
finish() {
  local status=$?
  trap - EXIT INT TERM
  if [[ -n $watcher_pid ]]; then kill "$watcher_pid" 2>/dev/null || true; fi
  [[ -z $context_dir ]] || rm -rf "$context_dir"
  # No ping first: a busy engine can miss a ping's deadline and still answer these.
  remove_bench_objects || warn "could not remove every object of the benchmark"
  remove_image || warn "could not remove $image"
  exit "$status"
}

if [[ $clean_only -eq 1 ]]; then
  need_root "$0 --clean"
  docker_ping || die "no docker engine answers on $(docker_host)"
  step "removing the benchmark's containers, networks, image and results"
  remove_bench_objects
  remove_image
  rm -rf "$results_prefix"*
  exit 0
fi

# --- set-up ------------------------------------------------------------------------------

need_root "$0"
docker_ping || die "no docker engine answers on $(docker_host); scripts/start-docker.sh starts one"
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

install_packages() {
  local missing=()
  command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
  dpkg -s busybox-static >/dev/null 2>&1 || missing+=(busybox-static)
  [[ ${#missing[@]} -eq 0 ]] && return
  step "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null ||
    { apt-get update >/dev/null && apt-get install -y --no-install-recommends "${missing[@]}" \
      >/dev/null; }
}
install_packages
# Debian's python3, which docker-compose brings, whatever python3 comes first on PATH.
python=${PYTHON:-/usr/bin/python3}
command -v "$python" >/dev/null 2>&1 || python=python3

chora=${CHORA_DEPLOY:-$CHORA_ROOT/$CHORA_BUILD_DIR/chora-deploy}
if [[ ! -x $chora ]]; then
  step "building chora-deploy"
  "$CHORA_ROOT/scripts/build.sh"
fi
[[ -x $chora ]] || die "$chora not found; set CHORA_DEPLOY to a built chora-deploy"

build_image() {
  local applet
  context_dir=$(mktemp -d)
  mkdir -p "$context_dir/rootfs/bin" "$context_dir/rootfs/www" "$context_dir/rootfs/tmp"
  chmod 1777 "$context_dir/rootfs/tmp"
  cp /bin/busybox "$context_dir/rootfs/bin/busybox"
  for applet in $(/bin/busybox --list); do
    [[ $applet == busybox ]] || ln -s busybox "$context_dir/rootfs/bin/$applet"
  done
  echo ok >"$context_dir/rootfs/www/health"
  cp "$bench_dir/image/Dockerfile" "$context_dir/"
  docker_quiet_build -q -t "$image" "$context_dir" >/dev/null
  rm -rf "$context_dir"
  context_dir=""
}
step "building $image"
build_image

# Leftovers of an earlier, killed run would change what the tools find.
remove_bench_objects

[[ -n $out ]] || out=$(mktemp -d "${results_prefix}XXXXXX")
# Names the networks and compose projects of this invocation's runs (see workload.py).
run_tag=$(printf '%04x' "$RANDOM")
mkdir -p "$out/runs"

# --- one run -----------------------------------------------------------------------------

# Waits until no container matching the filter is still `starting` its health check: after
# `docker-compose up -d` returns, its last services are started but not yet healthy.
wait_settled() {
  local filter=$1 deadline=$((SECONDS + settle_timeout))
  while [[ -n $(docker ps -q --filter "$filter" --filter health=starting) ]]; do
    ((SECONDS < deadline)) || { warn "still starting after ${settle_timeout}s"; return; }
    sleep 0.2
  done
}

# Records the engine's container events of the benchmark from $1 (epoch seconds) on.
start_watcher() {
  docker events --since "$1" --filter type=container --filter "label=$bench_label" \
    --filter event=create --filter event=start --filter event=health_status \
    --filter event=die --format '{{json .}}' >"$2" &
  watcher_pid=$!
}

stop_watcher() {
  sleep 0.5 # the last health event on its way
  kill "$watcher_pid" 2>/dev/null || true
  wait "$watcher_pid" 2>/dev/null || true
  watcher_pid=""
}

# run_one TOOL SHAPE SIZE REP [warmup]
run_one() {
  local tool=$1 shape=$2 size=$3 rep=$4 warmup=${5:-}
  local env _network project dir file filter status=0 mark start end suffix
  suffix=$run_tag$([[ -n $warmup ]] && echo w || echo "r$rep")
  read -r env _network project < <("$python" "$bench_dir/workload.py" names "$shape" "$size" \
    --suffix "$suffix")
  dir=$out/runs/$(printf '%s-%03d-%s-%d' "$shape" "$size" "$tool" "$rep")
  [[ -z $warmup ]] || dir=$out/warmup/$tool-$shape-$size
  mkdir -p "$dir"

  local interval_args=()
  [[ -z $chora_interval ]] || interval_args=(--interval "$chora_interval")
  if [[ $tool == chora ]]; then
    file=$dir/manifest.yaml
    "$python" "$bench_dir/workload.py" manifest "$shape" "$size" --suffix "$suffix" \
      "${interval_args[@]}" >"$file"
    filter=label=io.chora-deploy.environment=$env
  else
    file=$dir/docker-compose.yml
    "$python" "$bench_dir/workload.py" compose "$shape" "$size" >"$file"
    filter=label=com.docker.compose.project=$project
  fi

  local load
  load=$(cut -d' ' -f1 /proc/loadavg)
  mark=$EPOCHREALTIME
  start_watcher "$mark" "$dir/engine.jsonl"
  start=$EPOCHREALTIME
  if [[ $tool == chora ]]; then
    "$chora" --color never --state-dir "$dir/state" apply "$file" \
      --events "$dir/events.jsonl" >"$dir/output.log" 2>&1 || status=$?
  else
    docker-compose -p "$project" -f "$file" up -d >"$dir/output.log" 2>&1 || status=$?
  fi
  end=$EPOCHREALTIME
  wait_settled "$filter"
  stop_watcher

  printf 'tool=%s\nshape=%s\nsize=%s\nrep=%s\nstart=%s\nend=%s\nexit=%s\nload=%s\n' \
    "$([[ $tool == chora ]] && echo chora-deploy || echo docker-compose)" \
    "$shape" "$size" "$rep" "$start" "$end" "$status" "$load" >"$dir/meta.env"
  info "$(printf '%-8s %-6s %3s #%s  %6.2fs  exit %s' "$tool" "$shape" "$size" "$rep" \
    "$(awk -v a="$start" -v b="$end" 'BEGIN {print b - a}')" "$status")"

  if [[ $tool == chora ]]; then
    remove_chora_env "$env"
  else
    remove_compose_project "$project" "$file"
  fi
  sleep 1 # let the engine finish removing before the next run starts
}

# --- the runs ----------------------------------------------------------------------------

# Which chora-deploy is measured: the checkout's, or the one CHORA_DEPLOY names (then
# CHORA_DEPLOY_SOURCE may say what it was built from).
describe_chora() {
  local commit dirty=""
  if [[ -n ${CHORA_DEPLOY:-} ]]; then
    printf '%s, %s%s\n' "$("$chora" --version)" "$chora" \
      "${CHORA_DEPLOY_SOURCE:+, built from $CHORA_DEPLOY_SOURCE}"
    return
  fi
  commit=$(git -C "$CHORA_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
  [[ -z $(git -C "$CHORA_ROOT" status --porcelain -- src 2>/dev/null) ]] ||
    dirty=" with uncommitted changes in src/"
  printf '%s, %s, built from %s%s\n' "$("$chora" --version)" "$chora" "$commit" "$dirty"
}

describe_machine() {
  cat <<EOF
date=$(date -u +'%Y-%m-%d %H:%M UTC')
nproc=$(nproc)
cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
memory=$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
kernel=$(uname -r)
dockerd=$(docker version --format '{{.Server.Version}}')
storage=$(docker info --format '{{.Driver}}')
chora=$(describe_chora)
compose=$(docker-compose version --short 2>/dev/null || echo unknown)
foreign_containers=$(docker ps -q | wc -l)
sizes=$sizes
shapes=$shapes
repeat=$repeat
chora_interval=$chora_interval
EOF
}
describe_machine >"$out/machine.env"

step "warming up (not recorded)"
for tool in $tools; do run_one "$tool" chain 1 0 warmup; done

step "running: sizes $sizes; shapes $shapes; $repeat run(s) each; results in $out"
for size in $sizes; do
  for shape in $shapes; do
    for ((rep = 1; rep <= repeat; rep++)); do
      # Alternate which tool goes first, so neither always finds the engine fresher.
      order=$tools
      ((rep % 2 == 1)) || order=$(printf '%s\n' "$tools" | tr ' ' '\n' | tac | xargs)
      for tool in $order; do run_one "$tool" "$shape" "$size" "$rep"; done
    done
  done
done

step "figures"
doc_args=(--csv "$out/runs.csv")
[[ $write_doc -eq 0 ]] || doc_args+=(--doc "$CHORA_ROOT/docs/benchmarks.md")
"$python" "$bench_dir/analyze.py" "$out" "${doc_args[@]}"
[[ $write_doc -eq 0 ]] || info "wrote docs/benchmarks.md"
info "raw results: $out (bench/run.sh --clean removes them)"
