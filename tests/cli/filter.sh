#!/bin/sh
# tests/cli/filter.sh [SHAI] — end-to-end checks of `shai filter`.
#
#   sh tests/cli/filter.sh ./shai
#
# Needs a model ($SHAI_MODEL, else models/default.model); everything is
# skipped, with a note, without one.  The .gz/.zst checks need gzip and
# zstd, the pass-through check jq; each is skipped when its tool is missing.
# Prints one line per check; exits 1 when any failed.
set -u
SHAI=${1:-./shai}
here=$(cd "$(dirname "$0")" && pwd)
data=$here/../data
tmp=$(mktemp -d "${TMPDIR:-/tmp}/shai-filter-test.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
T=filter
. "$here/lib.sh"

if [ -z "${SHAI_MODEL:-}" ]; then
    if [ -f "$here/../../models/default.model" ]; then SHAI_MODEL=$here/../../models/default.model
    else skip "no model (set SHAI_MODEL or run 'make model'): all checks skipped"; exit 0; fi
fi
export SHAI_MODEL

# ---- usage and exit codes
status "--help" 0 "$SHAI" filter --help
has "usage names --format" "$tmp/out" "--format F"
status "unknown option is a usage error" 1 "$SHAI" filter --frobnicate "$data/sample.wet"
status "unknown format is a usage error" 1 "$SHAI" filter --format xml "$data/sample.wet"
for v in nan inf -inf 1e999 0.5x; do
    status "--threshold $v is a usage error" 1 "$SHAI" filter --threshold "$v" "$data/sample.wet"
    has "--threshold $v: the message names the option" "$tmp/err" "--threshold expects a finite number, got '$v'"
done
status "train -C nan is a usage error" 1 "$SHAI" train -C nan -o "$tmp/nan.model" "$data/mini.lbl"
status "missing model" 3 "$SHAI" filter --model "$tmp/none.model" "$data/sample.wet"

# ---- the sample: tally, in = out + rejected
status "sample.jsonl" 0 "$SHAI" filter "$data/sample.jsonl" -o "$tmp/s1.jsonl"
has "tally" "$tmp/err" "shai filter: 26 documents in, 26 out, 0 rejected, 0 skipped (non-conversion WET records);"
n=$(wc -l < "$tmp/s1.jsonl")
if [ "$n" -eq 26 ]; then ok "26 output records"; else bad "26 output records (got $n)"; fi
# the tally's blocks and kept are the records' own counts added up
if command -v jq >/dev/null 2>&1; then
    want=$(jq -s -r '"\(map(.shai.kept_blocks + .shai.dropped_blocks) | add) blocks, \(map(.shai.kept_blocks) | add) kept;"' "$tmp/s1.jsonl")
    has "tally: blocks and kept add up the records' ($want)" "$tmp/err" "; $want"
    # --threshold moves the drop point: far above every score nothing is
    # dropped, far below nothing is kept, and in between it is monotone
    "$SHAI" filter --blocks --threshold 1e9 "$data/sample.jsonl" 2>/dev/null | jq -r .keep | sort | uniq -c | tr -s ' ' >"$tmp/thr.hi"
    "$SHAI" filter --blocks --threshold -1e9 "$data/sample.jsonl" 2>/dev/null | jq -r .keep | sort | uniq -c | tr -s ' ' >"$tmp/thr.lo"
    if grep -q ' true$' "$tmp/thr.hi" && ! grep -q ' false$' "$tmp/thr.hi"; then ok "--threshold 1e9 keeps every block"
    else bad "--threshold 1e9 keeps every block"; cat "$tmp/thr.hi"; fi
    if grep -q ' false$' "$tmp/thr.lo" && ! grep -q ' true$' "$tmp/thr.lo"; then ok "--threshold -1e9 drops every block"
    else bad "--threshold -1e9 drops every block"; cat "$tmp/thr.lo"; fi
    k0=$("$SHAI" filter --blocks --threshold -0.5 "$data/sample.jsonl" 2>/dev/null | jq -s 'map(select(.keep)) | length')
    k1=$("$SHAI" filter --blocks --threshold 0.5 "$data/sample.jsonl" 2>/dev/null | jq -s 'map(select(.keep)) | length')
    if [ "$k0" -lt "$k1" ]; then ok "--threshold 0.5 keeps more blocks than -0.5 ($k1 > $k0)"
    else bad "--threshold 0.5 keeps more blocks than -0.5 ($k1, $k0)"; fi
fi

# ---- a record's "title" field stands for the page's first line
status "titled.jsonl" 0 "$SHAI" filter --blocks "$data/titled.jsonl" -o "$tmp/titled.blocks"
has "headline kept with its title field" "$tmp/titled.blocks" '{"id":"with-title","url":"","doc":1,"line":3,"chars":22,"keep":true,"label":"content"'
has "headline dropped without one" "$tmp/titled.blocks" '{"id":"no-title","url":"","doc":2,"line":3,"chars":22,"keep":false,'
status "titled.jsonl -j 2" 0 "$SHAI" filter --blocks -j 2 "$data/titled.jsonl" -o "$tmp/titled2.blocks"
if cmp -s "$tmp/titled.blocks" "$tmp/titled2.blocks"; then ok "titled: -j 2 equals -j 1"; else bad "titled: -j 2 equals -j 1"; fi

# ---- threads keep the order; compressed output
status "-j 3" 0 "$SHAI" filter -j 3 "$data/sample.jsonl" -o "$tmp/s3.jsonl"
if cmp -s "$tmp/s1.jsonl" "$tmp/s3.jsonl"; then ok "-j 3 output equals -j 1"; else bad "-j 3 output equals -j 1"; fi
# 1,300 documents: more than one batch of 256 per job, and more jobs than
# the ring holds (4 per thread)
i=0
while [ $i -lt 50 ]; do cat "$data/sample.jsonl"; i=$((i + 1)); done > "$tmp/many.jsonl"
status "1,300 documents -j 1" 0 "$SHAI" filter --blocks -j 1 "$tmp/many.jsonl" -o "$tmp/many1.blocks"
status "1,300 documents -j 3" 0 "$SHAI" filter --blocks -j 3 "$tmp/many.jsonl" -o "$tmp/many3.blocks"
if [ -s "$tmp/many1.blocks" ] && cmp -s "$tmp/many1.blocks" "$tmp/many3.blocks"; then
    ok "1,300 documents: -j 3 equals -j 1, in order"
else bad "1,300 documents: -j 3 equals -j 1, in order"; fi
if command -v gzip >/dev/null 2>&1; then
    status "-o .gz" 0 "$SHAI" filter -j 2 "$data/sample.jsonl" -o "$tmp/s.jsonl.gz"
    gzip -dc "$tmp/s.jsonl.gz" > "$tmp/sg.jsonl"
    if cmp -s "$tmp/s1.jsonl" "$tmp/sg.jsonl"; then ok ".gz output decompresses to the same"; else bad ".gz output"; fi
    status "reads its own .gz output" 0 "$SHAI" filter "$tmp/s.jsonl.gz" -o /dev/null
else skip "gzip missing"; fi
if command -v zstd >/dev/null 2>&1; then
    status "-o .zst" 0 "$SHAI" filter "$data/sample.jsonl" -o "$tmp/s.jsonl.zst"
    zstd -qdc "$tmp/s.jsonl.zst" > "$tmp/sz.jsonl"
    if cmp -s "$tmp/s1.jsonl" "$tmp/sz.jsonl"; then ok ".zst output decompresses to the same"; else bad ".zst output"; fi
else skip "zstd missing"; fi

# ---- other fields pass through
if command -v jq >/dev/null 2>&1; then
    jq -c 'del(.text)' "$data/sample.jsonl" > "$tmp/in.rest"
    jq -c 'del(.text, .shai)' "$tmp/s1.jsonl" > "$tmp/out.rest"
    if cmp -s "$tmp/in.rest" "$tmp/out.rest"; then ok "fields other than text pass through"; else bad "pass-through"; fi
else skip "jq missing"; fi

# ---- --explain: "top" on every block, "label_top" on the dropped ones only
if command -v jq >/dev/null 2>&1; then
    status "--explain" 0 "$SHAI" filter --explain "$data/sample.jsonl" -o "$tmp/ex.jsonl"
    n=$(jq -s '[.[] | select((.top | length) < 1 or (.top | length) > 5)] | length' "$tmp/ex.jsonl")
    if [ "$n" = 0 ]; then ok "explain: 1 to 5 top contributions on every block"; else bad "explain: $n blocks without 1-5 top contributions"; fi
    n=$(jq -s '[.[] | select(.keep == (has("label_top")))] | length' "$tmp/ex.jsonl")
    if [ "$n" = 0 ]; then ok "explain: label_top exactly on the dropped blocks"; else bad "explain: label_top on $n kept or missing on dropped blocks"; fi
    n=$(jq -s '[.[] | select(.top != (.top | sort_by(-(.contrib | fabs))) or
                              (.label_top // []) != ((.label_top // []) | sort_by(-(.contrib | fabs))))] | length' "$tmp/ex.jsonl")
    if [ "$n" = 0 ]; then ok "explain: largest |contrib| first"; else bad "explain: $n blocks out of order"; fi
    jq -c 'del(.top, .label_top)' "$tmp/ex.jsonl" > "$tmp/ex.rest"
    "$SHAI" filter --blocks --quiet "$data/sample.jsonl" | jq -c . > "$tmp/bl.jsonl"
    if cmp -s "$tmp/ex.rest" "$tmp/bl.jsonl"; then ok "explain: the blocks output plus the lists"; else bad "explain: differs from --blocks beyond the lists"; fi
else skip "jq missing: --explain checks"; fi

# ---- WET, rejects, --strict, stdin
status "damaged WET" 0 "$SHAI" filter "$data/truncated.wet" --rejects "$tmp/rej.jsonl" -o /dev/null
has "WET tally" "$tmp/err" "6 documents in, 2 out, 4 rejected, 1 skipped"
cat > "$tmp/rej.want" <<'W'
{"source":"DATA/truncated.wet","record":2,"line":17,"reason":"truncated record: Content-Length 4000, but the next record starts after 62 bytes"}
{"source":"DATA/truncated.wet","record":4,"line":46,"reason":"missing Content-Length header"}
{"source":"DATA/truncated.wet","record":5,"line":60,"reason":"bad Content-Length \"12ab\" (expected a byte count)"}
{"source":"DATA/truncated.wet","record":7,"line":90,"reason":"truncated record: Content-Length 316, but the input ends after 280 bytes"}
W
sed "s|DATA|$data|" "$tmp/rej.want" > "$tmp/rej.want2"
if cmp -s "$tmp/rej.want2" "$tmp/rej.jsonl"; then ok "--rejects lines"; else bad "--rejects lines"; diff "$tmp/rej.want2" "$tmp/rej.jsonl"; fi
status "--strict with rejects" 2 "$SHAI" filter --strict --quiet "$data/truncated.wet" -o /dev/null
if [ -s "$tmp/err" ]; then bad "--quiet is quiet"; else ok "--quiet is quiet"; fi
status "stdin" 0 sh -c "\"$SHAI\" filter --format text < \"$data/sample.wet\""
status "unreadable input, others still read" 2 "$SHAI" filter "$tmp/missing.jsonl" "$data/sample.wet" -o /dev/null
has "names the unreadable file" "$tmp/err" "$tmp/missing.jsonl: No such file or directory"
has "still reads the rest" "$tmp/err" "3 documents in, 3 out"

# ---- JSON details: a 64-bit unsigned number elsewhere, numeric ids, an empty url
printf '{"id":1,"text":"首页","h":18446744073709551615}\n{"id":0.10,"text":"首页"}\n{"id":"u","text":"首页","url":"","metadata":{"url":"http://m.example/"}}\n{"id":1234567890123456789,"text":"首页","h":99999999999999999999}\n{"id":18446744073709551617,"text":"x"}\n' > "$tmp/nums.jsonl"
status "an integer past 64 bits is no reject" 0 "$SHAI" filter --strict -q "$tmp/nums.jsonl"
has "and passes through as written" "$tmp/out" '"h":18446744073709551615'
status "blocks of the same" 0 "$SHAI" filter --blocks -q "$tmp/nums.jsonl"
if [ "$(jq -r '.id' < "$tmp/out" | tr '\n' ' ')" = "1 0.10 u 1234567890123456789 18446744073709551617 " ]; then ok "a numeric id as the line writes it"
else bad "a numeric id as the line writes it: $(jq -r '.id' < "$tmp/out" | tr '\n' ' ')"; fi
if [ "$(jq -r 'select(.id == "u") | .url' < "$tmp/out")" = "http://m.example/" ]; then ok "an empty url falls back to metadata.url"
else bad "an empty url falls back to metadata.url"; fi

# ---- format by content: a text file may start with '{' or "WARC/1.0 "
printf '{转载} 今天天气很好，我们去公园散步吧。\n第二段内容在这里。\n' > "$tmp/brace.txt"
status "text starting with '{'" 0 "$SHAI" filter --blocks "$tmp/brace.txt"
if [ "$(jq -s 'length' < "$tmp/out")" = 2 ] && [ "$(jq -r '.id' < "$tmp/out" | sort -u)" = brace.txt ]; then ok "is one text document of two blocks"
else bad "is one text document of two blocks"; head -3 "$tmp/out"; fi
printf 'WARC/1.0 是一个版本号\n第二行\n' > "$tmp/warcish.txt"
status "text starting with 'WARC/1.0 '" 0 "$SHAI" filter --blocks "$tmp/warcish.txt"
if [ "$(jq -s 'length' < "$tmp/out")" = 2 ]; then ok "is one text document too"; else bad "is one text document too"; fi
printf '{ "id": "s", "text": "你好"}\n' > "$tmp/spaced"
status "JSON with a space after '{', no extension" 0 "$SHAI" filter --blocks "$tmp/spaced"
has "is read as JSONL" "$tmp/out" '"id":"s"'

# ---- --format lbl: documents without ids from two files keep distinct page ids
mkdir -p "$tmp/noid"
printf '{"text":"第一篇正文内容，足够长的一句话。"}\n' > "$tmp/noid/a.jsonl"
printf '{"text":"第二篇正文内容，足够长的一句话。"}\n' > "$tmp/noid/b.jsonl"
status "lbl of two id-less files" 0 "$SHAI" filter --format lbl -q "$tmp/noid" -o "$tmp/noid.lbl"
if [ "$(grep -c '^#page' "$tmp/noid.lbl")" = 2 ] && [ "$(grep '^#page' "$tmp/noid.lbl" | sort -u | wc -l)" = 2 ]; then ok "has two distinct page ids"
else bad "has two distinct page ids"; grep '^#page' "$tmp/noid.lbl"; fi
status "which eval --predicted reads back" 0 "$SHAI" eval --predicted "$tmp/noid.lbl" "$tmp/noid.lbl"

# ---- messages: a directory's subdirectories, two output formats
mkdir -p "$tmp/withsub/sub" && cp "$data/sample.jsonl" "$tmp/withsub/"
status "a directory with a subdirectory" 0 "$SHAI" filter "$tmp/withsub" -o /dev/null
has "says what it did not read" "$tmp/err" "$tmp/withsub: 1 entries that are not regular files"
status "--format text --blocks" 1 "$SHAI" filter --format text --blocks "$data/sample.jsonl"
has "is refused by name" "$tmp/err" "two output formats given"

# ---- an output never overwrites an input or another output
cp "$data/sample.jsonl" "$tmp/own.jsonl"
status "-o onto the input is refused" 1 "$SHAI" filter "$tmp/own.jsonl" -o "$tmp/own.jsonl"
has "names both" "$tmp/err" "output '$tmp/own.jsonl' would overwrite input '$tmp/own.jsonl'"
same "the input is intact" "$data/sample.jsonl" "$tmp/own.jsonl"
ln -s own.jsonl "$tmp/own-link.jsonl"
status "-o onto the input through a link" 1 "$SHAI" filter "$tmp/own-link.jsonl" -o "$tmp/own.jsonl"
status "--rejects onto the input" 1 "$SHAI" filter "$tmp/own.jsonl" -o /dev/null --rejects "$tmp/own.jsonl"
status "-o and --rejects one file" 1 "$SHAI" filter "$tmp/own.jsonl" -o "$tmp/o.jsonl" --rejects "$tmp/./o.jsonl"
has "says so" "$tmp/err" "are the same file"
mkdir "$tmp/owndir" && cp "$data/sample.jsonl" "$tmp/owndir/"
status "-o inside an input directory" 1 "$SHAI" filter "$tmp/owndir" -o "$tmp/owndir/out.jsonl"
has "says why" "$tmp/err" "would be read as part of input directory"
mkdir -p "$tmp/owndir/sub"
status "-o in a subdirectory of an input directory is fine" 0 "$SHAI" filter -q "$tmp/owndir" -o "$tmp/owndir/sub/out.jsonl"
status "-o onto standard input's file" 1 sh -c "\"$SHAI\" filter -q -o \"$tmp/own.jsonl\" < \"$tmp/own.jsonl\""
has "names standard input" "$tmp/err" "would overwrite input 'standard input'"
status "-o - and --rejects - together" 1 "$SHAI" filter -q -o - --rejects - "$tmp/own.jsonl"
status "-o /dev/null twice is fine" 0 "$SHAI" filter -q "$tmp/own.jsonl" -o /dev/null --rejects /dev/null
same "still intact" "$data/sample.jsonl" "$tmp/own.jsonl"

# ---- text that is not Chinese (README, "Bad input and limits"): an
# English news page keeps its body (lines 9-12); most of a Japanese one
# is dropped
status "foreign text" 0 "$SHAI" filter -q --blocks "$data/foreign.jsonl"
if [ "$(grep -c '"id":"en".*"line":\(9\|10\|11\|12\),.*"keep":true' "$tmp/out")" = 4 ]; then ok "an English page keeps its body"
else bad "an English page keeps its body"; grep '"id":"en"' "$tmp/out"; fi
if [ "$(grep -c '"id":"ja".*"keep":false' "$tmp/out")" -ge 5 ]; then ok "most of a Japanese page is dropped"
else bad "most of a Japanese page is dropped"; grep '"id":"ja"' "$tmp/out"; fi

# ---- --format lbl: every page id is unique, so that train and eval read
# the drafts back (two text files of one name, JSONL records sharing an
# id, a control character from a \u0000 in an id)
mkdir -p "$tmp/ida" "$tmp/idb"
printf '正文\n' >"$tmp/ida/page.txt"
printf '别的\n' >"$tmp/idb/page.txt"
printf '%s\n' '{"id":"a","text":"一"}' '{"id":"a","text":"二"}' '{"id":"a#2","text":"三"}' \
    '{"id":"x\u0000y","url":"http://h\u0001/","text":"四"}' >"$tmp/ids.jsonl"
status "lbl of repeated ids" 0 "$SHAI" filter -q --format lbl "$tmp/ida/page.txt" "$tmp/idb/page.txt" "$tmp/ids.jsonl"
grep '^#page' "$tmp/out" | tr '\t' '|' >"$tmp/ids.got"
printf '%s\n' '#page|page.txt' '#page|page.txt#2' '#page|a' '#page|a#2' '#page|a#2#2' '#page|x y|http://h /' >"$tmp/ids.want"
same "lbl: a repeated id gets #N, control characters become spaces" "$tmp/ids.want" "$tmp/ids.got"
cp "$tmp/out" "$tmp/ids.lbl"
status "lbl with repeated ids reads back" 0 "$SHAI" eval "$tmp/ids.lbl"
# ids that differ only where the .lbl file puts spaces (a tab, a control
# character, invalid UTF-8) are one id there, so the second gets #2
printf '{"id":"a\\tb","text":"第一页正文。"}\n{"id":"a b","text":"第二页正文。"}\n{"id":"x\\u0001","text":"正文。"}\n{"id":"x\\u0002","text":"正文。"}\n' >"$tmp/cids.jsonl"
printf '正文。\n' >"$tmp/$(printf '\377').txt"
printf '正文。\n' >"$tmp/$(printf '\376').txt"
status "lbl of ids equal once cleaned" 0 "$SHAI" filter -q --format lbl "$tmp/cids.jsonl" "$tmp/$(printf '\377').txt" "$tmp/$(printf '\376').txt"
grep '^#page' "$tmp/out" | tr '\t' '|' >"$tmp/cids.got"
{ printf '%s\n' '#page|a b' '#page|a b#2' '#page|x ' '#page|x #2'; printf '#page|\357\277\275.txt\n#page|\357\277\275.txt#2\n'; } >"$tmp/cids.want"
same "lbl: ids equal once cleaned get #N" "$tmp/cids.want" "$tmp/cids.got"
cp "$tmp/out" "$tmp/cids.lbl"
status "lbl of ids equal once cleaned reads back" 0 "$SHAI" eval "$tmp/cids.lbl"

# ---- valid JSON past jansson's own limits is read, not rejected: a real
# out of a double's range, NUL in a key (README: other fields pass through)
printf '%s\n' '{"text":"正文","score":1e400}' '{"text":"正文","\u0000":1}' '{"\u0074ext":"正文","n":[-1e999]}' >"$tmp/limits.jsonl"
status "JSON past jansson's limits" 0 "$SHAI" filter --strict "$tmp/limits.jsonl"
has "1e400 passes through" "$tmp/out" '"score":1e400,'
has "a NUL key passes through" "$tmp/out" '"\u0000":1,'
has "an escaped text key is the text" "$tmp/err" "3 documents in, 3 out, 0 rejected"
# nesting deeper than the fast scanner's own 64 levels but within
# jansson's 2048: numbers keep their spelling, 1e400 still passes
deep=$(awk 'BEGIN { for (i = 0; i < 70; i++) printf "["; for (i = 0; i < 70; i++) printf "]" }')
deepest=$(awk 'BEGIN { for (i = 0; i < 2047; i++) printf "["; for (i = 0; i < 2047; i++) printf "]" }')
printf '{"id":1e3,"text":"x","d":%s}\n{"id":12345678901234567890,"text":"x","d":%s}\n{"id":1,"text":"x","big":1e400,"d":%s}\n{"id":2,"text":"x","big":1e400,"d":%s}\n' \
    "$deep" "$deep" "$deep" "$deepest" >"$tmp/deep.jsonl"
status "deep nesting with numbers" 0 "$SHAI" filter --strict --blocks "$tmp/deep.jsonl"
jq -r .id "$tmp/out" >"$tmp/deep.got"
printf '1e3\n12345678901234567890\n1\n2\n' >"$tmp/deep.want"
same "deep nesting: ids as the line writes them, 1e400 read" "$tmp/deep.want" "$tmp/deep.got"
# an escaped key is decoded as JSON says, whichever path reads the line:
# "\text" (a tab, then "ext") and "u\rl" are other fields, never text or
# url, beside a number jansson refuses (1e400) as beside one it reads
printf '%s\n' '{"text":"真正的正文内容。","\text":"FAKE","n":1e400}' \
    '{"text":"真正的正文内容。","\text":"FAKE","n":1}' \
    '{"text":"正文","u\rl":"http://fake/","n":1e400}' >"$tmp/esckey.jsonl"
status "escaped keys with control characters" 0 "$SHAI" filter --blocks --threshold 100 "$tmp/esckey.jsonl"
jq -r '[.doc, .chars, .url] | @tsv' "$tmp/out" >"$tmp/esckey.got"
printf '1\t8\t\n2\t8\t\n3\t2\t\n' >"$tmp/esckey.want"
same "a tab or CR escape in a key is no letter (text and url from the right field)" "$tmp/esckey.want" "$tmp/esckey.got"

# ---- standard output once: --rejects - with the output on standard
# output by default
status "--rejects - without -o" 1 "$SHAI" filter -q --rejects - "$data/sample.jsonl"
has "says why" "$tmp/err" "two outputs are standard output ('-')"

# ---- output errors
if [ -w /dev/full ]; then
    status "disk full" 4 "$SHAI" filter "$data/sample.jsonl" -o /dev/full
    has "disk full message" "$tmp/err" "write error on /dev/full: No space left on device"
    status "disk full on stdout" 4 sh -c "\"$SHAI\" filter -j 2 \"$data/sample.jsonl\" > /dev/full"
else skip "/dev/full missing"; fi

exit $fail
