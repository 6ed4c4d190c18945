#!/usr/bin/env bash
# Runs the demo app with Hotpath on and prints the profile UI's URL (http://127.0.0.1:5000/__profile__/).
# Nothing to set for sampling: Hotpath uses the kernel's CPU-clock sampler (or, where refused, a duty-cycled EventPipe one).
set -euo pipefail
cd "$(dirname "$0")"
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
exec dotnet run --project samples/Hotpath.Demo -c Release --no-launch-profile --urls "${URLS:-http://127.0.0.1:5000}"
