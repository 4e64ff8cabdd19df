#!/usr/bin/env bash
# Heap per stored 512-byte page in the edge's cache, measured: edge/src/test/java/.../StoreFootprint
# fills an HttpCache with N pages and compares the used heap after full GCs, beside the weigher's
# count. Usage: bench/store/run.sh [N]   (default 100000). Builds edge's test classes first.
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-100000}
. .ci/find-jdk
export JAVA_HOME="$(brigade_find_jdk)"
# compiled, and the edge module's classpath (the reactor resolves the siblings to target/classes)
DEPS=$(mvn -B -pl edge -am test-compile dependency:build-classpath 2>/dev/null |
  awk '/@ brigade-edge/ { edge = 1 } edge && /Dependencies classpath:/ { getline; if (!done) print; done = 1 }')
CP="edge/target/classes:edge/target/test-classes:$DEPS"
for mode in identity gzip; do
  "$JAVA_HOME/bin/java" -XX:+UseSerialGC -Xmx2g -cp "$CP" dev.brigade.edge.StoreFootprint "$N" "$mode"
done
