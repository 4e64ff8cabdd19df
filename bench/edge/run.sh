#!/usr/bin/env bash
# Edge, part 4 benchmark: pass-through and cache hits with an nginx static origin. Side by side in
# one run: the origin direct; pass-through by Brigade's edge (no cache), HAProxy and nginx; hits by
# Brigade's edge (cache on), nginx proxy_cache and Varnish. wrk -t2 -c64 --latency on one 1 KB
# file, every target warmed first, then ROUNDS interleaved rounds (the order rotates per round);
# prints the median requests/s and p99 of each and the ratios against the targets.
# Usage: bench/edge/run.sh [SECONDS] [ROUNDS] [WARMUP]   (defaults: 6 s, 3 rounds, 8 s warm-up)
# ONLY="brigade-pass haproxy" runs just those targets.
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-6}
ROUNDS=${2:-3}
WARMUP=${3:-8}
CONNS=64
THREADS=2
OBJECT=/static/kb.txt

need=()
for p in haproxy:haproxy nginx:nginx-light wrk:wrk varnishd:varnish curl:curl; do
  command -v "${p%%:*}" >/dev/null || need+=("${p##*:}")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]}..." >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

./brigade version >/dev/null # builds the jar if needed
work=$(mktemp -d)
chmod 755 "$work"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for f in "$work"/*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true; done
  [ -n "${KEEP:-}" ] && cp -r "$work" /tmp/bench-edge-work
  rm -rf "$work"
}
trap cleanup EXIT

wait_port() { # ADDRESS PORT
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "nothing listens on $1:$2" >&2
  return 1
}

# The origin: one nginx serving a 1 KB static file (cacheable for an hour) on three loopback
# addresses, port 19000, as three application servers of a cluster would be.
mkdir -p "$work/www/static"
head -c 1024 /dev/zero | tr '\0' 'x' >"$work/www/static/kb.txt"
cat >"$work/origin.conf" <<CFG
worker_processes 2;
pid $work/origin.pid;
error_log $work/origin-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.2:19000; listen 127.0.0.3:19000; listen 127.0.0.4:19000;
    root $work/www;
    expires 1h;
  }
}
CFG
nginx -c "$work/origin.conf" -p "$work"
for i in 2 3 4; do wait_port 127.0.0.$i 19000; done

edge_config() { # PORT ADMIN_PORT CACHE_LINE
  cat <<YAML
roles:
  edge: { services: { http: { port: $1, protocol: http } } }
  app:
    services:
      http: { port: 19000, protocol: http, check: { type: http, path: $OBJECT, interval: 2s, timeout: 1s } }
hosts:
  edge1: { address: 127.0.0.1, roles: [edge] }
  app1: { address: 127.0.0.2, roles: [app] }
  app2: { address: 127.0.0.3, roles: [app] }
  app3: { address: 127.0.0.4, roles: [app] }
stages:
  bench: { hosts: [edge1, app1, app2, app3] }
layers:
  - { name: edge, role: edge, pools: { app: { role: app } } }
edge:
  admin: { port: $2 }
$3
YAML
}
# Two edges: pass-through (no cache at all) and cache hits (the same object, cached).
edge_config 18080 18089 "" >"$work/brigade-pass.yml"
# GZIP=false stores the 1 KB text object as it came; by default it is stored gzipped once and
# decoded for every hit here, since wrk sends no Accept-Encoding.
edge_config 18090 18099 "  cache: { size: 64MB, max-object: 1MB }
  compression: { gzip: ${GZIP:-true} }" >"$work/brigade-cache.yml"
BRIGADE_JAVA_OPTS="${BRIGADE_JAVA_OPTS:-} -Xmx512m" ./brigade edge -c "$work/brigade-pass.yml" \
  --node edge1 >"$work/edge-pass.log" 2>&1 &
pids+=($!)
BRIGADE_JAVA_OPTS="${BRIGADE_JAVA_OPTS:-} -Xmx512m" ./brigade edge -c "$work/brigade-cache.yml" \
  --node edge1 >"$work/edge-cache.log" 2>&1 &
pids+=($!)

cat >"$work/haproxy.cfg" <<CFG
global
  nbthread 2
  pidfile $work/haproxy.pid
  maxconn 4000
defaults
  mode http
  timeout connect 3s
  timeout client 30s
  timeout server 30s
  option http-keep-alive
  http-reuse always
frontend fe
  bind 127.0.0.1:18081
  default_backend app
backend app
  balance roundrobin
  server app1 127.0.0.2:19000
  server app2 127.0.0.3:19000
  server app3 127.0.0.4:19000
CFG
haproxy -D -f "$work/haproxy.cfg"

mkdir -p "$work/nginx-cache"
cat >"$work/nginx.conf" <<CFG
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  proxy_cache_path $work/nginx-cache levels=1:2 keys_zone=brigade:16m max_size=64m inactive=1h use_temp_path=off;
  upstream app {
    server 127.0.0.2:19000;
    server 127.0.0.3:19000;
    server 127.0.0.4:19000;
    keepalive 64;
  }
  server {
    listen 127.0.0.1:18082;
    location / {
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
  server {
    listen 127.0.0.1:18084;
    location / {
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_cache brigade;
    }
  }
}
CFG
nginx -c "$work/nginx.conf" -p "$work"

varnishd -a 127.0.0.1:18083 -b 127.0.0.2:19000 -s malloc,256m -n "$work/varnish" \
  -P "$work/varnishd.pid" -p thread_pools=2 >"$work/varnish.log" 2>&1

for p in 18080 18090 18081 18082 18083 18084; do wait_port 127.0.0.1 $p; done
sleep 2

targets=(origin:127.0.0.2:19000 brigade-pass:127.0.0.1:18080 haproxy:127.0.0.1:18081
  nginx-pass:127.0.0.1:18082 brigade-hit:127.0.0.1:18090 nginx-cache-hit:127.0.0.1:18084
  varnish-hit:127.0.0.1:18083)
if [ -n "${ONLY:-}" ]; then
  kept=()
  for t in "${targets[@]}"; do [[ " $ONLY " == *" ${t%%:*} "* ]] && kept+=("$t"); done
  targets=("${kept[@]}")
fi

run_wrk() { # HOSTPORT SECONDS -> "RPS P99_MS ERRORS"
  wrk -t$THREADS -c$CONNS -d"$2s" --latency "http://$1$OBJECT" | awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec/ { r = $2 } $1 == "99%" { p = ms($2) } /Non-2xx|Socket errors/ { e = e $0 " " }
    END { printf "%s %.2f %s\n", r, p, (e == "" ? "-" : e) }'
}

echo "wrk -t$THREADS -c$CONNS --latency on a 1 KB file; warm-up ${WARMUP}s per target, $ROUNDS rounds of ${DURATION}s, median; $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ); load average $(cut -d' ' -f1-3 /proc/loadavg)"
for t in "${targets[@]}"; do
  hp=${t#*:}
  curl -s -o /dev/null "http://$hp$OBJECT" # the caches store the object
  wrk -t$THREADS -c$CONNS -d"${WARMUP}s" "http://$hp$OBJECT" >/dev/null 2>&1
done
echo "brigade-hit: $(curl -s -D - -o /dev/null "http://127.0.0.1:18090$OBJECT" | grep -i '^cache-status' | tr -d '\r')"
declare -A results errors
n=${#targets[@]}
for round in $(seq 1 "$ROUNDS"); do
  for i in $(seq 0 $((n - 1))); do
    t=${targets[$(((i + round - 1) % n))]}
    name=${t%%:*}
    read -r r p e <<<"$(run_wrk "${t#*:}" "$DURATION")"
    echo "  round $round: $name $r req/s, p99 $p ms $([ "$e" = - ] || echo "$e")" >&2
    results[$name]="${results[$name]:-} $r:$p"
    [ "$e" = - ] || errors[$name]="$e"
  done
done

median() { # FIELD(1=rps,2=p99) VALUES... (each rps:p99)
  local f=$1
  shift
  printf '%s\n' "$@" | awk -F: -v f="$f" '{print $f}' | sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'
}
declare -A mr mp
printf '%-16s %12s %10s\n' target requests/s "p99 ms"
for t in "${targets[@]}"; do
  name=${t%%:*}
  # shellcheck disable=SC2086
  mr[$name]=$(median 1 ${results[$name]})
  # shellcheck disable=SC2086
  mp[$name]=$(median 2 ${results[$name]})
  printf '%-16s %12s %10s %s\n' "$name" "${mr[$name]}" "${mp[$name]}" "${errors[$name]:-}"
done
ratio() { # NAME_A NAME_B TARGET LABEL
  [ -n "${mr[$1]:-}" ] && [ -n "${mr[$2]:-}" ] || return 0
  awk -v a="${mr[$1]}" -v b="${mr[$2]}" -v pa="${mp[$1]}" -v pb="${mp[$2]}" -v t="$3" -v l="$4" \
    'BEGIN { printf "%-34s %.2fx (target >= %sx), p99 %.2f vs %.2f ms (target: not higher)\n", l, a / b, t, pa, pb }'
}
ratio brigade-pass haproxy 1.1 "pass-through brigade/haproxy:"
ratio brigade-pass nginx-pass 1.0 "pass-through brigade/nginx:"
ratio brigade-hit nginx-cache-hit 1.3 "hits brigade/nginx proxy_cache:"
ratio brigade-hit varnish-hit 1.0 "hits brigade/varnish:"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
