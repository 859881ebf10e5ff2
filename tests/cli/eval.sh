#!/bin/sh
# shai eval against an independent count: the fixture's pages are turned
# back into documents, labeled by `shai filter --format lbl`, and the gold
# and predicted labels are paired line by line with awk; the confusion
# matrix, the block count and the content characters kept must equal what
# `shai eval --json` prints for the same pages and model; and the same
# labels given back to `shai eval --predicted` score the same.
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
# (--rawfile, not -R: jq 1.6's -R turns a character that straddles its read
# buffer into three U+FFFD, and the filter would score other text than eval)
jq -n -c --rawfile raw "$tmp/lines.tsv" '$raw | split("\n") | map(select(length > 0) | split("\t")) | group_by(.[0] | tonumber)
             | .[] | {id: .[0][0], text: (map(.[1:] | join("\t")) | join("\n"))}' > "$tmp/docs.jsonl"

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
# and it scored the gold text itself, character for character
cut -f2- "$tmp/p" > "$tmp/ptext"
if cut -f2- "$tmp/g" | cmp -s - "$tmp/ptext"; then
    ok "the documents given to the filter hold the gold text"
else
    bad "the documents given to the filter differ from the gold text: $(cut -f2- "$tmp/g" | cmp - "$tmp/ptext")"
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

# --errors lists exactly the blocks whose gold and predicted labels differ
# (gold '?' lines are not scored), as "page line gold pred score text"
"$shai" eval "$tmp/gold.lbl" --errors "$tmp/errors.tsv" > /dev/null 2>&1 || bad "eval --errors failed"
paste "$tmp/g" "$tmp/p" | awk -F'\t' '$1 != "?" && $1 != $3 { n++ } END { print n + 0 }' > "$tmp/nerr.mine"
awk -F'\t' '$3 != $4 { n++ } END { print n + 0 }' "$tmp/errors.tsv" > "$tmp/nerr.theirs"
if [ "$(wc -l < "$tmp/errors.tsv" | tr -d ' ')" = "$(cat "$tmp/nerr.mine")" ] && cmp -s "$tmp/nerr.mine" "$tmp/nerr.theirs"; then
    ok "--errors lists the $(cat "$tmp/nerr.mine") wrongly labeled blocks, each with gold and predicted label apart"
else bad "--errors: $(wc -l < "$tmp/errors.tsv") lines, $(cat "$tmp/nerr.theirs") with labels apart; $(cat "$tmp/nerr.mine") wrong blocks"; fi

# content characters kept, in code points (jq counts code points)
paste "$tmp/g" "$tmp/p" | awk -F'\t' '$1 == "K" { print $3 "\t" $2 }' > "$tmp/k"
kept=$(jq -n --rawfile raw "$tmp/k" '$raw | split("\n") | map(select(length > 0) | split("\t")) | map(select(.[0] == "K") | .[1:] | join("\t") | length) | add // 0')
total=$(jq -n --rawfile raw "$tmp/k" '$raw | split("\n") | map(select(length > 0) | split("\t")) | map(.[1:] | join("\t") | length) | add // 0')
want_kept=$(jq '.content_chars_kept' "$tmp/eval.json")
want_total=$(jq '.content_chars' "$tmp/eval.json")
if [ "$kept" = "$want_kept" ] && [ "$total" = "$want_total" ]; then ok "content characters kept ($kept of $total) equal an independent count"
else bad "content characters: independent $kept of $total, eval $want_kept of $want_total"; fi

# an output file never overwrites a labeled input (exit 1, the labels intact)
cp "$tmp/gold.lbl" "$tmp/keep.lbl"
"$shai" eval "$tmp/keep.lbl" --errors "$tmp/keep.lbl" > /dev/null 2> "$tmp/err"; rc=$?
if [ $rc -eq 1 ] && grep -q "would overwrite input" "$tmp/err" && cmp -s "$tmp/gold.lbl" "$tmp/keep.lbl"; then
    ok "--errors onto the labeled file is refused"
else bad "--errors onto the labeled file: exit $rc, $(head -n 1 "$tmp/err")"; fi
"$shai" train --lexicons "$root/models" -o "$tmp/keep.lbl" "$tmp/keep.lbl" > /dev/null 2> "$tmp/err"; rc=$?
if [ $rc -eq 1 ] && grep -q "would overwrite input" "$tmp/err" && cmp -s "$tmp/gold.lbl" "$tmp/keep.lbl"; then
    ok "train -o onto the labeled file is refused"
else bad "train -o onto the labeled file: exit $rc, $(head -n 1 "$tmp/err")"; fi

# labeled files with nothing to score, or too few pages to choose the
# training settings by cross-validation: input errors (exit 2), not zeros
: > "$tmp/empty.lbl"
printf '#page\tq\n?\t你好\n' > "$tmp/q.lbl"
for f in empty q; do
    "$shai" eval "$tmp/$f.lbl" > "$tmp/out" 2> "$tmp/err"; rc=$?
    if [ $rc -eq 2 ] && grep -q "nothing to score" "$tmp/err" && [ ! -s "$tmp/out" ]; then ok "eval $f.lbl: nothing to score"
    else bad "eval $f.lbl: exit $rc, $(head -n 1 "$tmp/err")"; fi
done
"$shai" train -o "$tmp/m/model" "$tmp/empty.lbl" > /dev/null 2> "$tmp/err"; rc=$?
if [ $rc -eq 2 ] && grep -q "no labeled pages" "$tmp/err"; then ok "train on no pages: exit 2"
else bad "train on no pages: exit $rc, $(head -n 1 "$tmp/err")"; fi
printf '#page\tp1\nK\t今天天气很好，我们去公园散步吧。\n#page\tp2\nB\t首页 关于我们\n' > "$tmp/two.lbl"
"$shai" train --lexicons "$root/models" -o "$tmp/m/model" "$tmp/two.lbl" > /dev/null 2> "$tmp/err"; rc=$?
if [ $rc -eq 2 ] && grep -q "no fold held out a page" "$tmp/err" && [ ! -e "$tmp/m/model" ]; then ok "train on two pages without settings: exit 2"
else bad "train on two pages: exit $rc, $(tail -n 1 "$tmp/err")"; fi
"$shai" train --lexicons "$root/models" -o "$tmp/fresh/model" "$tmp/two.lbl" > /dev/null 2> "$tmp/err"; rc=$?
if [ $rc -eq 2 ] && [ ! -e "$tmp/fresh" ]; then ok "a failed train leaves no directory behind"
else bad "a failed train leaves no directory behind: exit $rc"; ls -la "$tmp/fresh"; fi
"$shai" train --lexicons "$root/models" -o "$tmp/m/model" -C 1 --keep-weight 1 --smoothing 0 "$tmp/two.lbl" > /dev/null 2> "$tmp/err"; rc=$?
if [ $rc -eq 0 ] && [ -s "$tmp/m/model" ]; then ok "train on two pages with the settings given"
else bad "train on two pages with settings: exit $rc, $(tail -n 1 "$tmp/err")"; fi

