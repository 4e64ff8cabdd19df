#!/usr/bin/env bash
# Munin side by side: Debian's munin-update and Brigade each collect the same NODES (20)
# munin-node instances on loopback, in one run, and print how long a collection cycle took.
#
#   bash bench/metrics/munin.sh            (needs: apt-get install -y munin munin-node)
#
# Each munin-node gets its own config (port BASE+i, log and pid in a temp dir) and serves the
# package's plugins (/etc/munin/plugins). munin-update runs as user munin, twice (the first
# creates its RRD files); Brigade runs three cycles (the first also asks every plugin's config).
# Every process this script starts is killed on exit; every wait is bounded.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
NODES=${NODES:-20}
BASE=${BASE:-15900}
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
for b in /usr/sbin/munin-node /usr/share/munin/munin-update; do
  [ -x "$b" ] || { echo "missing $b: apt-get install -y munin munin-node" >&2; exit 1; }
done
TMP=$(mktemp -d /tmp/munin-bench.XXXXXX)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; sleep 1; rm -rf "$TMP"; }
trap cleanup EXIT

chmod 755 "$TMP"
mkdir -p "$TMP"/{db,www,log,run,nodes}
chown -R munin:munin "$TMP"/{db,www,log,run}
MODEL="$TMP/brigade.yml"
{
  echo "cluster: munin-bench"
  echo "roles: { node: { services: { ssh: { port: 22, protocol: ssh, check: none } } } }"
  echo "hosts:"
} > "$MODEL"
COLLECT=""
: > "$TMP/munin.conf"
cat >> "$TMP/munin.conf" <<CONF
dbdir $TMP/db
htmldir $TMP/www
logdir $TMP/log
rundir $TMP/run
CONF
for i in $(seq 1 "$NODES"); do
  port=$((BASE + i))
  d="$TMP/nodes/n$i"; mkdir -p "$d"
  cat > "$d/munin-node.conf" <<CONF
log_level 4
log_file $d/node.log
pid_file $d/node.pid
background 0
setsid 0
user root
group root
allow ^127\.0\.0\.1\$
host 127.0.0.1
port $port
CONF
  /usr/sbin/munin-node --config "$d/munin-node.conf" --foreground > "$d/out.log" 2>&1 &
  PIDS+=($!)
  printf '[bench;node%02d]\n    address 127.0.0.1\n    port %d\n    use_node_name yes\n' "$i" "$port" >> "$TMP/munin.conf"
  echo "  node$i: { address: 127.0.0.1, roles: [node] }" >> "$MODEL"
  COLLECT="$COLLECT    n$i: { host: node$i, type: munin, port: $port }"$'\n'
done
{
  echo "stages: { bench: { hosts: [$(seq -s, -f 'node%g' 1 "$NODES")] } }"
  echo "metrics:"
  echo "  host-basics: none"
  echo "  collect:"
  printf '%s' "$COLLECT"
} >> "$MODEL"
for i in $(seq 1 "$NODES"); do
  for _ in $(seq 1 100); do
    (exec 3<>/dev/tcp/127.0.0.1/$((BASE + i))) 2>/dev/null && break
    sleep 0.2
  done
done
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for run in 1 2; do
  t0=$(date +%s.%N)
  timeout 600 runuser -u munin -- /usr/share/munin/munin-update --config_file="$TMP/munin.conf" || echo "munin-update exited $?"
  t1=$(date +%s.%N)
  echo "munin-update run $run: $(echo "$t1 - $t0" | bc) s"
done
echo "munin-update RRD files: $(find "$TMP/db" -name '*.rrd' | wc -l)"
echo "load between: $(cut -d' ' -f1-3 /proc/loadavg)"
timeout 600 "$JAVA" -cp "$ROOT/bench/target/benchmarks.jar" dev.brigade.bench.MetricsLoad munin \
  --model "$MODEL" --dir "$TMP/brigade" --cycles 3
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
