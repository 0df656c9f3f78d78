#!/usr/bin/env bash
# `dino data inspect` on a folder of many small images against decoding the same files once (bench/DecodeOnce.java:
# ImageIO, one thread per core, nothing else), interleaved:
#
#   bench/inspect-vs-decode.sh [COUNT] [ROUNDS]      (default 50000 images, 3 rounds)
#
# The folder, bench/data/noise-COUNT, is written by bench/make-noise-folder.py when missing. Each line printed is
# one run: wall seconds and CPU seconds (user + system) of the whole process, JVM start-up included.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
count="${1:-50000}"
rounds="${2:-3}"
folder="bench/data/noise-$count"
[ -d "$folder" ] || /usr/bin/python3 bench/make-noise-folder.py "$folder" "$count"
measure() { # label, command...
  local label="$1"; shift
  /usr/bin/time -f "$label wall %e s, CPU %U + %S s (load $(cut -d' ' -f1 /proc/loadavg))" "$@" > /dev/null 2> >(tail -n 1 >&2)
  wait
}
for round in $(seq 1 "$rounds"); do
  measure "round $round: decode once      " java bench/DecodeOnce.java "$folder"
  measure "round $round: dino data inspect" ./dino data inspect "$folder" --no-throughput
done
