#!/usr/bin/env bash
# Runs Neurite's JMH suite in one of three profiles and turns the JSON into a markdown table and a chart.
#
#   nn-bench/bench.sh quick   # < 10 min on 2 cores: the sizes the goals name, 1 fork, short iterations
#   nn-bench/bench.sh full    # every parameter, 3 forks, 10 iterations: tighter errors (about 1.5 h on 2 cores)
#   nn-bench/bench.sh smoke   # CI: every benchmark once, one 100 ms iteration, one fork; proves they run
#   nn-bench/bench.sh widths  # about 10 min: peak probe, gemm, Dense products and the batch-128 training step,
#                             # pure against nd4j, at AVX2 width (-XX:UseAVX=2, OPENBLAS_CORETYPE=Haswell) and
#                             # at the machine's native width; one report per width (results/widths/<width>/),
#                             # with PyTorch's step beside them when /usr/bin/python3 has torch
#   nn-bench/bench.sh interleaved # about 5 min: issue 11's ratios with the two sides timed in turns in one JVM
#                             # (io.neurite.bench.Interleaved), at AVX2 width and at the native width:
#                             # results/interleaved/<width>.md; on a host whose speed drifts, quote these ratios
#
# Output: nn-bench/results/<profile>/*.json (JMH), report.md and report.png (io.neurite.bench.Report).
# Build first (from the repository root):  mvn -B -pl nn-bench -am package -DskipTests
# Environment: JAVA (default: java on PATH), BENCH_JAR, OUT (results directory), EXTRA (more JMH options;
# for the interleaved profile, more options of io.neurite.bench.Interleaved).
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

# The flags of every fork (BenchSetup's @Fork list): JMH's -jvmArgsAppend replaces that list, so a run that
# adds a flag must repeat them, or it silently measures the scalar path.
fork_flags="--add-modules jdk.incubator.vector -Xms2g -Xmx2g --enable-native-access=ALL-UNNAMED -Dorg.slf4j.simpleLogger.defaultLogLevel=warn"

# pytorch FILE: PyTorch's training step on this machine into FILE, when torch is installed (else nothing).
pytorch() {
  local py="${PYTHON:-/usr/bin/python3}"
  if [ "${BENCH_PYTORCH:-1}" != 0 ] && "$py" -c 'import torch' 2>/dev/null; then
    echo "== pytorch: $here/pytorch/mlp_step.py" >&2
    nice -n 0 "$py" "$here/pytorch/mlp_step.py" --batch 128 --threads 1,2 --json "$1" >&2 || rm -f "$1"
  fi
}

# use_width avx2|native: sets jvm_width (HotSpot's flag) and OPENBLAS_CORETYPE (OpenBLAS's kernel) for that width.
use_width() {
  if [ "$1" = avx2 ]; then
    jvm_width="-XX:+IgnoreUnrecognizedVMOptions -XX:UseAVX=2"
    export OPENBLAS_CORETYPE=Haswell
  else
    jvm_width=""
    unset OPENBLAS_CORETYPE
  fi
}

case "$profile" in
  widths)
    torch_json="$out/pytorch.json"
    pytorch "$torch_json"
    for width in avx2 native; do
      mkdir -p "$out/$width"
      rm -f "$out/$width"/*.json
      use_width "$width"
      flags=(-jvmArgsAppend "$fork_flags $jvm_width")
      run "$width/peak" 'PeakBenchmark' -f 1 -wi 3 -w 1s -i 5 -r 600ms "${flags[@]}"
      run "$width/gemm-square" 'GemmBenchmark.square' -p n=64,1024 -p threads=1,2 -p backend=pure,nd4j \
          -f 1 -wi 4 -w 1s -i 5 -r 600ms "${flags[@]}"
      run "$width/gemm-dense" 'GemmBenchmark.dense' -p threads=2 -p backend=pure,nd4j -f 1 -wi 3 -w 1s -i 5 -r 600ms \
          "${flags[@]}"
      run "$width/training" 'TrainingStepBenchmark' -p batch=128 -p threads=1,2 -p backend=pure,nd4j \
          -f 1 -wi 8 -w 1s -i 5 -r 600ms -prof gc "${flags[@]}"
      # shellcheck disable=SC2086 # fork_flags and jvm_width are lists of JVM options
      what="$("$java" $fork_flags $jvm_width -cp "$jar" io.neurite.bench.WhatRuns 2>/dev/null | tail -1)"
      torch_opt=()
      [ -f "$torch_json" ] && torch_opt=(--pytorch "$torch_json")
      note="Width \`$width\` (JVM: ${jvm_width:-no flag}; OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset}). Profile \`widths\`, started $started; load average (1, 5, 15 min) before: $load_before, now: $(load). What the forks measure: $what"
      "$java" -cp "$jar" io.neurite.bench.Report "$out/$width"/*.json -o "$out/$width/report.md" \
          -c "$out/$width/report.png" --note "$note" "${torch_opt[@]}"
    done
    exit 0
    ;;
  interleaved)
    # JMH runs pure and nd4j in forks minutes apart; on a shared host the machine's speed drifts by up to 2x in
    # that time, so the widths profile's ratios swing from run to run. Here both sides of each ratio are timed
    # in turns, a slice each per round, in one JVM (see io.neurite.bench.PairedRounds).
    for width in avx2 native; do
      use_width "$width"
      echo "== interleaved, width $width" >&2
      note="Width \`$width\` (JVM: ${jvm_width:-no flag}; OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset}); started $(date -u +%Y-%m-%dT%H:%MZ), load average before: $(load)."
      # shellcheck disable=SC2086 # fork_flags and jvm_width are lists of JVM options
      "$java" $fork_flags $jvm_width -cp "$jar" io.neurite.bench.Interleaved -o "$out/$width.md" --note "$note" \
          "${extra[@]}" >/dev/null
      cat "$out/$width.md"
    done
    exit 0
    ;;
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
    echo "usage: $0 quick|full|smoke|widths|interleaved" >&2
    exit 2
    ;;
esac

note="Profile \`$profile\`, started $started, $(( SECONDS / 60 )) min; load average (1, 5, 15 min) before: $load_before, after: $(load)."
"$java" -cp "$jar" io.neurite.bench.Report "$out"/*.json -o "$out/report.md" -c "$out/report.png" --note "$note"
