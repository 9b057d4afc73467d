#!/usr/bin/python3
"""Makes the image fixtures of Remask.Core.Tests/Imaging (dev-time only; CI has no Python).

Run from anywhere:  /usr/bin/python3 tests/Remask.Core.Tests/Fixtures/Imaging/make_image_fixtures.py

PNG files come from two independent encoders: PIL's writer, and the small PNG encoder below (for what PIL
cannot write: interlacing, 2/4-bit gray, 16-bit colour, chosen filters, split IDAT chunks). Every file is
decoded again with PIL and must give the pixel array it was made from (PIL reads 16-bit colour as 8-bit and
scales 2/4-bit gray, which the checks account for). The expected samples are those source arrays, written as
little-endian uint16 ("*.samples.bin", interleaved row, column, channel) and listed in png_cases.json.

JPEG files are written by PIL; their expected pixels are what PIL (libjpeg-turbo) decodes, as uint8
("*.pil.bin"), listed in jpeg_cases.json. Resize references come from scipy.ndimage.zoom (bilinear, pixel
centres, edge clamp) and PIL's NEAREST resize, in resize_cases.json.
"""
import io, json, os, struct, zlib
import numpy as np
import scipy.ndimage as ndi
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(2021)
png_cases, jpeg_cases = [], []

# ---------------------------------------------------------------- a small independent PNG encoder

ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
SPP = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}


def chunk(ctype, data):
    return struct.pack(">I", len(data)) + ctype + data + struct.pack(">I", zlib.crc32(ctype + data) & 0xFFFFFFFF)


