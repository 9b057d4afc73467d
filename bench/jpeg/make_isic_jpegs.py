#!/usr/bin/python3
"""Synthetic ISIC-size data for the JPEG bench (bench/Remask.Bench, suite `jpeg`): N dermatoscopy-like RGB photos
(3000 x 2000 by default, JPEG quality 90, 4:2:0, as ISIC's camera files) with their masks, in the ISIC 2017 layout.

Natural-ish content, not flat colour: a smooth skin tone with low-frequency shading, a dark irregular lesion with
texture, a few hairs and sensor noise, so that the entropy-coded data is as dense as a photo's.

    /usr/bin/python3 bench/jpeg/make_isic_jpegs.py OUT [N] [WIDTH] [HEIGHT]
"""
import os
import sys

import numpy as np
from PIL import Image, ImageDraw
from scipy import ndimage


def smooth_field(rng, h, w, cells, sigma):
    """Low-frequency noise: a coarse random grid, upsampled and blurred, in [0, 1]."""
    coarse = rng.random((cells, int(cells * w / h) + 1))
    field = ndimage.zoom(coarse, (h / coarse.shape[0], w / coarse.shape[1]), order=3)[:h, :w]
    field = ndimage.gaussian_filter(field, sigma)
    return (field - field.min()) / (np.ptp(field) + 1e-9)


def sample(rng, w, h):
    small_w, small_h = w // 4, h // 4          # texture at a quarter size, upsampled: fast and still photo-like
    yy, xx = np.mgrid[0:small_h, 0:small_w].astype(np.float32)
    cx, cy = small_w * rng.uniform(0.35, 0.65), small_h * rng.uniform(0.35, 0.65)
    r = min(small_w, small_h) * rng.uniform(0.15, 0.3)
    angle = np.arctan2(yy - cy, xx - cx)
    wobble = 1 + 0.25 * smooth_field(rng, small_h, small_w, 6, 3) + 0.1 * np.sin(5 * angle + rng.uniform(0, 6))
    dist = np.hypot(xx - cx, yy - cy) / (r * wobble)
    lesion = np.clip(1.2 - dist, 0, 1) ** 0.7
    shade = 0.75 + 0.25 * smooth_field(rng, small_h, small_w, 4, 8)
    texture = smooth_field(rng, small_h, small_w, 60, 1.5)
    skin = np.array([220, 170, 150], np.float32) * rng.uniform(0.85, 1.05)
    dark = np.array([95, 55, 40], np.float32) * rng.uniform(0.7, 1.2)
    rgb = (skin * (1 - lesion[..., None]) + dark * lesion[..., None]) * shade[..., None]
    rgb *= (0.9 + 0.2 * texture)[..., None]
    img = Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8)).resize((w, h), Image.BICUBIC)
    draw = ImageDraw.Draw(img)
    for _ in range(rng.integers(3, 12)):        # hairs
        pts = [(rng.uniform(0, w), rng.uniform(0, h))]
        for _ in range(4):
            pts.append((pts[-1][0] + rng.normal(0, w / 8), pts[-1][1] + rng.normal(0, h / 8)))
        draw.line(pts, fill=(40, 30, 25), width=int(rng.integers(3, 8)))
    a = np.asarray(img).astype(np.int16)
    a += rng.integers(-6, 7, size=a.shape, dtype=np.int16)   # sensor noise
    mask = Image.fromarray(((lesion > 0.2) * 255).astype(np.uint8)).resize((w, h), Image.NEAREST)
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)), mask


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    w = int(sys.argv[3]) if len(sys.argv) > 3 else 3000
    h = int(sys.argv[4]) if len(sys.argv) > 4 else 2000
    images = os.path.join(out, "ISIC-2017_Training_Data")
    masks = os.path.join(out, "ISIC-2017_Training_Part1_GroundTruth")
    os.makedirs(images, exist_ok=True)
    os.makedirs(masks, exist_ok=True)
    for i in range(n):
        name = f"ISIC_{i:07d}"
        if os.path.exists(os.path.join(masks, name + "_segmentation.png")):
            continue
        img, mask = sample(np.random.default_rng(i), w, h)
        img.save(os.path.join(images, name + ".jpg"), quality=90, subsampling=2)
        mask.save(os.path.join(masks, name + "_segmentation.png"), optimize=False)


if __name__ == "__main__":
    main()
