#!/usr/bin/python3
"""JPEG fixtures for tests/Remask.Imaging.Skia.Tests, written by PIL (Debian's python3-pil):

    /usr/bin/python3 tests/Remask.Imaging.Skia.Tests/Fixtures/make_skia_fixtures.py

Photo-like content (smooth shading, an irregular dark blob, texture, noise), never flat colour, so that the IDCTs of
two decoders really differ. Deterministic (seeded).
"""
import io
import os

import numpy as np
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))


def photo(w, h, seed):
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    cx, cy, r = w * 0.45, h * 0.55, min(w, h) * 0.3
    angle = np.arctan2(yy - cy, xx - cx)
    dist = np.hypot(xx - cx, yy - cy) / (r * (1 + 0.2 * np.sin(5 * angle)))
    blob = np.clip(1.2 - dist, 0, 1)
    shade = 0.8 + 0.2 * np.sin(xx / w * 3 + 1) * np.cos(yy / h * 2)
    skin, dark = np.array([215, 165, 145]), np.array([90, 50, 40])
    rgb = (skin * (1 - blob[..., None]) + dark * blob[..., None]) * shade[..., None]
    rgb += rng.normal(0, 6, rgb.shape)
    return np.clip(rgb, 0, 255).astype(np.uint8)


def save(name, img, **kw):
    img.save(os.path.join(HERE, name), **kw)


def main():
    rgb = Image.fromarray(photo(160, 120, 1))
    save("photo_420.jpg", rgb, quality=90, subsampling=2)
    save("photo_444_progressive.jpg", rgb, quality=90, subsampling=0, progressive=True)
    save("gray.jpg", rgb.convert("L"), quality=90)
    # PIL writes CMYK JPEGs with an Adobe APP14 marker (transform 0) and inverted samples, as Photoshop does
    save("cmyk.jpg", rgb.convert("CMYK"), quality=90)
    # EXIF orientation 6 ("rotate 90 CW to display"): decoders here return the stored pixels, unrotated
    exif = Image.Exif()
    exif[0x0112] = 6
    save("exif_orientation6.jpg", Image.fromarray(photo(64, 40, 2)), quality=90, exif=exif.tobytes())
    # larger than 8x the scaled tests' size (32) one way and 10x the other: 1/8 scale gives 64 x 43
    save("photo_512x344.jpg", Image.fromarray(photo(512, 344, 3)), quality=90, subsampling=2)
    # bad data named .jpg
    whole = open(os.path.join(HERE, "photo_420.jpg"), "rb").read()
    open(os.path.join(HERE, "truncated.jpg"), "wb").write(whole[: len(whole) * 6 // 10])
    open(os.path.join(HERE, "not_a_jpeg.jpg"), "wb").write(b"<html><body>404 Not Found</body></html>\n")


if __name__ == "__main__":
    main()
