#!/usr/bin/env bash
# The data pipeline against the official PIL pipeline, in one session, interleaved (docs/performance.md,
# "Data pipeline"):
#
#   bench/pipeline-vs-pil.sh --dino-reference PATH/TO/dino [--before PATH/TO/other/dino] [--rounds 3]
#
# Each round runs, one after the other: PIL + DataAugmentationDINO on one core (bench/pil_reference.py), then
# for this checkout's ./dino (and the --before launcher, another build of this project, when given):
# one worker from the JPEG files with --stages, one worker from prepared pixels with --stages, and two
# workers from the JPEG files. It prints the medians over the rounds of images per CPU-second (images/s
# for two workers too) and their ratio to PIL, and the median per-stage table of each build. The raw JSON
# lines and the load average before each run go to bench/data/pipeline-vs-pil/.
#
# The images: bench/data/jpeg-500x375 (written by bench/GenerateJpegs.java when missing) and a copy of it,
# bench/data/jpeg-500x375-prepared, prepared with `dino data prepare`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

reference=""
before=""
rounds=3
warmup=10
steps=10
while [ $# -gt 0 ]; do
  case "$1" in
    --dino-reference) reference="$2"; shift 2 ;;
    --before) before="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --steps) steps="$2"; shift 2 ;;
    *) echo "error: unknown argument $1 (see the comment at the top of $0)" >&2; exit 2 ;;
  esac
done
if [ -z "$reference" ] || [ ! -f "$reference/main_dino.py" ]; then
  echo "error: --dino-reference must name a checkout of facebookresearch/dino (with main_dino.py)" >&2
  exit 2
fi
if [ -n "$before" ] && [ ! -x "$before" ]; then
  echo "error: --before $before is not an executable dino launcher" >&2
  exit 2
fi

jpegs=bench/data/jpeg-500x375
prepared=bench/data/jpeg-500x375-prepared
out=bench/data/pipeline-vs-pil
[ -d "$jpegs" ] || java bench/GenerateJpegs.java "$jpegs" 512
if [ ! -f "$prepared/.dino-prepared/pixels" ]; then
  rm -rf "$prepared"
  cp -a "$jpegs" "$prepared"
  ./dino data prepare "$prepared"
fi
mkdir -p "$out"
results="$out/results.jsonl"
: > "$results"

builds=("after:./dino")
[ -n "$before" ] && builds=("before:$before" "${builds[@]}")

record() { # label, command...: appends {"label", "load", "result"} to the results
  local label="$1"; shift
  local load line
  load="$(cut -d' ' -f1 /proc/loadavg)"
  echo "[$(date -u +%H:%M:%S)] $label (load $load)" >&2
  line="$("$@" 2>/dev/null | grep '^{' | tail -1)"
  [ -n "$line" ] || { echo "error: $label printed no result" >&2; exit 1; }
  printf '{"label": "%s", "load": %s, "result": %s}\n' "$label" "$load" "$line" >> "$results"
}

for round in $(seq 1 "$rounds"); do
  record "pil" /usr/bin/python3 bench/pil_reference.py --dino "$reference" --batches 4 --warmup 1 "$jpegs"
  for build in "${builds[@]}"; do
    name="${build%%:*}"
    launcher="${build#*:}"
    common=(bench --config configs/jpeg-pipeline.yaml --data-pipeline-only --warmup "$warmup" --steps "$steps")
    record "$name jpeg 1 worker" "$launcher" "${common[@]}" --set dino.data.workers=1 --stages
    record "$name prepared 1 worker" "$launcher" "${common[@]}" --set dino.data.workers=1 --stages \
      --set dino.data.path="$prepared"
    record "$name jpeg 2 workers" "$launcher" "${common[@]}" --set dino.data.workers=2
  done
done

/usr/bin/python3 - "$results" <<'EOF'
import json, statistics, sys
runs = [json.loads(line) for line in open(sys.argv[1])]
by = {}
for run in runs:
    by.setdefault(run["label"], []).append(run)
def median(values):
    return statistics.median(values)
pil = median([r["result"]["reference_images_per_second"] / r["result"]["cpu_load"] for r in by["pil"]])
loads = [r["load"] for r in runs]
print(f"load average (1 min) before the runs: median {median(loads):.1f}, range {min(loads):.1f}-{max(loads):.1f}")
print(f"rounds: {len(by['pil'])}")
print()
print("| pipeline | images/s | images per CPU-second | x PIL (per CPU-second) |")
print("|---|---|---|---|")
print(f"| PIL + DataAugmentationDINO, 1 process | {median([r['result']['reference_images_per_second'] for r in by['pil']]):.1f} | {pil:.1f} | 1 |")
for label, group in by.items():
    if label == "pil":
        continue
    rate = median([r["result"]["data_pipeline_images_per_second"] for r in group])
    per_cpu = median([r["result"]["data_images_per_cpu_second"] for r in group])
    print(f"| {label} | {rate:.1f} | {per_cpu:.1f} | {per_cpu / pil:.2f} |")
print()
staged = [label for label, group in by.items() if "data_stage_ms_per_image" in group[0]["result"]
          and group[0]["result"]["data_stage_ms_per_image"]]
if staged:
    stages = list(by[staged[0]][0]["result"]["data_stage_ms_per_image"].keys())
    print("| stage (ms of CPU per image, median) | " + " | ".join(staged) + " |")
    print("|---|" + "---|" * len(staged))
    for stage in stages:
        cells = [f"{median([r['result']['data_stage_ms_per_image'][stage] for r in by[label]]):.2f}" for label in staged]
        print(f"| {stage} | " + " | ".join(cells) + " |")
EOF
