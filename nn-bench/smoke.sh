#!/usr/bin/env bash
# CI smoke test of the benchmarks: every benchmark and every backend value once (one fork, no warm-up, one
# 100 ms iteration, the smallest sizes), then the report tool on the result. It proves the benchmarks and
# the report run; it asserts nothing about timing. Needs nn-bench/target/benchmarks.jar (mvn package).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# A smoke run measures nothing, so it need not wait for another JMH run's lock (a developer benchmarking
# while the tests run).
JMH_JAVA_OPTS="-Djmh.ignoreLock=true ${JMH_JAVA_OPTS:-}" OUT="${OUT:-$here/target/smoke}" "$here/bench.sh" smoke

# Every benchmark method must have produced one result per backend value it declares (the smoke profile
# pins every other parameter to one value). JMH -foe already fails on an exception; this also catches a
# benchmark that was skipped.
out="${OUT:-$here/target/smoke}"
jar="${BENCH_JAR:-$here/target/benchmarks.jar}"
expected=$("${JAVA:-java}" -jar "$jar" -lp | awk '/param "backend"/ { total += gsub(/,/, ",") + 1 } END { print total + 0 }')
found=$(grep -c '"benchmark" :' "$out/smoke.json" || true)
if [ "$found" -ne "$expected" ]; then
  echo "smoke: $found results but $expected expected (benchmarks x backend values); see the JMH log above" >&2
  exit 1
fi
echo "smoke: all $expected benchmark/backend combinations ran; report in $out/report.md"
