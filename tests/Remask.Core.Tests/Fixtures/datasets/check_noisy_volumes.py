#!/usr/bin/python3
"""Reads the noisy label volumes that Remask wrote (noisy_labelsTr/, made by
`remask corrupt Task03_Liver/labelsTr --noise dilate --seed 1 --out noisy_labelsTr`) with nibabel, checks that each
keeps its clean volume's header and affine and holds only 0 and 1, and records what nibabel saw in
noisy_labelsTr.json (DecathlonFlowTests compares Remask's output with it). Run with Debian's python3 and
python3-nibabel: /usr/bin/python3 check_noisy_volumes.py
"""
import json, os
import numpy as np
import nibabel as nib

here = os.path.dirname(os.path.abspath(__file__))
seen = {}
for name in ("liver_0.nii.gz", "liver_1.nii.gz"):
    clean = nib.load(os.path.join(here, "Task03_Liver", "labelsTr", name))
    noisy = nib.load(os.path.join(here, "noisy_labelsTr", name))
    assert np.array_equal(noisy.affine, clean.affine), name
    assert noisy.header.binaryblock == clean.header.binaryblock, name
    data = np.asarray(noisy.dataobj)
    assert set(np.unique(data).tolist()) <= {0, 1}, name
    seen[name] = {"affine": noisy.affine.tolist(), "dtype": str(data.dtype), "shape": list(data.shape),
                  "foreground_per_slice": [int(data[:, :, z].sum()) for z in range(data.shape[2])]}
with open(os.path.join(here, "noisy_labelsTr.json"), "w") as f:
    json.dump(seen, f, indent=1)
print("nibabel read", len(seen), "noisy volumes back: same header and affine, values 0/1")
