#!/usr/bin/env bash
# Re-runs the relabel pass of a finished cross-fitted grid.sh run on its trained fold models, then the final training,
# with another build: the fold models (their checkpoints and snapshots) are kept, everything after them is dropped, and
# the copy is resumed. A change to the relabel step is then measured on exactly the fold models a grid trained, without
# training them again. With the build the run was made with, the copy reproduces the run's masks and metrics
# bit-identically (checked on ct-hard poly7 seed 3 of the seventh grid: masks Dice 0.4143, final D_clean 29.04).
# Usage: bash bench/relabel/redo-pass.sh SRC_RUN DST_RUN [REMASK_DLL]   (default: this tree's Release build)
set -euo pipefail
cd "$(dirname "$0")/../.."
src=$(realpath "$1"); dst=$(realpath -m "$2")
[ -n "${3:-}" ] || dotnet build -c Release src/Remask.Cli -v quiet -nologo >/dev/null
dll=$(realpath "${3:-src/Remask.Cli/bin/Release/net10.0/remask.dll}")
[ -f "$src/cross-fit/round-1/round.json" ] || { echo "$src: not a finished cross-fitted run" >&2; exit 2; }
rm -rf "$dst"; mkdir -p "$(dirname "$dst")"; cp -r "$src" "$dst"
cd "$dst"
rm -rf relabeled relabeled-round-* relabeled-volumes relabel-round-*.csv relabel-round-*-examples.png label-quality.csv \
  cross-fit.csv metrics.csv metrics.json model.pt model.json checkpoint cross-fit/round-*/round.json cross-fit/round-*/fold-*/relabeled
rm -rf cross-fit/round-[2-9]*
dotnet "$dll" train --resume "$dst" >"$dst.log" 2>&1
