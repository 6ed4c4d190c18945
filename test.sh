#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs what the tests need (Chromium and its driver for the UI
# tests, wrk for the overhead-harness smoke run, Go and npm for the export consumers), builds, runs every test
# project, then the benchmark smoke run.
set -euo pipefail
cd "$(dirname "$0")"

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
# The exports' real consumers: go tool pprof (golang-go); npm installs speedscope and pprof-format into a temp folder.
command -v go >/dev/null 2>&1 || need+=(golang-go)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing test prerequisites: ${need[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build Hotpath.slnx -c Release
dotnet test Hotpath.slnx -c Release --no-build
# The end-to-end overhead harness, tiny durations: proves it still runs, measures nothing worth quoting.
bash bench/overhead.sh --smoke
