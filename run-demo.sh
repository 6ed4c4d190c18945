#!/usr/bin/env bash
# Runs the demo app with Hotpath on and prints the profile UI's URL (http://127.0.0.1:5000/__profile__/).
# The sampling interval is set for the runtime before it starts: DOTNET_EventPipeThreadSamplingRate is hexadecimal ms.
set -euo pipefail
cd "$(dirname "$0")"
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
export DOTNET_EventPipeThreadSamplingRate="${DOTNET_EventPipeThreadSamplingRate:-A}"
exec dotnet run --project samples/Hotpath.Demo -c Release --no-launch-profile --urls "${URLS:-http://127.0.0.1:5000}"
