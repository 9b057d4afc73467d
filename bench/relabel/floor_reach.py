#!/usr/bin/python3
"""The floor's reach (docs/relabeling.md, "Growing from the background floor") measured after the fact on the fold
models of cross-fitted grid.sh runs: for every training image, the growth the floor would give from fold model k's map
(the model that did not train on it), its reach |G ∩ far| / |A|, and how many of the grown pixels are object in the clean
mask. Prints, per run, the median and 90th percentile of the reach and the growth's precision in the images at reach
<= 1 and > 1.

A simplified re-implementation, to find and check the rule, not the C# code's reference: p is one deterministic
forward pass (remask predict), not the mean of the MC dropout samples the relabel pass uses; no opening, no evidence
share, no uncertainty condition. The maps are written once per fold model into PRED/NAME-fK/ (remask predict, build
given by REMASK_DLL or this tree's Release build).

Usage: /usr/bin/python3 bench/relabel/floor_reach.py PRED OUT/runs/NAME-relabel ...
"""
import os
import subprocess
import sys

import numpy as np
from PIL import Image
from scipy import ndimage as ndi

R, M = 4, 0.08   # the floor radius and margin of the default flip settings (64 x 64)
EIGHT = np.ones((3, 3))
HERE = os.path.dirname(os.path.abspath(__file__))


def load(path):
    return np.asarray(Image.open(path))


def maps(pred, run, name, fold):
    out = f'{pred}/{name}-f{fold}'
    if not os.path.isfile(f'{out}/done'):
        dll = os.environ.get('REMASK_DLL', os.path.join(HERE, '..', '..', 'src/Remask.Cli/bin/Release/net10.0/remask.dll'))
        data = os.path.join(run.split('/runs/')[0], 'data', dataset(name)[1])
        subprocess.run(['dotnet', dll, 'predict', '--model', f'{run}/cross-fit/round-1/fold-{fold}', '--data', data,
                        '--split', 'train', '--out', out, '--overwrite'], check=True, stdout=subprocess.DEVNULL)
        open(f'{out}/done', 'w').close()
    return f'{out}/probabilities'


def dataset(name):
    """(noisy set, clean set) of a grid.sh run name KIND[-hard]-NOISE-SEED-METHOD."""
    parts = name.split('-')
    si = next(i for i, p in enumerate(parts) if p.isdigit())
    return '-'.join(parts[:si]), '-'.join(parts[:si - 1])


def run_paths(run):
    """(absolute run folder, its name, the noisy set, the clean set, the grid's root folder) of a grid.sh run."""
    run = os.path.abspath(run.rstrip('/'))
    name = os.path.basename(run)
    noisy_set, clean_set = dataset(name)
    return run, name, noisy_set, clean_set, run.split('/runs/')[0]


def growth(y, p):
    """The floor's anchored growth G (no opening), its reach and t."""
    a = y | (p >= 0.5)
    far = ndi.distance_transform_edt(~a) > R
    t = min(0.5, float(np.median(p[far])) + M) if far.sum() >= 32 and far.mean() >= 0.05 else 0.5
    lab, _ = ndi.label((p >= t) & ~y, structure=EIGHT)
    touching = np.unique(lab[ndi.binary_dilation(y, structure=EIGHT) & (lab > 0)])
    g = np.isin(lab, touching[touching > 0])
    return g, (g & far).sum() / max(1, a.sum())


def main():
    pred, runs = sys.argv[1], sys.argv[2:]
    for run in runs:
        run, name, noisy_set, clean_set, root = run_paths(run)
        reach, tally = [], np.zeros((2, 2))
        for fold in (1, 2):
            probs = maps(pred, run, name, fold)
            for f in sorted(os.listdir(f'{run}/cross-fit/round-1/fold-{fold}/relabeled')):
                if not f.endswith('.png'):
                    continue
                y = load(f'{root}/data/{noisy_set}-train/{f}') > 127
                clean = load(f'{root}/data/{clean_set}/train/masks/{f}') > 127
                p = load(f'{probs}/{f}').astype(np.float64) / 65535
                g, r = growth(y, p)
                reach.append(r)
                tally[int(r > 1)] += [g.sum(), (g & clean).sum()]
        reach = np.array(reach)
        prec = [t[1] / t[0] if t[0] else float('nan') for t in tally]
        print(f'{name:30s} reach median {np.median(reach):.2f} p90 {np.quantile(reach, .9):.2f} | '
              f'reach <= 1: {np.sum(reach <= 1):3d} images, growth precision {prec[0]:.2f} | '
              f'> 1: {np.sum(reach > 1):3d} images, {prec[1]:.2f}')


if __name__ == '__main__':
    main()
