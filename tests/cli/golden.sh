#!/bin/sh
# Golden CLI outputs on the seed pages with the shipped model.  The files in
# tests/cli/golden/ are what this shai printed when they were made; a
# change in output is a failure until it is reviewed and the goldens are
# regenerated with `make golden` (after `make model`, for instance).
#   usage: sh tests/cli/golden.sh ./shai      (UPDATE=1 rewrites the goldens)
set -u
shai=${1:-./shai}
case $shai in /*) ;; */*) shai="$(cd "$(dirname "$shai")" && pwd)/$(basename "$shai")" ;; esac
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
gold="$here/golden"
seeds="$root/tests/data/seeds"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

# check NAME EXPECTED-EXIT COMMAND...: runs COMMAND, compares stdout to golden/NAME
check() {
    name=$1; want=$2; shift 2
    "$@" > "$tmp/$name" 2> "$tmp/$name.err"
    rc=$?
    if [ "$rc" -ne "$want" ]; then
        echo "FAIL $name: exit $rc, expected $want"; sed 's/^/  /' "$tmp/$name.err" | head -5
        fail=$((fail + 1)); return
    fi
    if [ "${UPDATE:-0}" = 1 ]; then cp "$tmp/$name" "$gold/$name"; fi
    if cmp -s "$tmp/$name" "$gold/$name"; then pass=$((pass + 1))
    else echo "FAIL $name: output differs from golden"; diff "$gold/$name" "$tmp/$name" | head -10; fail=$((fail + 1)); fi
}

cd "$seeds" || exit 1
check seeds.blocks.jsonl 0 "$shai" filter --blocks 000_5441bdb8d0f3a279.txt 001_acb53e36e2de78a4.txt \
    002_0b9cb92a364197bf.txt 003_7b8403dd9a313b19.txt 004_61d24a7eea42083a.txt
check seeds.text 0 "$shai" filter --format text 000_5441bdb8d0f3a279.txt 001_acb53e36e2de78a4.txt \
    002_0b9cb92a364197bf.txt 003_7b8403dd9a313b19.txt 004_61d24a7eea42083a.txt
check seeds.explain.jsonl 0 "$shai" filter --explain 003_7b8403dd9a313b19.txt
check seeds.dolma.jsonl 0 "$shai" filter --format dolma 000_5441bdb8d0f3a279.txt 003_7b8403dd9a313b19.txt
check seeds.lbl 0 "$shai" filter --format lbl 000_5441bdb8d0f3a279.txt 001_acb53e36e2de78a4.txt
cd "$root" || exit 1
check sample.jsonl 0 "$shai" filter tests/data/sample.jsonl
check sample.report.json 0 "$shai" report --json tests/data/sample.jsonl
check seeds.eval.txt 0 "$shai" eval training/seeds.lbl
check seeds.eval.json 0 "$shai" eval --json training/seeds.lbl
check cases.eval.json 0 "$shai" eval --json tests/cases/news.lbl tests/cases/injected.lbl

# The seeds' injected lines must go, with the right reason.
"$shai" filter --blocks tests/data/seeds/003_7b8403dd9a313b19.txt > "$tmp/b3" 2> /dev/null
if head -n 1 "$tmp/b3" | grep -q '"keep":false,"label":"adult_spam"'; then pass=$((pass + 1))
else echo "FAIL seed 003: the spam injection on line 1 is not dropped as adult_spam"; fail=$((fail + 1)); fi

# Properties that hold whatever the goldens hold, so that regenerating
# them cannot enshrine broken output: every JSON golden parses (jq), each
# --blocks line's chars is its line's length in code points, and every
# input line is one block or one blank line.
if command -v jq >/dev/null 2>&1; then
    for g in seeds.blocks.jsonl seeds.explain.jsonl seeds.dolma.jsonl sample.jsonl sample.report.json \
             seeds.eval.json cases.eval.json; do
        if jq -e . "$gold/$g" > /dev/null 2>&1; then pass=$((pass + 1))
        else echo "FAIL $g: not valid JSON"; fail=$((fail + 1)); fi
    done
    for f in 000_5441bdb8d0f3a279.txt 001_acb53e36e2de78a4.txt 002_0b9cb92a364197bf.txt \
             003_7b8403dd9a313b19.txt 004_61d24a7eea42083a.txt; do
        jq -r --arg f "$f" 'select(.id == $f) | "\(.line)\t\(.chars)"' "$gold/seeds.blocks.jsonl" > "$tmp/got.$f"
        # the lines that are blocks: not empty once white space (and
        # U+200B, U+FEFF) is removed; chars counted in code points
        jq -n -r --rawfile raw "$seeds/$f" '$raw | split("\n") | to_entries[]
            | select(.value | gsub("[\\s\u200b\u200c\u200d\u2060\ufeff\u3000]"; "") | length > 0)
            | "\(.key + 1)\t\(.value | sub("\r$"; "") | length)"' > "$tmp/want.$f"
        if cmp -s "$tmp/want.$f" "$tmp/got.$f"; then pass=$((pass + 1))
        else echo "FAIL seeds.blocks.jsonl: $f's blocks are not its non-blank lines with their lengths"
            diff "$tmp/want.$f" "$tmp/got.$f" | head -5; fail=$((fail + 1)); fi
    done
fi

echo "golden: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
