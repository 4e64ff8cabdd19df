#!/usr/bin/env bash
# Deploy time to N test hosts against one host, and the switch spread (bench/README.md).
# Usage: bench/deploy/run.sh [HOSTS] [ROUNDS]     (as root; builds the test hosts' root once)
set -euo pipefail
cd "$(dirname "$0")/../.."
hosts=${1:-20}
rounds=${2:-5}
. .ci/find-jdk
if jdk=$(brigade_find_jdk); then export JAVA_HOME="$jdk"; fi
mvn -q -Pbench -pl bench -am package -DskipTests
"${JAVA_HOME:-/usr}/bin/java" -cp bench/target/benchmarks.jar dev.brigade.bench.DeployBench "$hosts" "$rounds"
