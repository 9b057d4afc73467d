#!/usr/bin/env python3
"""RESULTS.md's standard-set table from the cell.json files of `remask experiment` folders (no third-party modules).

Usage: python3 bench/experiment/table.py EXP_DIR [EXP_DIR ...]
For each dataset x noise: D_clean of the last epoch (mean [min, max] over seeds), D_clean over the last 3 epochs
(each run's mean, then over seeds), the repaired training masks' Dice with the clean ones, and the share of the gap
(clean-trained minus none) that relabel and reweight recover, from the last epoch's and from the last 3 epochs' means.
"""
import glob, json, os, sys
from statistics import mean

cells = []
for d in sys.argv[1:]:
    for f in glob.glob(os.path.join(d, "runs", "*", "cell.json")):
        cells.append(json.load(open(f)))

def spread(xs):
    return f"{mean(xs):.1f} [{min(xs):.1f}, {max(xs):.1f}]" if xs else "-"

def last(c): return c["d_clean"][-1]
def last3(c): return mean(c["d_clean"][-3:])

def pick(ds, noise, method):
    return sorted((c for c in cells if c["dataset"] == ds and c["noise"] == noise and c["method"] == method), key=lambda c: c["seed"])

def gap(m, n, k):
    return f"{100 * (m - n) / (k - n):.0f} %" if k - n >= 1 else "-"

print("| dataset | noise | clean-trained | none | relabel | reweight | masks: labels -> relabel | gap recovered, relabel / reweight: last epoch; last 3 |")
print("|---|---|---|---|---|---|---|---|")
for ds in sorted({c["dataset"] for c in cells}, key=lambda s: ("ct" in s, s)):
    clean = pick(ds, "clean", "none")
    for noise in ("poly3", "poly7", "smooth"):
        none, rl, rw = pick(ds, noise, "none"), pick(ds, noise, "relabel"), pick(ds, noise, "reweight")
        if not none: continue
        row = [ds, noise]
        for group in (clean, none, rl, rw):
            row.append(f"{spread([last(c) for c in group])}; {mean(last3(c) for c in group):.1f}" if group else "-")
        masks = [c for c in rl if c.get("masks_dice_after") is not None]
        per_seed = ", ".join("%.1f" % (100 * c["masks_dice_after"]) for c in masks)
        row.append("%.1f -> %.1f (%s)" % (100 * mean(c["masks_dice_before"] for c in masks), 100 * mean(c["masks_dice_after"] for c in masks), per_seed)
                   if masks else "-")
        if clean and rl and rw:
            k, n = mean(map(last, clean)), mean(map(last, none))
            k3, n3 = mean(map(last3, clean)), mean(map(last3, none))
            row.append(f"{gap(mean(map(last, rl)), n, k)} / {gap(mean(map(last, rw)), n, k)}; "
                       f"{gap(mean(map(last3, rl)), n3, k3)} / {gap(mean(map(last3, rw)), n3, k3)}")
        else:
            row.append("-")
        print("| " + " | ".join(row) + " |")
print()
print("Each method's entry: last epoch mean [min, max]; mean over the last 3 epochs. Seconds per cell (mean):")
for m in ("clean", "none", "relabel", "reweight"):
    s = [c["seconds"] for c in cells if (c["noise"] == "clean") == (m == "clean") and (m == "clean" or c["method"] == m)]
    if s: print(f"- {m}: {mean(s):.0f} s over {len(s)} cells")
