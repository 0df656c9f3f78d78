"""Writes a synthetic multispectral image set whose classes only 16-bit, 4-channel input can tell apart.

Each image is 4 channels of 16-bit integers, SIZE x SIZE pixels (default 64), in one of 4 classes:

  - channel 4 holds a bright disc or a bright square of the same area at a random place and size, over a
    noisy dark background: the first half of the class name (disc-..., square-...);
  - channels 1 to 3 hold, in their top 8 bits, a class-independent pattern of smooth blobs (levels 0 to 2),
    and in their low 8 bits faint stripes of period 8 px, horizontal or vertical, at a random phase, with
    noise: the second half of the class name (...-horizontal, ...-vertical). The stripes change no top bit,
    so the first 3 channels converted to 8 bits (the top 8 bits) carry no trace of them.

So the class depends on the fourth channel and on intensities below 8 bits of resolution: all 4 channels at
16 bits show both; the first 3 channels as 8-bit RGB show neither (chance is 25 %).

Written under OUT, each with train/ and test/ class folders holding the same images:
  OUT/tiff/   4-channel 16-bit TIFF (height x width x channels, uncompressed)
  OUT/npy/    the same arrays as .npy, channels x height x width, uint16
  OUT/rgb8/   the first 3 channels as 8-bit RGB PNG (the top 8 bits of each value)

Run with Debian's NumPy, tifffile and PIL (python3-numpy, python3-tifffile, python3-pil):
  /usr/bin/python3 bench/make_multispectral.py bench/data/multispectral
  /usr/bin/python3 bench/make_multispectral.py OUT --train-per-class 400 --test-per-class 100 --size 64 --seed 0
The same arguments always give the same files. With --check, it then prints the k-NN accuracy of raw
pixels (cosine, k = 20, majority vote, each channel standardised by the train split's mean and std) on
both representations, the baseline that learned features must beat.
"""
import argparse
import pathlib

import numpy as np
import tifffile
from PIL import Image

CLASSES = ["disc-horizontal", "disc-vertical", "square-horizontal", "square-vertical"]
STRIPE_PERIOD = 8
STRIPE_AMPLITUDE = 96  # in 16-bit units: below one 8-bit step (256)
LOW_NOISE = 16
LOW_BASE = 128  # low byte = 128 +- 96 +- 16, always within 0..255


def blobs(rng, size, levels=3, count=4):
    """Class-independent smooth blobs quantised to 0 .. levels - 1: the top 8 bits of channels 1 to 3."""
    y, x = np.mgrid[0:size, 0:size]
    field = np.zeros((size, size))
    for _ in range(count):
        cy, cx = rng.uniform(0, size, 2)
        sigma = rng.uniform(size / 10, size / 4)
        field += rng.uniform(0.5, 1.0) * np.exp(-((y - cy) ** 2 + (x - cx) ** 2) / (2 * sigma ** 2))
    return np.clip((field / max(field.max(), 1e-9) * levels).astype(np.int64), 0, levels - 1)


