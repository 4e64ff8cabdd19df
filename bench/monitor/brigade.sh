#!/usr/bin/env bash
# Brigade's side of the monitor benchmark, run like nagios.sh (bench/monitor/run.sh calls both,
# with the TCP listeners of listeners.py already up from BASE_PORT):
#
#   bash bench/monitor/brigade.sh SERVICES INTERVAL_SECONDS DURATION_SECONDS BASE_PORT
#   e.g. python3 bench/monitor/listeners.py --base 20000 --count 2000 &   # wait for "ready"
#        bash bench/monitor/brigade.sh 2000 10 60 20000
#
# SERVICES command checks running "check_tcp -H 127.0.0.1 -p BASE_PORT+N" every INTERVAL_SECONDS
# (max-attempts 1, timeout 10 s), the same services as nagios.sh, through Brigade's engine
# (dev.brigade.bench.MonitorLoad): after WARMUP seconds (default 20) it measures DURATION_SECONDS
# and prints one line "brigade-plugin services=.. interval=.. checks_per_s=.. latency_p50_s=.. ...".
# Env: WARMUP; PLUGIN_CONCURRENCY (the cap under which the plugin limit adapts, default 64);
#      LAUNCHER=ProcessBuilder to start plugins the JDK's way instead of posix_spawn;
#      BUILTIN=1 to also run 10,000 built-in checks (8,000 TCP + 2,000 HTTP) every second first.
# Needs the bench jar: mvn -B -q -Pbench -pl bench -am package -DskipTests
set -euo pipefail
if [ $# -ne 4 ]; then
  echo "usage: $0 SERVICES INTERVAL_SECONDS DURATION_SECONDS BASE_PORT" >&2
  exit 64
fi
SERVICES=$1 INTERVAL=$2 DURATION=$3 BASE=$4
WARMUP=${WARMUP:-20}
for v in SERVICES INTERVAL DURATION BASE WARMUP; do
  [[ ${!v} =~ ^[0-9]+$ ]] || { echo "brigade.sh: $v must be a non-negative integer" >&2; exit 64; }
done
cd "$(dirname "$0")/../.."
. .ci/find-jdk
JAVA="$(brigade_find_jdk)/bin/java"
JAR=bench/target/benchmarks.jar
[ -f "$JAR" ] || { echo "build it first: mvn -B -q -Pbench -pl bench -am package -DskipTests" >&2; exit 2; }
OPTS="--enable-native-access=ALL-UNNAMED"
[ "${LAUNCHER:-}" = ProcessBuilder ] && OPTS="$OPTS -Dbrigade.plugins.processBuilder=true"
LABEL=brigade-plugin
[ "${LAUNCHER:-}" = ProcessBuilder ] && LABEL=brigade-plugin-processbuilder

run() {
  # shellcheck disable=SC2086
  timeout $((WARMUP + DURATION + 120)) "$JAVA" -Xmx2g $OPTS -cp "$JAR" dev.brigade.bench.MonitorLoad "$@" \
    --warmup "$WARMUP" --duration "$DURATION" 2>/dev/null
}

if [ "${BUILTIN:-0}" = 1 ]; then
  python3 bench/monitor/http_ok.py 19999 > /tmp/brigade-bench-http.log 2>&1 &
  HTTP_PID=$!
  trap 'kill $HTTP_PID 2>/dev/null || true' EXIT
  for _ in $(seq 50); do grep -q ready /tmp/brigade-bench-http.log 2>/dev/null && break; sleep 0.1; done
  run --label brigade-builtin --tcp 8000 --http 2000 --http-port 19999 --base "$BASE" \
      --listeners "${LISTEN_COUNT:-10000}" --interval 1
  sleep 5
fi
run --label "$LABEL" --plugins "$SERVICES" --base "$BASE" --listeners "${LISTEN_COUNT:-$SERVICES}" \
    --interval "$INTERVAL" --plugin-concurrency "${PLUGIN_CONCURRENCY:-64}"
