#!/usr/bin/env bash
# Development aid: score the current source tree (via tsx) on the shared corpora.
set -u
cd "$(dirname "$0")/.."
out=${TMPDIR:-/tmp}/imr-score; mkdir -p "$out"
npx tsx src/cli/main.ts parse ../shared/corpus/*.txt > "$out/text.jsonl" 2>"$out/text.err"
npx tsx src/cli/main.ts parse ../shared/corpus/pdf/*.pdf > "$out/pdf.jsonl" 2>"$out/pdf.err"
npx tsx src/cli/main.ts parse ../shared/corpus/real/*.pdf > "$out/real.jsonl" 2>"$out/real.err"
for c in text pdf real; do
  gold=../shared/corpus; [ $c = real ] && gold=../shared/corpus/real
  printf '%s: ' $c; node ../shared/tools/score.mjs --gold $gold --pred "$out/$c.jsonl" ${VERBOSE:+--verbose} | tail -${LINES_SHOWN:-1}
done
