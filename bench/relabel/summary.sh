#!/usr/bin/env bash
# Summarises OUT/results.tsv of bench/relabel/grid.sh: per dataset x noise x method, the mean and the range over
# seeds of the last epoch's D_clean and D_noisy, the mean relabel epochs, the training masks' Dice with the clean
# masks before and after the first and the last relabel, and the gap recovered:
#   (D_clean(relabel) - D_clean(none)) / (D_clean(clean) - D_clean(none)), from the means.
# Then, per relabel run, how well label-quality.csv ranks the worst masks: the mean Dice (noisy vs clean) of the
# worst-ranked 10 % of images beside that of all images, from the run's first relabel-round csv.
# Usage: bash bench/relabel/summary.sh OUT [OUT ...]   (several grids' folders are read as one)
set -euo pipefail
outs=("$@")
printf 'dataset\tnoise\tmethod\truns\tD_clean mean [min, max]\tD_noisy mean\trelabel epochs\tmasks Dice before -> after\tprecision / recall\tgap recovered\n'
awk -F'\t' '
  $1 == "kind" { next }
  { key = $1 "\t" $2 "\t" $4; n[key]++; dc[key] += $5; dn[key] += $6
    if (!(key in lo) || $5 < lo[key]) lo[key] = $5; if (!(key in hi) || $5 > hi[key]) hi[key] = $5
    if ($4 == "clean") { cleanSum[$1] += $5; cleanN[$1]++ }
    if ($4 == "relabel") { eps[key] = eps[key] " " $9; mb[key] += $10; ma[key] += $11; pr[key] += $12; rc[key] += $13 }
    keys[key] = 1 }
  END {
    for (key in keys) {
      split(key, k, "\t"); m = dc[key] / n[key]
      line = sprintf("%s\t%s\t%s\t%d\t%.1f [%.1f, %.1f]\t%.1f", k[1], k[2], k[3], n[key], m, lo[key], hi[key], dn[key] / n[key])
      if (k[3] == "relabel") {
        none = k[1] "\t" k[2] "\tnone"
        gap = (k[1] in cleanN) && (none in n) ? (cleanSum[k[1]] / cleanN[k[1]]) - dc[none] / n[none] : 0
        rec = gap > 0 ? sprintf("%.0f %% (gap %.1f)", 100 * (m - dc[none] / n[none]) / gap, gap) : "-"
        line = line sprintf("\t%s\t%.1f -> %.1f\t%.2f / %.2f\t%s", eps[key], 100 * mb[key] / n[key], 100 * ma[key] / n[key], pr[key] / n[key], rc[key] / n[key], rec)
      } else line = line "\t-\t-\t-\t-"
      print line } }' "${outs[@]/%//results.tsv}" | sort
echo
printf 'run\timages\tmean noisy Dice (all)\tmean noisy Dice (worst-ranked 10 %%)\n'
for csv in $(for o in "${outs[@]}"; do ls "$o"/runs/*-relabel/relabel-round-1.csv 2>/dev/null; done); do
  [ -f "$csv" ] || continue
  run=$(basename "$(dirname "$csv")")
  # columns: name,...,quality_score (10),dice_before (11)
  tail -n +2 "$csv" | awk -F, '{ print $10 "\t" $11 }' | sort -g -r | awk -F'\t' -v run="$run" '
    { s[NR] = $2; all += $2 } END { k = int(NR / 10); if (k < 1) k = 1; for (i = 1; i <= k; i++) top += s[i]
      printf "%s\t%d\t%.3f\t%.3f\n", run, NR, all / NR, top / k }'
done

# D_clean swings by several points from one epoch to the next (CT especially), so the last epoch alone is a noisy
# measure: the mean of the last three epochs' D_clean and D_noisy, per dataset x noise x method, over seeds.
echo
printf 'dataset\tnoise\tmethod\truns\tD_clean, mean of the last 3 epochs [min, max over seeds]\tD_noisy, same\n'
for m in $(for o in "${outs[@]}"; do ls "$o"/runs/*/metrics.csv 2>/dev/null; done); do
  key=$(basename "$(dirname "$m")")   # KIND-NOISE-SEED-METHOD
  tail -n 3 "$m" | awk -F, -v key="$key" '{ c += $3; n += $4 } END { printf "%s\t%.3f\t%.3f\n", key, c / NR, n / NR }'
done | awk -F'\t' '
  { # KIND[-hard]-NOISE-SEED-METHOD: the last three fields from the end, the rest is the dataset
    n_ = split($1, p, "-"); kind = p[1]; for (i = 2; i <= n_ - 3; i++) kind = kind "-" p[i]
    key = kind "\t" p[n_ - 2] "\t" p[n_]; k[key]++; c[key] += $2; n[key] += $3
    if (!(key in lo) || $2 < lo[key]) lo[key] = $2; if (!(key in hi) || $2 > hi[key]) hi[key] = $2 }
  END { for (key in k) printf "%s\t%d\t%.1f [%.1f, %.1f]\t%.1f\n", key, k[key], c[key] / k[key], lo[key], hi[key], n[key] / k[key] }' | sort
