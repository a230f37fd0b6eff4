#!/usr/bin/env bash
# Side-by-side benchmark (issue 11): thidua against the calamine floor and the scripts a user would write
# instead, on the shared benchmark's files (../shared/bench: gen.py, peer_calamine.py, peer_pandas.py, floor/).
#
#   scripts/bench.sh [N ...]          sizes in submissions, default: 100 1000 10000
#
# For each N, whole processes on the same files, in turn, round after round after one warm-up round:
#   thidua consolidate, thidua check, the floor, peer_calamine.py, peer_pandas.py
# and a table: CPU seconds (user + sys, read workers included), wall seconds, peak memory, CPU per file, and
# the ratios to the floor and to peer_calamine.py; then CPU per file across the sizes.
#
# Everything it makes goes to $THIDUA_BENCH_DIR (default /tmp/thidua-bench), set up once and reused:
#   venv/         Python with the pinned packages below     floor/  a writable copy of the floor, built there
#   data/N/       gen.py's rules.toml and files/ for N      runs/N/ the outputs, logs and result.json of a run
# Nothing is written into the repository except cargo's own target/ (the release build of thidua).
#
# Environment:
#   THIDUA_BENCH_DIR     the cache directory (default /tmp/thidua-bench)
#   THIDUA_SHARED_BENCH  the shared benchmark (default: ../shared/bench beside the repository)
#   THIDUA_BIN           a thidua binary to measure instead of building the repository's release binary
#   RUNS                 counted rounds (default 5; 3 when N > 1000)
#   WARMUP               warm-up rounds, not counted (default 1)
#   PANDAS_FULL_MAX      the largest N at which peer_pandas.py runs every round (default 1000); above it it
#                        runs PANDAS_LARGE_RUNS times (default 1; 0 leaves it out): about a minute a run at 10000
# Needs: python3 >= 3.11 with venv, cargo, Linux.
set -euo pipefail

say() { printf '\n==> %s\n' "$*"; }
die() { printf 'bench.sh: %s\n' "$*" >&2; exit 1; }

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache=${THIDUA_BENCH_DIR:-/tmp/thidua-bench}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100 1000 10000)
for n in "${sizes[@]}"; do
  [[ $n =~ ^[1-9][0-9]*$ ]] || die "a size is a positive whole number of submissions, not '$n'"
done

# The shared benchmark, beside the repository (/work/main -> /work/shared/bench).
shared=${THIDUA_SHARED_BENCH:-$repo/../shared/bench}
for f in gen.py peer_calamine.py peer_pandas.py bloc.toml floor/Cargo.toml floor/Cargo.lock; do
  [ -f "$shared/$f" ] || die "the shared benchmark is not at $shared ($f missing); set THIDUA_SHARED_BENCH to its folder"
