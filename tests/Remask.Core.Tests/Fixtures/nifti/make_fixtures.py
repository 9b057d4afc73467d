#!/usr/bin/python3
"""Makes the NIfTI-1 reader fixtures and the values nibabel reads from them.

Run from this folder:  /usr/bin/python3 make_fixtures.py
(dev-time only: CI has no python; the outputs are committed.)

Every file is built byte by byte from a nibabel Nifti1Header (so that quirks such as big-endian data,
scaling, qform-only headers or extensions are exactly what we ask for), then read back with nibabel:
expected/<file>.json holds what nibabel's nib.load() gives: shape, datatype code, zooms, img.affine,
slope/intercept and the scaled voxel values (img.get_fdata(), x fastest), plus the axial display slices
computed with nibabel's own orientation code (see display_slices below).
"""
import gzip
import json
import math
import os

import nibabel as nib
import numpy as np
from nibabel.orientations import apply_orientation, axcodes2ornt, io_orientation, ornt_transform

HERE = os.path.dirname(os.path.abspath(__file__))
EXPECTED = os.path.join(HERE, "expected")


def rot_z(deg):
    t = math.radians(deg)
    return np.array([[math.cos(t), -math.sin(t), 0], [math.sin(t), math.cos(t), 0], [0, 0, 1]])


def rot_x(deg):
    t = math.radians(deg)
    return np.array([[1, 0, 0], [0, math.cos(t), -math.sin(t)], [0, math.sin(t), math.cos(t)]])


def affine_of(rzs, trans):
    a = np.eye(4)
    a[:3, :3] = rzs
    a[:3, 3] = trans
    return a


def values_for(dtype, shape):
    """Distinct values per voxel (so a wrong axis order or flip shows), covering the type's sign and range."""
    n = int(np.prod(shape))
    i = np.arange(n, dtype=np.float64)
    dt = np.dtype(dtype)
    if dt == np.uint8:
        v = (i * 4 + 3) % 256
    elif dt == np.int8:
        v = i * 3 - 90
    elif dt == np.int16:
        v = i * 517 - 15000
    elif dt == np.uint16:
        v = i * 1001 + 7
    elif dt == np.int32:
        v = i * 33331 - 1000000
    elif dt == np.float32:
        v = i * 0.37 - 5.5
    else:  # float64
        v = i * 1.0e-3 + math.pi
    return v.reshape(shape, order="F").astype(dt)


def new_header(shape, dtype, endianness="<"):
    h = nib.Nifti1Header(endianness=endianness)
    h.set_data_shape(shape)
    h.set_data_dtype(dtype)
    return h


def write_nifti(name, data, header, gz=False, extension=b""):
    """Header (348 bytes) + 4 extension-flag bytes + extension + zero padding up to vox_offset + data."""
    hdr = header.copy()
    assert hdr.get_data_shape() == data.shape and hdr.get_data_dtype().str[1:] == data.dtype.str[1:]
    endian = ">" if hdr.endianness == ">" else "<"
    ext_flag = b"\x01\x00\x00\x00" if extension else b"\x00\x00\x00\x00"
    offset = 352 + len(extension)
    offset = (offset + 15) // 16 * 16
    hdr["vox_offset"] = offset
    body = hdr.binaryblock + ext_flag + extension
    body += b"\x00" * (offset - len(body))
    body += data.astype(data.dtype.newbyteorder(endian)).tobytes(order="F")
    if gz:
        body = gzip.compress(body, compresslevel=6, mtime=0)
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(body)