# train copies its lexicons beside the model: into a directory where another
# model was trained with different ones, it refuses (exit 1) and changes nothing
mkdir -p "$tmp/shared" "$tmp/lex3"
cp "$root"/models/*.tsv "$root/models/default.model" "$tmp/shared/"
cp "$root"/models/*.tsv "$tmp/lex3/" && printf '测试新词\tmeta\n' >> "$tmp/lex3/cues.tsv"
"$shai" train --lexicons "$tmp/lex3" -C 1 --keep-weight 1 --smoothing 0 -o "$tmp/shared/mine.model" "$tmp/two.lbl" > /dev/null 2> "$tmp/err"; rc=$?
if [ $rc -eq 1 ] && grep -q "was trained with it" "$tmp/err" && cmp -s "$root/models/cues.tsv" "$tmp/shared/cues.tsv" && [ ! -e "$tmp/shared/mine.model" ]; then
    ok "train refuses to replace another model's lexicons"
else bad "train beside another model: exit $rc, $(head -n 1 "$tmp/err")"; fi
"$shai" train --lexicons "$tmp/lex3" -C 1 --keep-weight 1 --smoothing 0 -o "$tmp/own/mine.model" "$tmp/two.lbl" > /dev/null 2>&1 &&
"$shai" train --lexicons "$root/models" -C 1 --keep-weight 1 --smoothing 0 -o "$tmp/own/mine.model" "$tmp/two.lbl" > /dev/null 2> "$tmp/err"
if [ $? -eq 0 ] && cmp -s "$root/models/cues.tsv" "$tmp/own/cues.tsv"; then ok "its own directory: retrained with other lexicons"
else bad "retraining in its own directory: $(head -n 1 "$tmp/err")"; fi

# a fold that would train on one class only is an input error, not a result
printf '#page\tp1\nK\t今天天气很好，我们去公园散步吧。\nK\t第二段正文也很长，足够做测试。\n#page\tp2\nB\t首页 关于我们\nB\t联系我们\n#page\tp3\nK\t第三篇文章的正文。\nB\t版权所有\n' > "$tmp/cls.lbl"
"$shai" eval --cv 2 --lexicons "$root/models" -C 0.1 --keep-weight 4 --smoothing 0.5 "$tmp/cls.lbl" > "$tmp/out" 2> "$tmp/err"; rc=$?
if [ $rc -eq 2 ] && grep -q "training pages hold no content block (3 pages of 3 sites for 2 folds" "$tmp/err" && [ ! -s "$tmp/out" ]; then ok "a one-class fold: exit 2, pages and sites counted"
else bad "a one-class fold: exit $rc, $(tail -n 1 "$tmp/err")"; fi
# more folds than the sites fill: every fold is named, the empty ones as such
"$shai" eval --cv 20 --lexicons "$root/models" -C 0.1 --keep-weight 4 --smoothing 0.5 "$fixture" > /dev/null 2> "$tmp/err"; rc=$?
empty=$(grep -c "^shai eval: fold [0-9]*/20: no scored page fell in it (pages go to folds by site, hashed: [0-9]* sites for 20 folds): nothing to test$" "$tmp/err")
tested=$(grep -c "^shai eval: fold [0-9]*/20: C=.* test blocks" "$tmp/err")
if [ $rc -eq 0 ] && [ "$empty" -gt 0 ] && [ $((empty + tested)) -eq 20 ]; then ok "--cv 20 on few sites: $empty empty folds said so, $tested tested"
else bad "--cv 20 on few sites: exit $rc, $empty empty and $tested tested folds named"; fi
# train with the settings left to choose, on one site: it says why, before any grid line
awk '/^#page/ { n++ } n == 1' "$tmp/gold.lbl" > "$tmp/onepage.lbl"
"$shai" train --lexicons "$root/models" -o "$tmp/onepage/model" "$tmp/onepage.lbl" > /dev/null 2> "$tmp/err"; rc=$?
if [ $rc -eq 2 ] && grep -q "cannot choose C, keep weight and smoothing .*pages go to folds by site" "$tmp/err" &&
   ! grep -q "grid C=" "$tmp/err" && [ ! -e "$tmp/onepage/model" ]; then ok "train on one page, settings to choose: exit 2, no grid printed"
