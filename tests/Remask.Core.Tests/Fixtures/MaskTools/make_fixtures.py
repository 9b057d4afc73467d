#!/usr/bin/python3
"""Reference values for Remask's morphology, polygon fill and metrics tests, computed with scipy, skimage and
numpy (independent implementations). Run from anywhere:  /usr/bin/python3 make_fixtures.py
Writes the JSON files next to this script. Masks are lists of row strings of '0'/'1'."""
import json
import os

import numpy as np
from scipy import ndimage as ndi
from scipy.stats import rankdata
from skimage.draw import polygon2mask
from skimage.morphology import binary_dilation, binary_erosion, disk

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20210611)


def enc(m):
    return ["".join("1" if v else "0" for v in row) for row in np.asarray(m, dtype=bool)]


def random_mask(h, w, density, smooth):
    """Blobby random masks: thresholded smoothed noise, so that there are holes, border contacts and thin bits."""
    noise = rng.random((h, w))
    if smooth > 0:
        noise = ndi.gaussian_filter(noise, smooth)
        lo, hi = noise.min(), noise.max()
        noise = (noise - lo) / (hi - lo + 1e-12)
    return noise > (1 - density) if smooth == 0 else noise > np.quantile(noise, 1 - density)


def masks(n):
    out = []
    for i in range(n):
        h, w = int(rng.integers(5, 33)), int(rng.integers(5, 33))
        density = float(rng.choice([0.2, 0.4, 0.5, 0.6, 0.8]))
        smooth = float(rng.choice([0, 0, 1.0, 1.5, 2.0]))
        out.append(random_mask(h, w, density, smooth))
    # Edge cases: all background, all foreground, one pixel, a ring touching nothing, 1 x n strips.
    out.append(np.zeros((7, 9), bool))
    out.append(np.ones((6, 5), bool))
    one = np.zeros((5, 5), bool); one[2, 2] = True; out.append(one)
    ring = np.zeros((9, 9), bool); ring[2:7, 2:7] = True; ring[4, 4] = False; out.append(ring)
    out.append(rng.random((1, 17)) > 0.5)
    out.append(rng.random((13, 1)) > 0.5)
    return out


def fill_holes():
    cases = []
    for m in masks(40):
        cases.append({
            "mask": enc(m),
            "filled4": enc(ndi.binary_fill_holes(m)),
            "filled8": enc(ndi.binary_fill_holes(m, structure=np.ones((3, 3), bool))),
        })
    return cases


def labels():
    cases = []
    for m in masks(30):
        l4, n4 = ndi.label(m)
        l8, n8 = ndi.label(m, structure=np.ones((3, 3), int))
        cases.append({"mask": enc(m), "count4": int(n4), "labels4": l4.ravel().tolist(),
                      "count8": int(n8), "labels8": l8.ravel().tolist()})
    return cases


def distance():
    cases = []
    for m in masks(20):
        if not m.any():
            continue
        d = ndi.distance_transform_edt(~m)   # distance of every pixel to the nearest True pixel
        cases.append({"features": enc(m), "squared": np.rint(d * d).astype(int).ravel().tolist()})
    return cases


def disk_morphology():
    cases = []
    for m in masks(24):
        for r in (1, 2, 3, 5):
            cases.append({"mask": enc(m), "radius": r,
                          "dilated": enc(binary_dilation(m, disk(r))),
                          "eroded": enc(binary_erosion(m, disk(r)))})
    return cases


def polygons():
    """Random star-shaped (hence simple) polygons with vertices off the pixel-centre lattice, filled by skimage."""
    cases = []
    for _ in range(30):
        h, w = int(rng.integers(8, 40)), int(rng.integers(8, 40))
        k = int(rng.integers(3, 12))
        cx, cy = rng.uniform(-2, w + 2), rng.uniform(-2, h + 2)
        ang = np.sort(rng.uniform(0, 2 * np.pi, k))
        rad = rng.uniform(2, max(w, h) * 0.7, k)
        xs = cx + rad * np.cos(ang) + 0.3173
        ys = cy + rad * np.sin(ang) + 0.2891
        # Keep every vertex clear of pixel-centre rows and columns so that "on the boundary" never happens.
        xs = np.where(np.abs(xs - np.rint(xs)) < 1e-3, xs + 0.01, xs)
        ys = np.where(np.abs(ys - np.rint(ys)) < 1e-3, ys + 0.01, ys)
        filled = polygon2mask((h, w), np.stack([ys, xs], axis=1))
        cases.append({"width": w, "height": h, "x": xs.tolist(), "y": ys.tolist(), "filled": enc(filled)})
    return cases


def hd(pred, ref, q):
    """MONAI compute_hausdorff_distance(percentile=q, directed=False) for 2-D binary masks, unit spacing."""
    ep = pred ^ ndi.binary_erosion(pred)
    er = ref ^ ndi.binary_erosion(ref)
    if not ep.any() and not er.any():
        return 0.0
    if not ep.any() or not er.any():
        return float("inf")
    d_pr = ndi.distance_transform_edt(~er)[ep]
    d_rp = ndi.distance_transform_edt(~ep)[er]
    return float(max(np.percentile(d_pr, q), np.percentile(d_rp, q)))


def hausdorff():
    cases = []
    for i in range(30):
        h, w = int(rng.integers(6, 48)), int(rng.integers(6, 48))
        ref = random_mask(h, w, float(rng.uniform(0.1, 0.6)), float(rng.choice([0, 1.5, 2.5])))
        if i % 3 == 0:
            pred = ndi.binary_dilation(ref, iterations=int(rng.integers(1, 3)))
        elif i % 3 == 1:
            pred = random_mask(h, w, float(rng.uniform(0.1, 0.6)), 2.0)
        else:
            pred = np.roll(ref, int(rng.integers(-3, 4)), axis=1)
        cases.append({"prediction": enc(pred), "reference": enc(ref),
                      "hd95": hd(pred, ref, 95), "hd100": hd(pred, ref, 100), "hd50": hd(pred, ref, 50)})
    return cases


def auroc():
    cases = []
    for i in range(25):
        n = int(rng.integers(2, 400))
        truth = rng.random(n) < rng.uniform(0.05, 0.95)
        if truth.all() or not truth.any():
            truth[0] = not truth[0]
        levels = [3, 10, 1000, 0][i % 4]   # few distinct values -> many ties; 0 -> continuous
        signal = truth * rng.uniform(0, 2) + rng.normal(0, 1, n)
        scores = np.round(signal * levels) / levels if levels else signal
        scores = scores.astype(np.float32)
        ranks = rankdata(scores.astype(np.float64))   # average ranks for ties
        npos, nneg = int(truth.sum()), int((~truth).sum())
        a = (ranks[truth].sum() - npos * (npos + 1) / 2) / (npos * nneg)
        cases.append({"scores": [float(s) for s in scores], "truth": truth.astype(int).tolist(), "auroc": float(a)})
    return cases


def main():
    for name, make in [("fill_holes", fill_holes), ("labels", labels), ("distance", distance),
                       ("disk_morphology", disk_morphology), ("polygons", polygons),
                       ("hausdorff", hausdorff), ("auroc", auroc)]:
        with open(os.path.join(HERE, name + ".json"), "w") as f:
            json.dump(make(), f, separators=(",", ":"))


if __name__ == "__main__":
    main()