def display_slices(img, data):
    """Axial slices as a radiologist sees them, computed with nibabel's orientation code: the volume is
    reoriented so that its axes run to patient Left, Posterior, Superior ('L','P','S'); slice k of the
    ORIGINAL third voxel axis is then shown with rows along P (anterior at the top) and columns along L
    (patient's right on the left of the screen): reoriented[:, :, k'].T."""
    ornt = io_orientation(img.affine)
    assert ornt[2][0] == 2, "fixtures keep the third voxel axis closest to world z"
    transform = ornt_transform(ornt, axcodes2ornt(("L", "P", "S")))
    reoriented = apply_orientation(data, transform)
    nz = data.shape[2]
    k_index = np.broadcast_to(np.arange(nz)[None, None, :], data.shape[:3])
    k_reoriented = apply_orientation(k_index, transform)
    slices = []
    for k in range(nz):
        kp = int(np.nonzero(k_reoriented[0, 0, :] == k)[0][0])
        slices.append(reoriented[:, :, kp].T)
    return slices


def to_json_number(x):
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def record(name):
    img = nib.load(os.path.join(HERE, name))
    hdr = img.header
    data = img.get_fdata()
    data3 = data.reshape(data.shape[:3], order="F")
    slope, inter = hdr.get_slope_inter()
    # nibabel moves the scaling from the header to the array proxy on load
    slope, inter = float(img.dataobj.slope), float(img.dataobj.inter)
    out = {
        "file": name,
        "shape": [int(s) for s in img.shape],
        "datatype": int(hdr["datatype"]),
        "big_endian": hdr.endianness == ">",
        "zooms": [float(z) for z in hdr.get_zooms()[:3]],
        "affine": [[float(v) for v in row] for row in img.affine],
        "slope": to_json_number(slope) if slope is not None else None,
        "inter": to_json_number(inter) if inter is not None else None,
        "values": [to_json_number(v) for v in data3.ravel(order="F")],
        "display_slices": [[[to_json_number(v) for v in row] for row in s] for s in display_slices(img, data3)],
    }
    os.makedirs(EXPECTED, exist_ok=True)
    with open(os.path.join(EXPECTED, name + ".json"), "w") as f:
        json.dump(out, f, indent=None, separators=(",", ":"))
        f.write("\n")


