#!/usr/bin/env bash
# docs/experiments.md, "Why two at once": the same 4-cell experiment with --jobs 1 (libtorch's default threads) and
# --jobs 2 (one thread each), in ORDER (default "1 2"), printing each wall time.
# Usage: [ORDER="2 1"] bash bench/experiment/jobs.sh OUT_DIR
set -euo pipefail
out=${1:?usage: bench/experiment/jobs.sh OUT_DIR}
cd "$(dirname "$0")/../.."
dotnet build -c Release src/Remask.Cli -v quiet -nologo >/dev/null
mkdir -p "$out"
for jobs in ${ORDER:-1 2}; do
  rm -rf "$out/jobs-$jobs"
  start=$(date +%s.%N)
  dotnet src/Remask.Cli/bin/Release/net10.0/remask.dll experiment --dataset synth-derm --noise poly3 --methods none,relabel \
    --seeds 1,2 --epochs 8 --train 200 --test 50 --jobs "$jobs" --out "$out/jobs-$jobs" >"$out/jobs-$jobs.out" 2>"$out/jobs-$jobs.err"
  echo "--jobs $jobs: $(echo "$(date +%s.%N) - $start" | bc) s (load average after: $(cut -d, -f3- /proc/loadavg | cut -d' ' -f1-3))"
done