else bad "train on one page: exit $rc, $(grep -c 'grid C=' "$tmp/err") grid lines, $(tail -n 1 "$tmp/err")"; fi
# usage is checked before any file is read: a file given twice is still a usage error
"$shai" eval --train-also "$tmp/gold.lbl" "$tmp/gold.lbl" > /dev/null 2> "$tmp/err"; rc=$?
if [ $rc -eq 1 ] && grep -q -- "--train-also applies only with --cv" "$tmp/err"; then ok "usage checked before the files are read"
else bad "usage before reading: exit $rc, $(head -n 1 "$tmp/err")"; fi
# the pages of one site share a fold: no fold count can help, and the message says so
sed 's/^#page\t\(p[0-9]\)$/#page\t\1\thttp:\/\/www.example.com\/\1/' "$tmp/cls.lbl" > "$tmp/onesite.lbl"
"$shai" eval --cv 2 --lexicons "$root/models" -C 0.1 --keep-weight 4 --smoothing 0.5 "$tmp/onesite.lbl" > "$tmp/out" 2> "$tmp/err"; rc=$?
if [ $rc -eq 2 ] && grep -q "the scored pages are all of one site" "$tmp/err"; then ok "a one-site corpus: exit 2, the message names the cause"
else bad "a one-site corpus: exit $rc, $(tail -n 1 "$tmp/err")"; fi
"$shai" eval --with-shipped "$tmp/cls.lbl" > /dev/null 2> "$tmp/err"; rc=$?
if [ $rc -eq 1 ] && grep -q -- "--with-shipped applies only with --cv" "$tmp/err"; then ok "--with-shipped without --cv is a usage error"
else bad "--with-shipped without --cv: exit $rc, $(head -n 1 "$tmp/err")"; fi
# --train-also: its pages train in every fold and are never scored (the
# page scored alone here holds content only: without them its fold would
# train on one class)
printf '#page\tt1\nK\t今天天气很好，我们去公园散步吧。\nK\t第二段正文也很长，足够做测试。\n' > "$tmp/ta1.lbl"
printf '#page\tt2\nB\t首页 关于我们\nB\t联系我们\n#page\tt3\nK\t第三篇文章的正文。\nB\t版权所有\n' > "$tmp/ta2.lbl"
"$shai" eval --cv 2 --lexicons "$root/models" -C 0.1 --keep-weight 4 --smoothing 0.5 "$tmp/ta1.lbl" --train-also "$tmp/ta2.lbl" > "$tmp/out" 2> "$tmp/err"; rc=$?
if [ $rc -eq 0 ] && grep -q "^pages 1, blocks 2 scored" "$tmp/out"; then ok "--train-also: trained on in every fold, never scored"
else bad "--train-also: exit $rc, $(head -n 1 "$tmp/out") $(tail -n 1 "$tmp/err")"; fi
"$shai" eval --cv 2 --lexicons "$root/models" -C 0.1 --keep-weight 4 --smoothing 0.5 --train-also "$tmp/ta2.lbl" > /dev/null 2> "$tmp/err"; rc=$?
if [ $rc -eq 1 ] && grep -q "no labeled files given" "$tmp/err"; then ok "--train-also alone: nothing to score is a usage error"
else bad "--train-also alone: exit $rc, $(head -n 1 "$tmp/err")"; fi
"$shai" eval --train-also "$tmp/ta2.lbl" "$tmp/ta1.lbl" > /dev/null 2> "$tmp/err"; rc=$?
if [ $rc -eq 1 ] && grep -q -- "--train-also applies only with --cv" "$tmp/err"; then ok "--train-also without --cv is a usage error"
else bad "--train-also without --cv: exit $rc, $(head -n 1 "$tmp/err")"; fi

# a page that only trains but shares a site with a scored page (here the
# same page again, the way a copy would come) stays out of the fold that
# tests its site, and the run says so
printf '#page\tt1\thttp://a.example/1\nK\t今天天气很好，我们去公园散步吧。\nK\t第二段正文也很长，足够做测试。\n#page\tt4\thttp://d.example/4\nK\t第四篇文章的正文，讲的是另外一件事。\nB\t首页 关于我们\n' > "$tmp/ts1.lbl"
{ cat "$tmp/ta2.lbl"; printf '#page\tt5\thttp://www.a.example/5\nK\t今天天气很好，我们去公园散步吧。\nB\t联系我们\n'; } > "$tmp/ts2.lbl"
"$shai" eval --cv 2 --seed 3 --lexicons "$root/models" -C 0.1 --keep-weight 4 --smoothing 0.5 "$tmp/ts1.lbl" --train-also "$tmp/ts2.lbl" > "$tmp/out" 2> "$tmp/err"; rc=$?
if [ $rc -eq 0 ] && grep -q "1 of the pages that only train share a site with scored pages" "$tmp/err" && grep -q "^pages 2, blocks 4 scored" "$tmp/out"; then ok "--train-also: a page of a scored site stays out of that site's fold"
else bad "--train-also of a scored site: exit $rc, $(head -n 1 "$tmp/out") $(grep share "$tmp/err")"; fi
# '~' marks a synthetic copy: a page so named without its origin is
# warned of; synthetic pages alone leave nothing to score
printf '#page\tt6~old\nK\t第六篇文章的正文也足够长。\nB\t版权所有\n' > "$tmp/tilde.lbl"
"$shai" eval --cv 2 --lexicons "$root/models" -C 0.1 --keep-weight 4 --smoothing 0.5 "$tmp/ta1.lbl" "$tmp/tilde.lbl" --train-also "$tmp/ta2.lbl" > "$tmp/out" 2> "$tmp/err"; rc=$?
if [ $rc -eq 0 ] && grep -q "warning: 1 page (the first 't6~old') has a '~' in the id and no page of the id before it" "$tmp/err" && grep -q "^pages 1, blocks 2 scored" "$tmp/out"; then ok "a '~' page without its origin: warned of, trained on, not scored"
else bad "a '~' page without its origin: exit $rc, $(head -n 1 "$tmp/out") $(grep warning "$tmp/err")"; fi
"$shai" eval --cv 2 --lexicons "$root/models" -C 0.1 --keep-weight 4 --smoothing 0.5 "$tmp/tilde.lbl" > /dev/null 2> "$tmp/err"; rc=$?
if [ $rc -eq 2 ] && grep -q "nothing to score: .*(1 synthetic pages, '<id>~...', train only)" "$tmp/err"; then ok "synthetic pages alone: nothing to score, exit 2"
else bad "synthetic pages alone: exit $rc, $(tail -n 1 "$tmp/err")"; fi

# ratios of nothing are n/a (text) and null (JSON), not 0
printf '#page\tbonly\nB\t首页 关于我们\nB\t联系我们\n' > "$tmp/bonly.lbl"
"$shai" eval "$tmp/bonly.lbl" > "$tmp/out" 2> "$tmp/err"
if grep -q "content characters kept: n/a" "$tmp/out" && [ "$("$shai" eval --json "$tmp/bonly.lbl" | jq -c '[.content_kept, .junk_left]')" = "[null,null]" ]; then
    ok "no content, nothing kept: n/a and null"
else bad "no content, nothing kept: $(grep kept "$tmp/out")"; fi

