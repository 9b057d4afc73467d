#!/usr/bin/python3
"""The appearance check (src/Remask.Core/Relabeling/AppearanceCheck.cs) re-implemented with numpy and scipy and applied
after the fact to the repaired masks of relabel runs that were made without it (grid.sh runs with --appearance off,
or runs of a build before it): how much closer to the clean masks the check would have left them.

Usage: /usr/bin/python3 bench/relabel/appearance_offline.py [--z Z] OUT/runs/NAME-relabel ...
Each run folder must be a grid.sh run (OUT/runs/KIND[-hard]-NOISE-SEED-relabel with OUT/data beside it). Prints, per
run, the mean Dice with the clean masks of the noisy masks, of the repaired masks and of the repaired masks after the
check, the components set back, and the shares of changed pixels whose components the image supports or refutes at z."""
import argparse
import os

import numpy as np
from PIL import Image
from scipy import ndimage as ndi


def load(path):
    return np.asarray(Image.open(path))


def dice(a, b):
    s = a.sum() + b.sum()
    return 1.0 if s == 0 else 2 * (a & b).sum() / s


def disk(r):
    y, x = np.mgrid[-r:r + 1, -r:r + 1]
    return (x * x + y * y) <= r * r


def check(img, before, after, z, shares):
    X = img.astype(np.float64) / 255.0
    X = X.reshape(-1, 1) if X.ndim == 2 else X[..., :3].reshape(-1, min(3, X.shape[-1]))
    c = X.shape[1]
    ridge = 1e-3 * X.var(axis=0).mean() + 1e-12
    fg = ndi.binary_erosion(before & after, structure=disk(1), border_value=1).ravel()
    bg = ndi.binary_erosion(~before & ~after, structure=disk(2), border_value=1).ravel()
    out = after.copy()
    if fg.sum() < 10 or bg.sum() < 10:
        return out, 0, 0

    def loglik(S):
        mu = S.mean(axis=0)
        C = np.cov(S.T, bias=True).reshape(c, c) + ridge * np.eye(c)
        d = X - mu
        return -0.5 * (np.einsum('ni,ij,nj->n', d, np.linalg.inv(C), d) + np.linalg.slogdet(C)[1])

    llr = (loglik(X[fg]) - loglik(X[bg])).reshape(before.shape)
    undone = total = 0
    for sign, region in ((1.0, after & ~before), (-1.0, before & ~after)):
        lab, n = ndi.label(region)
        for k in range(1, n + 1):
            comp = lab == k
            v = np.tanh(sign * llr[comp] / 2)
            m = v.mean()
            se = v.std() / np.sqrt(v.size) if v.size > 1 else np.inf
            total += 1
            shares[0] += comp.sum()
            if m > 0 and m > z * se:
                shares[1] += comp.sum()
            if m < 0 and -m > z * se:
                shares[2] += comp.sum()
                out[comp] = before[comp]
                undone += 1
    return out, undone, total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--z', type=float, default=2.0)
    ap.add_argument('runs', nargs='+')
    a = ap.parse_args()
    for run in a.runs:
        if not os.path.isdir(f'{run}/relabeled'):
            continue   # a run that failed or has not relabeled yet
        name = os.path.basename(run.rstrip('/'))
        out = run.split('/runs/')[0]
        parts = name.split('-')
        si = next(i for i, p in enumerate(parts) if p.isdigit())
        noisy_set, base_set = '-'.join(parts[:si]), '-'.join(parts[:si - 1])
        base, noisy = f'{out}/data/{base_set}', f'{out}/data/{noisy_set}-train'
        d = [[], [], []]
        undone = total = 0
        shares = [0, 0, 0]
        for f in sorted(os.listdir(f'{run}/relabeled')):
            if not f.endswith('.png'):
                continue
            y = load(f'{noisy}/{f}') > 127
            rep = load(f'{run}/relabeled/{f}') > 127
            clean = load(f'{base}/train/masks/{f}') > 127
            checked, u, t = check(load(f'{base}/train/images/{f}'), y, rep, a.z, shares)
            undone += u
            total += t
            for i, m in enumerate((y, rep, checked)):
                d[i].append(dice(m, clean))
        print(f'{name:30s} masks: noisy {100 * np.mean(d[0]):.1f}  repaired {100 * np.mean(d[1]):.1f}  checked {100 * np.mean(d[2]):.1f}'
              f'  set back {undone}/{total} components  supported {shares[1] / max(shares[0], 1):.2f}  refuted {shares[2] / max(shares[0], 1):.2f}')


if __name__ == '__main__':
    main()
