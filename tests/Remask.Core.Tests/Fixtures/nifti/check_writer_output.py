#!/usr/bin/python3
"""Reads the files that Remask's NiftiWriter made (written/*.nii, *.nii.gz) with nibabel and records what nibabel
sees in written/NAME.json; NiftiWriterTests compares that with the volumes it meant to write.

Made by:  REMASK_UPDATE_NIFTI_WRITER_FIXTURES=1 dotnet test tests/Remask.Core.Tests --filter WriterOutputIsWhatNibabelChecked
Then:     cd tests/Remask.Core.Tests/Fixtures/nifti && /usr/bin/python3 check_writer_output.py
"""
import glob
import json
import math
import os

import nibabel as nib
import numpy as np

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "written")


def num(x):
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def rows(a):
    return None if a is None else [[float(v) for v in r] for r in a]


def main():
    names = sorted(glob.glob(os.path.join(HERE, "*.nii")) + glob.glob(os.path.join(HERE, "*.nii.gz")))
    assert names, "no files: run the C# test with REMASK_UPDATE_NIFTI_WRITER_FIXTURES=1 first"
    for path in names:
        # The header as stored, through nibabel's own checks (error_level 10: any problem it finds raises).
        with nib.openers.ImageOpener(path) as f:
            raw = nib.Nifti1Header.from_fileobj(f, check=False)
        raw.check_fix(error_level=10)
        assert raw["magic"] == b"n+1" and raw["vox_offset"] == 352 and raw["sizeof_hdr"] == 348
        img = nib.load(path)
        hdr = img.header
        sform, scode = hdr.get_sform(coded=True)
        qform, qcode = hdr.get_qform(coded=True)
        data = img.get_fdata()
        out = {
            "file": os.path.basename(path),
            "shape": [int(s) for s in img.shape],
            "datatype": int(hdr["datatype"]),
            "zooms": [float(z) for z in hdr.get_zooms()],
            "affine": rows(img.affine),
            "sform_code": int(scode),
            "qform_code": int(qcode),
            "sform_affine": rows(sform),
            "qform_affine": rows(qform),
            "slope": num(img.dataobj.slope),
            "inter": num(img.dataobj.inter),
            "values": [num(v) for v in data.ravel(order="F")],
        }
        with open(path + ".json", "w") as f:
            json.dump(out, f, separators=(",", ":"))
            f.write("\n")
        print("nibabel read", os.path.basename(path), img.shape, hdr.get_data_dtype(), "sform", scode, "qform", qcode)


if __name__ == "__main__":
    main()
