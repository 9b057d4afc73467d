#!/usr/bin/python3
"""Synthetic Task03-size CT volumes for the volume epoch bench (bench/nifti/epoch_throughput.sh): N volumes of
512 x 512 x NZ (default 8 x 80 slices), int16 HU, with 0/1 uint8 label volumes of a liver-like blob, in the Medical
Segmentation Decathlon layout as the fixture's generator writes it (tests/Remask.Core.Tests/Fixtures/datasets/
make_dataset_fixtures.py): dataset.json with the MSD keys, imagesTr/liver_I.nii.gz, labelsTr/liver_I.nii.gz, an
LPS-stored affine (negative x and y axes). No imagesTs (the training set only).

CT-like content, so that gzip sees data that compresses like real CT: air (-1000 HU) outside a body ellipse of soft
tissue (40 HU), a spine (700 HU), the liver (60 HU): an ellipsoid whose outline wobbles from slice to slice, over
about half of the slices; Gaussian noise of 20 HU inside the body and 10 HU in the air (about 21 MB per 80-slice volume
gzipped, 50 % of the raw 42 MB, where noise-free air would give about 10 MB). Written to OUT.partial, renamed to OUT when
complete.

    /usr/bin/python3 bench/nifti/make_task03_volumes.py OUT [N] [NZ]
"""
import json
import os
import shutil
import sys

import numpy as np
import nibabel as nib

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 8
nz = int(sys.argv[3]) if len(sys.argv) > 3 else 80
nx = ny = 512
if os.path.exists(out):
    sys.exit(f"{out} exists")
tmp = out + ".partial"
shutil.rmtree(tmp, ignore_errors=True)
for d in ("imagesTr", "labelsTr"):
    os.makedirs(os.path.join(tmp, d))

affine = np.array([[-0.7, 0, 0, 180.0], [0, -0.7, 0, 180.0], [0, 0, 2.5, -400.0], [0, 0, 0, 1]])
xx, yy = np.meshgrid(np.arange(nx, dtype=np.float32), np.arange(ny, dtype=np.float32), indexing="ij")  # [x, y]
body = ((xx - nx / 2) / (nx * 0.42)) ** 2 + ((yy - ny / 2) / (ny * 0.32)) ** 2 <= 1
spine = (xx - nx / 2) ** 2 + (yy - ny * 0.72) ** 2 <= (nx * 0.05) ** 2
angle = np.arctan2(yy - ny * 0.45, xx - nx * 0.33)
for v in range(n):
    rng = np.random.default_rng(1000 + v)
    hu = np.empty((nx, ny, nz), dtype=np.int16)
    lab = np.zeros((nx, ny, nz), dtype=np.uint8)
    z0 = int(nz * rng.uniform(0.15, 0.3))
    z1 = int(nz * rng.uniform(0.65, 0.8))
    cx, cy = nx * rng.uniform(0.3, 0.37), ny * rng.uniform(0.42, 0.48)
    rx, ry = nx * rng.uniform(0.13, 0.17), ny * rng.uniform(0.10, 0.13)
    phases = rng.uniform(0, 2 * np.pi, 3)
    for z in range(nz):
        s = np.full((nx, ny), -1000, dtype=np.float32)
        s[body] = 40
        s[spine] = 700
        if z0 <= z < z1:
            t = (z - z0) / max(1, z1 - z0 - 1)              # 0 .. 1 through the organ
            scale = 0.35 + 0.65 * np.sin(np.pi * (0.1 + 0.8 * t))
            wobble = 1 + 0.08 * np.sin(3 * angle + phases[0] + 0.2 * z) + 0.05 * np.sin(5 * angle + phases[1] + 0.1 * z)
            liver = ((xx - cx) / (rx * scale)) ** 2 + ((yy - cy) / (ry * scale)) ** 2 <= wobble ** 2
            liver &= body & ~spine
            s[liver] = 60
            lab[:, :, z] = liver
        s += np.where(body, 20, 10) * rng.standard_normal((nx, ny), dtype=np.float32)
        hu[:, :, z] = np.round(s)
    img = nib.Nifti1Image(hu, affine)
    img.header.set_xyzt_units("mm", "sec")
    nib.save(img, os.path.join(tmp, "imagesTr", f"liver_{v}.nii.gz"))
    nib.save(nib.Nifti1Image(lab, affine), os.path.join(tmp, "labelsTr", f"liver_{v}.nii.gz"))
    print(f"liver_{v}: {nx} x {ny} x {nz}, liver on slices {z0}..{z1 - 1}", flush=True)
dataset = {
    "name": "Liver", "description": "Liver and tumour segmentation", "tensorImageSize": "3D",
    "modality": {"0": "CT"}, "labels": {"0": "background", "1": "liver", "2": "cancer"},
    "numTraining": n, "numTest": 0,
    "training": [{"image": f"./imagesTr/liver_{v}.nii.gz", "label": f"./labelsTr/liver_{v}.nii.gz"} for v in range(n)],
    "test": [],
}
with open(os.path.join(tmp, "dataset.json"), "w") as f:
    json.dump(dataset, f, indent=4)
os.rename(tmp, out)
print(f"written {out}")
