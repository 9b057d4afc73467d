#!/usr/bin/python3
"""Makes the mask fixtures of Remask.Core.Tests/Imaging/PngMaskSamplerTests (dev-time only; CI has no Python).

Run from anywhere:  /usr/bin/python3 tests/Remask.Core.Tests/Fixtures/Imaging/make_mask_fixtures.py

Larger masks than make_image_fixtures.py's, of the kinds datasets hold, each read at several sizes by nearest neighbour:
an ISIC-like 0/255 mask and a 16-bit label map written by PIL (its own row filters), an Adam7-interlaced palette label
map and an Adam7-interlaced RGB mask written by the small independent encoder of make_image_fixtures.py. The expected
masks come from the source arrays with numpy: destination pixel (x, y) is source pixel
(min(W - 1, (2x + 1) W // 2w), min(H - 1, (2y + 1) H // 2h)); foreground is label in the rule's set, or for the default
rule label > 0 (RGB: any colour channel > 0). They are stored as np.packbits of the row-major 0/1 mask and listed in
mask_cases.json.
"""
import json
import os

import numpy as np
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
# the independent PNG encoder (the first section of make_image_fixtures.py), without running that script's cases
_source = open(os.path.join(HERE, "make_image_fixtures.py")).read()
exec(_source[:_source.index("# ---------------------------------------------------------------- reading back")])
rng = np.random.default_rng(10)


def pil_png(im):
    b = io.BytesIO()
    im.save(b, format="PNG")
    return b.getvalue()


def blob(h, w, cx, cy, r):
    yy, xx = np.mgrid[0:h, 0:w]
    angle = np.arctan2(yy - cy, xx - cx)
    return np.hypot(xx - cx, yy - cy) < r * (1 + 0.2 * np.sin(5 * angle))


def nearest(a, w, h):
    """Resize.Nearest's sampling, in integers: centres on a border go to the pixel on the right."""
    big_h, big_w = a.shape[:2]
    xs = np.minimum(big_w - 1, (2 * np.arange(w) + 1) * big_w // (2 * w))
    ys = np.minimum(big_h - 1, (2 * np.arange(h) + 1) * big_h // (2 * h))
    return a[ys][:, xs]


cases = []


def add(name, data, labels, colours=None, rules=((None,),), sizes=()):
    """labels: (H, W) label array; colours: (H, W, 3) for RGB masks (the default rule looks at every channel)."""
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)
    h, w = labels.shape
    back = np.asarray(Image.open(os.path.join(HERE, name)))
    if colours is None and back.ndim == 2:
        assert (back.astype(np.int64) == labels).all(), name + ": PIL reads other labels back"
    for rule in rules:
        for (tw, th) in sizes + ((w, h), (64, 64)):
            if rule[0] is None:
                fg = (colours > 0).any(axis=2) if colours is not None else labels > 0
            else:
                fg = np.isin(labels, rule)
            mask = nearest(fg.astype(np.uint8), tw, th)
            out = f"{name[:-4]}.{'any' if rule[0] is None else '-'.join(map(str, rule))}.{tw}x{th}.bits"
            with open(os.path.join(HERE, out), "wb") as f:
                f.write(np.packbits(mask.reshape(-1)).tobytes())
            cases.append({"file": name, "foreground": None if rule[0] is None else ",".join(map(str, rule)),
                          "width": tw, "height": th, "storedWidth": w, "storedHeight": h, "expected": out,
                          "foregroundPixels": int(mask.sum())})


# ISIC 2017's kind: 8-bit gray 0/255, one lesion, PIL's adaptive row filters
lesion = blob(400, 600, 290, 210, 130)
add("mask_isic_like.png", pil_png(Image.fromarray((lesion * 255).astype(np.uint8), "L")), (lesion * 255).astype(np.int64),
    rules=((None,), (255,)), sizes=((97, 61), (1, 1), (1201, 3)))

# a 16-bit label map: labels above 255 and 65535, picked with --foreground
labels16 = np.zeros((203, 301), dtype=np.int64)
labels16[blob(203, 301, 100, 90, 60)] = 1
labels16[blob(203, 301, 210, 120, 50)] = 300
labels16[blob(203, 301, 150, 40, 25)] = 2
labels16[190:, :] = 65535
add("mask_labels16.png", pil_png(Image.fromarray(labels16.astype(np.uint16), "I;16")), labels16,
    rules=((None,), (300,), (1, 65535)), sizes=((33, 200), (302, 203)))

# a 4-bit palette label map, Adam7-interlaced, with tRNS (the colours are not the labels)
pal_labels = np.zeros((99, 157), dtype=np.int64)
for k, (cx, cy, r) in enumerate([(40, 50, 30), (100, 40, 25), (120, 75, 20)], start=1):
    pal_labels[blob(99, 157, cx, cy, r)] = k
pal_labels[0:3, :] = 9
palette = [(0, 0, 0), (200, 0, 0), (0, 200, 0), (0, 0, 200)] + [(10 * i, 10 * i, 10 * i) for i in range(4, 10)]
add("mask_palette_interlaced.png",
    encode_png(pal_labels[..., None].astype(np.uint16), 4, 3, interlace=True, palette=palette, trns=bytes([0, 128])),
    pal_labels, rules=((None,), (2,), (1, 3)), sizes=((31, 17), (160, 100)))

# an RGB mask, Adam7-interlaced: foreground drawn in red, green or blue alone, so every channel counts
rgb = np.zeros((77, 123, 3), dtype=np.int64)
rgb[blob(77, 123, 30, 40, 20), 0] = 255
rgb[blob(77, 123, 70, 30, 18), 1] = 128
rgb[blob(77, 123, 95, 55, 15), 2] = 1
add("mask_rgb_interlaced.png", encode_png(rgb.astype(np.uint16), 8, 2, interlace=True), rgb[..., 0], colours=rgb,
    rules=((None,), (255,)), sizes=((40, 25), (250, 80)))

with open(os.path.join(HERE, "mask_cases.json"), "w") as f:
    json.dump(cases, f, indent=1)
print(f"{len(cases)} mask cases")
