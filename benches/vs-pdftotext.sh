#!/usr/bin/env bash
# End-to-end speed of `kpi-extract extract` against poppler's `pdftotext`, in one run on the
# same files, plus batch scaling (--jobs 1 vs 2), peak memory and growth with page count.
#
#   benches/vs-pdftotext.sh [REPEATS]    (default 11; medians of alternating runs)
#
# Needs: pdftotext and qpdf (apt-get install poppler-utils qpdf), GNU time (apt-get install time).
# Uses ../shared/corpus when present for the large files; the fixtures otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
repeats=${1:-11}
for tool in pdftotext qpdf /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install poppler-utils qpdf time)"; exit 2; }
done
cargo build --release --quiet
bin=target/release/kpi-extract
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
corpus=../shared/corpus

# Wall time of one run of a command, in seconds.
wall() {
  local t0 t1
  t0=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc -l
}

median() { sort -g | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.4f", m}'; }

# Median wall times of two commands run alternately N times (on a shared or virtual machine
# the load drifts; alternating gives both the same conditions, and the median ignores the
# odd slow run that a best-of-N would hide on one side only). Prints "A B".
paired() {
  local split=$1; shift
  local a=() b=() i
  for i in $(seq "$repeats"); do
    a+=("$(wall "${@:1:$split}")")
    b+=("$(wall "${@:$((split + 1))}")")
  done
  printf '%s %s' "$(printf '%s\n' "${a[@]}" | median)" "$(printf '%s\n' "${b[@]}" | median)"
}

# Median wall time of N runs of one command.
median_of() {
  local runs=() i
  for i in $(seq "$repeats"); do runs+=("$(wall "$@")"); done
  printf '%s\n' "${runs[@]}" | median
}

pages() { pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ {print $2}'; }

compare() {
  local file=$1 n times ours theirs
  n=$(pages "$file")
  local ours_cmd=("$bin" extract "$file" --out "$work/out" --jobs 1 --quiet)
  local theirs_cmd=(pdftotext -layout "$file" "$work/t.txt")
  times=$(paired "${#ours_cmd[@]}" "${ours_cmd[@]}" "${theirs_cmd[@]}")
  ours=${times% *}; theirs=${times#* }
  printf '%-40s %5s pages  kpi-extract %8.4fs  pdftotext %8.4fs  ratio %5.2fx\n' \
    "$(basename "$file")" "$n" "$ours" "$theirs" "$(echo "$ours / $theirs" | bc -l)"
}

echo "== end to end, one job, median of $repeats alternating runs (ratio = kpi-extract / pdftotext; < 1 is faster) =="
for f in fixtures/*.pdf; do compare "$f"; done
for name in jp-mhlw-print-to-pdf jp-takamatsu-survey-report-r7 jp-takamatsu-survey-data jp-osaka-yodogawa-nursery; do
  [ -f "$corpus/$name.pdf" ] && compare "$corpus/$name.pdf"
done

if [ -d "$corpus" ]; then
  echo "== batch over the corpus and fixtures =="
  batch=("$bin" extract "$corpus" fixtures --quiet --out)
  times=$(paired $((${#batch[@]} + 3)) "${batch[@]}" "$work/b1" --jobs 1 "${batch[@]}" "$work/b2" --jobs 2)
  j1=${times% *}; j2=${times#* }
  # What two cores give to perfectly parallel work here: two pdftotext passes over the same
  # files, one after the other and side by side (a virtual machine's cores are often less
  # than two whole cores).
  pass="for f in $corpus/*.pdf fixtures/*.pdf; do pdftotext -layout \"\$f\" /dev/null; done"
  times=$(paired 3 bash -c "$pass; $pass" bash -c "($pass) & ($pass); wait")
  tt=${times% *}; tp=${times#* }
  printf 'jobs 1 %.3fs  jobs 2 %.3fs  speed-up %.2fx\n' "$j1" "$j2" "$(echo "$j1 / $j2" | bc -l)"
  printf 'machine: two pdftotext passes %.3fs one after the other, %.3fs side by side: %.2fx\n' \
    "$tt" "$tp" "$(echo "$tt / $tp" | bc -l)"
  big="$corpus/jp-mhlw-print-to-pdf.pdf"
  if [ -f "$big" ]; then
    /usr/bin/time -f '%M' -o "$work/mem" "$bin" extract "$big" --out "$work/m" --jobs 1 --quiet || true
    echo "peak memory on $(basename "$big"): $(( $(tail -1 "$work/mem") / 1024 )) MiB"
  fi
fi

echo "== growth with page count (fixture concatenated) =="
base=fixtures/kitakyushu-kpi-h28.pdf
prev=""
for k in 1 4 16; do
  args=(); for _ in $(seq "$k"); do args+=("$base"); done
  qpdf --empty --pages "${args[@]}" -- "$work/x$k.pdf"
  t=$(median_of "$bin" extract "$work/x$k.pdf" --out "$work/g" --jobs 1 --quiet)
  /usr/bin/time -f '%M' -o "$work/mem" "$bin" extract "$work/x$k.pdf" --out "$work/g" --jobs 1 --quiet || true
  [ "$k" = 1 ] && prev=$t
  printf '%2sx  %8.4fs (%5.2fx the 1x time)  peak %s MiB\n' "$k" "$t" "$(echo "$t / $prev" | bc -l)" \
    "$(( $(tail -1 "$work/mem") / 1024 ))"
done
