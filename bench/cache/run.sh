#!/usr/bin/env bash
# Edge, part 2 benchmark: Brigade edge as a cache vs Varnish (default VCL) vs nginx proxy_cache,
# same origin (one demo-app instance), same machine, same run.
#  1. hits/s: wrk -t2 -c64 on one cached 1 KB object (/static/kb.txt), best of two rounds;
#  2. a Zipf mix over N_OBJECTS product pages with every cache smaller than the working set:
#     hit ratio (each proxy's own hit marker, counted by bench/cache/zipf.lua) and requests/s.
# Usage: bench/cache/run.sh [SECONDS] [CACHE_MB]   (defaults: 10 s, 16 MB); GZIP=false turns the
# edge's compression of stored responses off
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-10}
CACHE_MB=${2:-16}
export N_OBJECTS=${N_OBJECTS:-100000}
# Every cache answers the same seeded sequence of this many Zipf requests (bounded by time too).
export ZIPF_REQUESTS=${ZIPF_REQUESTS:-400000}

need=()
for p in varnishd:varnish nginx:nginx wrk:wrk; do
  command -v "${p%%:*}" >/dev/null || need+=("${p##*:}")
done
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
./brigade version >/dev/null
. .ci/find-jdk
JAVA="$(brigade_find_jdk)/bin/java"
JAR=cli/target/brigade.jar
work=$(mktemp -d)
chmod 755 "$work"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  pkill -f "varnishd.*$work" 2>/dev/null || true
  [ -n "${KEEP:-}" ] && cp -r "$work" /tmp/bench-cache-work; rm -rf "$work"
}
trap cleanup EXIT
wait_port() {
  for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null && return 0; sleep 0.1; done
  echo "nothing listens on $1:$2" >&2; return 1
}

"$JAVA" -Xmx512m -jar "$JAR" demo --app-only --instances 1 --bind 127.0.0.2 --port 19000 --latency 0ms \
  --max-age 3600 --for 3600s >"$work/app.log" 2>&1 &
pids+=($!)
wait_port 127.0.0.2 19000

cat >"$work/brigade.yml" <<YAML
roles:
  edge: { services: { http: { port: 18080, protocol: http } } }
  app: { services: { http: { port: 19000, protocol: http, check: { type: http, path: /health, interval: 2s, timeout: 1s } } } }
hosts:
  edge1: { address: 127.0.0.1, roles: [edge] }
  app1: { address: 127.0.0.2, roles: [app] }
stages:
  bench: { hosts: [edge1, app1] }
layers:
  - { name: edge, role: edge, pools: { app: { role: app } } }
edge:
  admin: { port: 18089 }
  cache: { size: ${CACHE_MB}MB, max-object: 1MB }
  compression: { gzip: ${GZIP:-true} }
YAML
BRIGADE_JAVA_OPTS="${BRIGADE_JAVA_OPTS:-} -Xmx1g" ./brigade edge -c "$work/brigade.yml" --node edge1 >"$work/edge.log" 2>&1 &
pids+=($!)

varnishd -a 127.0.0.1:18083 -b 127.0.0.2:19000 -s "malloc,${CACHE_MB}m" -n "$work/varnish" \
  -p thread_pools=2 >"$work/varnish.log" 2>&1

mkdir -p "$work/nginx-cache"
cat >"$work/nginx.conf" <<CFG
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  proxy_cache_path $work/nginx-cache levels=1:2 keys_zone=brigade:16m max_size=${CACHE_MB}m inactive=1h use_temp_path=off;
  upstream app { server 127.0.0.2:19000; keepalive 64; }
  server {
    listen 127.0.0.1:18084;
    location / {
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_cache brigade;
      add_header X-Cache-Status \$upstream_cache_status;
    }
  }
}
CFG
nginx -c "$work/nginx.conf" -p "$work"
for p in 18080 18083 18084; do wait_port 127.0.0.1 $p; done
sleep 2