def pack_row(samples, depth):
    if depth == 16:
        return b"".join(struct.pack(">H", int(v)) for v in samples)
    if depth == 8:
        return bytes(int(v) for v in samples)
    out = bytearray((len(samples) * depth + 7) // 8)
    for i, v in enumerate(samples):
        bit = i * depth
        out[bit // 8] |= int(v) << (8 - depth - bit % 8)
    return bytes(out)


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)


def filter_row(ftype, row, prev, bpp):
    out = bytearray([ftype])
    for i, x in enumerate(row):
        a = row[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        pred = [0, a, b, (a + b) // 2, paeth(a, b, c)][ftype]
        out.append((x - pred) & 0xFF)
    return bytes(out)


def encode_png(arr, depth, ctype, interlace=False, filters=lambda row, npass: (row + npass) % 5,
               palette=None, trns=None, idat_piece=None, extra_before_idat=(), extra_after_idat=()):
    """arr: (H, W, spp) samples. filters(row index in pass, pass number) gives each row's filter type."""
    h, w, spp = arr.shape
    assert spp == SPP[ctype]
    bpp = max(1, spp * depth // 8)
    raw = bytearray()
    for npass, (x0, y0, dx, dy) in enumerate(ADAM7 if interlace else [(0, 0, 1, 1)]):
        sub = arr[y0::dy, x0::dx]
        if sub.shape[0] == 0 or sub.shape[1] == 0:
            continue
        prev = bytes(len(pack_row(sub[0].reshape(-1), depth)))
        for j in range(sub.shape[0]):
            row = pack_row(sub[j].reshape(-1), depth)
            raw += filter_row(filters(j, npass), row, prev, bpp)
            prev = row
    comp = zlib.compress(bytes(raw), 9)
    out = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, ctype, 0, 0, 1 if interlace else 0))
    if palette is not None:
        out += chunk(b"PLTE", bytes(np.asarray(palette, dtype=np.uint8).reshape(-1)))
    if trns is not None:
        out += chunk(b"tRNS", trns)
    for c in extra_before_idat:
        out += c
    piece = idat_piece or len(comp)
    for k in range(0, len(comp), piece):
        out += chunk(b"IDAT", comp[k:k + piece])
    for c in extra_after_idat:
        out += c
    return out + chunk(b"IEND", b"")


# ---------------------------------------------------------------- reading back for the manifest

def png_chunks(data):
    pos, out = 8, []
    while pos < len(data):
        n = struct.unpack(">I", data[pos:pos + 4])[0]
        out.append((data[pos + 4:pos + 8], data[pos + 8:pos + 8 + n]))
        pos += 12 + n
    return out


def ihdr_and_filters(data):
    """(bit depth, colour type, interlaced) and the set of row filter types used, read from the file."""
    chunks = png_chunks(data)
    w, h, depth, ctype, _, _, il = struct.unpack(">IIBBBBB", chunks[0][1])
    raw = zlib.decompress(b"".join(d for t, d in chunks if t == b"IDAT"))
    bits = SPP[ctype] * depth
    used, pos = set(), 0
    for (x0, y0, dx, dy) in (ADAM7 if il else [(0, 0, 1, 1)]):
        cols = (w - x0 + dx - 1) // dx if w > x0 else 0
        rows = (h - y0 + dy - 1) // dy if h > y0 else 0
        if cols == 0 or rows == 0:
            continue
        rb = (cols * bits + 7) // 8
        for _ in range(rows):
            used.add(raw[pos])
            pos += rb + 1
    assert pos == len(raw), "filtered data size"
    return depth, ctype, bool(il), sorted(used)


def expand_palette(idx, palette, trns):
    pal = np.asarray(palette, dtype=np.uint16)
    rgb = pal[idx[..., 0]]
    if trns is None:
        return rgb
    alpha = np.full(len(pal), 255, dtype=np.uint16)
    alpha[:len(trns)] = list(trns)
    return np.concatenate([rgb, alpha[idx[..., 0]][..., None]], axis=2)


def pil_check(data, arr, depth, ctype, palette=None, trns=None):
    """PIL decodes the file to the source array (in PIL's own representation)."""
    im = Image.open(io.BytesIO(data))
    im.load()
    a = np.array(im)
    if ctype == 3:
        assert im.mode == "P", im.mode
        assert np.array_equal(a, arr[..., 0]), "palette indices"
        want = expand_palette(arr, palette, trns)
        got = np.array(im.convert("RGBA" if trns is not None else "RGB"))
        assert np.array_equal(got, want), "palette colours"
    elif ctype == 0:
        src = arr[..., 0]
        if depth == 1:
            assert im.mode == "1" and np.array_equal(a, src.astype(bool))
        elif depth in (2, 4):
            assert im.mode == "L" and np.array_equal(a, src * (255 // (2 ** depth - 1)))
        else:
            assert np.array_equal(a, src), (im.mode, "gray")
    elif depth == 16 and ctype in (2, 4, 6):
        # PIL keeps only the high byte of 16-bit colour; 16-bit gray+alpha comes back as RGBA
        want = arr >> 8
        if ctype == 4:
            want = np.concatenate([want[..., :1]] * 3 + [want[..., 1:]], axis=2)
        assert np.array_equal(a, want), (im.mode, "16-bit colour, high bytes")
    else:
        assert np.array_equal(a.reshape(arr.shape), arr), (im.mode, "colour")


def add_png(name, data, arr, depth, ctype, note, palette=None, trns=None, pil_written=False):
    pil_check(data, arr, depth, ctype, palette, trns)
    fdepth, fctype, il, used = ihdr_and_filters(data)
    assert (fdepth, fctype) == (depth, ctype), (name, fdepth, fctype)
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)
    if ctype == 3:
        samples = expand_palette(arr, palette, trns)
        maxv = 255
    else:
        samples = arr
        maxv = 2 ** depth - 1 if depth < 8 else (255 if depth == 8 else 65535)
    base = name[:-4]
    samples.astype("<u2").tofile(os.path.join(HERE, base + ".samples.bin"))
    case = dict(file=name, width=arr.shape[1], height=arr.shape[0], channels=samples.shape[2],
                bitDepth=16 if depth == 16 else 8, maxValue=maxv, samples=base + ".samples.bin",
                fileBitDepth=depth, colorType=ctype, interlaced=il, filters=used,
                idatChunks=sum(1 for t, _ in png_chunks(data) if t == b"IDAT"),
                writer="PIL" if pil_written else "make_image_fixtures.py", note=note)
    if ctype == 3:
        arr.astype("<u2").tofile(os.path.join(HERE, base + ".indices.bin"))
        case.update(indices=base + ".indices.bin", indexMaxValue=2 ** depth - 1)
    png_cases.append(case)


def rand(h, w, spp, depth):
    return rng.integers(0, 2 ** depth, size=(h, w, spp), dtype=np.int64).astype(np.uint16)


def smooth(h, w, spp, depth):
    """Gradients plus a little noise: rows that the Sub/Up/Average/Paeth filters actually predict."""
    y, x = np.mgrid[0:h, 0:w]
    top = 2 ** depth - 1
    planes = []
    for c in range(spp):
        v = (x * (c + 1) * 0.6 + y * (3 - c % 3) * 0.5) / (w + h) * top + rng.normal(0, top * 0.02, size=(h, w))
        planes.append(np.clip(np.round(v), 0, top))
    return np.stack(planes, axis=2).astype(np.uint16)


def pil_png(im, **kw):
    b = io.BytesIO()
    im.save(b, format="PNG", **kw)
    return b.getvalue()


# ---------------------------------------------------------------- PNG cases written by PIL

a = rand(11, 13, 1, 8); add_png("pil_gray8.png", pil_png(Image.fromarray(a[..., 0].astype(np.uint8), "L")), a, 8, 0, "8-bit gray", pil_written=True)
a = rand(9, 7, 1, 16)
add_png("pil_gray16.png", pil_png(Image.fromarray(a[..., 0].astype(np.uint16), "I;16")), a, 16, 0, "16-bit gray", pil_written=True)
a = rand(10, 13, 1, 1)
add_png("pil_bilevel.png", pil_png(Image.fromarray(a[..., 0].astype(bool))), a, 1, 0, "1-bit gray (PIL mode 1)", pil_written=True)
a = rand(8, 9, 2, 8); add_png("pil_gray_alpha.png", pil_png(Image.fromarray(a.astype(np.uint8), "LA")), a, 8, 4, "8-bit gray+alpha", pil_written=True)
a = smooth(12, 11, 3, 8); add_png("pil_rgb.png", pil_png(Image.fromarray(a.astype(np.uint8), "RGB")), a, 8, 2, "8-bit RGB", pil_written=True)
a = smooth(7, 10, 4, 8); add_png("pil_rgba.png", pil_png(Image.fromarray(a.astype(np.uint8), "RGBA")), a, 8, 6, "8-bit RGBA", pil_written=True)


def pil_palette(idx, palette, bits=None, transparency=None):
    im = Image.fromarray(idx[..., 0].astype(np.uint8), "P")
    im.putpalette(list(np.asarray(palette, dtype=np.uint8).reshape(-1)))
    kw = {}
    if bits: kw["bits"] = bits
    if transparency is not None: kw["transparency"] = bytes(transparency)
    return pil_png(im, **kw)


pal = rng.integers(0, 256, size=(200, 3))
a = rng.integers(0, 200, size=(9, 12, 1)).astype(np.uint16)
add_png("pil_palette8.png", pil_palette(a, pal), a, 8, 3, "8-bit palette, 200 colours", palette=pal, pil_written=True)
trns = bytes(rng.integers(0, 256, size=150).astype(np.uint8))   # shorter than the palette: the rest is opaque
add_png("pil_palette8_trns.png", pil_palette(a, pal, transparency=trns), a, 8, 3, "8-bit palette with tRNS (150 of 200 entries)",
        palette=pal, trns=trns, pil_written=True)
for bits in (1, 2, 4):
    n = 2 ** bits
    pal = rng.integers(0, 256, size=(n, 3))
    a = rng.integers(0, n, size=(7, 11, 1)).astype(np.uint16)
    add_png(f"pil_palette{bits}.png", pil_palette(a, pal, bits=bits), a, bits, 3, f"{bits}-bit palette", palette=pal, pil_written=True)

# A VOC-style label map: palette index = class label, 255 = void/boundary, colours from the VOC colour map.
voc = np.zeros((256, 3), dtype=np.int64)
for i in range(256):
    c, r, g, b = i, 0, 0, 0
    for j in range(8):
        r |= ((c >> 0) & 1) << (7 - j); g |= ((c >> 1) & 1) << (7 - j); b |= ((c >> 2) & 1) << (7 - j); c >>= 3
    voc[i] = (r, g, b)
y, x = np.mgrid[0:12, 0:16]
a = np.zeros((12, 16), dtype=np.uint16)
a[(x - 5) ** 2 + (y - 5) ** 2 <= 12] = 1
a[(x >= 10) & (x <= 14) & (y >= 3) & (y <= 9)] = 2
edge = np.zeros_like(a, dtype=bool)
edge[:-1] |= a[:-1] != a[1:]; edge[:, :-1] |= a[:, :-1] != a[:, 1:]
a[edge] = 255
a = a[..., None]
add_png("voc_labels.png", pil_palette(a, voc), a, 8, 3, "VOC-style label map: indices 0 (background), 1, 2, 255 (void)", palette=voc, pil_written=True)

# ---------------------------------------------------------------- PNG cases from the encoder above

a = rand(6, 13, 1, 2); add_png("gray2.png", encode_png(a, 2, 0), a, 2, 0, "2-bit gray, 13 wide (row padding), all filters")
a = rand(5, 7, 1, 4); add_png("gray4.png", encode_png(a, 4, 0), a, 4, 0, "4-bit gray, odd width, all filters")
a = rand(9, 11, 1, 1); add_png("gray1_interlaced.png", encode_png(a, 1, 0, interlace=True), a, 1, 0, "1-bit gray, Adam7")
a = rand(10, 9, 1, 2); add_png("gray2_interlaced.png", encode_png(a, 2, 0, interlace=True), a, 2, 0, "2-bit gray, Adam7")
a = rand(1, 1, 1, 8); add_png("gray8_1x1_interlaced.png", encode_png(a, 8, 0, interlace=True), a, 8, 0, "1x1, Adam7 (six empty passes)")
a = rand(3, 2, 1, 8); add_png("gray8_2x3_interlaced.png", encode_png(a, 8, 0, interlace=True), a, 8, 0, "2x3, Adam7 (some empty passes)")
a = smooth(13, 17, 1, 16); add_png("gray16_interlaced.png", encode_png(a, 16, 0, interlace=True), a, 16, 0, "16-bit gray, Adam7, all filters")
a = smooth(11, 13, 3, 8); add_png("rgb8_interlaced.png", encode_png(a, 8, 2, interlace=True), a, 8, 2, "8-bit RGB, Adam7")
a = smooth(9, 10, 4, 16); add_png("rgba16_interlaced.png", encode_png(a, 16, 6, interlace=True), a, 16, 6, "16-bit RGBA, Adam7")
a = smooth(8, 9, 2, 8); add_png("gray_alpha8_interlaced.png", encode_png(a, 8, 4, interlace=True), a, 8, 4, "8-bit gray+alpha, Adam7")
pal = rng.integers(0, 256, size=(16, 3)); trns = bytes([0, 64, 128, 200])
a = rng.integers(0, 16, size=(10, 11, 1)).astype(np.uint16)
add_png("palette4_trns_interlaced.png", encode_png(a, 4, 3, interlace=True, palette=pal, trns=trns), a, 4, 3,
        "4-bit palette, tRNS for 4 of 16 entries, Adam7", palette=pal, trns=trns)
pal = rng.integers(0, 256, size=(3, 3))
a = rng.integers(0, 3, size=(6, 9, 1)).astype(np.uint16)
add_png("palette2_filters.png", encode_png(a, 2, 3, palette=pal), a, 2, 3, "2-bit palette of 3 colours, all filters", palette=pal)
a = smooth(10, 12, 3, 16); add_png("rgb16.png", encode_png(a, 16, 2), a, 16, 2, "16-bit RGB, all filters (distance 6)")
a = smooth(10, 7, 4, 16); add_png("rgba16.png", encode_png(a, 16, 6), a, 16, 6, "16-bit RGBA, all filters (distance 8)")
a = smooth(8, 9, 2, 16); add_png("gray_alpha16.png", encode_png(a, 16, 4), a, 16, 4, "16-bit gray+alpha, all filters (distance 4)")
for f in range(5):
    a = smooth(6, 8, 3, 8)
    add_png(f"rgb8_filter{f}.png", encode_png(a, 8, 2, filters=lambda r, p, f=f: f), a, 8, 2, f"8-bit RGB, every row filter {f}")
a = smooth(12, 14, 3, 8)
add_png("rgb8_split_idat.png", encode_png(a, 8, 2, idat_piece=7), a, 8, 2,
        "image data split into 7-byte IDAT chunks")
a = smooth(7, 9, 1, 8)
extra = [chunk(b"tEXt", b"Comment\x00made by make_image_fixtures.py"), chunk(b"gAMA", struct.pack(">I", 45455)),
         chunk(b"raNd", b"\x01\x02\x03")]
add_png("gray8_ancillary.png", encode_png(a, 8, 0, extra_before_idat=extra, extra_after_idat=[chunk(b"tIME", bytes(7))]), a, 8, 0,
        "ancillary chunks (tEXt, gAMA, unknown raNd, tIME after IDAT) are skipped")
a = rand(6, 7, 1, 8)
add_png("gray8_trns.png", encode_png(a, 8, 0, trns=struct.pack(">H", int(a[0, 0, 0]))), a, 8, 0, "gray with tRNS: one transparent value, ignored")
a = smooth(5, 6, 3, 8)
add_png("rgb8_suggested_palette.png", encode_png(a, 8, 2, palette=rng.integers(0, 256, size=(4, 3))), a, 8, 2, "RGB with a suggested PLTE, ignored")

# a zero-length IDAT between two real ones is legal
a = smooth(6, 6, 1, 8)
good = encode_png(a, 8, 0, idat_piece=20)
parts = png_chunks(good)
rebuilt = b"\x89PNG\r\n\x1a\n"
for k, (t, d) in enumerate(parts):
    rebuilt += chunk(t, d)
    if t == b"IDAT" and k == 1:
        rebuilt += chunk(b"IDAT", b"")
add_png("gray8_empty_idat.png", rebuilt, a, 8, 0, "a zero-length IDAT chunk among the others")

used = set()
for c in png_cases:
    used |= set(c["filters"])
assert used == {0, 1, 2, 3, 4}, used

# ---------------------------------------------------------------- bad PNG files (CRCs correct unless named so)

def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


base = smooth(8, 8, 1, 8)
raw = b"".join(b"\x00" + bytes(int(v) for v in base[j, :, 0]) for j in range(8))
comp = bytearray(zlib.compress(raw, 9))
ihdr = chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 0, 0, 0, 0))
sig = b"\x89PNG\r\n\x1a\n"

bad = bytearray(comp); bad[2] |= 0x06          # deflate block type 11: reserved
try:
    zlib.decompress(bytes(bad)); raise SystemExit("bad_zlib.png decompresses")
except zlib.error:
    pass
write("bad_zlib.png", sig + ihdr + chunk(b"IDAT", bytes(bad)) + chunk(b"IEND", b""))

bad = bytearray(comp); bad[-1] ^= 0x55         # Adler-32 checksum of the zlib stream wrong
write("bad_adler.png", sig + ihdr + chunk(b"IDAT", bytes(bad)) + chunk(b"IEND", b""))

short = zlib.compress(raw[:-20], 9)            # a complete zlib stream holding too few bytes
write("short_zlib.png", sig + ihdr + chunk(b"IDAT", short) + chunk(b"IEND", b""))

raw7 = bytearray(raw); raw7[3 * 9] = 7         # row 3 has filter type 7
write("bad_filter.png", sig + ihdr + chunk(b"IDAT", zlib.compress(bytes(raw7), 9)) + chunk(b"IEND", b""))

ihdr_p = chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 2, 8, 3, 0, 0, 0))
raw_p = b"\x00\x00\x01\x02\x03" + b"\x00\x00\x01\x09\x03"   # index 9 in a 4-colour palette
write("palette_index_out_of_range.png", sig + ihdr_p + chunk(b"PLTE", bytes(range(12))) + chunk(b"IDAT", zlib.compress(raw_p)) + chunk(b"IEND", b""))

