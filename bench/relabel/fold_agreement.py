#!/usr/bin/python3
"""Whether the fold models of cross-fitted grid.sh runs are better than the labels they judge, and what a label-free
measure says about it (docs/relabeling.md, "ninth grid"). For every training image, A is the prediction ([p >= 0.5],
one deterministic forward pass) of the fold model that did not train on it (the one that relabels it), B that of the
other fold model (the committee), y the noisy label, c the clean mask. Prints, per run, the medians of Dice(A, y),
Dice(A, B) and Dice(B, y), which need no clean mask, beside the truth: the mean Dice of A and of y with c, and the
share of images where A is closer to c than y is. Images with an empty label are left out.

The maps are those of floor_reach.py (PRED/NAME-fK/, written by remask predict when missing).

Usage: /usr/bin/python3 bench/relabel/fold_agreement.py PRED OUT/runs/NAME-relabel ...
"""
import os
import sys

import numpy as np

from floor_reach import load, maps, run_paths


def dice(a, b):
    s = a.sum() + b.sum()
    return 1.0 if s == 0 else 2.0 * (a & b).sum() / s


def main():
    pred, runs = sys.argv[1], sys.argv[2:]
    for run in runs:
        run, name, noisy_set, clean_set, root = run_paths(run)
        probs = {fold: maps(pred, run, name, fold) for fold in (1, 2)}
        rows = []
        for fold in (1, 2):
            for f in sorted(os.listdir(f'{run}/cross-fit/round-1/fold-{fold}/relabeled')):
                if not f.endswith('.png'):
                    continue
                y = load(f'{root}/data/{noisy_set}-train/{f}') > 127
                if not y.any():
                    continue
                c = load(f'{root}/data/{clean_set}/train/masks/{f}') > 127
                a = load(f'{probs[fold]}/{f}').astype(np.float64) / 65535 >= 0.5
                b = load(f'{probs[3 - fold]}/{f}').astype(np.float64) / 65535 >= 0.5
                rows.append((dice(a, y), dice(a, b), dice(b, y), dice(a, c), dice(y, c)))
        r = np.array(rows)
        print(f'{name:30s} {len(r):3d} images | median Dice(A, y) {np.median(r[:, 0]):.3f} (A, B) {np.median(r[:, 1]):.3f} '
              f'(B, y) {np.median(r[:, 2]):.3f} | truth: mean Dice(A, c) {r[:, 3].mean():.3f}, (y, c) {r[:, 4].mean():.3f}, '
              f'A closer in {np.mean(r[:, 3] > r[:, 4]):.2f} of the images')


if __name__ == '__main__':
    main()