hits_per_second() { # PORT -> best requests/s of two rounds on one cached 1 KB object
  local best=0 r
  curl -s -o /dev/null "http://127.0.0.1:$1/static/kb.txt"
  wrk -t2 -c64 -d3s "http://127.0.0.1:$1/static/kb.txt" >/dev/null 2>&1
  for _ in 1 2; do
    r=$(wrk -t2 -c64 -d"${DURATION}s" "http://127.0.0.1:$1/static/kb.txt" | awk '/Requests\/sec/ {print $2}')
    best=$(awk -v a="$r" -v b="$best" 'BEGIN { print (a > b ? a : b) }')
  done
  echo "$best"
}

echo "1 KB hit: wrk -t2 -c64 -d${DURATION}s, best of two; Zipf(s=${ZIPF_S:-0.99}) over $N_OBJECTS objects, caches of ${CACHE_MB} MB; $(date -u +%Y-%m-%dT%H:%MZ)"
declare -A hps zr zh zs
for entry in brigade-edge:18080 varnish:18083 nginx-proxy_cache:18084; do
  name=${entry%%:*}; port=${entry##*:}
  hps[$name]=$(hits_per_second "$port")
  echo "  $name: ${hps[$name]} hits/s" >&2
done
coalesced() { curl -s http://127.0.0.1:18089/metrics | awk '/^brigade_edge_cache_coalesced_total / {print $2}'; }
coalesced_before=$(coalesced)
for entry in brigade-edge:18080 varnish:18083 nginx-proxy_cache:18084; do
  name=${entry%%:*}; port=${entry##*:}
  out=$(wrk -t2 -c64 -d"$((DURATION * 12))s" -s bench/cache/zipf.lua "http://127.0.0.1:$port/")
  # with a fixed request count wrk divides it by -d, not by the time it took: no rate then
  if [ "$ZIPF_REQUESTS" -gt 0 ]; then zr[$name]=n/a; else zr[$name]=$(awk '/Requests\/sec/ {print $2}' <<<"$out"); fi
  zh[$name]=$(awk '/^HITRATIO/ {print $2 " of " $4}' <<<"$out")
  zs[$name]=$(awk '/^STEADY/ {print $2}' <<<"$out")
  echo "  $name zipf: ${zr[$name]} req/s, hit ratio ${zh[$name]}, second half ${zs[$name]}" >&2
done
objects=$(curl -s http://127.0.0.1:18089/metrics | awk '/^brigade_edge_cache_objects / {print $2}')
bytes=$(curl -s http://127.0.0.1:18089/metrics | awk '/^brigade_edge_cache_bytes / {print $2}')
coalesced_zipf=$(awk -v a="$(coalesced)" -v b="$coalesced_before" 'BEGIN { print a - b }')
vobjects=$(varnishstat -n "$work/varnish" -1 -f MAIN.n_object 2>/dev/null | awk '{print $2}')
printf '%-20s %12s %14s %22s %12s\n' proxy "1KB hits/s" "zipf req/s" "hit ratio (of requests)" "second half"
for name in brigade-edge varnish nginx-proxy_cache; do
  printf '%-20s %12s %14s %22s %12s\n' "$name" "${hps[$name]}" "${zr[$name]}" "${zh[$name]}" "${zs[$name]}"
done
awk -v b="${hps[brigade-edge]}" -v v="${hps[varnish]}" -v n="${hps[nginx-proxy_cache]}" \
  'BEGIN { printf "1KB hits: brigade/varnish %.2fx   brigade/nginx %.2fx\n", b/v, b/n }'
awk -v o="$objects" -v b="$bytes" 'BEGIN { if (o > 0) printf "brigade cache after the Zipf run: %d objects, %d bytes accounted, %.0f bytes per object\n", o, b, b/o }'
echo "varnish after the Zipf run: ${vobjects:-?} objects in malloc,${CACHE_MB}m"
echo "brigade requests in the Zipf run that waited for another's fetch (collapsed, counted as misses): $coalesced_zipf"
