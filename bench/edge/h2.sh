#!/usr/bin/env bash
# Edge, part 4 benchmark: HTTP/2 over TLS, Brigade edge vs nginx, with h2load (nghttp2-client):
# one cached 1 KB object, same origin (an nginx static server), same certificate (P-256), same
# machine, same run. h2load -t2 -c16 -m64 (16 connections, 64 streams each), a warm-up of 20,000
# requests, then two rounds of as many requests as about SECONDS take (from the warm-up's rate),
# best of two; prints requests/s and the mean and max time per request.
# Usage: bench/edge/h2.sh [SECONDS]   (default 10 s)
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-10}

need=()
for p in nginx:nginx-light h2load:nghttp2-client openssl:openssl curl:curl; do
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
  [ -n "${KEEP:-}" ] && cp -r "$work" /tmp/bench-h2-work; rm -rf "$work"
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

cat >"$work/origin.conf" <<CFG
worker_processes 1;
pid $work/nginx-origin.pid;
error_log $work/origin-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  server { listen 127.0.0.2:19110; root $work/www; expires 1h; }
}
CFG
nginx -c "$work/origin.conf" -p "$work"
wait_port 127.0.0.2 19110

cat >"$work/brigade.yml" <<YAML
roles:
  edge: { services: { http: { port: 18180, protocol: http } } }
  app: { services: { http: { port: 19110, protocol: http, check: { type: http, path: /static/kb.txt, interval: 2s, timeout: 1s } } } }
hosts:
  edge1: { address: 127.0.0.1, roles: [edge] }
  app1: { address: 127.0.0.2, roles: [app] }
stages:
  bench: { hosts: [edge1, app1] }
layers:
  - { name: edge, role: edge, pools: { app: { role: app } } }
edge:
  admin: { port: 18189 }
  listen:
    - { }
    - { port: 18543, http2: true, tls: { certificates: [ { cert: bench.pem, key: bench.key } ] } }
  cache: { size: 16MB, max-object: 1MB }
YAML
# EDGE_JAVA_OPTS: extra JVM options for the edge, e.g. a JFR recording (the edge starts through
# ./brigade, with the launcher's collector and Netty's Unsafe access, as users run it)
# shellcheck disable=SC2086
BRIGADE_JAVA_OPTS="-Xmx1g ${EDGE_JAVA_OPTS:-}" ./brigade edge -c "$work/brigade.yml" --node edge1 >"$work/edge.log" 2>&1 &
pids+=($!)

# nginx 1.25.1 and later say 'http2 on'; 1.22 (Debian 12) says 'listen ... ssl http2'
version=$(nginx -v 2>&1 | sed 's|.*nginx/||')
if [ "$(printf '%s\n1.25.1\n' "$version" | sort -V | head -1)" = 1.25.1 ]; then
  listen="listen 127.0.0.1:18544 ssl; http2 on;"
else
  listen="listen 127.0.0.1:18544 ssl http2;"
fi
mkdir -p "$work/nginx-cache"
cat >"$work/nginx.conf" <<CFG
worker_processes 2;
pid $work/nginx-h2.pid;
error_log $work/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000; # 1.19.7+ ends an HTTP/2 connection after 1,000 requests by default
  proxy_cache_path $work/nginx-cache levels=1:2 keys_zone=brigade:16m max_size=16m inactive=1h use_temp_path=off;
  upstream app { server 127.0.0.2:19110; keepalive 64; }
  server {
    $listen
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
for p in 18543 18544; do wait_port 127.0.0.1 $p; done
sleep 2

# h2load's summary -> "REQ_PER_S MEAN MAX FAILED" (times as h2load prints them, e.g. 12.34ms).
# Bounded by count (-n), not -D: h2load 1.52's timing mode with --warm-up-time counted no
# requests against nginx (0 req/s with 15 MB of data moved).
round() {
  h2load -t2 -c16 -m64 -n "$2" "$1" 2>&1 | tee -a "$work/h2load.log" | awk '
    /^finished in/ { rps = $4 }
    /^requests:/ { failed = $10 }
    /^time for request:/ { min = $4; max = $5; mean = $6 }
    END { print rps, mean, max, failed }'
}
# warm-ups of 20,000 and 50,000 requests; the second one's rate sizes the two rounds at about SECONDS each
best_of_two() {
  local best="0 - - -" r n
  curl -sk --http2 -o /dev/null "$1"
  round "$1" 20000 >/dev/null
  # a second warm-up: the edge's JIT is still compiling during the first at a load of 10 or more
  r=$(round "$1" 50000)
  n=$(awk -v r="${r%% *}" -v d="$DURATION" 'BEGIN { n = int(r * d); print (n < 20000 ? 20000 : n > 3000000 ? 3000000 : n) }')
  for _ in 1 2; do
    r=$(round "$1" "$n")
    best=$(awk -v a="$r" -v b="$best" 'BEGIN { split(a, x, " "); split(b, y, " "); print (x[1] + 0 > y[1] + 0 ? a : b) }')
  done
  echo "$best $n"
}

echo "HTTP/2 1 KB hits: h2load -t2 -c16 -m64 -n (about ${DURATION} s) after -n 20000; best of two; $(date -u +%Y-%m-%dT%H:%MZ); load average $(cut -d' ' -f1-3 /proc/loadavg)"
grep -o 'TLS by .*' "$work/edge.log" || true
for port in 18543 18544; do
  curl -sk --http2 -o /dev/null "https://127.0.0.1:$port/static/kb.txt"
  echo "port $port: $(curl -sk --http2 -D - -o /dev/null "https://127.0.0.1:$port/static/kb.txt" | grep -iE '^(HTTP/|cache-status)' | tr -d '\r' | tr '\n' ' ')"
done
declare -A res
for entry in brigade-edge:18543 nginx:18544; do
  name=${entry%%:*}; port=${entry##*:}
  res[$name]=$(best_of_two "https://127.0.0.1:$port/static/kb.txt")
  echo "  $name: ${res[$name]}" >&2
done
printf '%-14s %12s %14s %14s %8s %10s\n' proxy "requests/s" "mean latency" "max latency" failed requests
for name in brigade-edge nginx; do
  read -r rps mean max failed n <<<"${res[$name]}"
  printf '%-14s %12s %14s %14s %8s %10s\n' "$name" "$rps" "$mean" "$max" "$failed" "$n"
done
awk -v a="${res[brigade-edge]%% *}" -v b="${res[nginx]%% *}" 'BEGIN { printf "brigade/nginx: %.2fx requests/s\n", a/b }'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
