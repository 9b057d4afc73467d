#!/usr/bin/python3
"""OpenCV's JPEG decode times for one file, from memory (cv2.imdecode, as Remask decodes a byte array), for the JPEG
bench (bench/Remask.Bench, suite `jpeg`), which runs this in the same session and prints the ratios; PIL's too (the
system libjpeg-turbo, with SIMD), full and in draft mode (DCT scaling) plus a resize to 64 x 64.

    /usr/bin/python3 bench/jpeg/opencv_decode.py FILE [SECONDS]

Prints one JSON object: median milliseconds per decode for each mode (Debian's python3-opencv and python3-pil).
"""
import io
import json
import sys
import time

import cv2
import numpy as np
from PIL import Image


def median_ms(fn, seconds):
    for _ in range(5):
        fn()
    times = []
    start = time.perf_counter()
    while time.perf_counter() - start < seconds or len(times) < 20:
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return times[len(times) // 2]


def main():
    data = np.fromfile(sys.argv[1], dtype=np.uint8)
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 2
    cv2.setNumThreads(1)
    modes = {"full": cv2.IMREAD_COLOR, "reduced_4": cv2.IMREAD_REDUCED_COLOR_4, "reduced_8": cv2.IMREAD_REDUCED_COLOR_8}
    out = {"opencv": cv2.__version__}
    for name, flag in modes.items():
        out[name] = median_ms(lambda: cv2.imdecode(data, flag), seconds)
    raw = data.tobytes()

    def pil(draft):
        im = Image.open(io.BytesIO(raw))
        if draft:
            im.draft("RGB", (64, 64))
        im.load()
        if draft:
            im.resize((64, 64), Image.BILINEAR)

    out["pil_full"] = median_ms(lambda: pil(False), seconds)
    out["pil_draft_64"] = median_ms(lambda: pil(True), seconds)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