# another model is a file with the model magic, whatever its name; a
# directory called x.model, or a link to the model being replaced, is none
mkdir -p "$tmp/g1" "$tmp/g2/old.model" "$tmp/g3"
"$shai" train --lexicons "$root/models" -C 1 --keep-weight 1 --smoothing 0 -o "$tmp/g1/model" "$tmp/two.lbl" > /dev/null 2>&1
"$shai" train --lexicons "$tmp/lex3" -C 1 --keep-weight 1 --smoothing 0 -o "$tmp/g1/mine.bin" "$tmp/two.lbl" > /dev/null 2> "$tmp/err"; rc=$?
if [ $rc -eq 1 ] && grep -q "g1/model was trained with it" "$tmp/err"; then ok "a model without the .model suffix is seen"
else bad "a model named 'model': exit $rc, $(head -n 1 "$tmp/err")"; fi
cp "$root"/models/*.tsv "$tmp/g2/"
"$shai" train --lexicons "$tmp/lex3" -C 1 --keep-weight 1 --smoothing 0 -o "$tmp/g2/mine.model" "$tmp/two.lbl" > /dev/null 2> "$tmp/err"; rc=$?
if [ $rc -eq 0 ]; then ok "a directory named old.model is no model"; else bad "old.model directory: exit $rc, $(head -n 1 "$tmp/err")"; fi
"$shai" train --lexicons "$root/models" -C 1 --keep-weight 1 --smoothing 0 -o "$tmp/g3/mine.model" "$tmp/two.lbl" > /dev/null 2>&1
ln -s mine.model "$tmp/g3/default.model"
"$shai" train --lexicons "$tmp/lex3" -C 1 --keep-weight 1 --smoothing 0 -o "$tmp/g3/mine.model" "$tmp/two.lbl" > /dev/null 2> "$tmp/err"; rc=$?
if [ $rc -eq 0 ]; then ok "a link to the model being replaced is no other model"; else bad "link to itself: exit $rc, $(head -n 1 "$tmp/err")"; fi
mkdir -p "$tmp/lexm" && cp "$root"/models/*.tsv "$tmp/lexm/" && rm "$tmp/lexm/cues.tsv"
"$shai" train --lexicons "$tmp/lexm" -C 1 --keep-weight 1 --smoothing 0 -o "$tmp/g1/third.model" "$tmp/two.lbl" > /dev/null 2> "$tmp/err"; rc=$?
if [ $rc -eq 3 ] && grep -q "lexm/cues.tsv" "$tmp/err"; then ok "a missing source lexicon is reported as missing"
else bad "missing source lexicon: exit $rc, $(head -n 1 "$tmp/err")"; fi

# a value out of range says so; a lexicon error names the file with its directory
"$shai" train --lexicons "$root/models" -C 0 -o "$tmp/m/model" "$tmp/two.lbl" > /dev/null 2> "$tmp/err"; rc=$?
if [ $rc -eq 1 ] && grep -q -- "-C must be > 0, got '0'" "$tmp/err"; then ok "train -C 0: says why"
else bad "train -C 0: exit $rc, $(head -n 1 "$tmp/err")"; fi
mkdir -p "$tmp/lex" && cp "$root"/models/*.tsv "$tmp/lex/" && printf 'x\tbogus\n' >> "$tmp/lex/cues.tsv"
"$shai" eval --cv 2 --lexicons "$tmp/lex" "$tmp/gold.lbl" > /dev/null 2> "$tmp/err"; rc=$?
if [ $rc -eq 3 ] && grep -q "$tmp/lex/cues.tsv:[0-9]*: unknown category 'bogus'" "$tmp/err"; then ok "a bad lexicon line: dir/file:line"
else bad "a bad lexicon line: exit $rc, $(head -n 1 "$tmp/err")"; fi

# options one mode would ignore are usage errors (exit 1), named in the message
"$shai" eval --smoothing 0.25 "$tmp/gold.lbl" > /dev/null 2> "$tmp/err"; rc=$?
if [ $rc -eq 1 ] && grep -q -- "--smoothing applies only with --cv" "$tmp/err"; then ok "--smoothing without --cv is a usage error"
else bad "--smoothing without --cv: exit $rc, $(head -n 1 "$tmp/err")"; fi
"$shai" eval --cv 2 --model "$root/models/default.model" "$tmp/gold.lbl" > /dev/null 2> "$tmp/err"; rc=$?
if [ $rc -eq 1 ] && grep -q -- "--model does not apply with --cv" "$tmp/err"; then ok "--model with --cv is a usage error"
else bad "--model with --cv: exit $rc, $(head -n 1 "$tmp/err")"; fi
"$shai" eval --errors "$tmp/e.tsv" --predictions "$tmp/p.tsv" "$tmp/gold.lbl" > /dev/null 2> "$tmp/err"; rc=$?
if [ $rc -eq 1 ] && grep -q -- "--errors and --predictions: give one" "$tmp/err" && [ ! -e "$tmp/e.tsv" ] && [ ! -e "$tmp/p.tsv" ]; then
    ok "--errors with --predictions is a usage error (one sink, neither written)"
else bad "--errors with --predictions: exit $rc, $(head -n 1 "$tmp/err")"; fi

# --predicted: the filter's labels, put on the gold pages (the gold text,
# not the filter's copy of it), score exactly as the model's own pass over
# the same pages
cut -f1 "$tmp/p" > "$tmp/plabels"
awk -F'\t' -v OFS='\t' 'NR == FNR { lab[NR] = $1; next } /^#page/ || !NF { print; next } { $1 = lab[++k]; print }' \
    "$tmp/plabels" "$tmp/gold.lbl" > "$tmp/pred-ids.lbl"
grep '^#page' "$tmp/gold.lbl" | cut -f2 > "$tmp/ids"
"$shai" eval --json --predicted "$tmp/pred-ids.lbl" "$tmp/gold.lbl" > "$tmp/pred.json" 2> "$tmp/err"; rc=$?
if [ $rc -eq 0 ] && cmp -s "$tmp/pred.json" "$tmp/eval.json"; then ok "--predicted with the filter's labels equals the model's eval"
else bad "--predicted: exit $rc, $(head -n 1 "$tmp/err"), $(diff "$tmp/pred.json" "$tmp/eval.json" | head -n 3)"; fi
# the gold labels themselves, with the pages in reverse order: all agree
# (pages are matched by id, not by position)
awk '/^#page/ { n++ } { page[n] = page[n] $0 "\n" } END { for (k = n; k >= 1; k--) printf "%s", page[k] }' \
    "$tmp/gold.lbl" > "$tmp/reversed.lbl"
"$shai" eval --json --predicted "$tmp/reversed.lbl" "$tmp/gold.lbl" > "$tmp/self.json" 2> "$tmp/err"
if [ "$(jq -c '[.accuracy, .content_kept, .junk_left, .drop.f1, .pages]' "$tmp/self.json")" = "[1,1,0,1,$(wc -l < "$tmp/ids" | tr -d ' ')]" ]; then
    ok "--predicted with the gold labels, pages reversed: all agree"
else bad "--predicted gold vs gold: $(jq -c '[.accuracy, .content_kept, .junk_left, .drop.f1, .pages]' "$tmp/self.json") $(head -n 1 "$tmp/err")"; fi

# blocks a labeling leaves '?' are not scored and are counted apart
awk -F'\t' -v OFS='\t' '/^#page/ { k++ } k == 1 && !/^#page/ && NF { $1 = "?" } { print }' "$tmp/gold.lbl" > "$tmp/unsure.lbl"
left=$(awk -F'\t' '/^#page/ { k++; next } k == 1 && NF && $1 != "?" { n++ } END { print n + 0 }' "$tmp/gold.lbl")
"$shai" eval --json --predicted "$tmp/unsure.lbl" "$tmp/gold.lbl" > "$tmp/unsure.json" 2> "$tmp/err"; rc=$?
"$shai" eval --predicted "$tmp/unsure.lbl" "$tmp/gold.lbl" > "$tmp/unsure.txt" 2>&1
if [ $rc -eq 0 ] && [ "$(jq '.unlabeled' "$tmp/unsure.json")" = "$left" ] && [ "$left" -gt 0 ] &&
   [ "$(jq '.blocks + .unlabeled + .unscored' "$tmp/unsure.json")" = "$(jq '.blocks + .unlabeled + .unscored' "$tmp/self.json")" ] &&
   grep -q "$left more left '?' by the labeling" "$tmp/unsure.txt"; then
    ok "--predicted: the $left blocks a labeling left '?' are counted apart, and every block is accounted for"
else bad "--predicted with '?': exit $rc, unlabeled $(jq '.unlabeled' "$tmp/unsure.json") (want $left), $(head -n 1 "$tmp/unsure.txt")"; fi

# --predictions lists every block both sides labeled
"$shai" eval --predicted "$tmp/unsure.lbl" --predictions "$tmp/unsure.tsv" "$tmp/gold.lbl" > /dev/null 2>&1
if [ "$(wc -l < "$tmp/unsure.tsv" | tr -d ' ')" = "$(jq '.blocks' "$tmp/unsure.json")" ]; then ok "--predicted --predictions: one TSV line per scored block"
else bad "--predicted --predictions: $(wc -l < "$tmp/unsure.tsv") lines for $(jq '.blocks' "$tmp/unsure.json") blocks"; fi

# every page on both sides, once, with the same text: else exit 2, naming
# what and where (file:line of the page's "#page" line; blocks counted
# within the page)
npages=$(wc -l < "$tmp/ids")
awk -v n="$npages" '/^#page/ { k++ } k < n' "$tmp/gold.lbl" > "$tmp/short.lbl"
page2=$(sed -n 2p "$tmp/ids")
n2=$(awk '/^#page/ { k++; next } k == 2 && NF { n++ } END { print n }' "$tmp/gold.lbl")
# block 3 of page 2 edited; a block added after its last; its last left out
awk '/^#page/ { k++; n = 0 } k == 2 && !/^#page/ && NF && ++n == 3 { sub(/$/, "x") } { print }' "$tmp/gold.lbl" > "$tmp/edited.lbl"
awk -v last="$n2" '/^#page/ { k++; n = 0 } { print } k == 2 && !/^#page/ && NF && ++n == last { print "K\textra" }' "$tmp/gold.lbl" > "$tmp/extra.lbl"
awk -v last="$n2" '/^#page/ { k++; n = 0 } k == 2 && !/^#page/ && NF && ++n == last { next } { print }' "$tmp/gold.lbl" > "$tmp/missing.lbl"
cat "$tmp/gold.lbl" "$tmp/gold.lbl" > "$tmp/twice.lbl"
: > "$tmp/empty.lbl"
for c in "short.lbl|$tmp/gold.lbl|no page '$(tail -n 1 "$tmp/ids")'" \
         "gold.lbl|$tmp/short.lbl|page '$(tail -n 1 "$tmp/ids")' is not in the labeled files" \
         "edited.lbl|$tmp/gold.lbl|edited.lbl:$(grep -n "^#page	$page2	\\|^#page	$page2\$" "$tmp/gold.lbl" | cut -d: -f1): page '$page2', block 3: the text differs" \
         "extra.lbl|$tmp/gold.lbl|page '$page2' has $((n2 + 1)) blocks, the labeled page ($tmp/gold.lbl:" \
         "missing.lbl|$tmp/gold.lbl|page '$page2' has $((n2 - 1)) blocks, the labeled page ($tmp/gold.lbl:" \
         "twice.lbl|$tmp/gold.lbl|was given before, at $tmp/twice.lbl:1" \
         "gold.lbl|$tmp/twice.lbl|was given before, at $tmp/twice.lbl:1" \
         "empty.lbl|$tmp/gold.lbl|empty.lbl: no pages"; do
    pred=${c%%|*}; rest=${c#*|}; gold=${rest%%|*}; want=${rest#*|}
    "$shai" eval --predicted "$tmp/$pred" "$gold" > /dev/null 2> "$tmp/err"; rc=$?
    if [ $rc -eq 2 ] && grep -qF -- "$want" "$tmp/err"; then ok "--predicted $pred: exit 2, \"$want\""
    else bad "--predicted $pred: exit $rc, $(head -n 1 "$tmp/err") (wanted \"$want\")"; fi
done
for o in "--cv 2" "--threshold 0.5" "--curve 0,1"; do
    "$shai" eval --predicted "$tmp/gold.lbl" $o "$tmp/gold.lbl" > /dev/null 2> "$tmp/err"; rc=$?
    if [ $rc -eq 1 ] && grep -q -- "${o% *} does not apply" "$tmp/err"; then ok "--predicted with $o is a usage error"
    else bad "--predicted with $o: exit $rc, $(head -n 1 "$tmp/err")"; fi
done

# --curve: each point equals a run of its own at that threshold, for the
# shipped model and for cross-validation (the same fold models decide)
pick='[.drop.precision, .drop.recall, .drop.f1, .content_kept, .junk_left]'
for mode in model cv; do
    set -- "$tmp/gold.lbl"
    [ $mode = cv ] && set -- --cv 2 -C 0.1 --keep-weight 4 --smoothing 0.5 --lexicons "$root/models" "$tmp/gold.lbl"
    "$shai" eval --json --curve -0.5,0,0.75 "$@" > "$tmp/curve.json" 2> "$tmp/err"; rc=$?
    same=$([ $rc -eq 0 ] && [ "$(jq '.curve | length' "$tmp/curve.json")" = 3 ] && echo 1 || echo 0)
    k=0
    for t in -0.5 0 0.75; do
        "$shai" eval --json --threshold $t "$@" 2> /dev/null | jq -c "$pick" > "$tmp/one"
        jq -c ".curve[$k] | $pick" "$tmp/curve.json" > "$tmp/point"
        [ "$(jq ".curve[$k].threshold" "$tmp/curve.json")" = "$(jq -n "$t")" ] && cmp -s "$tmp/one" "$tmp/point" || same=0
        k=$((k + 1))
    done
    # the point at the default threshold is the report above it
    jq -c "$pick" "$tmp/curve.json" > "$tmp/main"
    jq -c ".curve[1] | $pick" "$tmp/curve.json" > "$tmp/point"
    cmp -s "$tmp/main" "$tmp/point" || same=0
    if [ "$same" = 1 ]; then ok "--curve ($mode): every point equals its own --threshold run"
    else bad "--curve ($mode): exit $rc, $(head -n 1 "$tmp/err"), $(jq -c '.curve' "$tmp/curve.json" 2> /dev/null | head -c 300)"; fi
    # the report and --predictions stay at --threshold, whatever the curve
    "$shai" eval --json --threshold 0.5 --predictions "$tmp/p1.tsv" "$@" 2> /dev/null > "$tmp/t1.json"
    "$shai" eval --json --threshold 0.5 --predictions "$tmp/p2.tsv" --curve -1,2 "$@" 2> /dev/null | jq -c 'del(.curve)' > "$tmp/t2.json"
    jq -c . "$tmp/t1.json" > "$tmp/t1c.json"
    if cmp -s "$tmp/t1c.json" "$tmp/t2.json" && cmp -s "$tmp/p1.tsv" "$tmp/p2.tsv" && [ -s "$tmp/p1.tsv" ]; then
        ok "--curve ($mode): the report and --predictions are those of --threshold alone"
    else bad "--curve ($mode) changes the report or the predictions file"; fi
    "$shai" eval --curve -0.5,0,0.75 "$@" > "$tmp/curve.txt" 2> /dev/null
    if grep -q '^threshold curve' "$tmp/curve.txt" && [ "$(grep -A4 '^threshold curve' "$tmp/curve.txt" | grep -c '^ *-*[0-9]')" = 3 ]; then
        ok "--curve ($mode): a table of three thresholds in the text report"
    else bad "--curve ($mode) text: $(tail -n 5 "$tmp/curve.txt")"; fi
done
# thresholds however far are decided monotonically (no overflow in the smoothing)
"$shai" eval --json --curve -1e308,1e308 "$tmp/gold.lbl" 2> /dev/null | jq -c '[.curve[].content_kept]' > "$tmp/far"
if [ "$(cat "$tmp/far")" = "[0,1]" ]; then ok "--curve -1e308,1e308: nothing kept, then everything"
else bad "--curve -1e308,1e308: content kept $(cat "$tmp/far")"; fi
for v in "1,x" "" "1,,2" "1,2," " 1,2" "1, 2" "nan" "0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63,64"; do
    "$shai" eval --curve "$v" "$tmp/gold.lbl" > /dev/null 2> "$tmp/err"; rc=$?
    if [ $rc -eq 1 ] && grep -q -- "--curve" "$tmp/err"; then ok "--curve '$(echo "$v" | cut -c1-12)': a usage error naming --curve"
    else bad "--curve '$v': exit $rc, $(head -n 1 "$tmp/err")"; fi
done

# --bootstrap: intervals over the sites (hosts without "www.", else the
# page id up to '~', counted here independently), the same on every run;
# --predicted with the model's own labels gives the model's intervals
awk -F'\t' '/^#page/ { if (NF > 2 && $3 ~ /^[a-z]+:\/\/[^\/]/) { h = $3; sub(/^[a-z]+:\/\//, "", h); sub(/[\/:?#].*/, "", h); sub(/^www\./, "", h); print "@" h }
                       else { i = $2; sub(/~.*/, "", i); print i } }' "$tmp/gold.lbl" | sort -u | wc -l | tr -d ' ' > "$tmp/nsites"
