"""Writes a synthetic multispectral image set whose classes only 16-bit, 4-channel input can tell apart.

Each image is 4 channels of 16-bit integers, 28 x 28 pixels, made from one Fashion-MNIST item (the
Debian package dataset-fashion-mnist; training images from its training file, test images from its test
file), in the item's class (10 classes, chance 10 %):

  - channel 4 holds the item at full amplitude (up to 50,000 of 65,535) over a dark background whose level
    is drawn per image (1,000 to 8,000), with noise (standard deviation 200);
  - channels 1 to 3 hold a flat level drawn per image and channel, in their top 8 bits (L * 256, L from 16
    to 239), plus the item at an amplitude below one 8-bit step (32 + up to 192 in the low 8 bits). No
    noise: the top 8 bits are exactly L in every pixel, so the first 3 channels converted to 8 bits (the top
    8 bits) are a flat colour per image that says nothing of the class.

So the class is in the fourth channel and in the intensities below 8 bits of resolution of the first three:
all 4 channels at 16 bits show it; the first 3 channels as 8-bit RGB show none of it.

Written under OUT, each with train/ and test/ class folders holding the same images:
  OUT/tiff/   4-channel 16-bit TIFF (height x width x channels, uncompressed)
  OUT/npy/    the same arrays as .npy, channels x height x width, uint16
  OUT/rgb8/   the first 3 channels as 8-bit RGB PNG (the top 8 bits of each value)

Run with Debian's NumPy, tifffile and PIL (python3-numpy, python3-tifffile, python3-pil):
  /usr/bin/python3 bench/make_multispectral.py bench/data/multispectral
  /usr/bin/python3 bench/make_multispectral.py OUT --train-per-class 1000 --test-per-class 200 --seed 0 --check
The same arguments always give the same files (the items are drawn with --seed). With --check, it then
prints the k-NN accuracy of raw pixels (cosine, k = 20, majority vote, each image's channels standardised
by their own mean and std, as dino.augmentation.standardize-views does) on both representations.
"""
import argparse
import gzip
import pathlib

import numpy as np
import tifffile
from PIL import Image

FASHION_MNIST = pathlib.Path("/usr/share/datasets/fashion-mnist")
CLASSES = ["t-shirt-top", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle-boot"]
SIZE = 28
ITEM_AMPLITUDE = 50000  # channel 4, in 16-bit units
BACKGROUND = (1000, 8000)  # channel 4, per image
NOISE = 200  # channel 4
LEVELS = (16, 239)  # top 8 bits of channels 1 to 3, per image and channel
LOW_BASE = 32
LOW_AMPLITUDE = 192  # low 8 bits of channels 1 to 3: 32 .. 224, below one 8-bit step (256)


def read_idx(split):
    prefix = "train" if split == "train" else "t10k"
    with gzip.open(FASHION_MNIST / f"{prefix}-images-idx3-ubyte.gz") as f:
        images = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, SIZE, SIZE)
    with gzip.open(FASHION_MNIST / f"{prefix}-labels-idx1-ubyte.gz") as f:
        labels = np.frombuffer(f.read(), np.uint8, offset=8)
    return images, labels


def image(rng, item):
    """The 4 x 28 x 28 uint16 image of one Fashion-MNIST item (uint8, 28 x 28)."""
    a = item.astype(np.float64) / 255
    channels = []
    for _ in range(3):
        level = rng.integers(LEVELS[0], LEVELS[1] + 1)
        channels.append(level * 256 + LOW_BASE + np.rint(LOW_AMPLITUDE * a).astype(np.int64))
    background = rng.uniform(*BACKGROUND)
    fourth = background + ITEM_AMPLITUDE * a + rng.normal(0, NOISE, a.shape)
    channels.append(np.clip(np.rint(fourth), 0, 65535).astype(np.int64))
    chw = np.stack(channels).astype(np.uint16)
    top = chw[:3] >> 8
    assert (top == top[:, :1, :1]).all(), "the top 8 bits of channels 1 to 3 must be flat"
    return chw


def raw_pixel_knn(out, kind, k=20):
    """Accuracy of k-NN on raw pixels standardised per image and channel, test split against train split."""
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

    def features(x):
        std = np.maximum(x.std(axis=(2, 3), keepdims=True), 1e-3)  # a flat channel becomes zeros
        f = ((x - x.mean(axis=(2, 3), keepdims=True)) / std).reshape(len(x), -1)
        return f / np.maximum(np.linalg.norm(f, axis=1, keepdims=True), 1e-12)
    nearest = np.argsort(-(features(test) @ features(train).T), axis=1, kind="stable")[:, :k]
    votes = np.array([np.bincount(train_labels[row], minlength=len(CLASSES)).argmax() for row in nearest])
    return 100 * (votes == test_labels).mean()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=pathlib.Path)
    parser.add_argument("--train-per-class", type=int, default=1000)
    parser.add_argument("--test-per-class", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--check", action="store_true", help="print raw-pixel k-NN accuracy on both representations")
    args = parser.parse_args()
    if not FASHION_MNIST.is_dir():
        parser.error(f"{FASHION_MNIST} not found: install the Debian package dataset-fashion-mnist")
    rng = np.random.default_rng(args.seed)
    written = 0
    for split, per_class in (("train", args.train_per_class), ("test", args.test_per_class)):
        items, labels = read_idx(split)
        for label, name in enumerate(CLASSES):
            of_class = np.flatnonzero(labels == label)
            if per_class > len(of_class):
                parser.error(f"--{split}-per-class: the {split} file has {len(of_class)} items of each class")
            chosen = np.sort(rng.choice(of_class, per_class, replace=False))
            folders = {kind: args.out / kind / split / name for kind in ("tiff", "npy", "rgb8")}
            for folder in folders.values():
                folder.mkdir(parents=True, exist_ok=True)
            for i, index in enumerate(chosen):
                chw = image(rng, items[index])
                stem = f"{name}-{i:05d}"
                tifffile.imwrite(folders["tiff"] / f"{stem}.tif", np.ascontiguousarray(np.moveaxis(chw, 0, -1)),
                                 photometric="minisblack", planarconfig="contig")
                np.save(folders["npy"] / f"{stem}.npy", chw)
                Image.fromarray(np.ascontiguousarray(np.moveaxis(chw[:3] >> 8, 0, -1)).astype(np.uint8), "RGB").save(
                    folders["rgb8"] / f"{stem}.png")
                written += 1
    print(f"wrote {written} images ({SIZE} px, {len(CLASSES)} classes) under {args.out}/tiff, npy and rgb8")
    if args.check:
        print(f"raw-pixel 20-NN accuracy (chance 10 %): 4 channels at 16 bits {raw_pixel_knn(args.out, 'npy'):.1f} %,"
              f" first 3 channels as 8-bit RGB {raw_pixel_knn(args.out, 'rgb8'):.1f} %")


if __name__ == "__main__":
    main()
