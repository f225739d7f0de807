#!/bin/sh
# Entry point of the chora-deploy demo services (busybox sh; the image has nothing else).
#
# Serves, with busybox httpd on ${PORT:-80}:
#   /health      "ok <service> <version>" (absent in a broken build, so it answers 404)
#   /version     the version
#   /            a small page
# Before serving, waits for every host in UPSTREAMS (space-separated, "host" or
# "host:port") to answer /health, so that a service turns healthy only once the services it
# depends on answer by their DNS names on the release's network.
#
# Environment: CHORA_DEMO_SERVICE, CHORA_DEMO_VERSION, CHORA_DEMO_BROKEN (set by the image),
# PORT, UPSTREAMS, UPSTREAM_TIMEOUT (seconds, default 30), WWW_DIR (default /tmp/www).
set -eu

service=${CHORA_DEMO_SERVICE:-demo}
version=${CHORA_DEMO_VERSION:-0.0.0}
broken=${CHORA_DEMO_BROKEN:-0}
port=${PORT:-80}
www=${WWW_DIR:-/tmp/www}
upstream_timeout=${UPSTREAM_TIMEOUT:-30}

log() { echo "chora-demo $service $version: $*" >&2; }

case $upstream_timeout in
  '' | *[!0-9]*)
    log "UPSTREAM_TIMEOUT must be whole seconds, not '$upstream_timeout'"
    exit 2
    ;;
esac

# The files are written at start-up, not baked into the image, so that they can say which
# service this is; /tmp/www stays writable even when /www would not be.
mkdir -p "$www"
echo "$version" >"$www/version"
cat >"$www/index.html" <<HTML
<!doctype html>
<title>chora-$service $version</title>
<h1>chora-$service $version</h1>
<p>A demo service of chora-deploy. See <a href="/health">/health</a> and
<a href="/version">/version</a>.</p>
HTML
if [ "$broken" = 1 ]; then
  rm -f "$www/health"
  log "this is a deliberately broken build: /health will answer 404"
else
  echo "ok $service $version" >"$www/health"
fi

# Wait for each upstream in turn; the deadline covers all of them together. `timeout`
# rather than `wget -T`, which crashes Debian 12's static busybox wget.
started=$(date +%s)
for upstream in ${UPSTREAMS:-}; do
  until answer=$(timeout 2 wget -q -O - "http://$upstream/health" 2>/dev/null); do
    if [ $(($(date +%s) - started)) -ge "$upstream_timeout" ]; then
      log "upstream $upstream did not answer http://$upstream/health" \
        "within ${upstream_timeout}s; giving up"
      exit 1
    fi
    sleep 0.2
  done
  log "upstream $upstream answers: $answer"
done

log "serving $www on port $port${LOG_LEVEL:+ (LOG_LEVEL=$LOG_LEVEL)}"
# httpd as PID 1 would ignore SIGTERM (PID 1 gets only the signals it handles), and every
# stop would take the whole grace period. The shell stays PID 1 and passes SIGTERM on.
httpd -f -p "$port" -h "$www" &
server=$!
trap 'log "stopping"; kill -TERM "$server" 2>/dev/null; wait "$server"; exit 0' TERM INT
wait "$server"