"$shai" eval --json --bootstrap 300 "$tmp/gold.lbl" > "$tmp/b1.json" 2> "$tmp/err"; rc=$?
"$shai" eval --json --bootstrap 300 "$tmp/gold.lbl" > "$tmp/b2.json" 2> /dev/null
if [ $rc -eq 0 ] && [ "$(jq '.intervals.resamples' "$tmp/b1.json")" = 300 ] &&
   [ "$(jq '.intervals.sites' "$tmp/b1.json")" = "$(cat "$tmp/nsites")" ] &&
   [ "$(jq '[.intervals | to_entries[] | select(.value | type == "object") | .value.interval | select(.[0] != null) | select(.[0] > .[1])] | length' "$tmp/b1.json")" = 0 ] &&
   [ "$(jq '.intervals.drop_f1 | .value == $f1 and .interval[0] > 0' --argjson f1 "$(jq '.drop.f1' "$tmp/b1.json")" "$tmp/b1.json")" = true ] &&
   cmp -s "$tmp/b1.json" "$tmp/b2.json"; then
    ok "--bootstrap: $(cat "$tmp/nsites") sites, low <= high, the same on a second run"
else bad "--bootstrap: exit $rc, $(head -n 1 "$tmp/err"), $(jq -c '.intervals' "$tmp/b1.json" 2> /dev/null | head -c 300)"; fi
"$shai" eval --json --bootstrap 300 --predicted "$tmp/pred-ids.lbl" "$tmp/gold.lbl" > "$tmp/bp.json" 2> "$tmp/err"
if [ "$(jq -c '.intervals' "$tmp/bp.json")" = "$(jq -c '.intervals' "$tmp/b1.json")" ]; then
    ok "--bootstrap --predicted with the model's labels: the model's intervals"
