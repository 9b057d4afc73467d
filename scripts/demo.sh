#!/usr/bin/env bash
# The main job on the built-in synthetic data (remask demo):
#   1. write synth-derm (400 train / 100 test, 64 x 64, seed 2021) and corrupt its masks the paper's way (poly3),
#   2. train U-Net-S on the noisy masks, and again with relabeling (the default: each half of the masks repaired by a
#      model trained on the other half, then the model trained on the repaired masks),
#   3. write results.md and report.html (the table, learning curves, the repaired examples, the worst-ranked masks),
#   4. compare the noisy and the repaired training masks with the clean ones (remask evaluate).
# Usage: bash scripts/demo.sh [OUT_DIR] [EPOCHS]   (defaults: out/demo, 10). Run again after an interruption: it continues.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-out/demo}
epochs=${2:-10}
dotnet build -c Release src/Remask.Cli -v quiet -nologo
remask() { dotnet src/Remask.Cli/bin/Release/net10.0/remask.dll "$@"; }
remask demo --out "$out" --epochs "$epochs"
echo "noisy training masks vs clean:"
remask evaluate --pred "$out/data/synth-derm-poly3-train" --ref "$out/data/synth-derm/train/masks"
echo "repaired training masks vs clean:"
remask evaluate --pred "$out/runs/synth-derm-poly3-relabel-s1/relabeled" --ref "$out/data/synth-derm/train/masks"
