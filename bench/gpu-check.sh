#!/usr/bin/env bash
# The GPU check: throughput and peak device memory of the paper configuration
# (ViT-S/16, 2x224 + 10x96 crops, batch 64, head 65,536) in fp32, tf32 and fp16, and of ViT-T/4 at 32 px,
# one JSON line each; then 50 steps of the paper configuration in fp16 and in fp32 from the same seed,
# with both loss curves. About 5 minutes on one H200. Exits non-zero on any failure.
#
#   DINO_ALLOW_DOWNLOAD=1 bench/gpu-check.sh     # on a GPU machine; libtorch's CUDA build: docs/performance.md, "GPU"
#   bench/gpu-check.sh --cpu                     # the same steps with tiny models on the CPU (what the test runs)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dino="$here/dino"
if [ "${1:-}" = "--cpu" ]; then
  device=cpu
  tiny=(--set dino.backbone.embed-dim=32 --set dino.backbone.depth=1 --set dino.backbone.heads=2
        --set dino.head.out-dim=256 --set dino.head.hidden-dim=64 --set dino.head.bottleneck-dim=32
        --set dino.train.batch-size=4 --set dino.augmentation.local-crops=2)
  paper=(--config "$here/configs/vit-tiny-synthetic.yaml" "${tiny[@]}")
  vit_tiny=(--config "$here/configs/vit-tiny-synthetic.yaml" "${tiny[@]}")
  steps=(--steps 3 --warmup 1)
  curve_steps=5
else
  device=gpu
  paper=(--config "$here/configs/paper-vit-small.yaml")
  vit_tiny=(--config "$here/configs/vit-tiny-synthetic.yaml")
  steps=(--steps 30 --warmup 10)
  curve_steps=50
fi

bench() {
  local line
  line=$("$dino" bench --model-only --device "$device" "$@" | grep '^{') || { echo "gpu-check: dino bench $* failed" >&2; exit 1; }
  echo "$line"
}

for precision in fp32 tf32 fp16; do
  echo "# paper configuration, $precision"
  bench "${paper[@]}" "${steps[@]}" --set dino.train.precision="$precision"
done
echo "# ViT-T/4 at 32 px, fp32"
bench "${vit_tiny[@]}" "${steps[@]}"

echo "# $curve_steps steps of the paper configuration from the same seed: loss curves"
for precision in fp16 fp32; do
  json=$(bench "${paper[@]}" --steps "$curve_steps" --warmup 0 --set dino.train.log-every=1 --set dino.train.precision="$precision")
  curve=$(echo "$json" | sed -n 's/.*"losses":\[\([^]]*\)\].*/\1/p')
  [ -n "$curve" ] || { echo "gpu-check: no loss curve in $json" >&2; exit 1; }
  echo "$precision losses: $curve"
done
echo "gpu-check: all steps passed"
