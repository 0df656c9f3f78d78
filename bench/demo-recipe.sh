#!/usr/bin/env bash
# Reruns the search for the embedded demo's recipe (docs/demo.md): each setting below is
# trained with each seed on the embedded Fashion-MNIST subset, and a table row is printed per run:
#   setting, seed, wall minutes, CPU minutes / 2 (the wall-clock a quiet 2-core machine would take),
#   k-NN top-1 of the trained teacher, of the same network at its random initialisation, of raw pixels.
# The k-NN figures are the end-of-run comparison that `dino train` writes to metrics.jsonl
# ("demo_comparison" record): the same bank and queries for all three.
#
#   bench/demo-recipe.sh                         every setting, seeds 0 1 2
#   SEEDS="0" bench/demo-recipe.sh demo before   the named settings only, seed 0
#   JAR=path/to/quarkus-run.jar RUNS=runs/demo-recipe bench/demo-recipe.sh
#   JAVA_OPTS="-Dai.djl.pytorch.num_threads=1" bench/demo-recipe.sh   one libtorch thread (a busy machine)
#
# Runs one job at a time under `nice -n 10`; each run's console output is kept in RUNS/<setting>-s<seed>.log.
# Build the CLI first: mvn -B -q package -DskipTests -pl dino-engine -am
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="${JAR:-$here/dino-engine/target/quarkus-app/quarkus-run.jar}"
runs="${RUNS:-$here/runs/demo-recipe}"
seeds="${SEEDS:-0 1 2}"
table="$runs/table.tsv"
. "$here/bench/recipe-runs.sh"

# Every setting logs k-NN after each epoch and ends with the comparison (the embedded demo does both).
base="${BASE:-dino.eval.knn-every=1 dino.eval.knn-baselines=true}"

# The two recipes the settings below start from, spelled out so that the table stays comparable when the
# embedded demo changes. r128: the demo of the first round (ViT 128 dim / 4 heads, 7 epochs, lr 0.002,
# momentum 0.99). r64: the demo now (ViT 64 dim / 2 heads, no stochastic depth, lr 0.004, momentum 0.98).
common="dino.data.limit=10000 dino.train.batch-size=64 dino.optimizer.warmup-epochs=1 dino.backbone.depth=4 dino.backbone.patch-size=7 dino.augmentation.local-size=14 dino.augmentation.local-crops=4 dino.head.out-dim=1024 dino.head.hidden-dim=512 dino.head.bottleneck-dim=128"
r128="$common dino.backbone.embed-dim=128 dino.backbone.heads=4 dino.backbone.drop-path=0.1 dino.optimizer.lr=0.002 dino.teacher.momentum=0.99 dino.train.epochs=7"
r64="$common dino.backbone.embed-dim=64 dino.backbone.heads=2 dino.backbone.drop-path=0 dino.optimizer.lr=0.004 dino.teacher.momentum=0.98"

# name -> settings layered over the embedded demo's (dino-demo.properties) and $base; later keys win.
declare -A settings=(
  # The shipped demo as it is: what `./dino train` runs.
  [demo]=""
  # An earlier, smaller demo: 2,000 images, 2 epochs, patch 4, 12-px local crops, head out-dim 4,096.
  [before]="$r128 dino.data.limit=2000 dino.train.epochs=2 dino.backbone.patch-size=4 dino.augmentation.local-size=12 dino.head.out-dim=4096 dino.optimizer.lr=0.0005 dino.teacher.momentum=0.996"
  # A starting point of the search, cut to 8 epochs: 3 warm-up epochs.
  [issue-start-e8]="$r128 dino.train.epochs=8 dino.optimizer.warmup-epochs=3"
  # Round 1: the first recipe (patch 7, 14-px local crops, out-dim 1,024), then variations of it.
  [e7-w1]="$r128"
  [e7-lr4]="$r128 dino.optimizer.lr=0.004"
  [lr4-dp0]="$r128 dino.optimizer.lr=0.004 dino.backbone.drop-path=0"
  # Round 2: narrower ViTs, more epochs in the same time (96 dim: 1.5 times the images per second, 64 dim: 1.8 times).
  [d96-e10]="$r128 dino.backbone.embed-dim=96 dino.backbone.heads=3 dino.backbone.drop-path=0 dino.optimizer.lr=0.004 dino.train.epochs=10"
  [d96-e10-lr8]="$r128 dino.backbone.embed-dim=96 dino.backbone.heads=3 dino.backbone.drop-path=0 dino.optimizer.lr=0.008 dino.train.epochs=10"
  [d64-e12]="$r64 dino.teacher.momentum=0.99 dino.train.epochs=12"
  # Round 3: d64-e12 with the last layer trained from the first step, or with a faster teacher.
  [d64-e12-f0]="$r64 dino.teacher.momentum=0.99 dino.train.epochs=12 dino.optimizer.freeze-last-layer=0"
  [d64-e12-m98]="$r64 dino.train.epochs=12"
  # Round 4: shorter, for a margin on the 5 minutes (the k-NN curves of d64-e12-m98 are flat after epoch 8).
  [d64-e10-m98]="$r64 dino.train.epochs=10"
)
order=(demo before issue-start-e8 e7-w1 e7-lr4 lr4-dp0 d96-e10 d96-e10-lr8 d64-e12 d64-e12-f0 d64-e12-m98 d64-e10-m98)

recipe_require_jar "$jar"
recipe_select "$@"

mkdir -p "$runs"
[ -f "$table" ] || printf 'setting\tseed\twall_min\tquiet_min\ttrained\trandom_init\traw_pixels\tgain\n' > "$table"
printf '%-16s %4s %8s %9s %8s %11s %10s %6s\n' setting seed wall_min quiet_min trained random_init raw_pixels gain
for name in "${selected[@]}"; do
  for seed in $seeds; do
    out="$runs/$name-s$seed"
    args=()
    for kv in $base ${settings[$name]} "dino.train.seed=$seed"; do args+=(--set "$kv"); done
    recipe_train "$out" 10 "$jar" "${args[@]}" || { echo "$name seed $seed failed; see $out.log" >&2; continue; }
    figures="$(recipe_figures "$out")" || continue
    row="$(printf '%s\t%s\t%s' "$name" "$seed" "$figures")"
    echo "$row" >> "$table"
    awk -F'\t' '{printf "%-16s %4s %8s %9s %8s %11s %10s %6s\n", $1, $2, $3, $4, $5, $6, $7, $8}' <<< "$row"
  done
done
echo "Table: $table (quiet_min = CPU seconds / 120: the wall-clock estimate for a quiet 2-core machine)"