done
shared=$(cd "$shared" && pwd)
cache=$(realpath -m "$cache")
case "$cache/" in "$(realpath "$repo")"/*) die "THIDUA_BENCH_DIR ($cache) is inside the repository; choose a folder outside it" ;; esac
mkdir -p "$cache"
say "shared benchmark: $shared; cache: $cache"

# Python: a venv with pinned packages (recreated when the pins change).
pins=(openpyxl==3.1.5 et_xmlfile==2.0.0 python-calamine==0.9.1 xlsxwriter==3.3.1
      pandas==3.1.1 numpy==2.4.6 python-dateutil==2.9.0.post0 six==1.17.0 tzdata==2025.2)
py=$cache/venv/bin/python
if [ "$(cat "$cache/venv/.pins" 2>/dev/null)" != "${pins[*]}" ]; then
  python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
    || die "python3 $(python3 -V 2>&1) is too old: gen.py and the peers need tomllib (Python 3.11 or later)"
  say "creating the Python venv: ${pins[*]}"
  rm -rf "$cache/venv"
  python3 -m venv "$cache/venv" || die "python3 -m venv failed (on Debian: apt-get install python3-venv)"
  "$py" -m pip install --quiet --disable-pip-version-check "${pins[@]}"
  echo "${pins[*]}" > "$cache/venv/.pins"
else
  say "Python venv up to date ($cache/venv)"
fi

# The floor: /work/shared is read-only, so a writable copy is built (cargo needs to write its lock and target).
if ! diff -rq "$shared/floor" "$cache/floor/src-copy" >/dev/null 2>&1; then
  say "copying the floor's source to $cache/floor/src-copy"
  rm -rf "$cache/floor/src-copy"
  mkdir -p "$cache/floor"
  cp -R "$shared/floor" "$cache/floor/src-copy"
  chmod -R u+w "$cache/floor/src-copy"
fi
say "building the floor: cargo build --release --locked --manifest-path $cache/floor/src-copy/Cargo.toml"
CARGO_TARGET_DIR=$cache/floor/target cargo build --release --locked --quiet \
  --manifest-path "$cache/floor/src-copy/Cargo.toml"
floor=$cache/floor/target/release/calamine-floor

# thidua: the repository's release build, or THIDUA_BIN.
if [ -n "${THIDUA_BIN:-}" ]; then
  thidua=$THIDUA_BIN
  say "thidua: $thidua (THIDUA_BIN; not built here)"
else
  say "building thidua: cargo build --release (in $repo)"
  (cd "$repo" && cargo build --release --quiet --bin thidua)
  target=$(cd "$repo" && cargo metadata --format-version 1 --no-deps | "$py" -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
  thidua=$target/release/thidua
fi
[ -x "$thidua" ] || die "no thidua binary at $thidua"
rev=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -z "$(git -C "$repo" status --porcelain --untracked-files=no -- src Cargo.toml Cargo.lock 2>/dev/null)" ] || rev="$rev + uncommitted changes in src/"
if [ -n "${THIDUA_IN_PROCESS:-}" ]; then
  say "THIDUA_IN_PROCESS was set: unset, so that files are read in worker processes as users run it"
  unset THIDUA_IN_PROCESS
fi

# The files: gen.py once per size (deterministic: random.seed(7)); regenerated when gen.py, bloc.toml or
# openpyxl change, or when an earlier generation did not finish.
stamp_of() {
  printf '%s %s %s\n' "$1" "$(cat "$shared/gen.py" "$shared/bloc.toml" | sha256sum | cut -c1-16)" \
    "$("$py" -c 'import openpyxl; print(openpyxl.__version__)')"
}
for n in "${sizes[@]}"; do
  d=$cache/data/$n
  if [ "$(cat "$d/.complete" 2>/dev/null)" = "$(stamp_of "$n")" ]; then
    say "files for $n submissions: reusing $d"
  else
    say "generating $n submissions: $py $shared/gen.py $n $d"
    rm -f "$d/.complete"
    start=$SECONDS
    "$py" "$shared/gen.py" "$n" "$d"
    stamp_of "$n" > "$d/.complete"
    echo "    done in $((SECONDS - start)) s"
  fi
done

say "measuring: thidua $rev ($thidua); $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "    python $("$py" -V 2>&1 | cut -d' ' -f2), ${pins[*]}"
results=()
for n in "${sizes[@]}"; do
  d=$cache/data/$n
  w=$cache/runs/$n
  rm -rf "$w"
  mkdir -p "$w"
  runs=${RUNS:-$([ "$n" -gt 1000 ] && echo 3 || echo 5)}
  warmup=${WARMUP:-1}
  if [ "$n" -le "${PANDAS_FULL_MAX:-1000}" ]; then
    pandas_runs=$runs pandas_warmup=$warmup
  else
    pandas_runs=${PANDAS_LARGE_RUNS:-1} pandas_warmup=0
    echo "    peer_pandas.py at $n: $pandas_runs run(s), no warm-up (it is slow at this size, about a minute a run on 2 cores; PANDAS_LARGE_RUNS)"
  fi
  q() { printf '%q ' "$@"; }
  say "$n submissions: $runs rounds after $warmup warm-up round(s), in $w"
  "$py" "$repo/scripts/bench_table.py" measure --n "$n" --files "$d/files" --runs "$runs" --warmup "$warmup" \
    --workdir "$w" --json "$w/result.json" \
    --cmd "thidua consolidate" "$runs" "$warmup" "$(q "$thidua" consolidate --rules "$d/rules.toml" -o "$w/thidua.xlsx" "$d/files")" \
    --cmd "thidua check" "$runs" "$warmup" "$(q "$thidua" check --rules "$d/rules.toml" "$d/files")" \
    --cmd "floor" "$runs" "$warmup" "$(q "$floor" "$d/files")" \
    --cmd "peer_calamine.py" "$runs" "$warmup" "$(q "$py" "$shared/peer_calamine.py" "$d/rules.toml" "$d/files" "$w/calamine.xlsx")" \
    --cmd "peer_pandas.py" "$pandas_runs" "$pandas_warmup" "$(q "$py" "$shared/peer_pandas.py" "$d/rules.toml" "$d/files" "$w/pandas.xlsx")" \
    | tee "$w/table.md"
  results+=("$w/result.json")
done

"$py" "$repo/scripts/bench_table.py" summary "${results[@]}" | tee "$cache/runs/summary.md"
echo
echo "thidua $rev; tables also in $cache/runs/*/table.md and $cache/runs/summary.md"
