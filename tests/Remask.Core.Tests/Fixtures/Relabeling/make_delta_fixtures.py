#!/usr/bin/python3
"""Reference values for Remask's automatic uncertainty threshold: skimage.filters.threshold_otsu (256 bins) and
numpy.quantile (linear) on uncertainty-like samples. Run from anywhere: /usr/bin/python3 make_delta_fixtures.py
(Debian 12: apt-get install python3-skimage; skimage 0.19.3, numpy 1.24). Writes delta.json next to this script.
Values are float32 numbers widened to float64, so the C# float maps hold exactly the same numbers."""
import json
import os

import numpy as np
from skimage.filters import threshold_otsu

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20221201)
QUANTILES = [0.0, 0.1, 0.5, 0.9, 0.95, 0.99, 1.0]


def f32(a):
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def samples():
    out = []
    # Aleatoric maps p(1 - p) of blurred-step probabilities: a mass near 0 and a ridge up to 0.25.
    for n in (50, 400, 3000):
        p = 1 / (1 + np.exp(-rng.normal(0, 4, n)))
        out.append(("aleatoric", f32(p * (1 - p))))
    # Two well separated modes, unequal sizes.
    out.append(("bimodal", f32(np.concatenate([rng.normal(0.03, 0.01, 700), rng.normal(0.18, 0.02, 300)]).clip(1e-5, 0.25))))
    out.append(("bimodal-small-upper", f32(np.concatenate([rng.normal(0.05, 0.02, 950), rng.normal(0.2, 0.01, 50)]).clip(1e-5, 0.25))))
    # Uniform, heavy ties (values on a grid of 0.01), and tiny samples.
    out.append(("uniform", f32(rng.uniform(0, 1, 500))))
    out.append(("ties", f32(np.round(rng.uniform(0, 0.25, 800), 2) + 0.001)))
    out.append(("two-values", f32([0.05, 0.2])))
    out.append(("three-values", f32([0.01, 0.02, 0.24])))
    out.append(("constant", f32([0.1] * 7)))
    return out


cases = []
for name, values in samples():
    cases.append({
        "name": name,
        "values": [float(v) for v in values],
        "otsu": float(threshold_otsu(values)),
        "quantiles": [[q, float(np.quantile(values, q))] for q in QUANTILES],
    })
with open(os.path.join(HERE, "delta.json"), "w") as f:
    json.dump(cases, f)
print(f"wrote {len(cases)} cases")
