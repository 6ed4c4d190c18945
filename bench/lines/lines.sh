#!/usr/bin/env bash
# Line-profiler overhead on realistic code: builds bench/lines/Program.cs + the line demo's Catalog/Scenarios three
# ways (off, hits only, hits + line timing) in temporary folders and runs them alternately. Needs the repo built
# (dotnet build Hotpath.slnx -c Release). Usage: bash bench/lines/lines.sh [rounds] [repeats]
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
rounds="${1:-20000}"
repeats="${2:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for mode in off hits timing; do
  dir="$work/$mode"; mkdir -p "$dir"
  cp "$repo/bench/lines/Program.cs" "$repo/samples/Hotpath.LineDemo/Catalog.cs" "$repo/samples/Hotpath.LineDemo/Scenarios.cs" "$dir/"
  cat > "$dir/bench.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings><Nullable>enable</Nullable>
    <HotpathLineProfilerTaskAssembly>$repo/src/Hotpath.LineProfiler.Build/bin/Release/net10.0/Hotpath.LineProfiler.Build.dll</HotpathLineProfilerTaskAssembly>
    <HotpathLineProfilerReference>true</HotpathLineProfilerReference>
  </PropertyGroup>
  <Import Project="$repo/src/Hotpath.LineProfiler/build/Hotpath.LineProfiler.props" />
  <ItemGroup><Reference Include="$repo/src/Hotpath.LineProfiler/bin/Release/net10.0/Hotpath.LineProfiler.dll" /></ItemGroup>
  <Import Project="$repo/src/Hotpath.LineProfiler/build/Hotpath.LineProfiler.targets" />
</Project>
XML
  case $mode in
    off) props=() ;;
    hits) props=(-p:HotpathLineProfile=true "-p:HotpathLineTiming=^$") ;;
    timing) props=(-p:HotpathLineProfile=true "-p:HotpathLineTiming=Catalog|Words") ;;
  esac
  dotnet build "$dir" -c Release -v:q -nologo "${props[@]}" >/dev/null
done
for r in $(seq "$repeats"); do
  for mode in off hits timing; do
    echo "$mode $(dotnet "$work/$mode/bin/Release/net10.0/bench.dll" "$rounds")"
  done
done
