#!/usr/bin/python3
"""Makes a photo-like image folder from Fashion-MNIST, for searching and checking the cpu-photos preset.

Each picture: one Fashion-MNIST item in its own grey tones, covering 65-95 % of the frame, pasted at a
random place over a muted near-grey gradient with noise, then given a random colour cast and exposure of
its own, saved as a 112-px JPEG (quality 90). The colour cast and exposure are the trap: they identify a
picture across its crops better than its shape does, so a recipe that learns them learns nothing useful.

    /usr/bin/python3 bench/make-photo-folders.py OUT [TRAIN] [TEST] [SEED]

writes OUT/train/<class>/*.jpg (TRAIN images, default 3000, from the Fashion-MNIST training set) and
OUT/test/<class>/*.jpg (TEST images, default 1000, from its test set). Needs the Debian packages
dataset-fashion-mnist, python3-numpy and python3-pil (Debian's /usr/bin/python3).
"""
import gzip
import os
import sys

import numpy as np
from PIL import Image

FASHION = "/usr/share/datasets/fashion-mnist"
CLASSES = ["t-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "boot"]
SIZE = 112


def idx(name):
    with gzip.open(os.path.join(FASHION, name)) as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, np.uint8, offset=4 + 4 * dims).reshape(shape)


def background(rng):
    level = rng.uniform(0.35, 0.65)
    tint = rng.uniform(-0.03, 0.03, 3)
    angle = rng.uniform(0, 2 * np.pi)
    ys, xs = np.mgrid[0:SIZE, 0:SIZE] / (SIZE - 1) - 0.5
    ramp = (np.cos(angle) * xs + np.sin(angle) * ys) * rng.uniform(0.05, 0.25)
    bg = level + ramp[..., None] + tint[None, None, :]
    return bg + rng.normal(0, 0.03, (SIZE, SIZE, 3))


def picture(item, rng):
    side = int(round(SIZE * rng.uniform(0.65, 0.95)))
    grey = np.asarray(Image.fromarray(item).resize((side, side), Image.BICUBIC), np.float64) / 255
    grey = np.clip(grey, 0, 1)
    alpha = np.clip(grey / 0.08, 0, 1)  # the item's silhouette: its black surround becomes transparent
    top, left = rng.integers(0, SIZE - side + 1, 2)
    img = background(rng)
    region = img[top:top + side, left:left + side]
    img[top:top + side, left:left + side] = alpha[..., None] * grey[..., None] + (1 - alpha[..., None]) * region
    cast = 1 + rng.uniform(-0.3, 0.3, 3)   # per-channel gain: the picture's colour cast
    exposure = rng.uniform(0.6, 1.4)        # overall gain
    img = img * cast[None, None, :] * exposure + rng.normal(0, 0.01, img.shape)
    return Image.fromarray((np.clip(img, 0, 1) * 255 + 0.5).astype(np.uint8))


def write(out, split, images, labels, count, rng):
    chosen = rng.choice(len(images), count, replace=False)
    for c in CLASSES:
        os.makedirs(os.path.join(out, split, c), exist_ok=True)
    for n, i in enumerate(chosen):
        picture(images[i], rng).save(os.path.join(out, split, CLASSES[labels[i]], f"{n:05d}.jpg"), quality=90)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    train = int(sys.argv[2]) if len(sys.argv) > 2 else 3000
    test = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
    rng = np.random.default_rng(int(sys.argv[4]) if len(sys.argv) > 4 else 0)
    write(out, "train", idx("train-images-idx3-ubyte.gz"), idx("train-labels-idx1-ubyte.gz"), train, rng)
    write(out, "test", idx("t10k-images-idx3-ubyte.gz"), idx("t10k-labels-idx1-ubyte.gz"), test, rng)
    print(f"{out}: {train} training and {test} test pictures in {len(CLASSES)} class folders")


if __name__ == "__main__":
    main()
