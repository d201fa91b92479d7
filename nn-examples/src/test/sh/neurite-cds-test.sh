#!/usr/bin/env bash
# Checks bin/neurite's class-data-sharing archive on a copy of the built jar (run after `mvn package`; .ci/run
# runs it after the tests): every run prints what a run without the archive prints and nothing about CDS; the
# first run writes an archive under a temporary name, the next one checks it and puts it in place, later ones map
# it; a jar newer than its archive gets a new one; a damaged archive is dropped, never mapped, and not written again
# for that jar. Exit status 0 when all holds; otherwise the first broken promise on stderr and status 1.
set -euo pipefail
cd "$(dirname "$0")/../../../.."
jar=nn-examples/target/neurite.jar
[ -f "$jar" ] || { echo "neurite-cds-test: $jar not found; run mvn -B -pl nn-examples -am package first" >&2; exit 1; }
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
cp "$jar" "$dir/neurite.jar"

fail() { echo "neurite-cds-test: $*" >&2; exit 1; }
# `neurite backends` with the figures measured at start-up blanked out (they differ from run to run)
run() { NEURITE_JAR="$dir/neurite.jar" "$@" bin/neurite backends 2>"$dir/err" | sed 's/[0-9][0-9.]*//g'; }
archives() { (cd "$dir" && ls neurite-cds-*.jsa 2>/dev/null || true); }
written() { (cd "$dir" && ls neurite-cds-*.jsa.tmp.* 2>/dev/null || true); }
check_run() {
  local out
  out="$(run env)"
  [ "$out" = "$expected" ] || fail "$1: the output differs from a run without the archive:"$'\n'"$out"
  if grep -qi 'cds\|shared archive\|sharing' "$dir/err"; then
    fail "$1: it printed about class data sharing: $(cat "$dir/err")"
  fi
}

expected="$(run env NEURITE_CDS=false)"
[ -z "$(archives)$(written)" ] || fail "NEURITE_CDS=false wrote an archive"

check_run "first run"
[ -n "$(written)" ] && [ -z "$(archives)" ] || fail "the first run should leave one archive under a temporary name"

check_run "second run"
[ -z "$(written)" ] && [ -n "$(archives)" ] || fail "the second run should have checked the archive and put it in place"
archive="$dir/$(archives)"
[ "$archive" -nt "$dir/neurite.jar" ] || fail "the archive in place should be newer than the jar"

check_run "third run (maps the archive)"
[ "$dir/$(archives)" = "$archive" ] && [ -z "$(written)" ] || fail "the third run should have changed nothing"

sleep 1
touch "$dir/neurite.jar" # a rebuilt jar: its archive is stale
check_run "run after a new jar"
[ -n "$(written)" ] || fail "a jar newer than its archive should get a new archive written"

tmp="$dir/$(written)"
truncate -s 100000 "$tmp" # damaged (a writer killed half-way, a full disk)
check_run "run after a damaged archive"
[ -z "$(written)" ] || fail "the damaged archive should have been removed"
[ -f "$archive.failed" ] || fail "a failed check should leave a marker"
[ -z "$(cd "$dir" && ls ./*.crash 2>/dev/null)" ] || fail "the failed check's crash report should have been removed"
ls hs_err_pid*.log >/dev/null 2>&1 && fail "a crash report (hs_err_pid*.log) was left in the working directory"
check_run "run after the marker"
[ -z "$(written)" ] || fail "after a failed check no new archive should be written for the same jar"
echo "neurite-cds-test: all checks passed"
