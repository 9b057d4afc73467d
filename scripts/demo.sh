#!/usr/bin/env bash
# The main job on the built-in synthetic data, as far as Remask goes today:
#   1. write synth-derm (400 train / 100 test, 64 x 64, seed 2021),
#   2. describe it (remask info),
#   3. corrupt the training and test masks the paper's way (3-vertex polygons, "poly3"),
#   4. train U-Net-S on the noisy masks and score the test split against clean (D_clean) and noisy (D_noisy) masks,
#   5. train again with relabeling (--method relabel: each half of the masks is repaired by a model trained on the
#      other half, then the model trains on the repaired masks),
#   6. compare the noisy and the repaired training masks with the clean ones (remask evaluate).
# Usage: bash scripts/demo.sh [OUT_DIR] [EPOCHS]   (defaults: out/demo, 10)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-out/demo}
epochs=${2:-10}
dotnet build -c Release src/Remask.Cli -v quiet -nologo
remask() { dotnet src/Remask.Cli/bin/Release/net10.0/remask.dll "$@"; }
mkdir -p "$out"
remask synth --kind derm --train 400 --test 100 --size 64 --seed 2021 --out "$out/synth-derm"
remask info "$out/synth-derm"
remask corrupt "$out/synth-derm/train/masks" --noise poly3 --seed 2021 --out "$out/noisy-train" --overwrite
remask corrupt "$out/synth-derm/test/masks" --noise poly3 --seed 2022 --out "$out/noisy-test" --overwrite
remask train --data "$out/synth-derm" --masks "$out/noisy-train" --test-noisy-masks "$out/noisy-test" \
  --epochs "$epochs" --size 64 --batch 16 --seed 2021 --out "$out/run-noisy" --overwrite
remask train --data "$out/synth-derm" --masks "$out/noisy-train" --test-noisy-masks "$out/noisy-test" \
  --epochs "$epochs" --size 64 --batch 16 --seed 2021 --method relabel --out "$out/run-relabel" --overwrite
echo "noisy training masks vs clean:"
remask evaluate --pred "$out/noisy-train" --ref "$out/synth-derm/train/masks"
if [ -d "$out/run-relabel/relabeled" ]; then
  echo "repaired training masks vs clean:"
  remask evaluate --pred "$out/run-relabel/relabeled" --ref "$out/synth-derm/train/masks"
else
  echo "no relabel round ran in $epochs epochs (see $out/run-relabel/uncertainty-curve.csv)"
fi
echo "learning curves: $out/run-noisy/metrics.csv, $out/run-relabel/metrics.csv; masks an expert should look at first: $out/run-relabel/label-quality.csv"
