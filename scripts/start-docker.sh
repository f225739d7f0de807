#!/usr/bin/env bash
# Makes sure a Docker engine answers on DOCKER_HOST (default unix:///var/run/docker.sock).
# Does nothing when one already does. Otherwise starts dockerd: through systemd when systemd
# runs the machine, else directly in the background (containers and CI sandboxes have no
# init system), logging to /var/log/chora-dockerd.log.
#
# Settings, for running a second engine beside the usual one (that is how this script's
# recovery from a killed dockerd was tested without stopping the machine's engine):
#   CHORA_DOCKERD_PIDFILE    dockerd's pid file          (default /var/run/docker.pid)
#   CHORA_DOCKERD_EXEC_ROOT  dockerd's --exec-root       (default /var/run/docker)
#   CHORA_DOCKERD_LOG        where dockerd logs          (default /var/log/chora-dockerd.log)
#   CHORA_DOCKERD_ARGS       more dockerd arguments      (e.g. "--data-root /tmp/d2")
# A second engine must not get --bridge none: dockerd then deletes the docker0 link, and
# with it the first engine's default network. Give it --iptables=false and its own bridge.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

host=$(docker_host)
pidfile=${CHORA_DOCKERD_PIDFILE:-/var/run/docker.pid}
exec_root=${CHORA_DOCKERD_EXEC_ROOT:-/var/run/docker}
logfile=${CHORA_DOCKERD_LOG:-/var/log/chora-dockerd.log}
wait_seconds=60

# True when pid $1 is a live process named $2. A zombie does not count: a killed dockerd
# (and the containerd it takes down with it) stays a zombie until PID 1 reaps it, and in
# some sandboxes PID 1 is slow to.
process_alive() {
  local stat state
  [[ $1 =~ ^[0-9]+$ ]] || return 1
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  # /proc/<pid>/stat is "pid (comm) state ...", and comm may itself hold spaces.
  state=${stat##*) }
  state=${state%% *}
  [[ $state != [ZX] && $(cat "/proc/$1/comm" 2>/dev/null) == "$2" ]]
}

pid_in() { cat "$1" 2>/dev/null || true; }

# Removes pid file $1 unless it names a live $2. dockerd refuses to start while the process
# in its pid file seems to exist, and it reuses the containerd named in containerd.pid; so a
# dockerd killed with kill -9, or by the end of a CI sandbox, would block the next start.
remove_if_stale() {
  [[ -e $1 ]] || return 0
  process_alive "$(pid_in "$1")" "$2" && return 0
  info "removing stale pid file $1 (pid $(pid_in "$1") is not a running $2)"
  rm -f "$1"
}

wait_for_engine() {
  local deadline=$((SECONDS + wait_seconds))
  until docker_ping; do
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}

# Waits for the engine while dockerd $1 lives; fails as soon as it has died.
wait_for_dockerd() {
  local deadline=$((SECONDS + wait_seconds))
  until docker_ping; do
    process_alive "$1" dockerd || return 1
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}

start_with_systemd() {
  info "starting docker.service"
  systemctl start docker || true
  wait_for_engine && return 0
  systemctl --no-pager status docker 2>&1 | tail -n 30 >&2 || true
  die "docker.service did not answer on $host within ${wait_seconds}s"
}

start_in_background() {
  command -v dockerd >/dev/null 2>&1 ||
    die "dockerd is not installed; run scripts/install-packages.sh first"

  # Another dockerd is starting (or hung): wait for it rather than start a second one.
  local pid
  pid=$(pid_in "$pidfile")
  if process_alive "$pid" dockerd; then
    info "dockerd $pid is running but does not answer yet; waiting"
    wait_for_dockerd "$pid" && return 0
    process_alive "$pid" dockerd &&
      die "dockerd $pid runs but does not answer on $host; see $logfile"
  fi
  remove_if_stale "$pidfile" dockerd
  remove_if_stale "$exec_root/containerd/containerd.pid" containerd

  local args=(--pidfile "$pidfile" --exec-root "$exec_root")
  # dockerd listens on the default socket unless told otherwise.
  if [[ $host != unix:///var/run/docker.sock ]]; then
    args+=(-H "$host")
  fi
  # shellcheck disable=SC2206 # splitting the extra arguments into words is wanted
  args+=(${CHORA_DOCKERD_ARGS:-})

  info "starting dockerd ${args[*]} (log: $logfile)"
  mkdir -p "$(dirname "$logfile")"
  printf '\n==> %s: start-docker.sh starting dockerd %s\n' "$(date -Is)" "${args[*]}" \
    >>"$logfile"
  # setsid + nohup: dockerd must outlive this script, its terminal and its process group
  # (ctest and CI runners end process groups when they finish). setsid does not fork here,
  # so $! is dockerd itself.
  setsid nohup dockerd "${args[@]}" >>"$logfile" 2>&1 </dev/null &
  pid=$!

  if ! wait_for_dockerd "$pid"; then
    process_alive "$pid" dockerd &&
      warn "dockerd $pid did not answer on $host within ${wait_seconds}s"
    warn "dockerd did not start; last lines of $logfile:"
    tail -n 30 "$logfile" >&2
    exit 1
  fi
}

if docker_ping; then
  info "docker engine answers on $host"
  exit 0
fi

case "$host" in
  unix://*) ;;
  *) die "no docker engine answers on $host, and this script only starts local engines" ;;
esac

need_root "starting dockerd"
# /run/systemd/system exists only when systemd is PID 1 (see sd_booted(3)).
if [[ -d /run/systemd/system ]] && command -v systemctl >/dev/null 2>&1; then
  start_with_systemd
else
  start_in_background
fi
info "docker engine answers on $host"
