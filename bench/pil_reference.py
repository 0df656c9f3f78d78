"""The official data pipeline's speed on one core: PIL decode + DataAugmentationDINO + batch collation.

The reference for `dino bench --data-pipeline-only` (docs/performance.md, "Data pipeline"). It imports
DataAugmentationDINO from a checkout of facebookresearch/dino (main_dino.py, utils.py and
vision_transformer.py are enough) and runs it as the official DataLoader's worker would: torchvision's
ImageFolder loader (open + convert('RGB')), the transform, then torch.stack of each view over a batch.
One process, one thread. Prints one JSON line.

    /usr/bin/python3 bench/pil_reference.py --dino PATH/TO/dino bench/data/jpeg-500x375

Needs Debian's python3-torch, python3-torchvision, python3-pil (and libopenblas0-pthread).
"""
import argparse
import json
import os
import random
import statistics
import sys
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", help="folder of images (flat)")
    parser.add_argument("--dino", required=True, help="checkout of facebookresearch/dino")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--batches", type=int, default=20, help="timed batches")
    parser.add_argument("--warmup", type=int, default=3, help="untimed batches first")
    parser.add_argument("--local-crops", type=int, default=8)
    args = parser.parse_args()

    import torch
    torch.set_num_threads(1)
    sys.path.insert(0, args.dino)
    from main_dino import DataAugmentationDINO
    from PIL import Image

    transform = DataAugmentationDINO((0.4, 1.0), (0.05, 0.4), args.local_crops)
    files = sorted(os.path.join(args.folder, f) for f in os.listdir(args.folder)
                   if f.lower().endswith((".jpg", ".jpeg", ".png")))
    random.seed(0)
    torch.manual_seed(0)
    order = list(range(len(files)))
    random.shuffle(order)

    def load(path):
        with open(path, "rb") as f:
            return Image.open(f).convert("RGB")  # torchvision's pil_loader

    millis = []
    cpu = wall = 0.0
    position = 0
    for b in range(args.warmup + args.batches):
        cpu_start, start = time.process_time(), time.perf_counter()
        samples = []
        for _ in range(args.batch_size):
            samples.append(transform(load(files[order[position % len(order)]])))
            position += 1
        batch = [torch.stack([s[v] for s in samples]) for v in range(len(samples[0]))]  # default_collate
        elapsed = time.perf_counter() - start
        if b >= args.warmup:
            millis.append(1000 * elapsed)
            wall += elapsed
            cpu += time.process_time() - cpu_start
    del batch
    print(json.dumps({
        "reference_images_per_second": round(args.batch_size / (statistics.median(millis) / 1000), 3),
        "batch_ms": {"median": round(statistics.median(millis), 3), "min": round(min(millis), 3), "max": round(max(millis), 3)},
        "cpu_load": round(cpu / wall, 3),
        "torch_threads": torch.get_num_threads(),
        "batch_size": args.batch_size,
        "local_crops": args.local_crops,
    }))


if __name__ == "__main__":
    main()