else bad "--bootstrap --predicted: $(head -n 1 "$tmp/err") $(jq -c '.intervals.drop_f1' "$tmp/bp.json" 2> /dev/null)"; fi
"$shai" eval --bootstrap 300 "$tmp/gold.lbl" > "$tmp/b.txt" 2> /dev/null
if grep -q "^95% intervals (bootstrap over $(cat "$tmp/nsites") sites, 300 resamples)" "$tmp/b.txt" &&
   grep -q '^drop F1 ' "$tmp/b.txt" && grep -q '^recall adult_spam ' "$tmp/b.txt"; then ok "--bootstrap: the text table"
else bad "--bootstrap text: $(tail -n 5 "$tmp/b.txt")"; fi
"$shai" eval --json --bootstrap 50 --cv 2 -C 0.1 --keep-weight 4 --smoothing 0.5 --lexicons "$root/models" "$tmp/gold.lbl" > "$tmp/bcv.json" 2> /dev/null
if [ "$(jq '.intervals.sites' "$tmp/bcv.json")" = "$(cat "$tmp/nsites")" ] && [ "$(jq '.intervals.resamples' "$tmp/bcv.json")" = 50 ]; then
    ok "--bootstrap --cv: intervals over the same sites"
else bad "--bootstrap --cv: $(jq -c '.intervals' "$tmp/bcv.json" 2> /dev/null | head -c 200)"; fi

