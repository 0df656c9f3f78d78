#!/usr/bin/python3
"""Makes a large folder of small distinct images quickly, to time `dino data inspect` on it.

    /usr/bin/python3 bench/make-noise-folder.py OUT COUNT

writes COUNT 16×16 RGB noise PNGs (all different), four fifths under OUT/train/c0..c9/ and the rest
under OUT/test/c0..c9/. Then: time ./dino data inspect OUT --no-throughput
"""
import os
import sys

import numpy as np
from PIL import Image

if len(sys.argv) != 3:
    sys.exit(__doc__)
out, count = sys.argv[1], int(sys.argv[2])
pixels = np.random.default_rng(0).integers(0, 256, (count, 16, 16, 3), dtype=np.uint8)
for c in range(10):
    os.makedirs(f"{out}/train/c{c}", exist_ok=True)
    os.makedirs(f"{out}/test/c{c}", exist_ok=True)
for i in range(count):
    split = "train" if i < count * 4 // 5 else "test"
    Image.fromarray(pixels[i]).save(f"{out}/{split}/c{i % 10}/{i:05d}.png")
