#!/usr/bin/env bash
# The quality table of docs/uncertainty.md: pixel AUROC of each uncertainty map as a detector of wrongly labeled
# training pixels (noisy XOR clean), per estimator, after 2, 4 and 8 epochs of training on the noisy masks.
#   synth-derm and synth-ct (400 train / 100 test, 64 x 64, seed 2021), noise poly3 | poly7 | smooth (seed 2021);
#   4 runs per dataset x noise with seeds 2021..2024 (member-00 is the model of mcdo, tta and tta+mcdo; all 4 form
#   the ensemble), each extended 2 -> 4 -> 8 epochs with `train --resume --epochs E` (the same weights as one run);
#   estimators: mcdo 8 samples, tta 8 views, tta+mcdo 8 views x 2 dropout samples, ensemble of 4.
# Usage: bash bench/uncertainty/quality.sh [OUT_DIR] [KINDS] [NOISES]   then   python3 bench/uncertainty/quality_table.py OUT_DIR
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-out/uncertainty-quality}
kinds=${2:-"derm ct"}
noises=${3:-"poly3 poly7 smooth"}
dotnet build -c Release src/Remask.Cli -v quiet -nologo
remask() { dotnet src/Remask.Cli/bin/Release/net10.0/remask.dll "$@"; }
mkdir -p "$out"
for kind in $kinds; do
  data="$out/synth-$kind"
  [ -d "$data" ] || remask synth --kind "$kind" --train 400 --test 100 --size 64 --seed 2021 --out "$data"
  for noise in $noises; do
    case_dir="$out/$kind-$noise"
    mkdir -p "$case_dir"
    [ -d "$case_dir/noisy-train" ] || remask corrupt "$data/train/masks" --noise "$noise" --seed 2021 --out "$case_dir/noisy-train"
    for epochs in 2 4 8; do
      for m in 0 1 2 3; do
        run="$case_dir/ensemble/member-0$m"
        if [ -f "$run/model.json" ] && grep -q "\"epoch\": $epochs" "$run/model.json"; then continue; fi
        if [ -d "$run" ]; then remask train --resume "$run" --epochs "$epochs" 2>/dev/null | tail -1
        else remask train --data "$data" --masks "$case_dir/noisy-train" --epochs "$epochs" --size 64 --batch 16 --seed $((2021 + m)) --out "$run" 2>/dev/null | tail -1; fi
      done
      for method in mcdo tta tta+mcdo ensemble; do
        res="$case_dir/e$epochs-$method"
        [ -f "$res/summary.json" ] && continue
        model="$case_dir/ensemble/member-00"; samples=8
        case $method in tta+mcdo) samples=2 ;; ensemble) model="$case_dir/ensemble"; samples=4 ;; esac
        echo "== $kind $noise epoch $epochs $method"
        remask uncertainty --model "$model" --data "$data" --split train --masks "$case_dir/noisy-train" \
          --method "$method" --samples "$samples" --seed 2021 --out "$res" --overwrite 2>&1 | grep -E "AUROC|done in"
      done
    done
  done
done