write("unknown_critical_chunk.png", sig + ihdr + chunk(b"ABCD", b"xyz") + chunk(b"IDAT", bytes(comp)) + chunk(b"IEND", b""))
write("no_iend.png", sig + ihdr + chunk(b"IDAT", bytes(comp)))
write("text.png", b"This is not an image, just a text file\nsaved with a .png name.\n")

# ---------------------------------------------------------------- JPEG cases (PIL writes and decodes)

def scene(h, w):
    y, x = np.mgrid[0:h, 0:w]
    r = np.clip(60 + 150 * x / w + rng.normal(0, 6, (h, w)), 0, 255)
    g = np.clip(40 + 120 * y / h + rng.normal(0, 6, (h, w)), 0, 255)
    b = np.clip(200 - 100 * (x + y) / (w + h) + rng.normal(0, 6, (h, w)), 0, 255)
    disc = (x - w * 0.55) ** 2 + (y - h * 0.45) ** 2 < (min(h, w) * 0.3) ** 2
    r[disc] *= 0.35; g[disc] *= 0.3; b[disc] *= 0.4
    return np.stack([r, g, b], axis=2).round().astype(np.uint8)


def add_jpeg(name, im, note, **kw):
    b = io.BytesIO()
    im.save(b, format="JPEG", **kw)
    data = b.getvalue()
    write(name, data)
    dec = Image.open(io.BytesIO(data))
    dec.load()
    assert bool(dec.info.get("progressive", 0)) == bool(kw.get("progressive", False))
    px = np.array(dec)
    if px.ndim == 2:
        px = px[..., None]
    base = name[:-4]
    px.astype(np.uint8).tofile(os.path.join(HERE, base + ".pil.bin"))
    jpeg_cases.append(dict(file=name, width=px.shape[1], height=px.shape[0], channels=px.shape[2],
                           expected=base + ".pil.bin", progressive=bool(kw.get("progressive", False)), note=note))


