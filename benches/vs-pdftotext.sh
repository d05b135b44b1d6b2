#!/usr/bin/env bash
# End-to-end speed of `kpi-extract extract` against poppler's `pdftotext`, in one run on the
# same files, plus batch scaling (--jobs 1 vs 2), peak memory and growth with page count.
#
#   benches/vs-pdftotext.sh [REPEATS]
#
# Needs: pdftotext and qpdf (apt-get install poppler-utils qpdf), GNU time (apt-get install time).
# Uses ../shared/corpus when present for the large files; the fixtures otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
repeats=${1:-5}
for tool in pdftotext qpdf /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install poppler-utils qpdf time)"; exit 2; }
done
cargo build --release --quiet
bin=target/release/kpi-extract
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
corpus=../shared/corpus

# Best-of-N wall time in seconds of a command.
best() {
  local best=999999 t0 t1 dt
  for _ in $(seq "$repeats"); do
    t0=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; t1=$(date +%s.%N)
    dt=$(echo "$t1 - $t0" | bc -l)
    best=$(echo "if ($dt < $best) $dt else $best" | bc -l)
  done
  printf '%.4f' "$best"
}

pages() { pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ {print $2}'; }

compare() {
  local file=$1 ours theirs n
  n=$(pages "$file")
  ours=$(best "$bin" extract "$file" --out "$work/out" --jobs 1 --quiet)
  theirs=$(best pdftotext -layout "$file" "$work/t.txt")
  printf '%-40s %5s pages  kpi-extract %8.4fs  pdftotext %8.4fs  ratio %5.2fx\n' \
    "$(basename "$file")" "$n" "$ours" "$theirs" "$(echo "$ours / $theirs" | bc -l)"
}

echo "== end to end, one job, best of $repeats (ratio = kpi-extract / pdftotext; < 1 is faster) =="
for f in fixtures/*.pdf; do compare "$f"; done
for name in jp-mhlw-print-to-pdf jp-takamatsu-survey-report-r7 jp-takamatsu-survey-data jp-osaka-yodogawa-nursery; do
  [ -f "$corpus/$name.pdf" ] && compare "$corpus/$name.pdf"
done

if [ -d "$corpus" ]; then
  echo "== batch over the corpus and fixtures =="
  j1=$(best "$bin" extract "$corpus" fixtures --out "$work/b1" --jobs 1 --quiet)
  j2=$(best "$bin" extract "$corpus" fixtures --out "$work/b2" --jobs 2 --quiet)
  tt=$(best bash -c "for f in $corpus/*.pdf fixtures/*.pdf; do pdftotext -layout \"\$f\" /dev/null; done")
  printf 'jobs 1 %.3fs  jobs 2 %.3fs  speed-up %.2fx  (pdftotext sequential %.3fs)\n' "$j1" "$j2" \
    "$(echo "$j1 / $j2" | bc -l)" "$tt"
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
  t=$(best "$bin" extract "$work/x$k.pdf" --out "$work/g" --jobs 1 --quiet)
  /usr/bin/time -f '%M' -o "$work/mem" "$bin" extract "$work/x$k.pdf" --out "$work/g" --jobs 1 --quiet || true
  [ "$k" = 1 ] && prev=$t
  printf '%2sx  %8.4fs (%5.2fx the 1x time)  peak %s MiB\n' "$k" "$t" "$(echo "$t / $prev" | bc -l)" \
    "$(( $(tail -1 "$work/mem") / 1024 ))"
done
