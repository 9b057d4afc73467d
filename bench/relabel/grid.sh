#!/usr/bin/env bash
# The relabeling quality grid of docs/relabeling.md: synth-derm and synth-ct (400 train / 100 test, 64 x 64, seed 2021)
# x noise (poly3, poly7, smooth) x training seed, each trained with --method none, with --method relabel (the given
# relabel options) and on the clean masks. One line per run in OUT/results.tsv; bench/relabel/summary.sh averages them.
# Usage: bash bench/relabel/grid.sh OUT "SEEDS" EPOCHS [KINDS] [NOISES] [-- extra relabel options]
#   METHODS="relabel" (environment) runs only those methods (default: none relabel clean; also: reweight, with
#   CLEAN_SUBSET training images whose clean masks it may use, default 20 = 5 %)
#   DIFFICULTY=hard (environment) uses the hard synthetic sets (remask synth --difficulty hard); their data, runs and
#   results.tsv rows are named derm-hard, ct-hard. Default standard: the sets, names and commands as before.
#   e.g. bash bench/relabel/grid.sh /tmp/grid "1 2 3" 12 "derm ct" "poly3 poly7 smooth"
set -euo pipefail
cd "$(dirname "$0")/../.."
out=$1; seeds=$2; epochs=$3; kinds=${4:-"derm ct"}; noises=${5:-"poly3 poly7 smooth"}
shift $(( $# < 5 ? $# : 5 )); [ "${1:-}" = "--" ] && shift
relabel_opts=("$@")
difficulty=${DIFFICULTY:-standard}
case $difficulty in
  standard) suffix=""; synth_opts=() ;;
  hard) suffix="-hard"; synth_opts=(--difficulty hard) ;;
  *) echo "grid.sh: DIFFICULTY must be standard or hard, not '$difficulty'" >&2; exit 2 ;;
esac
# REMASK_DLL (environment): a remask.dll built elsewhere (so that a rebuild of the tree does not change a running grid)
[ -n "${REMASK_DLL:-}" ] || dotnet build -c Release src/Remask.Cli -v quiet -nologo >/dev/null
dll=${REMASK_DLL:-src/Remask.Cli/bin/Release/net10.0/remask.dll}
remask() { dotnet "$dll" "$@"; }
mkdir -p "$out/runs"
results="$out/results.tsv"
[ -f "$results" ] || printf 'kind\tnoise\tseed\tmethod\td_clean\td_noisy\tpeak_epoch\tpeak_d_clean\trelabel_epochs\tmasks_dice_before\tmasks_dice_after\tchange_precision\tchange_recall\tseconds\n' > "$results"

# Last row's D_clean and D_noisy, the epoch where D_clean peaked, and the relabel columns of metrics.csv.
summarise() {
  awk -F, -v kind="$1" -v noise="$2" -v seed="$3" -v method="$4" -v secs="$5" '
    NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    { dc = $col["d_clean"]; dn = $col["d_noisy"]
      if (dc > best) { best = dc; peak = $col["epoch"] }
      if ("relabel_round" in col && $col["relabel_round"] != "") {
        epochs = epochs (epochs == "" ? "" : ";") $col["epoch"]
        if (before == "") before = $col["masks_dice_before"]
        after = $col["masks_dice_after"]; prec = $col["change_precision"]; rec = $col["change_recall"] } }
    END { printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", kind, noise, seed, method, dc, dn, peak, best,
          (epochs == "" ? "-" : epochs), before, after, prec, rec, secs }' "$6/metrics.csv" | crossfit "$6"
}

# With --cross-fit the rounds are in RUN/cross-fit.csv (the run's own rows have no relabel columns): the picked
# epochs of each round's folds (round r as "r:e1/e2"), the masks' Dice before the first and after the last round,
# and the last round's change precision and recall.
crossfit() {
  [ -f "$1/cross-fit.csv" ] || { cat; return; }
  awk -F'\t' -v OFS='\t' -v file="$1/cross-fit.csv" 'BEGIN {
      while ((getline line < file) > 0) { n++; if (n == 1) continue; split(line, c, ",")
        e = (c[6] == "" ? "none" : c[6]); if (c[1] in ep) ep[c[1]] = ep[c[1]] "/" e; else ep[c[1]] = c[1] ":" e
        if (before == "") before = c[11]; after = c[12]; prec = c[13]; rec = c[14]; last = c[1] }
      for (r = 1; r <= last; r++) epochs = epochs (r > 1 ? ";" : "") ep[r] }
    { $9 = epochs; $10 = before; $11 = after; $12 = prec; $13 = rec; print }'
}

for kind in $kinds; do
  name="$kind$suffix"
  data="$out/data/$name"
  remask synth --kind "$kind" "${synth_opts[@]}" --train 400 --test 100 --size 64 --seed 2021 --out "$data" >/dev/null 2>&1
  for noise in $noises; do
    remask corrupt "$data/train/masks" --noise "$noise" --seed 2021 --out "$out/data/$name-$noise-train" --overwrite >/dev/null 2>&1
    remask corrupt "$data/test/masks" --noise "$noise" --seed 2022 --out "$out/data/$name-$noise-test" --overwrite >/dev/null 2>&1
    for seed in $seeds; do
      for method in ${METHODS:-none relabel clean}; do
        key="$name-$noise-$seed-$method"
        grep -q "^$name	$noise	$seed	$method	" "$results" && continue
        run="$out/runs/$key"
        args=(--data "$data" --test-noisy-masks "$out/data/$name-$noise-test" --epochs "$epochs" --seed "$seed" --out "$run" --overwrite)
        case $method in
          none) args+=(--masks "$out/data/$name-$noise-train") ;;
          relabel) args+=(--masks "$out/data/$name-$noise-train" --method relabel "${relabel_opts[@]}") ;;
          reweight) args+=(--masks "$out/data/$name-$noise-train" --method reweight --clean-subset "${CLEAN_SUBSET:-20}") ;;
          clean) [ "$noise" = "$(echo $noises | cut -d' ' -f1)" ] || continue ;;
        esac
        start=$(date +%s)
        remask train "${args[@]}" >/dev/null 2>"$run.log" || { echo "failed: $key (see $run.log)" >&2; continue; }
        summarise "$name" "$noise" "$seed" "$method" $(( $(date +%s) - start )) "$run" | tee -a "$results"
      done
    done
  done
done