rgb = scene(23, 37)
add_jpeg("rgb_baseline_420.jpg", Image.fromarray(rgb), "baseline, 4:2:0, q90", quality=90, subsampling=2)
add_jpeg("rgb_baseline_444.jpg", Image.fromarray(rgb), "baseline, 4:4:4, q90", quality=90, subsampling=0)
add_jpeg("rgb_baseline_422_optimized.jpg", Image.fromarray(rgb), "baseline, 4:2:2, optimized Huffman tables, q85", quality=85, subsampling=1, optimize=True)
add_jpeg("rgb_progressive_420.jpg", Image.fromarray(rgb), "progressive, 4:2:0, q90", quality=90, subsampling=2, progressive=True)
gray = np.array(Image.fromarray(rgb).convert("L"))
add_jpeg("gray_baseline.jpg", Image.fromarray(gray), "gray baseline, q90", quality=90)
add_jpeg("gray_progressive.jpg", Image.fromarray(gray), "gray progressive, q90", quality=90, progressive=True)
y, x = np.mgrid[0:24, 0:32]
mask = ((x - 15) ** 2 + (y - 11) ** 2 <= 64) | ((x > 22) & (y > 14))
np.asarray(mask, dtype=np.uint8).tofile(os.path.join(HERE, "mask_q75.source.bin"))
add_jpeg("mask_q75.jpg", Image.fromarray((mask * 255).astype(np.uint8)), "0/255 mask saved as JPEG q75 (lossy: values near 0 and 255)", quality=75)
jpeg_cases[-1]["sourceMask"] = "mask_q75.source.bin"

