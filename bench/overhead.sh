#!/usr/bin/env bash
# End-to-end overhead benchmark: the demo and the bench API (bench/Hotpath.BenchApi) with and without Hotpath,
# alternating, ratios side by side.
#   bench/overhead.sh            full run (ROUNDS=5 DURATION=4 IDLE=10; SOAK=600 adds a 10-minute soak per app)
#   bench/overhead.sh --smoke    ~40 s check that every step works on both target apps (exits non-zero on any failure)
# The orchestration is bench/overhead.py; see its header for all parameters.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if ! command -v wrk >/dev/null 2>&1; then
  echo "wrk not found; installing it with apt-get" >&2
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq >&2 && $sudo apt-get install -y -qq wrk >&2 || { echo "could not install wrk" >&2; exit 1; }
fi
command -v python3 >/dev/null 2>&1 || { echo "python3 is required" >&2; exit 1; }
command -v dotnet >/dev/null 2>&1 || { echo "the .NET SDK (dotnet) is required" >&2; exit 1; }

# overhead.py kills every process it starts on exit, SIGINT and SIGTERM; forward those to it.
child=""
cleanup() { if [ -n "$child" ] && kill -0 "$child" 2>/dev/null; then kill -TERM "$child" 2>/dev/null; wait "$child" 2>/dev/null || true; fi; }
trap cleanup EXIT
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM

python3 "$here/overhead.py" "$@" &
child=$!
set +e
wait "$child"
rc=$?
set -e
child=""
exit "$rc"
