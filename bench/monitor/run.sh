#!/usr/bin/env bash
# Monitor benchmark driver: Nagios 4 vs Brigade's monitor, same machine, same run.
#
#   bash bench/monitor/run.sh [DURATION_SECONDS]     (default 60)
#
# 1. starts listeners.py: LISTEN_COUNT (10000) TCP listeners on 127.0.0.1 from
#    LISTEN_BASE (20000), accept-and-close;
# 2. xargs-ceiling.sh 2000: fork/exec ceiling of check_tcp with xargs -P2;
# 3. nagios.sh 2000 10 DURATION: 2000 check_tcp services every 10 s, i.e. a demand
#    of 200 checks/s (more than this 2-core box can fork, so Nagios is overloaded);
# 4. brigade.sh SERVICES INTERVAL DURATION LISTEN_BASE (next to this script): the same
#    services through Brigade's engine; it gets LISTEN_COUNT in its environment;
# 5. stops the listeners and prints the collected result lines as a table.
#
# Everything is loopback-only; every wait is bounded; all processes this script
# started are killed on exit. Env: LISTEN_BASE, LISTEN_COUNT, SERVICES (2000),
# INTERVAL (10), XARGS_COUNT (2000), WARMUP (passed to nagios.sh, default 20).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
DURATION=${1:-60}
LISTEN_BASE=${LISTEN_BASE:-20000}
LISTEN_COUNT=${LISTEN_COUNT:-10000}
SERVICES=${SERVICES:-2000}
INTERVAL=${INTERVAL:-10}
XARGS_COUNT=${XARGS_COUNT:-2000}
export LISTEN_BASE LISTEN_COUNT

LOG=$(mktemp -d /tmp/monitor-bench.XXXXXX)
LPID=""
cleanup() {
  if [ -n "$LPID" ] && kill -0 "$LPID" 2>/dev/null; then
    kill -TERM "$LPID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$LPID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$LPID" 2>/dev/null || true
    wait "$LPID" 2>/dev/null || true
  fi
  rm -rf "$LOG"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "# $(date -u +%FT%TZ) $(nproc) cores, $(uname -r), duration=${DURATION}s" >&2
echo "# $("${NAGIOS:-/usr/sbin/nagios4}" --version 2>/dev/null | grep -m1 -o 'Nagios Core [0-9.]*' || echo 'nagios4 not found')" >&2

# 1. listeners
python3 "$HERE/listeners.py" --base "$LISTEN_BASE" --count "$LISTEN_COUNT" > "$LOG/listeners.out" 2> "$LOG/listeners.err" &
LPID=$!
for _ in $(seq 1 300); do
  grep -q '^ready' "$LOG/listeners.out" 2>/dev/null && break
  kill -0 "$LPID" 2>/dev/null || { cat "$LOG/listeners.err" >&2; exit 1; }
  sleep 0.1
done
grep -q '^ready' "$LOG/listeners.out" || { echo "run.sh: listeners not ready after 30 s" >&2; exit 1; }
echo "# listeners ready: 127.0.0.1:$LISTEN_BASE..$((LISTEN_BASE + LISTEN_COUNT - 1))" >&2

RESULTS=()
run_step() {  # run_step NAME CMD...: echo its output, keep its result lines ("NAME[-x] key=value ...")
  local name=$1; shift
  echo "# running: $*" >&2
  local out line
  if out=$("$@"); then
    echo "$out"
    while IFS= read -r line; do RESULTS+=("$line"); done \
      < <(printf '%s\n' "$out" | grep -E "^$name(-[A-Za-z0-9_]+)* [a-z_]+=" || true)
  else
    [ -n "$out" ] && echo "$out"
    echo "run.sh: step failed: $*" >&2
    RESULTS+=("$name FAILED")
  fi
  # Let the load average from one step decay a little before the next one.
  sleep "${SETTLE:-5}"
}

# 2. fork/exec ceiling
run_step xargs bash "$HERE/xargs-ceiling.sh" "$XARGS_COUNT" "$LISTEN_BASE"
# 3. Nagios
run_step nagios bash "$HERE/nagios.sh" "$SERVICES" "$INTERVAL" "$DURATION" "$LISTEN_BASE"
# 4. Brigade (written by the lead)
if [ -f "$HERE/brigade.sh" ]; then
  run_step brigade bash "$HERE/brigade.sh" "$SERVICES" "$INTERVAL" "$DURATION" "$LISTEN_BASE"
else
  echo "# $HERE/brigade.sh not present: skipping the Brigade side" >&2
fi

# 5. summary: one row per result line. Nagios reports avg/max, Brigade p50/p99: the
# column shows whichever the line has (avg or p50, max or p99).
echo
echo "== summary (demand: $SERVICES services / ${INTERVAL}s = $((SERVICES / INTERVAL)) checks/s, window ${DURATION}s) =="
printf '%s\n' "${RESULTS[@]}" | awk '
  function get(a, b) { return (a in kv) ? kv[a] : ((b in kv) ? kv[b] : "-") }
  BEGIN { printf "%-16s %8s %8s %12s %14s %14s %12s %12s %8s %7s\n", "tool", "services", "interval",
            "checks_per_s", "lat_avg|p50_s", "lat_max|p99_s", "exec_avg|p50", "exec_max|p99", "loadavg", "not_ok" }
  {
    delete kv
    for (i = 2; i <= NF; i++) { j = index($i, "="); if (j) kv[substr($i, 1, j - 1)] = substr($i, j + 1) }
    if ($2 == "FAILED") kv["checks_per_s"] = "FAILED"
    printf "%-16s %8s %8s %12s %14s %14s %12s %12s %8s %7s\n", $1, get("services"), get("interval"),
      get("checks_per_s"), get("latency_avg_s", "latency_p50_s"), get("latency_max_s", "latency_p99_s"),
      get("exec_avg_s", "exec_p50_s"), get("exec_max_s", "exec_p99_s"), get("loadavg"), get("not_ok", "problems")
  }'
