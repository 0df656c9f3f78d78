# Shared by bench/demo-recipe.sh and bench/cpu-photos-recipe.sh (sourced, not run): one training run
# timed under nice, and the figures of its closing "demo_comparison" record in metrics.jsonl.
export GLIBC_TUNABLES="${GLIBC_TUNABLES:-glibc.malloc.mmap_threshold=33554432}"

# recipe_require_jar JAR: exits 2 with the build command when the CLI is not built.
recipe_require_jar() {
  [ -f "$1" ] || { echo "error: $1 not found; build it with: mvn -B -q package -DskipTests -pl dino-engine -am" >&2; exit 2; }
}

# recipe_train OUT NICENESS JAR ARGS...: `dino train --output OUT ARGS...` under nice, console output in
# OUT.log, "time WALL USER SYS" (seconds of the whole JVM: training, data workers, evaluation) in OUT.time.
recipe_train() {
  local out="$1" niceness="$2" jar="$3"; shift 3
  rm -rf "$out"
  nice -n "$niceness" /usr/bin/time -f 'time %e %U %S' -o "$out.time" \
    java ${JAVA_OPTS:-} -Dai.djl.offline=true -jar "$jar" train --output "$out" "$@" > "$out.log" 2>&1
}

# recipe_figures OUT: prints wall minutes, CPU minutes / 2 (the wall-clock of a quiet 2-core machine), k-NN
# top-1 trained, at random initialisation, of raw pixels, and the gain in points, tab-separated; fails
# when the run wrote no comparison.
recipe_figures() {
  local out="$1" wall user sys record
  read -r _ wall user sys < "$out.time"
  record="$(grep '"demo_comparison"' "$out/metrics.jsonl" | tail -1)"
  [ -n "$record" ] || { echo "no demo_comparison record in $out/metrics.jsonl" >&2; return 1; }
  field() { sed -E "s/.*\"$1\":([0-9.eE+-]+).*/\1/" <<< "$record"; }
  awk -v w="$wall" -v c="$(awk -v u="$user" -v y="$sys" 'BEGIN{print u+y}')" \
    -v t="$(field trained_top1)" -v r="$(field random_init_top1)" -v p="$(field raw_pixels_top1)" \
    'BEGIN{printf "%.1f\t%.1f\t%.2f\t%.2f\t%.2f\t%+.2f", w/60, c/120, t, r, p, t-r}'
}

# Sets `selected` to the named settings (all of `order` when none are named); an unknown name exits 2.
# Reads the caller's `settings` (associative array) and `order`.
recipe_select() {
  selected=("$@")
  [ ${#selected[@]} -gt 0 ] || selected=("${order[@]}")
  for name in "${selected[@]}"; do
    [ -n "${settings[$name]+x}" ] || { echo "error: unknown setting '$name' (known: ${order[*]})" >&2; exit 2; }
  done
}
