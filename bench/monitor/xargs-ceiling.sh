#!/usr/bin/env bash
# Fork/exec ceiling of this machine for check_tcp: runs COUNT
#     check_tcp -H 127.0.0.1 -p PORT      (PORT = BASE_PORT .. BASE_PORT+COUNT-1)
# through `xargs -P2` (two at a time on this 2-core box, no scheduler at all) against
# listeners.py, and prints
#     xargs checks_per_s=X count=N not_ok=K elapsed_s=T
# X = COUNT / wall-clock seconds. A monitor that forks a plugin per check cannot beat it.
#
#   python3 bench/monitor/listeners.py --base 20000 --count 2000 &   # wait for "ready"
#   bash bench/monitor/xargs-ceiling.sh 2000 20000
#
# Env: PARALLEL (default 2), PLUGINS (plugin dir). Bounded: each check has -t 10 and
# the whole run is wrapped in `timeout`.
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 COUNT BASE_PORT" >&2
  exit 64
fi
COUNT=$1 BASE=$2
PARALLEL=${PARALLEL:-2}
PLUGINS=${PLUGINS:-/usr/lib/nagios/plugins}
[[ $COUNT =~ ^[0-9]+$ && $BASE =~ ^[0-9]+$ && $COUNT -gt 0 ]] || { echo "xargs-ceiling.sh: COUNT and BASE_PORT must be integers" >&2; exit 64; }
[ -x "$PLUGINS/check_tcp" ] || { echo "xargs-ceiling.sh: $PLUGINS/check_tcp missing: apt-get install -y monitoring-plugins-basic" >&2; exit 69; }

OUT=$(mktemp /tmp/xargs-ceiling.XXXXXX)
trap 'rm -f "$OUT"' EXIT

# check_tcp is exec'd directly by xargs (no shell in between); each run prints one
# line ("TCP OK - ..." or an error), which is how completed / failed checks are counted.
T0=$(date +%s.%N)
seq "$BASE" $((BASE + COUNT - 1)) |
  timeout 600 xargs -P "$PARALLEL" -n 1 "$PLUGINS/check_tcp" -H 127.0.0.1 -t 10 -p > "$OUT" 2>&1 || true
T1=$(date +%s.%N)
awk -v t0="$T0" -v t1="$T1" '
  { done++; if ($0 !~ /^TCP OK/) bad++ }
  END { e = t1 - t0; printf "xargs checks_per_s=%.1f count=%d not_ok=%d elapsed_s=%.2f\n", done / e, done, bad, e }' "$OUT"
