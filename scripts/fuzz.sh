#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/fuzz_*.c) with clang in build/fuzz and runs them.
#   scripts/fuzz.sh [SECONDS] [all | NAME ...]
#     SECONDS  run time per target (default 60)
#     NAME     fuzz_wav or wav, ...; default and `all`: every tests/fuzz/fuzz_*.c
# Seeds go to build/fuzz/seeds/<target>: for fuzz_wav, tests/c/wav_seeds.c (all supported formats)
# plus the first 4 KB of a few real recordings when build/data-wav exists; for any other target,
# tests/fuzz/<target>_seeds.sh DIR is run if present. tests/fuzz/<target>.dict is used if present.
# The corpus grows in build/fuzz/corpus/<target>; a crashing input lands in build/fuzz/artifacts/.
# Exit status non-zero if the build fails or any target finds a crash, leak, timeout or UB.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/build/fuzz"
secs=60
names=()
for a in "$@"; do
  case "$a" in
    -h|--help) sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    ''|*[!0-9]*) names+=("$a") ;;
    *) secs="$a" ;;
  esac
done

all=()
for f in "$root"/tests/fuzz/fuzz_*.c; do [ -e "$f" ] && all+=("$(basename "$f" .c)"); done
targets=()
if [ ${#names[@]} -eq 0 ] || [ "${names[*]}" = all ]; then
  targets=("${all[@]}")
else
  for n in "${names[@]}"; do
    t="fuzz_${n#fuzz_}"
    [ -e "$root/tests/fuzz/$t.c" ] || { echo "fuzz.sh: no target $t (have: ${all[*]})" >&2; exit 1; }
    targets+=("$t")
  done
fi
[ ${#targets[@]} -gt 0 ] || { echo "fuzz.sh: no tests/fuzz/fuzz_*.c" >&2; exit 1; }
command -v clang >/dev/null || { echo "fuzz.sh: clang not found (apt-get install clang libclang-rt-14-dev)" >&2; exit 1; }

mkdir -p "$out"
echo "fuzz.sh: building ${targets[*]} in build/fuzz" >&2
# XNNPACK is not needed by the parsers under test and would add minutes of sanitized build.
cmake -S "$root" -B "$out" -DCMAKE_C_COMPILER=clang -DHS_FUZZ=ON -DHS_TESTS=OFF -DHS_XNNPACK=OFF \
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_FLAGS=-g >"$out/configure.log" 2>&1 ||
  { tail -20 "$out/configure.log" >&2; echo "fuzz.sh: configure failed" >&2; exit 1; }
cmake --build "$out" -j2 --target "${targets[@]}" >"$out/build.log" 2>&1 ||
  { grep -E "error|Error" "$out/build.log" | head -20 >&2; echo "fuzz.sh: build failed (build/fuzz/build.log)" >&2; exit 1; }

# fuzz_wav seeds: every supported format from the test builder, and real recordings cut to 4 KB.
seed_wav() {
  local dir="$1" wavs="${HEARTSOUND_WAV_DIR:-$root/build/data-wav}"
  clang -O1 -I"$root/tests/c" "$root/tests/c/wav_seeds.c" -lm -o "$out/wav_seeds"
  "$out/wav_seeds" "$dir" >&2
  for r in training-a/a0001 training-b/b0001 training-c/c0001 training-d/d0001 training-e/e00001; do
    [ -f "$wavs/$r.wav" ] && head -c 4096 "$wavs/$r.wav" >"$dir/real_$(basename "$r").wav"
  done
  return 0
}

# UBSan only reports by default: make every finding fatal so libFuzzer records it.
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
export ASAN_OPTIONS="detect_leaks=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
passed=0
failed=0
for t in "${targets[@]}"; do
  seeds="$out/seeds/$t" corpus="$out/corpus/$t"
  mkdir -p "$seeds" "$corpus" "$out/artifacts"
  if [ "$t" = fuzz_wav ]; then seed_wav "$seeds"
  elif [ -f "$root/tests/fuzz/${t}_seeds.sh" ]; then bash "$root/tests/fuzz/${t}_seeds.sh" "$seeds" >&2
  fi
  dict=()
  [ -f "$root/tests/fuzz/$t.dict" ] && dict=(-dict="$root/tests/fuzz/$t.dict")
  echo "fuzz.sh: $t for ${secs}s ($(ls "$seeds" | wc -l) seeds, $(ls "$corpus" | wc -l) corpus files)" >&2
  log="$out/$t.log"
  if "$out/$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=16384 -print_final_stats=1 \
      -artifact_prefix="$out/artifacts/$t-" "${dict[@]}" "$corpus" "$seeds" >"$log" 2>&1; then
    runs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' || echo '?')
    cov=$(grep -Eo 'cov: [0-9]+' "$log" | tail -1 || true)
    echo "fuzz.sh: $t ok: $runs runs in ${secs}s, $cov, corpus $(ls "$corpus" | wc -l) files" >&2
    passed=$((passed + 1))
  else
    echo "fuzz.sh: $t FAILED (full log: build/fuzz/$t.log); crash input: $(ls -t "$out/artifacts/$t-"* 2>/dev/null | head -1)" >&2
    grep -E "ERROR|SUMMARY|runtime error|#[0-9]+ 0x" "$log" | head -25 >&2
    failed=$((failed + 1))
  fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
