#!/usr/bin/env bash
# Edge, part 4 benchmark: HTTPS termination, Brigade edge vs nginx, same origin (an nginx static
# server), same certificate (P-256), same machine, same run.
#  1. keep-alive 1 KB hits over HTTPS: wrk -t2 -c64 on one cached object, best of two rounds;
#  2. new TLS handshakes/s: the same with 'Connection: close' (one full handshake per request).
# Usage: bench/edge/tls.sh [SECONDS]   (default 10 s)
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-10}

need=()
for p in nginx:nginx-light wrk:wrk openssl:openssl; do
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
  for f in "$work"/nginx-*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true; done
  [ -n "${KEEP:-}" ] && cp -r "$work" /tmp/bench-tls-work; rm -rf "$work"
}
trap cleanup EXIT
wait_port() {
  for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null && return 0; sleep 0.1; done
  echo "nothing listens on $1:$2" >&2; return 1
}

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/bench.key" \
  -out "$work/bench.pem" -subj /CN=bench.test -addext subjectAltName=DNS:bench.test,IP:127.0.0.1 \
  -days 2 2>/dev/null
mkdir -p "$work/www/static"
head -c 1024 /dev/zero | tr '\0' 'x' >"$work/www/static/kb.txt"

# the origin: nginx serving static files with a long max-age
cat >"$work/origin.conf" <<CFG
worker_processes 1;
pid $work/nginx-origin.pid;
error_log $work/origin-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  server { listen 127.0.0.2:19100; root $work/www; expires 1h; }
}
CFG
nginx -c "$work/origin.conf" -p "$work"
wait_port 127.0.0.2 19100

cat >"$work/brigade.yml" <<YAML
roles:
  edge: { services: { http: { port: 18080, protocol: http } } }
  app: { services: { http: { port: 19100, protocol: http, check: { type: http, path: /static/kb.txt, interval: 2s, timeout: 1s } } } }
hosts:
  edge1: { address: 127.0.0.1, roles: [edge] }
  app1: { address: 127.0.0.2, roles: [app] }
stages:
  bench: { hosts: [edge1, app1] }
layers:
  - { name: edge, role: edge, pools: { app: { role: app } } }
edge:
  admin: { port: 18089 }
  listen:
    - { }
    - { port: 18443, tls: { certificates: [ { cert: bench.pem, key: bench.key } ] } }
  cache: { size: 16MB, max-object: 1MB }
YAML
# EDGE_JAVA_OPTS: extra JVM options for the edge, e.g. a JFR recording (the edge starts through
# ./brigade, with the launcher's collector and Netty's Unsafe access, as users run it)
# shellcheck disable=SC2086
BRIGADE_JAVA_OPTS="-Xmx1g ${EDGE_JAVA_OPTS:-}" ./brigade edge -c "$work/brigade.yml" --node edge1 >"$work/edge.log" 2>&1 &
pids+=($!)

mkdir -p "$work/nginx-cache"
cat >"$work/nginx.conf" <<CFG
worker_processes 2;
pid $work/nginx-tls.pid;
error_log $work/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  proxy_cache_path $work/nginx-cache levels=1:2 keys_zone=brigade:16m max_size=16m inactive=1h use_temp_path=off;
  upstream app { server 127.0.0.2:19100; keepalive 64; }
  server {
    listen 127.0.0.1:18444 ssl;
    ssl_certificate $work/bench.pem;
    ssl_certificate_key $work/bench.key;
    ssl_protocols TLSv1.2 TLSv1.3;
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
for p in 18443 18444; do wait_port 127.0.0.1 $p; done
sleep 2

best_of_two() { # URL [wrk options...] -> best requests/s of two rounds, after a 3 s warm-up
  local url=$1 best=0 r
  shift
  curl -sk -o /dev/null "$url"
  wrk "$@" -d3s "$url" >/dev/null 2>&1
  for _ in 1 2; do
    r=$(wrk "$@" -d"${DURATION}s" "$url" | awk '/Requests\/sec/ {print $2}')
    best=$(awk -v a="$r" -v b="$best" 'BEGIN { print (a > b ? a : b) }')
  done
  echo "$best"
}

echo "HTTPS 1 KB hits: wrk -t2 -c64 -d${DURATION}s; handshakes: wrk -t2 -c16 -H 'Connection: close'; best of two; $(date -u +%Y-%m-%dT%H:%MZ); load average $(cut -d' ' -f1-3 /proc/loadavg)"
grep -o 'TLS by .*' "$work/edge.log" || true
curl -sk -o /dev/null "https://127.0.0.1:18443/static/kb.txt"
echo "brigade: $(curl -sk -D - -o /dev/null "https://127.0.0.1:18443/static/kb.txt" | grep -i '^cache-status' | tr -d '\r')"
declare -A ka hs
for entry in brigade-edge:18443 nginx:18444; do
  name=${entry%%:*}; port=${entry##*:}
  ka[$name]=$(best_of_two "https://127.0.0.1:$port/static/kb.txt" -t2 -c64)
  echo "  $name: ${ka[$name]} keep-alive hits/s" >&2
  hs[$name]=$(best_of_two "https://127.0.0.1:$port/static/kb.txt" -t2 -c16 -H 'Connection: close')
  echo "  $name: ${hs[$name]} handshakes/s" >&2
done
printf '%-14s %18s %14s\n' proxy "keep-alive hits/s" "handshakes/s"
for name in brigade-edge nginx; do
  printf '%-14s %18s %14s\n' "$name" "${ka[$name]}" "${hs[$name]}"
done
awk -v a="${ka[brigade-edge]}" -v b="${ka[nginx]}" -v c="${hs[brigade-edge]}" -v d="${hs[nginx]}" \
  'BEGIN { printf "brigade/nginx: keep-alive %.2fx, handshakes %.2fx\n", a/b, c/d }'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
