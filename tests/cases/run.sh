#!/bin/sh
# Data-driven cases: every *.lbl here holds pages of clear-cut blocks with
# the label a sound model must give.  Each block is one check; a mismatch
# prints the page, line, expected and predicted label and the text.
#   usage: sh tests/cases/run.sh ./shai [MODEL]
set -u
shai=${1:-./shai}
model=${2:-}
dir=$(dirname "$0")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
for f in "$dir"/*.lbl; do
    if [ -n "$model" ]; then
        "$shai" eval --model "$model" --json --errors "$tmp/err" "$f" > "$tmp/out" || { echo "FAIL $f: shai eval failed"; fail=$((fail + 1)); continue; }
    else
        "$shai" eval --json --errors "$tmp/err" "$f" > "$tmp/out" || { echo "FAIL $f: shai eval failed"; fail=$((fail + 1)); continue; }
    fi
    blocks=$(sed -n 's/.*"blocks":\([0-9]*\).*/\1/p' "$tmp/out")
    bad=$(wc -l < "$tmp/err")
    pass=$((pass + blocks - bad))
    fail=$((fail + bad))
    while IFS='	' read -r page line gold pred score text; do
        echo "FAIL $(basename "$f") $page:$line expected $gold got $pred (score $score): $text"
    done < "$tmp/err"
done
echo "cases: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
