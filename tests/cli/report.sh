#!/bin/sh
# tests/cli/report.sh [SHAI] — golden and merge tests of `shai report`.
#
#   sh tests/cli/report.sh ./shai
#
# Uses tests/data/report_blocks.jsonl (hand-counted in
# tests/unit/test_report.c) and the goldens beside this script.  The
# HTML check needs xmllint (Debian package libxml2-utils); it is skipped,
# with a note, when xmllint is missing.  The check of the scoring path
# needs a model ($SHAI_MODEL or models/default.model) and
# tests/data/sample.jsonl; it is skipped when either is missing.  It also
# checks that `shai filter --blocks` read back by --from-blocks gives the
# scoring path's report byte for byte.
# Prints one line per check; exits 1 when any failed.
set -u
SHAI=${1:-./shai}
here=$(cd "$(dirname "$0")" && pwd)
data=$here/../data
fx=$data/report_blocks.jsonl
tmp=$(mktemp -d "${TMPDIR:-/tmp}/shai-report-test.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
T=report
. "$here/lib.sh"

# ---- the fixture against the hand-counted goldens
status "--from-blocks --json runs" 0 "$SHAI" report --from-blocks --json "$fx"
cp "$tmp/out" "$tmp/all.json"
same "JSON summary equals the golden" "$here/report_blocks.json" "$tmp/all.json"
if [ -s "$tmp/err" ]; then bad "silent on stderr when it is not a terminal"; cat "$tmp/err"
else ok "silent on stderr when it is not a terminal"; fi
"$SHAI" report --from-blocks "$fx" >"$tmp/table.txt" 2>&1
same "table equals the golden" "$here/report_blocks.txt" "$tmp/table.txt"
"$SHAI" report --from-blocks --json - <"$fx" >"$tmp/stdin.json" 2>&1
same "standard input gives the same summary" "$tmp/all.json" "$tmp/stdin.json"

# ---- '-' is standard output, as for filter; a closed pipe is exit 4
status "-o - is standard output" 0 "$SHAI" report --from-blocks -o - "$fx"
same "the same table" "$here/report_blocks.txt" "$tmp/out"
if [ -e ./- ]; then bad "no file named '-'"; rm -f ./-; else ok "no file named '-'"; fi
# --output is -o, as in filter and train
status "--output FILE" 0 "$SHAI" report --from-blocks --output "$tmp/long.txt" "$fx"
same "--output writes the same table" "$here/report_blocks.txt" "$tmp/long.txt"
status "--html - and the table both on standard output" 1 "$SHAI" report --from-blocks --html - "$fx"
# the reader of the pipe is gone before report writes (its input comes
# a second late); main.c's check serves every command
{ (sleep 1; cat "$fx") | "$SHAI" report --from-blocks - 2>"$tmp/pipe.err"; echo $? >"$tmp/pipe.rc"; } | true
if [ "$(cat "$tmp/pipe.rc")" = 4 ] && grep -q "shai report: write error on standard output: Broken pipe" "$tmp/pipe.err"
then ok "a closed pipe is exit 4, a write error"
else bad "a closed pipe is exit 4, a write error (exit $(cat "$tmp/pipe.rc"))"; cat "$tmp/pipe.err"; fi

# ---- shards (split at document boundaries) merge to the single run
head -n 4 "$fx" >"$tmp/s1.jsonl"            # d1
sed -n '5,9p' "$fx" >"$tmp/s2.jsonl"        # d2 d3
tail -n +10 "$fx" >"$tmp/s3.jsonl"          # x<&">y d5 dup dup
for s in s1 s2 s3; do
    "$SHAI" report --from-blocks --json "$tmp/$s.jsonl" >"$tmp/$s.json" || bad "shard $s"
done
"$SHAI" report --merge --json "$tmp/s1.json" "$tmp/s2.json" "$tmp/s3.json" >"$tmp/m123.json"
same "merge of three shards equals the single run" "$tmp/all.json" "$tmp/m123.json"
"$SHAI" report --merge --json "$tmp/s3.json" "$tmp/s1.json" "$tmp/s2.json" >"$tmp/m312.json"
same "merge does not depend on the order" "$tmp/all.json" "$tmp/m312.json"
"$SHAI" report --merge --json "$tmp/s1.json" "$tmp/s2.json" >"$tmp/m12.json"
"$SHAI" report --merge --json "$tmp/m12.json" "$tmp/s3.json" >"$tmp/m12_3.json"
"$SHAI" report --merge --json "$tmp/s2.json" "$tmp/s3.json" >"$tmp/m23.json"
"$SHAI" report --merge --json "$tmp/s1.json" "$tmp/m23.json" >"$tmp/m1_23.json"
same "merge is associative: (1+2)+3" "$tmp/all.json" "$tmp/m12_3.json"
same "merge is associative: 1+(2+3)" "$tmp/all.json" "$tmp/m1_23.json"
"$SHAI" report --merge "$tmp/s1.json" "$tmp/s2.json" "$tmp/s3.json" >"$tmp/mtable.txt"
same "table of the merge equals the table of the single run" "$here/report_blocks.txt" "$tmp/mtable.txt"
"$SHAI" report --from-blocks --json "$tmp/s1.jsonl" "$tmp/s2.jsonl" "$tmp/s3.jsonl" >"$tmp/files.json"
same "several input files give the single run" "$tmp/all.json" "$tmp/files.json"

# ---- --from-blocks: "doc" starts at 1 in every filter run, so documents
# of several runs (one text file each, or runs joined with cat) are told
# apart by id and url too
bl() { printf '{"id":"%s","url":"http://%s/","doc":%s,"line":%s,"chars":10,"keep":%s,"label":"%s"}\n' "$@"; }
{ bl p1.txt a.com 1 1 true content; bl p1.txt a.com 1 2 false boilerplate
  bl p2.txt b.com 1 1 true content; bl p3.txt b.com 1 1 false boilerplate
  bl p3.txt b.com 1 1 false boilerplate; } >"$tmp/runs.blocks"
"$SHAI" report --from-blocks --json "$tmp/runs.blocks" >"$tmp/runs.json"
if [ "$(jq -c '[.documents, .blocks, [.hosts[] | [.host, .documents]]]' "$tmp/runs.json")" = \
     '[4,5,[["a.com",1],["b.com",3]]]' ]; then
    ok "--from-blocks: a repeated doc number under another id, url or a line number that does not grow is another document"
else bad "--from-blocks: a repeated doc number under another id, url or a line number that does not grow is another document"
    jq -c '[.documents, .blocks, [.hosts[] | [.host, .documents]]]' "$tmp/runs.json"; fi
# gzip, zstd and directories, as the scoring path reads them
mkdir -p "$tmp/bdir"
cp "$fx" "$tmp/bdir/a.blocks"
gzip -c "$fx" >"$tmp/fx.blocks.gz"
"$SHAI" report --from-blocks --json "$tmp/fx.blocks.gz" >"$tmp/gz.json"
same "--from-blocks reads gzip" "$tmp/all.json" "$tmp/gz.json"
if command -v zstd >/dev/null 2>&1; then
    zstd -q -c "$fx" >"$tmp/fx.blocks.zst"
    "$SHAI" report --from-blocks --json "$tmp/fx.blocks.zst" >"$tmp/zst.json"
    same "--from-blocks reads zstd" "$tmp/all.json" "$tmp/zst.json"
fi
"$SHAI" report --from-blocks --json "$tmp/bdir" >"$tmp/dir.json"
same "--from-blocks reads a directory" "$tmp/all.json" "$tmp/dir.json"
head -c 300 "$tmp/fx.blocks.gz" >"$tmp/cut.blocks.gz"
status "--from-blocks of a cut gzip file" 2 "$SHAI" report --from-blocks --json "$tmp/cut.blocks.gz"
has "a cut file is named" "$tmp/err" "cut.blocks.gz: truncated gzip stream after"
if [ "$(jq .files_failed "$tmp/out")" = 1 ]; then ok "a cut file counts in files_failed"
else bad "a cut file counts in files_failed"; fi

# ---- --merge under a host cap: a summary's own "(other)" is not counted
# as overflowing a second time
{ bl x1 x.com 1 1 false boilerplate; for i in 2 3 4 5 6; do bl "y$i" y.com "$i" 1 false boilerplate; done; } >"$tmp/cap1.blocks"
bl c1 c.com 1 1 false boilerplate >"$tmp/cap2.blocks"
"$SHAI" report --from-blocks --json --max-hosts 1 "$tmp/cap1.blocks" >"$tmp/cap1.json"
"$SHAI" report --from-blocks --json "$tmp/cap2.blocks" >"$tmp/cap2.json"
status "--merge under a host cap" 0 "$SHAI" report --merge --json --max-hosts 1 "$tmp/cap2.json" "$tmp/cap1.json"
cp "$tmp/out" "$tmp/capm.json"
if [ "$(jq -c '[.documents, .hosts_overflow]' "$tmp/capm.json")" = '[7,6]' ]; then ok "(other) counted once in hosts_overflow"
else bad "(other) counted once in hosts_overflow: $(jq -c '[.documents, .hosts_overflow]' "$tmp/capm.json")"; fi
status "the merged summary merges again" 0 "$SHAI" report --merge --json "$tmp/capm.json"

# ---- percentages: never 100.0% of less than all, nor 0.0% of something
{ bl k k.com 1 1 true content; i=2; while [ $i -le 2000 ]; do bl "d$i" k.com "$i" 1 false boilerplate; i=$((i + 1)); done; } >"$tmp/pct.blocks"
"$SHAI" report --from-blocks "$tmp/pct.blocks" >"$tmp/pct.txt"
if grep -q '^documents .* 99\.95%$' "$tmp/pct.txt" && ! grep -q '100\.0%' "$tmp/pct.txt"; then
    ok "1999 of 2000 dropped reads 99.95%, not 100.0%"
else bad "1999 of 2000 dropped reads 99.95%, not 100.0%"; head -5 "$tmp/pct.txt"; fi
"$SHAI" report --from-blocks "$tmp/pct.blocks" --html "$tmp/pct.html" >/dev/null
if grep -q '<td>1999</td><td>99\.95%</td>' "$tmp/pct.html" && ! grep -q '<td>100\.0%</td>' "$tmp/pct.html"; then ok "and in the HTML"
else bad "and in the HTML"; fi

# ---- HTML: one well-formed, self-contained page
status "--html writes a page" 0 "$SHAI" report --from-blocks "$fx" --html "$tmp/r.html"
if command -v xmllint >/dev/null 2>&1; then
    if xmllint --noout "$tmp/r.html" 2>"$tmp/xml.err"; then ok "HTML is well-formed (xmllint)"
    else bad "HTML is well-formed (xmllint)"; head -5 "$tmp/xml.err"; fi
else
    echo "SKIP report: HTML well-formedness: xmllint not installed (Debian: libxml2-utils)"
fi
if grep -q '<svg xmlns="http://www.w3.org/2000/svg"' "$tmp/r.html"; then ok "HTML holds inline SVG"
else bad "HTML holds inline SVG"; fi
if grep -Eq '<script|src=|href=|url\(|@import' "$tmp/r.html"; then bad "HTML loads nothing from outside"
else ok "HTML loads nothing from outside"; fi

# ---- errors and exit codes
printf '{"format": "shai-report", "version": 1, "documents": 1' >"$tmp/trunc.json"
status "a truncated summary exits 2" 2 "$SHAI" report --merge "$tmp/trunc.json"
if grep -q 'trunc.json:1:' "$tmp/err"; then ok "the message names file and line"
else bad "the message names file and line"; cat "$tmp/err"; fi
status "a missing summary exits 2" 2 "$SHAI" report --merge "$tmp/none.json"
status "an unknown option exits 1" 1 "$SHAI" report --bogus
# a file that cannot be read is counted in the summary, and merging adds it up
status "a missing input exits 2" 2 "$SHAI" report --json "$data/sample.jsonl" "$tmp/none.jsonl"
if [ "$(jq '.files_failed' < "$tmp/out")" = 1 ]; then ok "and is counted (files_failed 1)"; else bad "and is counted"; fi
cp "$tmp/out" "$tmp/lost.json"
status "merge of two such summaries" 0 "$SHAI" report --merge "$tmp/lost.json" "$tmp/lost.json"
has "the table says two files are missing" "$tmp/out" "input files unreadable or cut short (their documents past the failure are missing): 2"
# a gzip file cut short: the documents before the damage are counted, the
# record it cut is a reject, the file one of files_failed
gzip -c "$data/sample.jsonl" | head -c 40000 > "$tmp/cut.jsonl.gz"
before=$(gzip -dc "$tmp/cut.jsonl.gz" 2> /dev/null | grep -c '}$')
status "a cut gzip file exits 2" 2 "$SHAI" report --json "$tmp/cut.jsonl.gz"
if [ "$before" -gt 0 ] && [ "$(jq -c '[.documents, .rejected, .files_failed]' < "$tmp/out")" = "[$before,1,1]" ]; then
    ok "a cut file: its $before whole documents counted, the cut record rejected, the file failed"
else bad "a cut file: $(jq -c '[.documents, .rejected, .files_failed]' < "$tmp/out") for $before whole documents"; fi
jq 'del(.files_failed)' "$tmp/lost.json" > "$tmp/old.json"
status "a summary without files_failed (older) merges" 0 "$SHAI" report --merge --json "$tmp/old.json"
if [ "$(jq '.files_failed' < "$tmp/out")" = 0 ]; then ok "as none"; else bad "as none"; fi
cp "$data/sample.jsonl" "$tmp/own.jsonl"
status "-o onto the input is refused" 1 "$SHAI" report "$tmp/own.jsonl" -o "$tmp/own.jsonl"
status "--html onto the input is refused" 1 "$SHAI" report "$tmp/own.jsonl" --html "$tmp/own.jsonl"
if cmp -s "$data/sample.jsonl" "$tmp/own.jsonl"; then ok "the input is intact"; else bad "the input is intact"; fi
status "an unwritable -o fails before scoring" 4 "$SHAI" report "$tmp/own.jsonl" -o "$tmp/no/such/dir/r.txt"
has "names it" "$tmp/err" "cannot write $tmp/no/such/dir/r.txt"
mkdir -p "$tmp/adir"
status "-o a directory fails before scoring" 4 "$SHAI" report "$tmp/own.jsonl" -o "$tmp/adir"
has "says it is a directory" "$tmp/err" "it is a directory"
status "--merge without files exits 1" 1 "$SHAI" report --merge
{ cat "$fx"; echo '{"id": "zz", "keep": true, "label": "nonsense"}'; } >"$tmp/badline.jsonl"
status "a bad --blocks line is counted and skipped" 0 "$SHAI" report --from-blocks --json "$tmp/badline.jsonl"
if grep -q '"rejected": 1,' "$tmp/out" && grep -q 'badline.jsonl:18: unknown label' "$tmp/err"; then
    ok "the rejected line is reported"; else bad "the rejected line is reported"; cat "$tmp/err"; fi
status "--strict stops at a bad line with exit 2" 2 "$SHAI" report --from-blocks --strict "$tmp/badline.jsonl"

# ---- the scoring path: shards of the sample merge to the single run
model=${SHAI_MODEL:-$here/../../models/default.model}
sample=$data/sample.jsonl
if [ -f "$model" ] && [ -f "$sample" ]; then
    n=$(wc -l <"$sample")
    half=$(( (n + 1) / 2 ))
    head -n "$half" "$sample" >"$tmp/p1.jsonl"
    tail -n +"$(( half + 1 ))" "$sample" >"$tmp/p2.jsonl"
    status "report of the sample runs" 0 "$SHAI" report --model "$model" --json "$sample"
    cp "$tmp/out" "$tmp/sample.json"
    "$SHAI" report --model "$model" --json "$tmp/p1.jsonl" >"$tmp/p1.json"
    "$SHAI" report --model "$model" --json "$tmp/p2.jsonl" >"$tmp/p2.json"
    "$SHAI" report --merge --json "$tmp/p2.json" "$tmp/p1.json" >"$tmp/p12.json"
    same "scored shards of the sample merge to the single run" "$tmp/sample.json" "$tmp/p12.json"
    "$SHAI" report --model "$model" --json -j 3 "$sample" "$tmp/p1.jsonl" "$sample" >"$tmp/j3.json"
    "$SHAI" report --model "$model" --json "$sample" "$tmp/p1.jsonl" "$sample" >"$tmp/j1.json"
    same "report -j 3 equals the single-threaded report" "$tmp/j1.json" "$tmp/j3.json"
    status "-j with --from-blocks is a usage error" 1 "$SHAI" report --from-blocks -j 2 "$tmp/p1.json"
    # --threshold reaches the scoring: far above every score nothing drops
    "$SHAI" report --model "$model" --json --threshold 1e9 "$sample" >"$tmp/thr.json"
    if [ "$(jq '.blocks_out == .blocks and .blocks > 0' "$tmp/thr.json")" = true ]; then ok "report --threshold 1e9 keeps every block"
    else bad "report --threshold 1e9 keeps every block"; fi
    # rejected records on the scoring path: counted, and --strict stops
    { head -n 2 "$sample"; echo '{"id":"no-text"}'; echo 'not json'; } >"$tmp/rej.jsonl"
    status "report counts rejected records" 0 "$SHAI" report --model "$model" --json "$tmp/rej.jsonl"
    if [ "$(jq -c '[.documents, .rejected]' "$tmp/out")" = '[2,2]' ]; then ok "report: 2 documents, 2 rejected"
    else bad "report: 2 documents, 2 rejected: $(jq -c '[.documents, .rejected]' "$tmp/out")"; fi
    status "report --strict stops at a rejected record" 2 "$SHAI" report --model "$model" --strict --json "$tmp/rej.jsonl"
    # `shai filter --blocks` lines carry url and chars: reading them back
    # gives the report of the scoring path, byte for byte
    "$SHAI" filter --model "$model" --blocks --quiet "$sample" >"$tmp/sample.blocks" ||
        bad "filter --blocks of the sample"
    if head -n 1 "$tmp/sample.blocks" | grep -q '^{"id":"[^"]*","url":"[^"]*","doc":1,"line":[0-9]*,"chars":[0-9]*,"keep":'; then
        ok "--blocks lines hold id, url, doc, line, chars, keep in that order"
    else bad "--blocks lines hold id, url, doc, line, chars, keep in that order"; head -n 1 "$tmp/sample.blocks"; fi
    # two documents without id or url, the second's first block further
    # down than the first's last: "doc" keeps them apart
    printf '{"text":"第一篇正文内容，足够长的一句话。"}\n{"text":"\\n\\n第二篇正文内容，足够长的一句话。"}\n' > "$tmp/noid2.jsonl"
    "$SHAI" filter --model "$model" --blocks -q "$tmp/noid2.jsonl" > "$tmp/noid2.blocks"
    if [ "$("$SHAI" report --from-blocks --json "$tmp/noid2.blocks" | jq .documents)" = 2 ] &&
       [ "$("$SHAI" report --model "$model" --json "$tmp/noid2.jsonl" | jq .documents)" = 2 ]; then
        ok "id-less documents stay apart through --blocks"
    else bad "id-less documents stay apart through --blocks"; fi
    "$SHAI" report --from-blocks --json <"$tmp/sample.blocks" >"$tmp/fromblocks.json"
    same "filter --blocks | report --from-blocks --json equals report --json" "$tmp/sample.json" "$tmp/fromblocks.json"
    if grep -q '"blocks_no_chars": 0,' "$tmp/fromblocks.json"; then ok "every block line has chars"
    else bad "every block line has chars"; fi
    "$SHAI" filter --model "$model" --explain -j 3 --quiet "$sample" | "$SHAI" report --from-blocks --json >"$tmp/fromexplain.json"
    same "the same through --explain -j 3" "$tmp/sample.json" "$tmp/fromexplain.json"
    "$SHAI" report --model "$model" "$sample" >"$tmp/sample.txt"
    "$SHAI" report --from-blocks "$tmp/sample.blocks" >"$tmp/fromblocks.txt"
    same "and the same table" "$tmp/sample.txt" "$tmp/fromblocks.txt"
    status "table of the sample" 0 "$SHAI" report --model "$model" "$sample" --html "$tmp/s.html"
    if command -v xmllint >/dev/null 2>&1; then
        if xmllint --noout "$tmp/s.html" 2>/dev/null; then ok "sample HTML is well-formed"
        else bad "sample HTML is well-formed"; fi
    fi
else
    echo "SKIP report: scoring path: no model ($model) or no $sample"
fi

exit $fail
