#!/usr/bin/env bash
# Edge, part 1 benchmark: Brigade edge vs HAProxy vs nginx as plain reverse proxies in front of
# the same three demo-app instances, driven by wrk (keep-alive, 64 connections, a small response),
# one after the other in the same run on this machine. Prints requests/s and p99 for each and the
# ratios. Usage: bench/edge/run.sh [SECONDS]   (default 10 s per proxy)
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-10}
CONNS=64
THREADS=2
PATH_UNDER_TEST=/health

need=()
command -v haproxy >/dev/null || need+=(haproxy)
command -v nginx >/dev/null || need+=(nginx)
command -v wrk >/dev/null || need+=(wrk)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]}..." >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

./brigade version >/dev/null # builds the jar if needed
. .ci/find-jdk
JAVA="$(brigade_find_jdk)/bin/java"
JAR=cli/target/brigade.jar
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  [ -f "$work/haproxy.pid" ] && kill "$(cat "$work/haproxy.pid")" 2>/dev/null || true
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

# Three application instances, one per loopback address, all on port 19000, as in a real cluster.
for i in 2 3 4; do
  "$JAVA" -Xmx256m -jar "$JAR" demo --app-only --instances 1 --bind 127.0.0.$i --port 19000 --latency 0ms \
    --for 3600s >"$work/app$i.log" 2>&1 &
  pids+=($!)
done
for i in 2 3 4; do wait_port 127.0.0.$i 19000; done

cat >"$work/brigade.yml" <<YAML
roles:
  edge: { services: { http: { port: 18080, protocol: http } } }
  app:
    services:
      http: { port: 19000, protocol: http, check: { type: http, path: /health, interval: 2s, timeout: 1s } }
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
  admin: { port: 18089 }
YAML
"$JAVA" -Xmx512m -jar "$JAR" edge -c "$work/brigade.yml" --node edge1 >"$work/edge.log" 2>&1 &
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

cat >"$work/nginx.conf" <<CFG
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
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
}
CFG
nginx -c "$work/nginx.conf" -p "$work"

for p in 18080 18081 18082; do wait_port 127.0.0.1 $p; done
sleep 2

measure() { # NAME PORT -> "NAME RPS P99"
  local out rps p99
  wrk -t$THREADS -c$CONNS -d3s "http://127.0.0.1:$2$PATH_UNDER_TEST" >/dev/null 2>&1 # warm-up
  out=$(wrk -t$THREADS -c$CONNS -d"${DURATION}s" --latency "http://127.0.0.1:$2$PATH_UNDER_TEST")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  errs=$(awk '/Non-2xx|Socket errors/ {print}' <<<"$out" | tr '\n' ' ')
  echo "$1 $rps $p99 $errs"
}

# Warm every backend JVM first, so no proxy is measured against cold backends.
for i in 2 3 4; do wrk -t1 -c16 -d5s "http://127.0.0.$i:19000$PATH_UNDER_TEST" >/dev/null 2>&1; done

echo "wrk -t$THREADS -c$CONNS -d${DURATION}s on $PATH_UNDER_TEST; $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ)"
declare -A rps p99
direct=$(wrk -t$THREADS -c$CONNS -d"${DURATION}s" --latency "http://127.0.0.2:19000$PATH_UNDER_TEST" | awk '/Requests\/sec/ {r=$2} $1=="99%" {p=$2} END {print r, p}')
for round in 1 2; do
  order="brigade-edge:18080 haproxy:18081 nginx:18082"
  [ "$round" = 2 ] && order="nginx:18082 haproxy:18081 brigade-edge:18080"
  for entry in $order; do
    name=${entry%%:*}
    port=${entry##*:}
    read -r _ r p _ <<<"$(measure "$name" "$port")"
    echo "  round $round: $name $r req/s, p99 $p" >&2
    if [ -z "${rps[$name]:-}" ] || awk -v a="$r" -v b="${rps[$name]}" 'BEGIN { exit !(a > b) }'; then
      rps[$name]=$r
      p99[$name]=$p
    fi
  done
done
printf '%-20s %12s %10s\n' proxy requests/s p99
printf '%-20s %12s %10s\n' direct-to-one-app $direct
for name in brigade-edge haproxy nginx; do
  printf '%-20s %12s %10s\n' "$name" "${rps[$name]}" "${p99[$name]}"
done
awk -v b="${rps[brigade-edge]}" -v h="${rps[haproxy]}" -v n="${rps[nginx]}" \
  'BEGIN { printf "brigade/haproxy %.2fx   brigade/nginx %.2fx   (best of two rounds each)\n", b/h, b/n }'
