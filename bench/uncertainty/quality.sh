#!/usr/bin/env bash
# The quality table of docs/uncertainty.md: pixel AUROC of each uncertainty map as a detector of wrongly labeled
# training pixels (noisy XOR clean), per estimator, after 2, 4 and 8 epochs of training on the noisy masks.
#   synth-KIND (400 train / 100 test, 64 x 64, seed 2021), noise poly3 | poly7 | smooth (corrupt seed 2021);
#   member-00 (seed 2021) is trained 2 -> 4 -> 8 epochs (`train --resume --epochs E` gives the weights of one longer
#   run) and its model at each E is copied to ens-eE/member-00; mcdo (8 samples), tta (8 views) and tta+mcdo
#   (8 views x 2 dropout samples) use it. Then members 1..M-1 (seeds 2021+m) alike, and the ensemble of M at each E.
#   The maps are computed for the first EVAL training images (default 100 of the 400; all pixels of them pooled).
# Usage: bash bench/uncertainty/quality.sh OUT_DIR "derm ct" "poly3 poly7 smooth" [M=4]
#        (environment: EPOCHS="2 4 8", METHODS="tta mcdo tta+mcdo" restrict the runs; EVAL=100;
#         REMASK_DLL=a remask.dll built elsewhere, so that rebuilding the tree does not change a running table)
#        python3 bench/uncertainty/quality_table.py OUT_DIR
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-out/uncertainty-quality}
kinds=${2:-"derm ct"}
noises=${3:-"poly3 poly7 smooth"}
members=${4:-4}
eval_images=${EVAL:-100}
epoch_list=${EPOCHS:-"2 4 8"}
methods=${METHODS:-"tta mcdo tta+mcdo"}
[ -n "${REMASK_NO_BUILD:-}${REMASK_DLL:-}" ] || dotnet build -c Release src/Remask.Cli -v quiet -nologo
dll=${REMASK_DLL:-src/Remask.Cli/bin/Release/net10.0/remask.dll}
remask() { dotnet "$dll" "$@"; }

# train_to CASE M E: member M of CASE trained (or extended) to E epochs, copied to CASE/ens-eE/member-0M.
train_to() {
  local case_dir=$1 m=$2 epochs=$3 kind=$4
  local run="$case_dir/ensemble/member-0$m" snap="$case_dir/ens-e$epochs/member-0$m"
  [ -f "$snap/model.pt" ] && return 0
  if [ -d "$run" ]; then remask train --resume "$run" --epochs "$epochs" 2>/dev/null | tail -1
  else remask train --data "$out/synth-$kind" --masks "$case_dir/noisy-train" --epochs "$epochs" --size 64 --batch 16 \
         --seed $((2021 + m)) --out "$run" 2>/dev/null | tail -1; fi
  grep -q "\"epoch\": $epochs," "$run/model.json"
  mkdir -p "$snap.tmp" && cp "$run/model.pt" "$run/model.json" "$run/metrics.csv" "$snap.tmp/" && mv "$snap.tmp" "$snap"
}

# estimate CASE E METHOD MODEL SAMPLES KIND
estimate() {
  local case_dir=$1 epochs=$2 method=$3 model=$4 samples=$5 kind=$6 res="$1/e$2-$3"
  [ -f "$res/summary.json" ] && return 0
  echo "== $kind $(basename "$case_dir") epoch $epochs $method"
  # --precision fp32: the table's float32 numbers (the command defaults to auto: bf16 on CPUs with AVX512-BF16)
  remask uncertainty --model "$model" --data "$out/eval-$kind" --split train --masks "$case_dir/noisy-train" \
    --method "$method" --samples "$samples" --seed 2021 --precision fp32 --out "$res" --overwrite 2>&1 | grep -E "AUROC|done in"
}

mkdir -p "$out"
for kind in $kinds; do
  [ -d "$out/synth-$kind" ] || remask synth --kind "$kind" --train 400 --test 100 --size 64 --seed 2021 --out "$out/synth-$kind"
  if [ ! -d "$out/eval-$kind" ]; then
    mkdir -p "$out/eval-$kind.tmp/train/images" "$out/eval-$kind.tmp/train/masks"
    for f in $(ls "$out/synth-$kind/train/images" | sort | head -n "$eval_images"); do
      cp "$out/synth-$kind/train/images/$f" "$out/eval-$kind.tmp/train/images/"; cp "$out/synth-$kind/train/masks/$f" "$out/eval-$kind.tmp/train/masks/"
    done
    mv "$out/eval-$kind.tmp" "$out/eval-$kind"
  fi
  for noise in $noises; do
    case_dir="$out/$kind-$noise"
    mkdir -p "$case_dir"
    [ -d "$case_dir/noisy-train" ] || remask corrupt "$out/synth-$kind/train/masks" --noise "$noise" --seed 2021 --out "$case_dir/noisy-train"
    for epochs in $epoch_list; do
      train_to "$case_dir" 0 "$epochs" "$kind"
      for method in $methods; do
        samples=8; [ "$method" = tta+mcdo ] && samples=2
        estimate "$case_dir" "$epochs" "$method" "$case_dir/ens-e$epochs/member-00" "$samples" "$kind"
      done
    done
  done
done
[ "$members" -ge 2 ] || exit 0
for kind in $kinds; do
  for noise in $noises; do
    case_dir="$out/$kind-$noise"
    for epochs in $epoch_list; do
      for m in $(seq 1 $((members - 1))); do train_to "$case_dir" "$m" "$epochs" "$kind"; done
      estimate "$case_dir" "$epochs" ensemble "$case_dir/ens-e$epochs" "$members" "$kind"
    done
  done
done
