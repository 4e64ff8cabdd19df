#!/usr/bin/env bash
# Metrics benchmarks: ingest, steady cost, render (and munin.sh for the side by side).
#
#   mvn -Pbench -pl bench -am package -DskipTests
#   bash bench/metrics/run.sh [SERIES] [STEADY_SECONDS]     (defaults 10000, 60)
#
# ingest: SERIES series into RRD4J with the default ladder (8.5 GB of files for 10,000 series,
#         created first and not timed), 60 rounds as fast as they go, flushed every 3 rounds;
# steady: SERIES series at 10 s steps in real time with the 30 s background flush: CPU time per
#         wall second of the JVM;
# render: a 1-week graph of 10 series (1-minute points), SVG, 200 runs after 20 warm-up.
# The files are deleted at the end. Every step is bounded by timeout.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SERIES=${1:-10000}
STEADY=${2:-60}
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
JAR="$ROOT/bench/target/benchmarks.jar"
TMP=$(mktemp -d /tmp/metrics-bench.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
run() { echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"; timeout 900 "$JAVA" -Xmx2g -cp "$JAR" dev.brigade.bench.MetricsLoad "$@"; }
run ingest --dir "$TMP/ingest" --series "$SERIES" --rounds 60
rm -rf "$TMP/ingest"
run steady --dir "$TMP/steady" --series "$SERIES" --seconds "$STEADY"
rm -rf "$TMP/steady"
run render --dir "$TMP/render" --runs 200
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
