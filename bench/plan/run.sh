#!/usr/bin/env bash
# The log planner's parse benchmark: a generated Combined log (default 5 million lines, a month of
# shop traffic), read by Brigade's analyzer on one thread and on every core, and by GoAccess
# (Debian package goaccess, --log-format=COMBINED, JSON output) on the same file, in the same run.
# Each tool's rate is lines / wall-clock second and lines / CPU-second (user + sys), so a machine
# shared with other work still compares the tools fairly.
# Usage: bench/plan/run.sh [LINES] [ROUNDS]   (GOACCESS_ROUNDS=N for fewer GoAccess rounds)
# Needs: mvn -B -q -Pbench -pl bench -am package -DskipTests; apt-get install -y goaccess
set -euo pipefail
cd "$(dirname "$0")/../.."
LINES=${1:-5000000}
ROUNDS=${2:-3}
. .ci/find-jdk
JAVA="$(brigade_find_jdk)/bin/java"
JAR=bench/target/benchmarks.jar
[ -f "$JAR" ] || { echo "build it first: mvn -B -q -Pbench -pl bench -am package -DskipTests" >&2; exit 2; }
command -v goaccess >/dev/null || { echo "install GoAccess first: apt-get install -y goaccess" >&2; exit 2; }
DIR=${TMPDIR:-/tmp}/brigade-plan-bench
mkdir -p "$DIR"
LOG="$DIR/access-$LINES.log"
if [ ! -f "$LOG" ]; then
  timeout 900 "$JAVA" -cp "$JAR" dev.brigade.bench.PlanLoad gen "$LOG" "$LINES"
fi
echo "log: $LOG, $(wc -l < "$LOG") lines, $(du -h "$LOG" | cut -f1); $(nproc) cores; $(goaccess --version | head -1)"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
cat "$LOG" > /dev/null   # the page cache holds it for every tool alike

for threads in 1 "$(nproc)"; do
  timeout 900 "$JAVA" -Xmx1g -cp "$JAR" dev.brigade.bench.PlanLoad parse "$LOG" "$threads" "$ROUNDS"
done
echo "load after Brigade: $(cut -d' ' -f1-3 /proc/loadavg)"

for r in $(seq "${GOACCESS_ROUNDS:-$ROUNDS}"); do
  /usr/bin/time -o "$DIR/time.txt" -f "%e %U %S" timeout 1800 goaccess "$LOG" \
    --log-format=COMBINED --no-global-config --no-progress -o "$DIR/report.json" >/dev/null 2>&1
  read -r wall user sys < "$DIR/time.txt"
  awk -v n="$LINES" -v w="$wall" -v u="$user" -v s="$sys" -v r="$r" \
    'BEGIN { printf "goaccess round=%d wall=%.1fs cpu=%.1fs lines_per_s=%.0f lines_per_cpu_s=%.0f\n", r, w, u+s, n/w, n/(u+s) }'
done
echo "load after GoAccess: $(cut -d' ' -f1-3 /proc/loadavg)"
