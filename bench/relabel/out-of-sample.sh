#!/usr/bin/env bash
# Why relabeling is cross-fitted (docs/relabeling.md, "Quality"): the training masks repaired once by a model that
# trained on them (in sample) against the same repair by models that did not (out of sample, 2 folds).
# synth-KIND (400 train / 100 test, 64 x 64, seed 2021), its training masks corrupted with NOISE (seed 2021):
#   in sample:      one U-Net-S trained E epochs on all 400 noisy masks relabels all 400 (remask relabel --model);
#   out of sample:  the images dealt alternately into folds A and B; a U-Net-S trained E epochs on A's noisy masks
#                   relabels B, and one trained on B relabels A.
# Prints the mean Dice (and precision, recall) of the noisy, the in-sample and the out-of-sample masks with the clean ones.
# Usage: bash bench/relabel/out-of-sample.sh OUT [KIND] [NOISE] [SEED] [E]    (defaults: derm poly3 1 4)
set -euo pipefail
cd "$(dirname "$0")/../.."
out=$(realpath -m "$1"); kind=${2:-derm}; noise=${3:-poly3}; seed=${4:-1}; E=${5:-4}
[ -n "${REMASK_DLL:-}" ] || dotnet build -c Release src/Remask.Cli -v quiet -nologo >/dev/null
dll=${REMASK_DLL:-src/Remask.Cli/bin/Release/net10.0/remask.dll}
remask() { dotnet "$dll" "$@"; }
data=$out/data/$kind noisy=$out/data/$kind-$noise-train
[ -d "$data" ] || remask synth --kind "$kind" --train 400 --test 100 --size 64 --seed 2021 --out "$data" >/dev/null
[ -d "$noisy" ] || remask corrupt "$data/train/masks" --noise "$noise" --seed 2021 --out "$noisy" >/dev/null
# Folds as datasets of symbolic links: A = images 0, 2, 4, ...; B = 1, 3, 5, ... (name order).
i=0
for img in "$data"/train/images/*.png; do
  n=$(basename "$img"); f=$([ $((i % 2)) -eq 0 ] && echo A || echo B); i=$((i + 1))
  mkdir -p "$out/fold/$kind/$f/train/images" "$out/fold/$kind/$f/train/masks" "$out/fold/$kind-$noise-$f"
  ln -sfn "$data/test" "$out/fold/$kind/$f/test"
  ln -sf "$img" "$out/fold/$kind/$f/train/images/$n"
  ln -sf "$data/train/masks/$n" "$out/fold/$kind/$f/train/masks/$n"
  ln -sf "$noisy/$n" "$out/fold/$kind-$noise-$f/$n"
done
run=$out/$kind-$noise-$seed-e$E
train() { remask train "$@" --epochs "$E" --seed "$seed" --overwrite >/dev/null 2>&1; }
[ -f "$run/all/model.pt" ] || train --data "$data" --masks "$noisy" --out "$run/all"
for f in A B; do [ -f "$run/$f/model.pt" ] || train --data "$out/fold/$kind/$f" --masks "$out/fold/$kind-$noise-$f" --out "$run/$f"; done
# --precision fp32: the float32 numbers of docs/relabeling.md (the commands default to auto, bf16 on CPUs with AVX512-BF16)
relabel() { remask relabel --model "$1" --data "$2" --masks "$3" --seed "$seed" --precision fp32 --out "$4" --overwrite >/dev/null 2>&1; }
relabel "$run/all" "$data" "$noisy" "$run/in"
relabel "$run/A" "$out/fold/$kind/B" "$out/fold/$kind-$noise-B" "$run/out-B"
relabel "$run/B" "$out/fold/$kind/A" "$out/fold/$kind-$noise-A" "$run/out-A"
rm -rf "$run/out"; mkdir -p "$run/out"; cp "$run"/out-A/masks/*.png "$run"/out-B/masks/*.png "$run/out/"
score() {
  remask evaluate --pred "$1" --ref "$data/train/masks" --json 2>/dev/null | tr -d ' \n' | grep -o '"mean":{[^}]*}' |
    awk -F'[:,{}]' '{ for (i = 1; i < NF; i++) v[$i] = $(i + 1)
      printf "Dice %.1f  precision %.3f  recall %.3f\n", 100 * v["\"dice\""], v["\"precision\""], v["\"recall\""] }'
}
echo "$kind $noise seed $seed, models trained $E epochs"
echo "noisy masks:          $(score "$noisy")"
echo "in sample:            $(score "$run/in/masks")"
echo "out of sample (2 x):  $(score "$run/out")"
