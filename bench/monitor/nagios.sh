#!/usr/bin/env bash
# Nagios 4 throughput benchmark (the comparison point for Brigade's monitor).
#
#   bash bench/monitor/nagios.sh SERVICES INTERVAL_SECONDS DURATION_SECONDS BASE_PORT
#   e.g. python3 bench/monitor/listeners.py --base 20000 --count 200 &   # wait for "ready"
#        bash bench/monitor/nagios.sh 200 10 20 20000
#
# Generates a self-contained Nagios 4 configuration in a temp dir (nothing under
# /etc/nagios4 is read or touched): one host 127.0.0.1 (active host checks off) and
# SERVICES services svc-0..svc-(S-1), svc-N running
#     $USER1$/check_tcp -H 127.0.0.1 -p BASE_PORT+N
# every INTERVAL_SECONDS (interval_length=1, retry_interval same, max_check_attempts 1)
# against listeners.py. Runs as root, no notifications, no external commands,
# max_concurrent_checks=0 (unlimited), status_update_interval=5, otherwise Nagios's
# compiled-in defaults. Runs Nagios in the foreground (in its own session), waits a
# warm-up (WARMUP seconds, default 20), then measures for DURATION_SECONDS.
#
# How the numbers are obtained:
#   checks_per_s       number of service check results Nagios processed whose
#                      completion time ($TIMET$) lies in the measured window, divided
#                      by the window. Nagios writes one line per processed result to a
#                      service perfdata file (process_performance_data=1, file only, no
#                      command), so this is an exact count, not a sample.
#   latency_*/exec_*   avg / max of $SERVICELATENCY$ and $SERVICEEXECUTIONTIME$ over
#                      those same results (Nagios's own numbers, in seconds).
#   loadavg            1-minute load average from /proc/loadavg at the end of the window.
#   stats_*            cross-check from nagios4stats at the end of the window:
#                      stats_checks_1m_per_s = "active service checks in last 1 min" / 60
#                      (includes warm-up if WARMUP+DURATION < 60), and latency / execution
#                      avg/max over each service's LAST check (status.dat snapshot).
#   killed=1           Nagios did not stop within 30 s of SIGTERM and was KILLed; its
#                      perfdata file is flushed on a clean shutdown, so the count may be short.
#
# Prints one line:
#   nagios services=S interval=I checks_per_s=X latency_avg_s=.. latency_max_s=..
#          exec_avg_s=.. exec_max_s=.. loadavg=.. [stats_* ...]
# Env: WARMUP (s, default 20), KEEP_DIR=1 keeps the temp dir, NAGIOS (binary),
#      NAGIOSTATS, PLUGINS (plugin dir).
set -euo pipefail