# --compare: a model against itself differs by 0 everywhere; against
# another, "this" and "that" are each model's own report and the
# difference theirs
"$shai" eval --json --compare "$root/models/default.model" "$tmp/gold.lbl" > "$tmp/c0.json" 2> "$tmp/err"; rc=$?
if [ $rc -eq 0 ] && [ "$(jq '.compare.resamples' "$tmp/c0.json")" = 1000 ] &&
   [ "$(jq '[.compare | to_entries[] | select(.value | type == "object") | .value | select(.difference != null) | select(.difference != 0 or .interval != [0,0])] | length' "$tmp/c0.json")" = 0 ]; then
    ok "--compare with the same model: every difference and interval 0"
else bad "--compare same model: exit $rc, $(head -n 1 "$tmp/err") $(jq -c '.compare.drop_f1' "$tmp/c0.json" 2> /dev/null)"; fi
"$shai" train -C 0.1 --keep-weight 1 --smoothing 0 --lexicons "$root/models" -o "$tmp/other.model" "$tmp/gold.lbl" > /dev/null 2>&1
"$shai" eval --json --bootstrap 200 --compare "$tmp/other.model" "$tmp/gold.lbl" > "$tmp/c1.json" 2> "$tmp/err"; rc=$?
"$shai" eval --json --model "$tmp/other.model" "$tmp/gold.lbl" > "$tmp/o.json" 2> /dev/null
this=$(jq -c '[.drop.f1, .content_kept, .junk_left, .labels.adult_spam.recall]' "$tmp/c1.json")
that=$(jq -c '[.drop.f1, .content_kept, .junk_left, .labels.adult_spam.recall]' "$tmp/o.json")
got_this=$(jq -c '[.compare.drop_f1.this, .compare.content_kept.this, .compare.junk_left.this, .compare.recall_adult_spam.this]' "$tmp/c1.json")
got_that=$(jq -c '[.compare.drop_f1.that, .compare.content_kept.that, .compare.junk_left.that, .compare.recall_adult_spam.that]' "$tmp/c1.json")
diffs=$(jq '[.compare | to_entries[] | select(.value | type == "object") | .value | select(.difference != null) | (.this - .that - .difference) | fabs | select(. > 2e-6)] | length' "$tmp/c1.json")
if [ $rc -eq 0 ] && [ "$this" = "$got_this" ] && [ "$that" = "$got_that" ] && [ "$this" != "$that" ] && [ "$diffs" = 0 ]; then
    ok "--compare: each model's figures and their difference"
else bad "--compare: exit $rc, $(head -n 1 "$tmp/err"), this $this / $got_this, that $that / $got_that, $diffs bad differences"; fi
for o in "--cv 2" "--predicted $tmp/gold.lbl"; do
    "$shai" eval --compare "$root/models/default.model" $o "$tmp/gold.lbl" > /dev/null 2> "$tmp/err"; rc=$?
    if [ $rc -eq 1 ] && grep -q -- "--compare scores the pages with two model files: not with ${o% *}" "$tmp/err"; then ok "--compare with ${o% *} is a usage error"
    else bad "--compare with $o: exit $rc, $(head -n 1 "$tmp/err")"; fi
done
"$shai" eval --compare "$tmp/nonexistent.model" "$tmp/gold.lbl" > /dev/null 2> "$tmp/err"; rc=$?
if [ $rc -eq 3 ] && grep -q "nonexistent.model" "$tmp/err"; then ok "--compare with a missing model: exit 3, naming it"
else bad "--compare missing model: exit $rc, $(head -n 1 "$tmp/err")"; fi
# a figure without a denominator is null, its interval too (no gold
# garbled block here); no block scored: the report, and no intervals
if [ "$(jq -c '.labels.garbled.support' "$tmp/b1.json")" = 0 ] &&
   [ "$(jq -c '.intervals.recall_garbled' "$tmp/b1.json")" = '{"value":null,"interval":[null,null]}' ]; then
    ok "--bootstrap --json: an undefined figure is null"
else bad "--bootstrap --json undefined figure: $(jq -c '.intervals.recall_garbled' "$tmp/b1.json")"; fi
awk -F'\t' '/^#page/ { print; next } NF > 1 { print "?\t" $2 }' "$tmp/pred-ids.lbl" > "$tmp/allq.lbl"
"$shai" eval --json --bootstrap 100 --predicted "$tmp/allq.lbl" "$tmp/gold.lbl" > "$tmp/allq.json" 2> "$tmp/err"; rc=$?
if [ $rc -eq 0 ] && [ "$(jq '.blocks' "$tmp/allq.json")" = 0 ] && [ "$(jq 'has("intervals")' "$tmp/allq.json")" = false ] &&
   grep -q "no block was scored, so no intervals" "$tmp/err"; then ok "--bootstrap with no block scored: the report, no intervals, and why"
else bad "--bootstrap, nothing scored: exit $rc, $(head -n 1 "$tmp/err")"; fi
"$shai" eval --bootstrap 200 --compare "$tmp/other.model" "$tmp/gold.lbl" > "$tmp/c1.txt" 2> /dev/null
if grep -q "^compared with $tmp/other.model (this minus that)," "$tmp/c1.txt" &&
   [ "$(grep -c '^\(drop F1\|content kept\|junk left\|label accuracy\|recall \|precision \)' "$tmp/c1.txt")" = $((2 * (4 + 10))) ]; then
    ok "--compare: the text tables (intervals, then the comparison)"
