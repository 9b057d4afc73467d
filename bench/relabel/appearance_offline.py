#!/usr/bin/python3
"""The appearance check (src/Remask.Core/Relabeling/AppearanceCheck.cs) applied after the fact to the repaired masks
of relabel runs that were made without it (grid.sh runs with --appearance off, or runs of a build before it): how much
closer to the clean masks the check would have left them. The check is the numpy/scipy reference the C# code is tested
against (tests/Remask.Core.Tests/Fixtures/Relabeling/make_appearance_fixtures.py).

Usage: /usr/bin/python3 bench/relabel/appearance_offline.py [--z Z] OUT/runs/NAME-relabel ...
Each run folder must be a grid.sh run (OUT/runs/KIND[-hard]-NOISE-SEED-relabel with OUT/data beside it). Prints, per
run, the mean Dice with the clean masks of the noisy masks, of the repaired masks and of the repaired masks after the
check, the components set back, and the shares of changed pixels whose components the image supports or refutes at z."""
import argparse
import os
import sys

import numpy as np
from PIL import Image

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'tests', 'Remask.Core.Tests',
                                'Fixtures', 'Relabeling'))
from make_appearance_fixtures import component_votes, verdict  # noqa: E402


def load(path):
    return np.asarray(Image.open(path))


def dice(a, b):
    s = a.sum() + b.sum()
    return 1.0 if s == 0 else 2 * (a & b).sum() / s


def planar(image):
    """C x H x W in [0, 1], as Remask reads a PNG (grey: one channel; RGB and RGBA: three)."""
    x = image.astype(np.float64) / 255.0
    return x[None] if x.ndim == 2 else np.moveaxis(x[..., :3], -1, 0)


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
        pixels = {-1: 0, 0: 0, 1: 0}
        for f in sorted(os.listdir(f'{run}/relabeled')):
            if not f.endswith('.png'):
                continue
            y = load(f'{noisy}/{f}') > 127
            rep = load(f'{run}/relabeled/{f}') > 127
            clean = load(f'{base}/train/masks/{f}') > 127
            checked = rep.copy()
            for comp, votes in component_votes(planar(load(f'{base}/train/images/{f}')), y, rep):
                v = verdict(votes, a.z)
                pixels[v] += int(comp.sum())
                total += 1
                if v < 0:
                    checked[comp] = y[comp]
                    undone += 1
            for i, m in enumerate((y, rep, checked)):
                d[i].append(dice(m, clean))
        changed = max(sum(pixels.values()), 1)
        print(f'{name:30s} masks: noisy {100 * np.mean(d[0]):.1f}  repaired {100 * np.mean(d[1]):.1f}  checked {100 * np.mean(d[2]):.1f}'
              f'  set back {undone}/{total} components  supported {pixels[1] / changed:.2f}  refuted {pixels[-1] / changed:.2f}')


if __name__ == '__main__':
    main()
