#!/usr/bin/python3
"""bf16 against fp32 (docs/uncertainty.md, "bf16 inference"): bf16_compare.py maps A/mean B/mean (16-bit PNG maps of
remask uncertainty) | bf16_compare.py masks A/masks B/masks (0/255 masks of remask relabel)."""
import sys, os, numpy as np
from PIL import Image
kind, a, b = sys.argv[1:4]
names = sorted(f for f in os.listdir(a) if f.endswith('.png'))
assert names == sorted(f for f in os.listdir(b) if f.endswith('.png')), "different file sets"
if kind == 'maps':
    diffs, agree, total = [], 0, 0
    for n in names:
        pa = np.asarray(Image.open(os.path.join(a, n)), dtype=np.float64) / 65535
        pb = np.asarray(Image.open(os.path.join(b, n)), dtype=np.float64) / 65535
        diffs.append(np.abs(pa - pb).ravel())
        agree += int(((pa >= 0.5) == (pb >= 0.5)).sum()); total += pa.size
    d = np.concatenate(diffs)
    print(f"images {len(names)} pixels {total}: max |p_bf16-p_fp32| {d.max():.5f}, mean {d.mean():.6f}, "
          f"thresholded (0.5) agreement {100*agree/total:.4f} % ({total-agree} pixels differ)")
else:
    agree, total = 0, 0
    for n in names:
        ma = np.asarray(Image.open(os.path.join(a, n))) > 0
        mb = np.asarray(Image.open(os.path.join(b, n))) > 0
        agree += int((ma == mb).sum()); total += ma.size
    print(f"images {len(names)} pixels {total}: same repaired mask on {100*agree/total:.4f} % ({total-agree} pixels differ)")