def main():
    shape = (5, 4, 3)
    made = []

    # uint8, sform only (code 2) with the in-plane axes swapped: i runs to posterior, j to the right.
    h = new_header(shape, np.uint8)
    aff = affine_of(np.array([[0, 0.9, 0], [-0.8, 0, 0], [0, 0, 2.5]]), [-10, 20, -30])
    h.set_sform(aff, code=2)
    h.set_qform(None, code=0)
    h.set_zooms((0.8, 0.9, 2.5))
    write_nifti("uint8_sform_swapped.nii", values_for(np.uint8, shape), h)
    made.append("uint8_sform_swapped.nii")

    # int8, qform only (code 1): 90 degrees about z, qfac -1; srow filled with junk that must be ignored.
    h = new_header(shape, np.int8)
    h.set_zooms((1.5, 2.0, 3.0))
    h.set_qform(affine_of(rot_z(90) @ np.diag([1.5, 2.0, -3.0]), [4, -5, 6]), code=1)
    h["srow_x"] = [9, 9, 9, 9]
    h["srow_y"] = [8, 8, 8, 8]
    h["srow_z"] = [7, 7, 7, 7]
    h["sform_code"] = 0
    assert h["pixdim"][0] == -1
    write_nifti("int8_qform_only.nii.gz", values_for(np.int8, shape), h, gz=True)
    made.append("int8_qform_only.nii.gz")

    # int16 like a Decathlon CT: slope 2, intercept -1024, LPS-style sform (x and y flipped), qform too.
    h = new_header(shape, np.int16)
    aff = affine_of(np.diag([-0.7, -0.7, 2.5]), [172.5, 180.25, -368.0])
    h.set_sform(aff, code=1)
    h.set_qform(aff, code=1)
    h["scl_slope"] = 2.0
    h["scl_inter"] = -1024.0
    write_nifti("int16_scaled_lps.nii.gz", values_for(np.int16, shape), h, gz=True)
    made.append("int16_scaled_lps.nii.gz")

    # uint16, big-endian, oblique sform (10 degrees about z), no qform.
    h = new_header(shape, np.uint16, ">")
    aff = affine_of(rot_z(10) @ np.diag([1.25, 1.25, 2.0]), [-50, 60, 70])
    h.set_sform(aff, code=1)
    h.set_qform(None, code=0)
    h.set_zooms((1.25, 1.25, 2.0))
    write_nifti("uint16_bigendian_oblique.nii", values_for(np.uint16, shape), h)
    made.append("uint16_bigendian_oblique.nii")

    # int32, big-endian, gzipped, slope 0 (= no scaling, the intercept is ignored), no sform, no qform:
    # nibabel's fall-back affine (Analyze style: x flipped, origin at the volume centre).
    h = new_header(shape, np.int32, ">")
    h.set_zooms((2.0, 3.0, 4.0))
    h["sform_code"] = 0
    h["qform_code"] = 0
    h["scl_slope"] = 0.0
    h["scl_inter"] = 5.0
    write_nifti("int32_bigendian_noxform.nii.gz", values_for(np.int32, shape), h, gz=True)
    made.append("int32_bigendian_noxform.nii.gz")

    # float32 with an extension (vox_offset 448), slope NaN (= no scaling), a NaN voxel, tilted sform.
    h = new_header(shape, np.float32)
    aff = affine_of(rot_x(20) @ np.diag([0.5, 0.6, 1.5]), [1, 2, 3])
    h.set_sform(aff, code=1)
    h.set_qform(aff, code=1)
    h["scl_slope"] = np.nan
    h["scl_inter"] = 7.0
    ext = nib.nifti1.Nifti1Extension(6, b"remask fixture comment ....")
    ext_bytes = (int(ext.get_sizeondisk())).to_bytes(4, "little") + (6).to_bytes(4, "little")
    content = b"remask fixture comment".ljust(ext.get_sizeondisk() - 8, b"\x00")
    data = values_for(np.float32, shape)
    data[1, 2, 0] = np.nan
    write_nifti("float32_extension.nii", data, h, extension=ext_bytes + content)
    made.append("float32_extension.nii")

    # float64, 4D with one volume, slope 0.5 intercept 3, qform only (code 2, identity rotation).
    h = new_header(shape + (1,), np.float64)
    h.set_zooms((1.0, 1.0, 1.0, 1.0))
    h.set_qform(affine_of(np.diag([1.0, 1.0, 1.0]), [-2, -1.5, 0.25]), code=2)
    h["sform_code"] = 0
    h["scl_slope"] = 0.5
    h["scl_inter"] = 3.0
    write_nifti("float64_4d_scaled.nii.gz", values_for(np.float64, shape).reshape(shape + (1,)), h, gz=True)
    made.append("float64_4d_scaled.nii.gz")

    # int16 qform with quirks nibabel fixes on load: qfac (pixdim[0]) 0 -> 1, a negative pixdim -> abs.
    h = new_header(shape, np.int16)
    h.set_qform(affine_of(np.diag([0.75, 0.75, 5.0]), [10, 20, 30]), code=1)
    h["sform_code"] = 0
    h["pixdim"][0] = 0
    h["pixdim"][2] = -0.75
    write_nifti("int16_qform_quirks.nii", values_for(np.int16, shape), h)
    made.append("int16_qform_quirks.nii")

    # A file as nibabel itself writes it (nib.save), 7x6x5 uint8 label-like values.
    lab = np.zeros((7, 6, 5), dtype=np.uint8)
    lab[2:5, 1:4, 1:4] = 1
    lab[3, 2, 2] = 2
    lab[0, 5, 4] = 1
    img = nib.Nifti1Image(lab, affine_of(np.diag([-0.8, -0.8, 2.0]), [100, 120, -200]))
    nib.save(img, os.path.join(HERE, "uint8_labels_nibabel.nii.gz"))
    made.append("uint8_labels_nibabel.nii.gz")

    for name in made:
        record(name)
    print("made", len(made), "fixtures")


if __name__ == "__main__":
    main()
