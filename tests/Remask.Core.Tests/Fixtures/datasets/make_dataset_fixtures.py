#!/usr/bin/python3
"""Writes two tiny datasets as other tools write them, for the dataset tests (run with Debian's python3:
/usr/bin/python3 make_dataset_fixtures.py; needs python3-numpy, python3-nibabel, python3-pil).

Task03_Liver/   a Medical Segmentation Decathlon task written by nibabel: dataset.json as the MSD ships it,
                imagesTr/liver_{0,1}.nii.gz (int16 HU), labelsTr/ (uint8: 0 background, 1 liver, 2 tumour),
                imagesTs/liver_2.nii.gz, and the macOS resource fork ._liver_0.nii.gz that the archives contain.
ISIC2017/       ISIC 2017 folders written by PIL: JPEG images, 0/255 PNG masks, a superpixels PNG, a CSV.
expected.json   what the tests expect, derived here from the arrays (not from Remask).
"""
import json, os, shutil
import numpy as np
import nibabel as nib
from PIL import Image

here = os.path.dirname(os.path.abspath(__file__))
task = os.path.join(here, "Task03_Liver")
isic = os.path.join(here, "ISIC2017")
for d in (task, isic):
    shutil.rmtree(d, ignore_errors=True)
for d in ("imagesTr", "labelsTr", "imagesTs"):
    os.makedirs(os.path.join(task, d))

nx, ny, nz = 12, 10, 6
# LPS-stored CT as converted from DICOM: negative x and y axes.
affine = np.array([[-0.8, 0, 0, 100.0], [0, -0.8, 0, 120.0], [0, 0, 2.5, -300.0], [0, 0, 0, 1]])
expected = {"decathlon": {"volumes": {}}, "isic": {}}
rng = np.random.default_rng(7)
for v, (z0, z1) in enumerate([(1, 4), (2, 3)]):
    hu = np.full((nx, ny, nz), -1000, dtype=np.int16)        # air
    hu[1:-1, 1:-1, :] = 40                                    # soft tissue
    lab = np.zeros((nx, ny, nz), dtype=np.uint8)
    # liver: voxels x in [2,7), y in [3,8) on slices z0..z1-1 (a 5x5 block), HU 60; one tumour voxel, label 2, HU 20
    for z in range(z0, z1):
        lab[2:7, 3:8, z] = 1
        hu[2:7, 3:8, z] = 60
        lab[4, 5, z] = 2
        hu[4, 5, z] = 20
    img = nib.Nifti1Image(hu, affine)
    img.header.set_xyzt_units("mm", "sec")
    nib.save(img, os.path.join(task, "imagesTr", f"liver_{v}.nii.gz"))
    nib.save(nib.Nifti1Image(lab, affine), os.path.join(task, "labelsTr", f"liver_{v}.nii.gz"))
    expected["decathlon"]["volumes"][f"liver_{v}"] = {
        "foreground_slices": list(range(z0, z1)), "nz": nz,
        "liver_pixels_per_slice": 25, "tumour_pixels_per_slice": 1}
hu = np.full((nx, ny, 4), 40, dtype=np.int16)
nib.save(nib.Nifti1Image(hu, affine), os.path.join(task, "imagesTs", "liver_2.nii.gz"))
with open(os.path.join(task, "imagesTr", "._liver_0.nii.gz"), "wb") as f:
    f.write(b"\x00\x05\x16\x07" + bytes(60))                  # AppleDouble header, not NIfTI
dataset = {
    "name": "Liver", "description": "Liver and tumour segmentation", "tensorImageSize": "3D",
    "modality": {"0": "CT"}, "labels": {"0": "background", "1": "liver", "2": "cancer"},
    "numTraining": 2, "numTest": 1,
    "training": [{"image": f"./imagesTr/liver_{v}.nii.gz", "label": f"./labelsTr/liver_{v}.nii.gz"} for v in range(2)],
    "test": ["./imagesTs/liver_2.nii.gz"],
}
with open(os.path.join(task, "dataset.json"), "w") as f:
    json.dump(dataset, f, indent=4)
# CT window 40/400: value = clamp((hu - (40 - 200)) / 400, 0, 1)
expected["decathlon"]["window"] = {"60": (60 + 160) / 400, "40": (40 + 160) / 400, "20": (20 + 160) / 400, "-1000": 0.0}
expected["decathlon"]["slice_width"] = nx
expected["decathlon"]["slice_height"] = ny

for part in ("Training", "Validation"):
    os.makedirs(os.path.join(isic, f"ISIC-2017_{part}_Data"))
    os.makedirs(os.path.join(isic, f"ISIC-2017_{part}_Part1_GroundTruth"))
samples = {"Training": ["ISIC_0000000", "ISIC_0000001"], "Validation": ["ISIC_0000002"]}
for part, names in samples.items():
    for i, name in enumerate(names):
        w, h = 40 + 8 * i, 30
        rgb = np.zeros((h, w, 3), dtype=np.uint8)
        rgb[..., 0], rgb[..., 1], rgb[..., 2] = 220, 170, 150    # skin
        mask = np.zeros((h, w), dtype=np.uint8)
        mask[8:20, 10:10 + 12 + i] = 255                        # lesion: 12 x (12 + i)
        rgb[mask > 0] = (90, 50, 30)
        Image.fromarray(rgb).save(os.path.join(isic, f"ISIC-2017_{part}_Data", name + ".jpg"), quality=95)
        Image.fromarray(mask).save(os.path.join(isic, f"ISIC-2017_{part}_Part1_GroundTruth", name + "_segmentation.png"))
        Image.fromarray(rgb).save(os.path.join(isic, f"ISIC-2017_{part}_Data", name + "_superpixels.png"))
        expected["isic"][name] = {"width": w, "height": h, "foreground": 12 * (12 + i), "split": part}
with open(os.path.join(isic, "ISIC-2017_Training_Data", "ISIC-2017_Training_Data_metadata.csv"), "w") as f:
    f.write("image_id,age_approximate,sex\nISIC_0000000,55,female\n")
with open(os.path.join(here, "expected.json"), "w") as f:
    json.dump(expected, f, indent=2)
print("written")