# ---------------------------------------------------------------- Resize references

def bilinear_ref(img, h, w):
    # scipy's zoom with grid_mode=True samples pixel centres: source = (i + 0.5) * in / out - 0.5,
    # mode "nearest" clamps at the edges; order 1 = bilinear.
    return ndi.zoom(img, (h / img.shape[0], w / img.shape[1]), order=1, mode="nearest", grid_mode=True)


resize = dict(bilinear=[], nearest=[])
for (h, w, H, W) in [(4, 5, 7, 9), (7, 9, 3, 4), (6, 6, 4, 10), (5, 3, 5, 8)]:
    img = rng.random((h, w))
    out = bilinear_ref(img, H, W)
    assert out.shape == (H, W)
    resize["bilinear"].append(dict(width=w, height=h, outWidth=W, outHeight=H,
                                   input=[round(float(v), 6) for v in img.reshape(-1)],
                                   expected=[float(v) for v in bilinear_ref(np.round(img, 6), H, W).reshape(-1)]))
for (h, w, H, W) in [(7, 5, 3, 10), (6, 9, 13, 4), (3, 3, 8, 8), (10, 10, 3, 3)]:
    m = rng.integers(0, 2, size=(h, w)).astype(np.uint8)
    out = np.array(Image.fromarray(m * 255).resize((W, H), Image.NEAREST)) // 255
    exact = m[np.minimum(h - 1, ((2 * np.arange(H) + 1) * h) // (2 * H))][:, np.minimum(w - 1, ((2 * np.arange(W) + 1) * w) // (2 * W))]
    assert np.array_equal(out, exact), (h, w, H, W)
    resize["nearest"].append(dict(width=w, height=h, outWidth=W, outHeight=H,
                                  input=[int(v) for v in m.reshape(-1)], expected=[int(v) for v in out.reshape(-1)]))

with open(os.path.join(HERE, "png_cases.json"), "w") as f:
    json.dump(png_cases, f, indent=1)
with open(os.path.join(HERE, "jpeg_cases.json"), "w") as f:
    json.dump(jpeg_cases, f, indent=1)
with open(os.path.join(HERE, "resize_cases.json"), "w") as f:
    json.dump(resize, f)
total = sum(os.path.getsize(os.path.join(HERE, n)) for n in os.listdir(HERE))
print(f"{len(png_cases)} PNG cases, {len(jpeg_cases)} JPEG cases, {total} bytes in {HERE}")
