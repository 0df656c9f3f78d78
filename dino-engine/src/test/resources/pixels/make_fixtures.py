"""Writes the fixtures of the pixels package's tests with Debian's NumPy and tifffile
(/usr/bin/python3 make_fixtures.py).

Every integer image holds value(c, y, x) = 1000 c + 10 y + x at channel c, row y, column x (5 rows, 7
columns), so the tests check each pixel against that formula. The statistics fixture holds random float
images and the per-channel mean and standard deviation NumPy computes over all their pixels.
"""
import numpy as np
import tifffile

C, H, W = 4, 5, 7
chw = np.fromfunction(lambda c, y, x: 1000 * c + 10 * y + x, (C, H, W)).astype(np.uint16)
hwc = np.ascontiguousarray(np.moveaxis(chw, 0, -1))

# TIFF: bands interleaved (contig), bands planar (separate), one band per page, float, 16 bands, RGBA.
tifffile.imwrite("bands-contig.tif", hwc, photometric="minisblack", planarconfig="contig")
tifffile.imwrite("bands-planar.tif", chw, photometric="minisblack", planarconfig="separate")
with tifffile.TiffWriter("pages.tif") as tif:
    for c in range(C):
        tif.write(chw[c], photometric="minisblack", contiguous=False)
with tifffile.TiffWriter("pages-of-two-sizes.tif") as tif:
    tif.write(chw[0], photometric="minisblack", contiguous=False)
    tif.write(chw[1, :3, :3], photometric="minisblack", contiguous=False)
tifffile.imwrite("float.tif", chw.astype(np.float32) / 4000, photometric="minisblack", planarconfig="separate")
sixteen = np.fromfunction(lambda c, y, x: 1000 * c + 10 * y + x, (16, H, W)).astype(np.uint16)
tifffile.imwrite("sixteen-bands.tif", sixteen, photometric="minisblack", planarconfig="separate")
rgba = np.concatenate([hwc[..., :3], np.full((H, W, 1), 65535, np.uint16)], axis=-1)
tifffile.imwrite("rgba.tif", rgba, photometric="rgb", extrasamples=["unassalpha"])
tifffile.imwrite("signed.tif", chw.astype(np.int16), photometric="minisblack", planarconfig="separate")
tifffile.imwrite("deflate.tif", chw, photometric="minisblack", planarconfig="separate", compression="zlib")
# A compression the JDK's TIFF reader lacks: Zstandard (50000). tifffile needs imagecodecs to write it, so an
# uncompressed file's Compression tag is rewritten; the reader must refuse it before decoding any data.
tifffile.imwrite("zstd.tif", chw[0], photometric="minisblack")
with tifffile.TiffFile("zstd.tif") as tif:
    offset = tif.pages[0].tags["Compression"].valueoffset
with open("zstd.tif", "r+b") as f:
    f.seek(offset)
    f.write((50000).to_bytes(2, "little"))

# .npy: both layouts, each type, Fortran order, big-endian; and the refused ones.
np.save("hwc-uint16.npy", hwc)
np.save("chw-uint16.npy", chw)
np.save("hwc-uint8.npy", (hwc % 256).astype(np.uint8))
np.save("chw-float32.npy", chw.astype(np.float32) / 4000)
np.save("grey-uint16.npy", chw[1])
np.save("chw-fortran.npy", np.asfortranarray(chw))
np.save("hwc-big-endian.npy", hwc.astype(">u2"))
np.save("one-dimension.npy", np.arange(7, dtype=np.uint16))
np.save("five-dimensions.npy", chw.reshape(1, 1, C, H, W))
np.save("int64.npy", chw.astype(np.int64))
nan = chw.astype(np.float32) / 4000
nan[2, 3, 4] = np.nan
np.save("nan.npy", nan)
inf = chw.astype(np.float32) / 4000
inf[1, 0, 6] = -np.inf
np.save("inf.npy", inf)

# Per-channel statistics: 6 images of 3 channels and varying sizes, values near 0.9 with a small spread
# (where a running sum of squares in float would lose the variance).
rng = np.random.default_rng(23)
images = [(0.9 + 0.001 * rng.standard_normal((3, h, w))).astype(np.float32)
          for h, w in [(5, 7), (8, 3), (4, 4), (9, 6), (2, 11), (6, 6)]]
for i, image in enumerate(images):
    np.save(f"stats-{i}.npy", image)
flat = np.concatenate([image.reshape(3, -1).astype(np.float64) for image in images], axis=1)
with open("stats-expected.txt", "w") as out:
    out.write("mean " + " ".join(repr(v) for v in flat.mean(axis=1)) + "\n")
    out.write("std " + " ".join(repr(v) for v in flat.std(axis=1)) + "\n")
