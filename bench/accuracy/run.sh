#!/usr/bin/env bash
# Accuracy harness: Hotpath against `perf record` on the planted cases of bench/Hotpath.Planted, in the same run.
#   bench/accuracy/run.sh                       every case, 30 s each from a cold start (~4-5 min in all)
#   CASES=ratio,lock SECONDS=15 bench/accuracy/run.sh
# Settings and what is reported: see the header of bench/accuracy/accuracy.py. Needs perf (Debian: linux-perf), wrk
# and the .NET 10 SDK; perf must be allowed to profile the app (root, or kernel.perf_event_paranoid <= 2).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
for tool in perf wrk python3 dotnet; do
  command -v "$tool" >/dev/null 2>&1 || { echo "$tool is required (Debian: apt-get install linux-perf wrk python3)" >&2; exit 1; }
done
child=""
cleanup() { if [ -n "$child" ] && kill -0 "$child" 2>/dev/null; then kill -TERM "$child" 2>/dev/null; wait "$child" 2>/dev/null || true; fi; }
trap cleanup EXIT
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM
# Bounded: every case is SECONDS of load plus start-up and perf's post-processing.
timeout --foreground 1200 python3 "$here/accuracy.py" "$@" &
child=$!
set +e
wait "$child"
rc=$?
set -e
child=""
exit "$rc"
