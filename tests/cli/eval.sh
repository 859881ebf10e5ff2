#!/bin/sh
# shai eval against an independent count: the fixture's pages are turned
# back into documents, labeled by `shai filter --format lbl`, and the gold
# and predicted labels are paired line by line with awk; the confusion
# matrix, the block count and the content characters kept must equal what
# `shai eval --json` prints for the same pages and model.
#   usage: sh tests/cli/eval.sh ./shai
set -u
shai=${1:-./shai}
root=$(cd "$(dirname "$0")/../.." && pwd)
fixture="$root/tests/data/mini.lbl"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { echo "ok   eval: $1"; pass=$((pass + 1)); }
bad() { echo "FAIL eval: $1"; fail=$((fail + 1)); }

# real pages only (ids without '~'), '?' lines kept as context
awk -F'\t' '/^#page/ { keep = ($2 !~ /~/) } keep' "$fixture" > "$tmp/gold.lbl"
# documents as JSONL, one per page (jq builds the JSON strings)
awk -F'\t' '/^#page/ { n++ } NF > 1 && !/^#page/ { print n "\t" $2 }' "$tmp/gold.lbl" > "$tmp/lines.tsv"
jq -R -s -c 'split("\n") | map(select(length > 0) | split("\t")) | group_by(.[0] | tonumber)
             | .[] | {id: .[0][0], text: (map(.[1:] | join("\t")) | join("\n"))}' "$tmp/lines.tsv" > "$tmp/docs.jsonl"

"$shai" filter --format lbl -q "$tmp/docs.jsonl" > "$tmp/pred.lbl" 2> "$tmp/err" || bad "filter --format lbl failed: $(cat "$tmp/err")"
"$shai" eval --json "$tmp/gold.lbl" > "$tmp/eval.json" 2> "$tmp/err" || bad "eval failed: $(cat "$tmp/err")"

# pair gold and predicted lines (same order: every TEXT line is a block)
grep -v '^#page' "$tmp/gold.lbl" | grep -v '^$' > "$tmp/g"
grep -v '^#page' "$tmp/pred.lbl" | grep -v '^$' > "$tmp/p"
if [ "$(wc -l < "$tmp/g")" -ne "$(wc -l < "$tmp/p")" ]; then
    bad "filter wrote $(wc -l < "$tmp/p") blocks for $(wc -l < "$tmp/g") gold lines"
else
    ok "filter labels every gold line"
fi
paste "$tmp/g" "$tmp/p" | awk -F'\t' '
    BEGIN { split("K B P A G", L, " "); for (i = 1; i <= 5; i++) idx[L[i]] = i - 1 }
    $1 == "?" { next }
    { c[idx[$1], idx[$3]]++; n++
      if ($1 == "K") { chars = length($2); kc += chars; if ($3 == "K") kk += chars } }
    END { printf "%d", n; for (g = 0; g < 5; g++) for (p = 0; p < 5; p++) printf " %d", c[g, p] + 0; printf "\n" }' > "$tmp/mine"
jq -r '[.blocks] + (.confusion | flatten) | map(tostring) | join(" ")' "$tmp/eval.json" > "$tmp/theirs"
if cmp -s "$tmp/mine" "$tmp/theirs"; then ok "confusion matrix and block count equal an independent count"
else bad "independent count '$(cat "$tmp/mine")' differs from eval '$(cat "$tmp/theirs")'"; fi

# content characters kept, in code points (jq counts code points)
paste "$tmp/g" "$tmp/p" | awk -F'\t' '$1 == "K" { print $3 "\t" $2 }' > "$tmp/k"
kept=$(jq -R -s 'split("\n") | map(select(length > 0) | split("\t")) | map(select(.[0] == "K") | .[1:] | join("\t") | length) | add // 0' "$tmp/k")
total=$(jq -R -s 'split("\n") | map(select(length > 0) | split("\t")) | map(.[1:] | join("\t") | length) | add // 0' "$tmp/k")
want_kept=$(jq '.content_chars_kept' "$tmp/eval.json")
want_total=$(jq '.content_chars' "$tmp/eval.json")
if [ "$kept" = "$want_kept" ] && [ "$total" = "$want_total" ]; then ok "content characters kept ($kept of $total) equal an independent count"
else bad "content characters: independent $kept of $total, eval $want_kept of $want_total"; fi

# options one mode would ignore are usage errors (exit 1), named in the message
"$shai" eval --smoothing 0.25 "$tmp/gold.lbl" > /dev/null 2> "$tmp/err"; rc=$?
if [ $rc -eq 1 ] && grep -q -- "--smoothing applies only with --cv" "$tmp/err"; then ok "--smoothing without --cv is a usage error"
else bad "--smoothing without --cv: exit $rc, $(head -n 1 "$tmp/err")"; fi
"$shai" eval --cv 2 --model "$root/models/default.model" "$tmp/gold.lbl" > /dev/null 2> "$tmp/err"; rc=$?
if [ $rc -eq 1 ] && grep -q -- "--model does not apply with --cv" "$tmp/err"; then ok "--model with --cv is a usage error"
else bad "--model with --cv: exit $rc, $(head -n 1 "$tmp/err")"; fi

echo "eval: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
