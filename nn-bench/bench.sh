#!/usr/bin/env bash
# Runs Neurite's JMH suite in one of three profiles and turns the JSON into a markdown table and a chart.
#
#   nn-bench/bench.sh quick   # < 10 min on 2 cores: the sizes the goals name, 1 fork, short iterations
#   nn-bench/bench.sh full    # every parameter, 3 forks, 10 iterations: tighter errors (about 1.5 h on 2 cores)
#   nn-bench/bench.sh smoke   # CI: every benchmark once, one 100 ms iteration, one fork; proves they run
#
# Output: nn-bench/results/<profile>/*.json (JMH), report.md and report.png (io.neurite.bench.Report).
# Build first (from the repository root):  mvn -B -pl nn-bench -am package -DskipTests
# Environment: JAVA (default: java on PATH), BENCH_JAR, OUT (results directory), EXTRA (more JMH options).
#
# Measure on a quiet machine: JMH cannot tell a slow backend from a busy CPU (check `uptime` first).
set -euo pipefail

profile="${1:-quick}"
here="$(cd "$(dirname "$0")" && pwd)"
jar="${BENCH_JAR:-$here/target/benchmarks.jar}"
java="${JAVA:-java}"
out="${OUT:-$here/results/$profile}"
extra=(${EXTRA:-})

if [ ! -f "$jar" ]; then
  echo "bench.sh: $jar not found; build it first: mvn -B -pl nn-bench -am package -DskipTests" >&2
  exit 2
fi
mkdir -p "$out"
rm -f "$out"/*.json
load() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown; }
started="$(date -u +%Y-%m-%dT%H:%MZ)"
load_before="$(load)"
echo "bench.sh $profile: load average $load_before (1, 5, 15 min); anything above ~0.2 on an idle machine is noise" >&2

# run NAME BENCHMARK-REGEX [JMH OPTIONS...]: one JMH invocation writing $out/NAME.json.
run() {
  local name="$1" regex="$2"
  shift 2
  echo "== $name: $regex $*" >&2
  # shellcheck disable=SC2086 # JMH_JAVA_OPTS is a list of JVM options for the JMH runner
  "$java" ${JMH_JAVA_OPTS:-} -jar "$jar" "$regex" -rf json -rff "$out/$name.json" "$@" "${extra[@]}"
}

case "$profile" in
  quick)
    # About 60 forks of 5-10 s each. Warm-up: 4 s for the square products (the Vector API kernel needs C2
    # before it is measured), 3 s elsewhere. Five short measurement iterations rather than three long ones:
    # JMH's 99.9% error uses Student's t, whose factor is 31.6 with 3 iterations but 8.6 with 5.
    run gemm-square 'GemmBenchmark.square' -p n=64,256,1024 -p threads=1,2 -f 1 -wi 4 -w 1s -i 5 -r 600ms
    run gemm-dense 'GemmBenchmark.dense' -p threads=2 -f 1 -wi 3 -w 1s -i 5 -r 600ms
    run elementwise 'ElementwiseBenchmark' -f 1 -wi 3 -w 500ms -i 5 -r 400ms
    run dense 'DenseBenchmark' -p threads=2 -f 1 -wi 3 -w 1s -i 5 -r 600ms
    # The pure training step needs about 8 s before C2 settles (its warm-up iterations swing between 1 and
    # 12 ms for the first 7 s). Every backend at two threads and at one (DL4J is at its best with one, and on
    # 2 cores the pure backend's single thread is often as fast as two).
    run training 'TrainingStepBenchmark' -p threads=2 -f 1 -wi 8 -w 1s -i 5 -r 600ms -prof gc
    run training-1t 'TrainingStepBenchmark' -p threads=1 -f 1 -wi 8 -w 1s -i 5 -r 600ms -prof gc
    ;;
  full)
    run gemm 'GemmBenchmark' -f 3 -wi 5 -w 1s -i 10 -r 1s
    run elementwise 'ElementwiseBenchmark' -f 3 -wi 5 -w 1s -i 10 -r 1s
    run dense 'DenseBenchmark' -f 3 -wi 5 -w 1s -i 10 -r 1s
    run training 'TrainingStepBenchmark' -f 3 -wi 5 -w 1s -i 10 -r 1s -prof gc
    ;;
  smoke)
    # -foe: a benchmark that throws fails the run (by default JMH logs it and goes on). No timing is checked.
    run smoke '.*Benchmark.*' -p n=64 -p batch=32 -p threads=1 -f 1 -wi 0 -i 1 -r 100ms -foe true -prof gc
    ;;
  *)
    echo "usage: $0 quick|full|smoke" >&2
    exit 2
    ;;
esac

note="Profile \`$profile\`, started $started, $(( SECONDS / 60 )) min; load average (1, 5, 15 min) before: $load_before, after: $(load)."
"$java" -cp "$jar" io.neurite.bench.Report "$out"/*.json -o "$out/report.md" -c "$out/report.png" --note "$note"