def stripes(rng, size, horizontal):
    """+-1 square-wave stripes of period STRIPE_PERIOD at a random phase, along y (horizontal) or x."""
    coordinate = np.mgrid[0:size, 0:size][0 if horizontal else 1]
    phase = rng.integers(0, STRIPE_PERIOD)
    return np.where(((coordinate + phase) // (STRIPE_PERIOD // 2)) % 2 == 0, 1, -1)


def shape_channel(rng, size, disc):
    """A bright disc or square of equal area at a random place, over a noisy background (channel 4)."""
    y, x = np.mgrid[0:size, 0:size]
    radius = rng.uniform(size / 8, size / 5)
    half_side = radius * np.sqrt(np.pi) / 2
    margin = int(np.ceil(radius)) + 1
    cy, cx = rng.uniform(margin, size - margin, 2)
    inside = ((y - cy) ** 2 + (x - cx) ** 2 <= radius ** 2) if disc else (
        (np.abs(y - cy) <= half_side) & (np.abs(x - cx) <= half_side))
    values = rng.normal(3000, 300, (size, size)) + 12000 * inside
    return np.clip(np.rint(values), 0, 65535).astype(np.int64)


def image(rng, size, label):
    disc = CLASSES[label].startswith("disc")
    horizontal = CLASSES[label].endswith("horizontal")
    channels = []
    for _ in range(3):
        low = LOW_BASE + STRIPE_AMPLITUDE * stripes(rng, size, horizontal) + rng.integers(-LOW_NOISE, LOW_NOISE + 1, (size, size))
        channels.append(256 * blobs(rng, size) + low)
    channels.append(shape_channel(rng, size, disc))
    chw = np.stack(channels).astype(np.uint16)
    assert np.array_equal(chw[:3] >> 8, np.stack([c >> 8 for c in channels[:3]]))
    return chw


def raw_pixel_knn(out, kind, k=20):
    """Accuracy of k-NN on standardised raw pixels, test split against train split."""
    def load(split):
        images, labels = [], []
        for label, name in enumerate(CLASSES):
            for f in sorted((out / kind / split / name).iterdir()):
                if kind == "npy":
                    images.append(np.load(f).astype(np.float64) / 65535)
                else:
                    images.append(np.moveaxis(np.asarray(Image.open(f)), -1, 0).astype(np.float64) / 255)
                labels.append(label)
        return np.stack(images), np.array(labels)
    train, train_labels = load("train")
    test, test_labels = load("test")
    mean = train.mean(axis=(0, 2, 3), keepdims=True)
    std = train.std(axis=(0, 2, 3), keepdims=True)
    def features(x):
        f = ((x - mean) / std).reshape(len(x), -1)
        return f / np.linalg.norm(f, axis=1, keepdims=True)
    nearest = np.argsort(-(features(test) @ features(train).T), axis=1)[:, :k]
    votes = np.array([np.bincount(train_labels[row], minlength=len(CLASSES)).argmax() for row in nearest])
    return 100 * (votes == test_labels).mean()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=pathlib.Path)
    parser.add_argument("--train-per-class", type=int, default=400)
    parser.add_argument("--test-per-class", type=int, default=100)
    parser.add_argument("--size", type=int, default=64)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--check", action="store_true", help="print raw-pixel k-NN accuracy on both representations")
    args = parser.parse_args()
    if args.size < 32:
        parser.error("--size must be at least 32")
    rng = np.random.default_rng(args.seed)
    written = 0
    for split, per_class in (("train", args.train_per_class), ("test", args.test_per_class)):
        for label, name in enumerate(CLASSES):
            folders = {kind: args.out / kind / split / name for kind in ("tiff", "npy", "rgb8")}
            for folder in folders.values():
                folder.mkdir(parents=True, exist_ok=True)
            for i in range(per_class):
                chw = image(rng, args.size, label)
                stem = f"{name}-{i:05d}"
                tifffile.imwrite(folders["tiff"] / f"{stem}.tif", np.ascontiguousarray(np.moveaxis(chw, 0, -1)),
                                 photometric="minisblack", planarconfig="contig")
                np.save(folders["npy"] / f"{stem}.npy", chw)
                Image.fromarray(np.ascontiguousarray(np.moveaxis(chw[:3] >> 8, 0, -1)).astype(np.uint8), "RGB").save(
                    folders["rgb8"] / f"{stem}.png")
                written += 1
    print(f"wrote {written} images ({args.size} px, 4 classes) under {args.out}/tiff, npy and rgb8")
    if args.check:
        print(f"raw-pixel 20-NN accuracy (chance 25 %): 4 channels at 16 bits {raw_pixel_knn(args.out, 'npy'):.1f} %,"
              f" first 3 channels as 8-bit RGB {raw_pixel_knn(args.out, 'rgb8'):.1f} %")


if __name__ == "__main__":
    main()