if [ $# -ne 4 ]; then
  echo "usage: $0 SERVICES INTERVAL_SECONDS DURATION_SECONDS BASE_PORT" >&2
  exit 64
fi
SERVICES=$1 INTERVAL=$2 DURATION=$3 BASE=$4
WARMUP=${WARMUP:-20}
NAGIOS=${NAGIOS:-/usr/sbin/nagios4}
NAGIOSTATS=${NAGIOSTATS:-/usr/sbin/nagios4stats}
PLUGINS=${PLUGINS:-/usr/lib/nagios/plugins}
for v in SERVICES INTERVAL DURATION BASE WARMUP; do
  [[ ${!v} =~ ^[0-9]+$ ]] || { echo "nagios.sh: $v must be a non-negative integer" >&2; exit 64; }
done
[ -x "$NAGIOS" ] || { echo "nagios.sh: $NAGIOS missing: apt-get install -y nagios4-core monitoring-plugins-basic" >&2; exit 69; }
[ -x "$PLUGINS/check_tcp" ] || { echo "nagios.sh: $PLUGINS/check_tcp missing: apt-get install -y monitoring-plugins-basic" >&2; exit 69; }

DIR=$(mktemp -d /tmp/nagios-bench.XXXXXX)
NPID=""
KILLED=0
stop_nagios() {  # TERM Nagios's process group (it is a session leader via setsid), bounded wait, then KILL
  [ -n "$NPID" ] || return 0
  kill -TERM -- "-$NPID" 2>/dev/null || true
  for _ in $(seq 1 300); do kill -0 "$NPID" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$NPID" 2>/dev/null; then
    KILLED=1
    kill -KILL -- "-$NPID" 2>/dev/null || true
  fi
  wait "$NPID" 2>/dev/null || true
  NPID=""
}
cleanup() {
  stop_nagios
  if [ "${KEEP_DIR:-0}" = 1 ]; then echo "nagios.sh: kept $DIR" >&2; else rm -rf "$DIR"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$DIR/checkresults"
echo "\$USER1\$=$PLUGINS" > "$DIR/resource.cfg"

cat > "$DIR/nagios.cfg" <<EOF
log_file=$DIR/nagios.log
cfg_file=$DIR/objects.cfg
resource_file=$DIR/resource.cfg
object_cache_file=$DIR/objects.cache
precached_object_file=$DIR/objects.precache
status_file=$DIR/status.dat
status_update_interval=5
temp_file=$DIR/nagios.tmp
temp_path=$DIR
lock_file=$DIR/nagios.lock
check_result_path=$DIR/checkresults
command_file=$DIR/nagios.cmd
check_external_commands=0
nagios_user=root
nagios_group=root
use_syslog=0
log_rotation_method=n
log_archive_path=$DIR
retain_state_information=0
state_retention_file=$DIR/retention.dat
check_for_updates=0
enable_notifications=0
interval_length=1
max_concurrent_checks=0
process_performance_data=1
service_perfdata_file=$DIR/perfdata
service_perfdata_file_mode=a
service_perfdata_file_processing_interval=0
service_perfdata_file_template=\$TIMET\$ \$SERVICEDESC\$ \$SERVICELATENCY\$ \$SERVICEEXECUTIONTIME\$ \$SERVICESTATEID\$
debug_level=0
debug_file=$DIR/nagios.debug
EOF

{
  cat <<EOF
define timeperiod {
  timeperiod_name 24x7
  alias           24x7
  sunday    00:00-24:00
  monday    00:00-24:00
  tuesday   00:00-24:00
  wednesday 00:00-24:00
  thursday  00:00-24:00
  friday    00:00-24:00
  saturday  00:00-24:00
}
define command {
  command_name check_tcp_port
  command_line \$USER1\$/check_tcp -H \$HOSTADDRESS\$ -p \$ARG1\$
}
define command {
  command_name check_ok
  command_line \$USER1\$/check_dummy 0
}
define command {
  command_name notify_none
  command_line /bin/true
}
define contact {
  contact_name                  bench
  host_notifications_enabled    0
  service_notifications_enabled 0
  host_notification_period      24x7
  service_notification_period   24x7
  host_notification_options     n
  service_notification_options  n
  host_notification_commands    notify_none
  service_notification_commands notify_none
}
define host {
  host_name             bench-host
  contacts              bench
  address               127.0.0.1
  check_command         check_ok
  active_checks_enabled 0
  max_check_attempts    1
  check_period          24x7
  notification_period   24x7
  notifications_enabled 0
}
EOF
  for ((i = 0; i < SERVICES; i++)); do
    printf 'define service {\n  host_name bench-host\n  contacts bench\n  service_description svc-%d\n  check_command check_tcp_port!%d\n  check_interval %d\n  retry_interval %d\n  max_check_attempts 1\n  check_period 24x7\n  notification_period 24x7\n  notifications_enabled 0\n}\n' \
      "$i" "$((BASE + i))" "$INTERVAL" "$INTERVAL"
  done
} > "$DIR/objects.cfg"

if ! "$NAGIOS" -v "$DIR/nagios.cfg" > "$DIR/verify.out" 2>&1; then
  echo "nagios.sh: config check failed:" >&2
  grep -E 'Error|error' "$DIR/verify.out" >&2 || cat "$DIR/verify.out" >&2
  exit 1
fi

# Foreground Nagios in its own session, so cleanup can signal its process group.
setsid "$NAGIOS" "$DIR/nagios.cfg" > "$DIR/nagios.out" 2>&1 &
NPID=$!
# Wait (bounded) for the first status.dat.
for _ in $(seq 1 150); do
  [ -s "$DIR/status.dat" ] && break
  kill -0 "$NPID" 2>/dev/null || { echo "nagios.sh: nagios exited early:" >&2; cat "$DIR/nagios.out" "$DIR/nagios.log" >&2 2>/dev/null; exit 1; }
  sleep 0.2
done
[ -s "$DIR/status.dat" ] || { echo "nagios.sh: no status.dat after 30 s" >&2; exit 1; }

sleep "$WARMUP"
T0=$(date +%s)
sleep "$DURATION"
T1=$(date +%s)
LOADAVG=$(cut -d' ' -f1 /proc/loadavg)
kill -0 "$NPID" 2>/dev/null || { echo "nagios.sh: nagios died during the run" >&2; tail -20 "$DIR/nagios.log" >&2; exit 1; }

# Cross-check from nagios4stats (reads status.dat; times are in ms in MRTG mode).
STATS=""
if [ -x "$NAGIOSTATS" ]; then
  sleep 5  # let one more status.dat update cover the end of the window
  if S=$("$NAGIOSTATS" -c "$DIR/nagios.cfg" -m -D ' ' \
        -d NUMACTSVCCHECKS1M,AVGACTSVCLAT,MAXACTSVCLAT,AVGACTSVCEXT,MAXACTSVCEXT,NUMSVCCHECKED 2>/dev/null); then
    read -r c1m lat_avg lat_max ext_avg ext_max checked <<<"$S"
    STATS=$(awk -v c="$c1m" -v la="$lat_avg" -v lm="$lat_max" -v ea="$ext_avg" -v em="$ext_max" -v n="$checked" \
      'BEGIN { printf "stats_checks_1m_per_s=%.1f stats_latency_avg_s=%.3f stats_latency_max_s=%.3f stats_exec_avg_s=%.3f stats_exec_max_s=%.3f stats_services_checked=%d",
               c / 60, la / 1000, lm / 1000, ea / 1000, em / 1000, n }')
  fi
fi

# Stop Nagios now: it flushes the (stdio-buffered) perfdata file on a clean shutdown.
stop_nagios
[ "$KILLED" = 0 ] || echo "nagios.sh: WARNING nagios needed SIGKILL; the perfdata count may be short" >&2

touch "$DIR/perfdata"
RESULT=$(awk -v t0="$T0" -v t1="$T1" -v s="$SERVICES" -v iv="$INTERVAL" '
  $1 >= t0 && $1 < t1 {
    n++; la += $3; ea += $4
    if ($3 > lm) lm = $3
    if ($4 > em) em = $4
    if ($5 != 0) bad++
  }
  END {
    d = t1 - t0; if (d <= 0) d = 1
    printf "nagios services=%d interval=%d checks_per_s=%.1f latency_avg_s=%.3f latency_max_s=%.3f exec_avg_s=%.3f exec_max_s=%.3f",
      s, iv, n / d, (n ? la / n : 0), lm, (n ? ea / n : 0), em
    printf " window_s=%d checks=%d not_ok=%d", d, n, bad
  }' "$DIR/perfdata")
echo "$RESULT loadavg=$LOADAVG $STATS killed=$KILLED"