else bad "--compare text: $(tail -n 4 "$tmp/c1.txt")"; fi
# --compare-without: the run with --train-also pages against the same
# folds without them; each side equals a run of its own
awk '/^#page/ { k++ } k <= 12' "$tmp/gold.lbl" > "$tmp/base.lbl"
awk '/^#page/ { k++ } k > 12' "$tmp/gold.lbl" > "$tmp/extra.lbl"
set -- --cv 2 -C 0.1 --keep-weight 4 --smoothing 0.5 --lexicons "$root/models" "$tmp/base.lbl"
"$shai" eval --json "$@" --train-also "$tmp/extra.lbl" --compare-without --bootstrap 200 > "$tmp/cw.json" 2> "$tmp/err"; rc=$?
"$shai" eval --json "$@" --train-also "$tmp/extra.lbl" > "$tmp/with.json" 2> /dev/null
"$shai" eval --json "$@" > "$tmp/without.json" 2> /dev/null
pick='[.drop.f1, .content_kept, .junk_left, .accuracy]'
got='[.compare.drop_f1, .compare.content_kept, .compare.junk_left, .compare.accuracy]'
if [ $rc -eq 0 ] && [ "$(jq -c "$pick" "$tmp/cw.json")" = "$(jq -c "$pick" "$tmp/with.json")" ] &&
   [ "$(jq -c "$got | map(.this)" "$tmp/cw.json")" = "$(jq -c "$pick" "$tmp/with.json")" ] &&
   [ "$(jq -c "$got | map(.that)" "$tmp/cw.json")" = "$(jq -c "$pick" "$tmp/without.json")" ] &&
   [ "$(jq "$got | map(select(.difference != null) | (.this - .that - .difference) | fabs | select(. > 2e-6)) | length" "$tmp/cw.json")" = 0 ] &&
   [ "$(jq -r '.compare.against' "$tmp/cw.json")" = "the same folds without the --train-also pages" ] &&
   grep -q "the same folds again, without the --train-also pages" "$tmp/err"; then
    ok "--compare-without: the run with --train-also pages and the same folds without them"
else bad "--compare-without: exit $rc, $(grep -v fold "$tmp/err" | head -n 1), $(jq -c "$got" "$tmp/cw.json" 2> /dev/null | head -c 300)"; fi
# ($o is split on spaces: the model through a link in $tmp, whose name has
# none, so that a checkout under a path with spaces passes too)
ln -s "$root/models" "$tmp/models"
for o in "--cv 2 --compare-without $tmp/base.lbl" "--compare-without $tmp/base.lbl --train-also $tmp/extra.lbl" \
         "--cv 2 --compare-without --compare $tmp/models/default.model $tmp/base.lbl --train-also $tmp/extra.lbl"; do
    "$shai" eval $o > /dev/null 2> "$tmp/err"; rc=$?
    if [ $rc -eq 1 ] && grep -q -- "--compare-without\|--train-also" "$tmp/err"; then ok "eval $(echo "$o" | sed "s#$tmp/##g"): a usage error"
    else bad "eval $o: exit $rc, $(head -n 1 "$tmp/err")"; fi
done
"$shai" eval --compare-without "$tmp/base.lbl" > /dev/null 2> "$tmp/err"; rc=$?
if [ $rc -eq 1 ] && grep -q -- "--compare-without needs --cv and --train-also" "$tmp/err"; then ok "--compare-without alone: names both options it needs"
else bad "--compare-without alone: exit $rc, $(head -n 1 "$tmp/err")"; fi
for v in 0 1 x 1000001; do
    "$shai" eval --bootstrap "$v" "$tmp/gold.lbl" > /dev/null 2> "$tmp/err"; rc=$?
    if [ $rc -eq 1 ] && grep -q -- "--bootstrap" "$tmp/err"; then ok "--bootstrap $v: a usage error"
    else bad "--bootstrap $v: exit $rc, $(head -n 1 "$tmp/err")"; fi
done

# training/agreement (make agreement): the second labeling holds the same
# pages, with the same text, as the training files; and cv_labels.awk turns
# predictions back into those pages' labels ('?' blocks, which
# --predictions leaves out, stay '?'): shai eval --predictions of a
# labeling that swaps the gold's K and B gives back that labeling
ag="$root/training/agreement"
awk -f "$ag/pages_of.awk" "$ag/second.lbl" "$root/training/train.lbl" "$root/training/seeds.lbl" \
    "$root/training/added.lbl" > "$tmp/first.lbl"
want=$(grep -c '^#page' "$ag/second.lbl")
if "$shai" eval --json --predicted "$ag/second.lbl" "$tmp/first.lbl" > "$tmp/agree.json" 2> "$tmp/err" &&
   [ "$(jq .pages "$tmp/agree.json")" = "$want" ] && [ "$(grep -c '^#page' "$tmp/first.lbl")" = "$want" ] &&
   [ "$(jq '.blocks > 2000 and .accuracy > 0.9' "$tmp/agree.json")" = true ]; then
    ok "training/agreement/second.lbl: its $want pages and their text are the training files' own"
else bad "training/agreement/second.lbl against the training files: $(head -n 1 "$tmp/err") $(jq -c '[.pages, .blocks, .accuracy]' "$tmp/agree.json" 2> /dev/null)"; fi
awk -F'\t' -v OFS='\t' 'NF > 1 && !/^#page/ { $1 = $1 == "K" ? "B" : $1 == "B" ? "K" : $1 } { print }' \
    "$tmp/first.lbl" > "$tmp/swapped.lbl"
"$shai" eval --predicted "$tmp/swapped.lbl" --predictions "$tmp/asgold.tsv" "$tmp/first.lbl" > /dev/null 2> "$tmp/err" ||
    bad "eval --predicted --predictions on the agreement pages: $(head -n 1 "$tmp/err")"
if awk -f "$ag/cv_labels.awk" "$tmp/asgold.tsv" "$tmp/first.lbl" > "$tmp/back.lbl" 2> "$tmp/err" &&
   cmp -s "$tmp/back.lbl" "$tmp/swapped.lbl" && grep -q '^?' "$tmp/back.lbl" && ! cmp -s "$tmp/back.lbl" "$tmp/first.lbl"; then
    ok "cv_labels.awk: the predicted labels replace the gold ones, '?' blocks stay"
else bad "cv_labels.awk round trip: $(head -n 1 "$tmp/err") $(cmp "$tmp/back.lbl" "$tmp/swapped.lbl" 2>&1 | head -n 1)"; fi
head -n 20 "$tmp/asgold.tsv" > "$tmp/short.tsv"
if ! awk -f "$ag/cv_labels.awk" "$tmp/short.tsv" "$tmp/first.lbl" > /dev/null 2> "$tmp/err" &&
   grep -q 'no prediction for' "$tmp/err"; then
    ok "cv_labels.awk: a labeled block without a prediction is an error"
else bad "cv_labels.awk with missing predictions: $(head -n 1 "$tmp/err")"; fi

echo "eval: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
