#!/usr/bin/env bash
# The search for the cpu-photos preset's recipe (docs/data.md): each setting below is trained with each
# seed on a photo-like folder made by bench/make-photo-folders.py, and a table row is printed per run:
#   setting, seed, images used, epochs, wall minutes, CPU minutes / 2 (the wall-clock a quiet 2-core
#   machine would take), k-NN top-1 of the trained teacher, of the same network at its random
#   initialisation, of raw pixels, and the gain over the random initialisation in points.
# The k-NN figures are the end-of-run comparison that `dino train` writes to metrics.jsonl
# ("demo_comparison" record): the folder's train/ is the bank, its test/ the queries, for all three.
#
#   /usr/bin/python3 bench/make-photo-folders.py bench/data/photos 3000 1000 0
#   bench/cpu-photos-recipe.sh                          every setting, seed 0
#   SEEDS="0 1" bench/cpu-photos-recipe.sh preset grey  the named settings only
#   DATA=path/to/folder RUNS=runs/cpu-photos-recipe JAR=path/to/quarkus-run.jar bench/cpu-photos-recipe.sh
#   SCREEN="dino.train.epochs=6" bench/cpu-photos-recipe.sh   shorter screening runs (layered last)
#   JAVA_OPTS="-Dai.djl.pytorch.num_threads=1" bench/cpu-photos-recipe.sh   one libtorch thread (a busy machine)
#
# Runs one job at a time under `nice -n ${NICE:-10}`; each run's console output is kept in RUNS/<setting>-s<seed>.log.
# Build the CLI first: mvn -B -q package -DskipTests -pl dino-engine -am
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="${JAR:-$here/dino-engine/target/quarkus-app/quarkus-run.jar}"
data="${DATA:-$here/bench/data/photos}"
runs="${RUNS:-$here/runs/cpu-photos-recipe}"
seeds="${SEEDS:-0}"
screen="${SCREEN:-}"
table="$runs/table.tsv"
. "$here/bench/recipe-runs.sh"

# Every setting starts from the cpu-photos preset (dino config show --config cpu-photos) and overrides it.
# The settings before std keep the ImageNet normalisation ($imagenet), as when they were measured.
imagenet="dino.augmentation.standardize-views=false"
declare -A settings=(
  # The preset as shipped.
  [preset]=""
  # The preset with half its epochs (its first version): the k-NN was still rising when the learning rate ran out.
  [preset-30ep]="dino.train.epochs=30"
  # The official colour steps (jitter 0.8 at strength 1, grey 0.2): the network learns each picture's cast.
  [official-colour]="$imagenet dino.augmentation.jitter-probability=0.8 dino.augmentation.jitter-strength=1 dino.augmentation.grayscale-probability=0.2"
  # Grey always, official jitter: the cast is gone, the exposure stays.
  [grey]="$imagenet dino.augmentation.jitter-probability=0.8 dino.augmentation.jitter-strength=1 dino.augmentation.grayscale-probability=1"
  # Strong jitter on every view, grey half the time.
  [jitter2-grey05]="$imagenet dino.augmentation.jitter-probability=1 dino.augmentation.jitter-strength=2 dino.augmentation.grayscale-probability=0.5"
  # Grey always and strong jitter on every view.
  [jitter2-grey1]="$imagenet dino.augmentation.jitter-probability=1 dino.augmentation.jitter-strength=2 dino.augmentation.grayscale-probability=1"
  # ... with a smaller head.
  [jitter2-grey1-k256]="$imagenet dino.augmentation.jitter-probability=1 dino.augmentation.jitter-strength=2 dino.augmentation.grayscale-probability=1 dino.head.out-dim=256"
  # ... with the paper's crop scales.
  [jitter2-grey1-paper-scales]="$imagenet dino.augmentation.jitter-probability=1 dino.augmentation.jitter-strength=2 dino.augmentation.grayscale-probability=1 dino.augmentation.global-scale=0.4,1.0 dino.augmentation.local-scale=0.05,0.4"
  # Grey always, jitter 1.5 times the official on every view.
  [jitter15-grey1]="$imagenet dino.augmentation.jitter-probability=1 dino.augmentation.jitter-strength=1.5 dino.augmentation.grayscale-probability=1"
  # ... with the issue's geometry: 112 px, patch 16.
  [jitter2-grey1-112]="$imagenet dino.augmentation.jitter-probability=1 dino.augmentation.jitter-strength=2 dino.augmentation.grayscale-probability=1 dino.backbone.image-size=112 dino.backbone.patch-size=16 dino.augmentation.global-size=112 dino.augmentation.local-size=48"
  # Grey always, the official jitter on every view, each view standardised on its own (per-channel mean and
  # std, at training and evaluation): exposure, contrast and colour cast gone by construction.
  [std]="dino.augmentation.standardize-views=true dino.augmentation.jitter-probability=1 dino.augmentation.jitter-strength=1 dino.augmentation.grayscale-probability=1"
  # ... with a sharper teacher (temperature 0.02) and a smaller head (out-dim 256): std's teacher output goes
  # uniform (entropy near ln K, teacher-student KL near 0).
  [std-t02-k256]="dino.augmentation.standardize-views=true dino.augmentation.jitter-probability=1 dino.augmentation.jitter-strength=1 dino.augmentation.grayscale-probability=1 dino.teacher.temperature=0.02 dino.teacher.warmup-temperature=0.02 dino.head.out-dim=256"
  # ... (std) with crops matching the objects: the paper's global scales, local crops of 15-40 % of the area that
  # show part of the item rather than background alone, so that the views of one picture are easier to match.
  [std-objcrops]="dino.augmentation.standardize-views=true dino.augmentation.jitter-probability=1 dino.augmentation.jitter-strength=1 dino.augmentation.grayscale-probability=1 dino.augmentation.global-scale=0.4,1.0 dino.augmentation.local-scale=0.15,0.4"
)
order=(preset official-colour grey jitter2-grey05 jitter2-grey1 jitter15-grey1 jitter2-grey1-k256 jitter2-grey1-paper-scales jitter2-grey1-112 std std-t02-k256 std-objcrops)

recipe_require_jar "$jar"
[ -d "$data/train" ] || { echo "error: $data/train not found; make it with: /usr/bin/python3 bench/make-photo-folders.py $data" >&2; exit 2; }
recipe_select "$@"

mkdir -p "$runs"
[ -f "$table" ] || printf 'setting\tseed\tscreen\twall_min\tquiet_min\ttrained\trandom_init\traw_pixels\tgain\n' > "$table"
for name in "${selected[@]}"; do
  for seed in $seeds; do
    out="$runs/$name-s$seed"
    args=(--config cpu-photos --data "$data")
    for kv in ${settings[$name]} $screen "dino.train.seed=$seed"; do args+=(--set "$kv"); done
    recipe_train "$out" "${NICE:-10}" "$jar" "${args[@]}" || { echo "$name seed $seed failed; see $out.log" >&2; continue; }
    figures="$(recipe_figures "$out")" || continue
    row="$(printf '%s\t%s\t%s\t%s' "$name" "$seed" "${screen:-full}" "$figures")"
    echo "$row" >> "$table"
    echo "$row"
  done
done
echo "Table: $table (quiet_min = CPU seconds / 120: the wall-clock estimate for a quiet 2-core machine)"
