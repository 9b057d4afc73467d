#!/usr/bin/python3
"""Reference masks for Remask's appearance check (AppearanceCheck), computed independently with numpy and scipy:
maximum-likelihood Gaussians (numpy.cov with bias, numpy.linalg.slogdet and inv) on disk-eroded samples
(scipy.ndimage.binary_erosion, outside the image counting as inside), 4-connected components (scipy.ndimage.label)
and the component test of the docs. Run from anywhere: /usr/bin/python3 make_appearance_fixtures.py
(Debian 12: apt-get install python3-scipy; numpy 1.24, scipy 1.10). Writes appearance.json next to this script.
Images are float32 values widened to float64, so the C# floats hold exactly the same numbers."""
import json
import os

import numpy as np
from scipy import ndimage as ndi

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20261202)


def disk(r):
    y, x = np.mgrid[-r:r + 1, -r:r + 1]
    return (x * x + y * y) <= r * r


def erode(m, r):
    return ndi.binary_erosion(m, structure=disk(r), border_value=1)


def component_votes(img, before, after):
    """Yields (component mask, its pixels' votes) for every changed 4-connected component, or nothing when a colour
    sample has fewer than 10 pixels. img: C x H x W float64; before, after: H x W bool."""
    c = img.shape[0]
    X = img.reshape(c, -1).T
    ridge = 1e-3 * X.var(axis=0).mean() + 1e-12
    fg = erode(before & after, 1).ravel()
    bg = erode(~before & ~after, 2).ravel()
    if fg.sum() < 10 or bg.sum() < 10:
        return

    def loglik(S):
        mu = S.mean(axis=0)
        C = np.cov(S.T, bias=True).reshape(c, c) + ridge * np.eye(c)
        d = X - mu
        return -0.5 * (np.einsum('ni,ij,nj->n', d, np.linalg.inv(C), d) + np.linalg.slogdet(C)[1])

    llr = (loglik(X[fg]) - loglik(X[bg])).reshape(before.shape)
    for sign, region in ((1.0, after & ~before), (-1.0, before & ~after)):
        lab, n = ndi.label(region)   # 4-connected
        for k in range(1, n + 1):
            comp = lab == k
            yield comp, np.tanh(sign * llr[comp] / 2)


def verdict(votes, z):
    """-1: set back (the votes lie more than z standard errors on the side the change took the pixels from), +1:
    supported the same way, 0: neither."""
    m = votes.mean()
    se = votes.std() / np.sqrt(votes.size) if votes.size > 1 else np.inf
    return -1 if m < 0 and -m > z * se else (1 if m > 0 and m > z * se else 0)


def check(img, before, after, z):
    """The mask after the check and the pixels it set back."""
    out = after.copy()
    undone = 0
    for comp, votes in component_votes(img, before, after):
        if verdict(votes, z) < 0:
            out[comp] = before[comp]
            undone += int(comp.sum())
    return out, undone


def blob(h, w, cx, cy, r, wobble):
    y, x = np.mgrid[0:h, 0:w]
    ang = np.arctan2(y - cy, x - cx)
    rad = r * (1 + wobble * np.sin(3 * ang) + 0.5 * wobble * np.cos(5 * ang))
    return np.hypot(x - cx, y - cy) <= rad


def case(name, h, w, channels, fg_colour, bg_colour, noise, z):
    truth = blob(h, w, w * 0.5, h * 0.5, min(h, w) * 0.28, 0.15)
    img = np.empty((channels, h, w))
    for ch in range(channels):
        img[ch] = np.where(truth, fg_colour[ch], bg_colour[ch]) + rng.normal(0, noise, (h, w))
    img = ndi.gaussian_filter(img, (0, 0.7, 0.7))
    img = np.clip(img, 0, 1).astype(np.float32).astype(np.float64)
    # before: the object drawn too small on its right and with a spur on its left; after: the right side filled
    # (right), a band of background added along the left third (wrong), the spur removed (right) and a bite taken out
    # of the object (wrong).
    before = truth & ~blob(h, w, w * 0.72, h * 0.5, min(h, w) * 0.14, 0.0)
    before |= (np.abs(np.mgrid[0:h, 0:w][0] - h * 0.5) <= 1) & (np.mgrid[0:h, 0:w][1] < w * 0.25) & (np.mgrid[0:h, 0:w][1] > w * 0.1)
    cols = np.mgrid[0:h, 0:w][1]
    after = truth | (ndi.binary_dilation(truth, structure=disk(2)) & (cols < w * 0.4))
    after &= ~((np.abs(np.mgrid[0:h, 0:w][0] - h * 0.5) <= 1) & (np.mgrid[0:h, 0:w][1] < w * 0.25))
    after &= ~blob(h, w, w * 0.4, h * 0.3, min(h, w) * 0.08, 0.0)
    out = []
    for zi in (z if isinstance(z, tuple) else (z,)):
        expected, undone = check(img, before, after, zi)
        out.append({
            "name": name if zi == (z[0] if isinstance(z, tuple) else z) else f"{name}-z{zi:g}", "width": w, "height": h,
            "channels": channels, "z": zi, "image": [float(v) for v in img.ravel()],
            "before": [int(v) for v in before.ravel()], "after": [int(v) for v in after.ravel()],
            "expected": [int(v) for v in expected.ravel()], "undone": undone,
        })
    return out


if __name__ == "__main__":
    cases = [c for group in [
        case("rgb-skin", 40, 48, 3, (0.45, 0.30, 0.25), (0.85, 0.65, 0.60), 0.05, 2.0),
        # the same scene at z = 2 and z = 8 (a higher bar sets fewer components back)
        case("rgb-low-contrast", 36, 36, 3, (0.60, 0.50, 0.45), (0.70, 0.58, 0.52), 0.06, (2.0, 8.0)),
        case("grey", 40, 40, 1, (0.55,), (0.35,), 0.05, 2.0),
        case("grey-z0", 32, 40, 1, (0.55,), (0.45,), 0.08, 0.0),
        case("grey-same-colour", 32, 32, 1, (0.5,), (0.5,), 0.05, 2.0),
    ] for c in group]
    with open(os.path.join(HERE, "appearance.json"), "w") as f:
        json.dump(cases, f)
    for c in cases:
        print(c["name"], "undone", c["undone"], "changed", sum(a != b for a, b in zip(c["before"], c["after"])))
