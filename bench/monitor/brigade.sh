#!/usr/bin/env bash
# Brigade's side of the monitor benchmark (bench/monitor/run.sh calls it after Nagios, with the
# TCP listeners of listeners.py already up on 127.0.0.1:20000-29999):
#   1. 10,000 built-in checks (8,000 TCP connects + 2,000 HTTP GETs) every second: demand 10,000/s;
#   2. the same 2,000 check_tcp plugin services as Nagios, every 10 s: demand 200/s, about twice
#      the fork/exec ceiling of a 2-core machine, so the engine must say it is overloaded.
# Usage: bench/monitor/brigade.sh [DURATION_SECONDS]   (needs: mvn -Pbench -pl bench package)
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-60}
. .ci/find-jdk
JAVA="$(brigade_find_jdk)/bin/java"
JAR=bench/target/benchmarks.jar
[ -f "$JAR" ] || { echo "build it first: mvn -B -q -Pbench -pl bench -am package -DskipTests" >&2; exit 2; }

python3 bench/monitor/http_ok.py 19999 > /tmp/brigade-bench-http.log 2>&1 &
HTTP_PID=$!
trap 'kill $HTTP_PID 2>/dev/null || true' EXIT
for _ in $(seq 50); do grep -q ready /tmp/brigade-bench-http.log 2>/dev/null && break; sleep 0.1; done

run() { local opts=$1; shift
        # shellcheck disable=SC2086
        timeout $((DURATION + 120)) "$JAVA" -Xmx2g $opts -cp "$JAR" dev.brigade.bench.MonitorLoad "$@" \
          --warmup 20 --duration "$DURATION" 2>/dev/null; }

run "" --label brigade-builtin --tcp 8000 --http 2000 --http-port 19999 --base 20000 --listeners 10000 \
    --interval 1
sleep 5
run "" --label brigade-plugin --plugins 2000 --base 20000 --listeners 10000 --interval 10
