#!/bin/sh
# tests/cli/hostile.sh [SHAI] — bad input never crashes shai and never
# loses a document (tests/HOSTILE.md lists the behaviour checked here).
#
#   sh tests/cli/hostile.sh ./shai
#
# For every kind of bad input: the exit code (with and without --strict),
# the message on standard error (file, record, line, reason), the tally
# ("N documents in, N out, N rejected", and in = out + rejected) and the
# --rejects JSON lines.  Big inputs are generated in a scratch directory at
# run time, never checked in.  The model is trained here from
# tests/data/mini.lbl (a fraction of a second), so the checks do not
# depend on the shipped model.
#
# Environment:
#   HOSTILE_BIG=0   leave out the big inputs and the memory bounds (the
#                   sanitizer and valgrind runs set it: their memory and
#                   speed say nothing about shai's)
# Needs jq; peak memory is measured with GNU time (/usr/bin/time, Debian
# package "time"); those checks are skipped, with a note, without it.
# Prints one line per check; exits 1 when any failed.
set -u
SHAI=${1:-./shai}
case $SHAI in /*) ;; */*) SHAI=$(pwd)/$SHAI ;; esac
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
data=$root/tests/data
big=${HOSTILE_BIG:-1}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/shai-hostile.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
LIMIT=120                     # seconds: a run that takes longer is a hang
T=hostile
. "$here/lib.sh"

if ! command -v jq >/dev/null 2>&1; then skip "jq missing: all checks skipped"; exit 0; fi
TIMEOUT=
if command -v timeout >/dev/null 2>&1; then TIMEOUT="timeout $LIMIT"; fi
GNUTIME=
if [ -x /usr/bin/time ] && /usr/bin/time -f %M -o "$tmp/t" true 2>/dev/null; then GNUTIME=/usr/bin/time; fi

# run NAME WANT CMD...: runs CMD (stdout in $tmp/out, stderr in $tmp/err)
# and checks its exit code; when stderr holds a tally, checks that
# documents in = documents out + rejected.
run() {
    name=$1 want=$2
    shift 2
    $TIMEOUT "$@" >"$tmp/out" 2>"$tmp/err"
    got=$?
    if [ "$got" -eq 124 ] && [ -n "$TIMEOUT" ]; then bad "$name: hangs (killed after $LIMIT s)"
    elif [ "$got" -ge 128 ]; then bad "$name: crashed (exit $got)"; head -5 "$tmp/err"
    elif [ "$got" -eq "$want" ]; then ok "$name: exit $want"
    else bad "$name: exit $got, want $want"; head -5 "$tmp/err"; fi
    t=$(sed -n 's/^shai filter: \([0-9]*\) documents in, \([0-9]*\) out, \([0-9]*\) rejected,.*/\1 \2 \3/p' "$tmp/err")
    if [ -n "$t" ]; then
        # shellcheck disable=SC2086
        set -- $t
        if [ "$1" -eq $(($2 + $3)) ]; then :; else bad "$name: tally does not add up: $t"; fi
    fi
}
# err NAME TEXT: standard error holds the fixed string TEXT
err() {
    if grep -qF -- "$2" "$tmp/err"; then ok "$1"; else bad "$1"; echo "  no '$2' in:"; head -5 "$tmp/err" | sed 's/^/  /'; fi
}
# tally NAME IN OUT REJECTED: the tally line
tally() {
    err "$1: tally" "shai filter: $2 documents in, $3 out, $4 rejected,"
}
# rejects NAME FILE SOURCE: the --rejects file holds exactly the lines of
# $tmp/want ("record<TAB>line<TAB>reason"), every one naming SOURCE
rejects() {
    if jq -r '[.record, .line, .reason] | @tsv' "$2" >"$tmp/rej.got" 2>"$tmp/jq.err" &&
        cmp -s "$tmp/want" "$tmp/rej.got"; then ok "$1: --rejects lines"
    else bad "$1: --rejects lines"; diff "$tmp/want" "$tmp/rej.got" | head -10; cat "$tmp/jq.err"; fi
    srcs=$(jq -r .source "$2" | sort -u)
    if [ -z "$srcs" ] || [ "$srcs" = "$3" ]; then ok "$1: --rejects names the source"
    else bad "$1: --rejects names the source ($srcs, want $3)"; fi
}
# utf8 NAME FILE: FILE is valid UTF-8 without NUL bytes
utf8() {
    if iconv -f UTF-8 -t UTF-8 "$2" >/dev/null 2>&1 && [ "$(tr -d '\000' <"$2" | wc -c)" -eq "$(wc -c <"$2")" ]
    then ok "$1: output is valid UTF-8 without NUL"; else bad "$1: output is valid UTF-8 without NUL"; fi
}
# peak NAME MAXMB CMD...: runs CMD (as run, exit 0) and checks its peak
# resident memory
peak() {
    name=$1 max=$2
    shift 2
    if [ -z "$GNUTIME" ]; then run "$name" 0 "$@"; skip "$name: peak memory (no GNU time)"; return; fi
    run "$name" 0 $GNUTIME -f %M -o "$tmp/rss" "$@"
    kb=$(tail -n 1 "$tmp/rss")
    if [ "$kb" -lt $((max * 1024)) ]; then ok "$name: peak RSS $((kb / 1024)) MB < $max MB"
    else bad "$name: peak RSS $((kb / 1024)) MB, bound $max MB"; fi
}

# ---- a model of our own
mkdir -p "$tmp/m"
if ! "$SHAI" train --lexicons "$root/models" -C 1 --keep-weight 2 -o "$tmp/m/default.model" \
        "$data/mini.lbl" >/dev/null 2>"$tmp/err"; then
    bad "train the test model"; cat "$tmp/err"; exit 1
fi
SHAI_MODEL=$tmp/m/default.model
export SHAI_MODEL
cd "$tmp" || exit 1          # sources in messages are the short names below

# ================================================================ 1. inputs

# ---- invalid UTF-8, overlong sequences: repaired (U+FFFD) and counted
# \xff \xfe: 2; \xc0\xaf (overlong /): 2; \xe0\x80\xaf (overlong /): 3;
# \xed\xa0\x80 (surrogate): 3; \xe4\xb8 cut by the end: 1  =  11
printf 'good line 好\n\377\376 bad\nover\300\257long \340\200\257\nsurrogate \355\240\200 end\ntrunc \344\270' >u.txt
run "invalid UTF-8 in text" 0 "$SHAI" filter u.txt -o u.out
err "invalid UTF-8 in text: message" "shai filter: repaired: u.txt: record 1, line 1: 11 invalid UTF-8 sequences or NUL bytes replaced by U+FFFD"
tally "invalid UTF-8 in text" 1 1 0
err "invalid UTF-8 in text: counted" "; 11 invalid UTF-8 sequences repaired"
utf8 "invalid UTF-8 in text" u.out
if [ "$(jq .shai.repaired_utf8 u.out)" = 11 ]; then ok "invalid UTF-8 in text: shai.repaired_utf8 = 11"
else bad "invalid UTF-8 in text: shai.repaired_utf8 = 11 (got $(jq -c .shai u.out))"; fi
run "invalid UTF-8 in text, --strict" 0 "$SHAI" filter --strict u.txt -o /dev/null

# in JSONL: the line is repaired before parsing, every field with it
printf '{"id":"u1","text":"ok \377 here","note":"x\300"}\n{"id":"u2","text":"clean"}\n' >u.jsonl
run "invalid UTF-8 in JSONL" 0 "$SHAI" filter u.jsonl -o u.out --rejects u.rej
err "invalid UTF-8 in JSONL: message" "shai filter: repaired: u.jsonl: record 1, line 1: 2 invalid UTF-8 sequences or NUL bytes replaced by U+FFFD"
tally "invalid UTF-8 in JSONL" 2 2 0
utf8 "invalid UTF-8 in JSONL" u.out
if [ "$(jq -r .note u.out | head -n 1)" = "x�" ]; then ok "invalid UTF-8 in JSONL: other fields repaired too"
else bad "invalid UTF-8 in JSONL: other fields repaired too"; fi
if [ ! -s u.rej ]; then ok "invalid UTF-8 in JSONL: no rejects"; else bad "invalid UTF-8 in JSONL: no rejects"; fi

# in a WET body
printf 'WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Record-ID: <w>\r\nContent-Length: 10\r\n\r\nbad \377\376 wet\r\n\r\n' >u.wet
run "invalid UTF-8 in WET" 0 "$SHAI" filter u.wet -o u.out
err "invalid UTF-8 in WET: message" "shai filter: repaired: u.wet: record 1, line 1: 2 invalid UTF-8 sequences"
utf8 "invalid UTF-8 in WET" u.out

# ---- NUL bytes: U+FFFD, counted like invalid UTF-8
printf 'first\000line\nsecond\000\000\n' >nul.txt
printf '{"id":"n1","text":"raw\000nul"}\n{"id":"n2","text":"escaped\\u0000nul"}\n' >nul.jsonl
run "NUL bytes" 0 "$SHAI" filter nul.txt nul.jsonl -o nul.out
err "NUL bytes: text message" "repaired: nul.txt: record 1, line 1: 3 invalid UTF-8 sequences or NUL bytes"
err "NUL bytes: raw NUL in JSONL" "repaired: nul.jsonl: record 1, line 1: 1 invalid UTF-8 sequence or NUL byte"
err "NUL bytes: \\u0000 in JSONL" "repaired: nul.jsonl: record 2, line 2: 1 invalid UTF-8 sequence or NUL byte"
tally "NUL bytes" 3 3 0
utf8 "NUL bytes" nul.out

# ---- plain text in GBK, Big5 or UTF-16: decoded, not turned into U+FFFD
# (社区防控工作有序推进，居民生活基本正常。 in GBK, its traditional form
# in Big5, 社区 in UTF-16LE with a byte order mark)
printf '\311\347\307\370\267\300\277\330\271\244\327\367\323\320\320\362\315\306\275\370\243\254\276\323\303\361\311\372\273\356\273\371\261\276\325\375\263\243\241\243\012' >gbk.txt
printf '\252\300\260\317\250\276\261\261\244u\247@\246\263\247\307\261\300\266i\241A\251~\245\301\245\315\254\241\260\362\245\273\245\277\261`\241C\012' >big5.txt
printf '\377\376>y:S\012\000' >u16.txt
run "GBK, Big5, UTF-16 text" 0 "$SHAI" filter gbk.txt big5.txt u16.txt -o enc.out
tally "GBK, Big5, UTF-16 text" 3 3 0
err "GBK, Big5, UTF-16 text: counted by encoding" "shai filter: 3 plain-text documents not in UTF-8, decoded from gb18030 (1), big5 (1), utf-16 (1)"
err "GBK, Big5, UTF-16 text: nothing repaired" "; 0 invalid UTF-8 sequences repaired"
utf8 "GBK, Big5, UTF-16 text" enc.out
# (whether the mini model keeps the lines does not matter: their
# characters, 20, 20 and 2, are counted either way)
if [ "$(jq -r '.shai | "\(.encoding) \(.kept_chars + .dropped_chars)"' enc.out | tr '\n' '|')" = "gb18030 20|big5 20|utf-16 2|" ]
then ok "GBK, Big5, UTF-16 text: shai.encoding and the characters"
else bad "GBK, Big5, UTF-16 text: shai.encoding and the characters (got $(jq -c .shai enc.out | tr '\n' ' '))"; fi
run "GBK text, --format text" 0 "$SHAI" filter --threshold 1000 --format text gbk.txt -o enc.txt
if [ "$(head -n 1 enc.txt)" = "社区防控工作有序推进，居民生活基本正常。" ]; then ok "GBK text, --format text: the decoded line"
else bad "GBK text, --format text: the decoded line (got $(head -n 1 enc.txt))"; fi
# forced to UTF-8, GBK is replacement characters, counted as before
run "GBK text, --encoding utf-8" 0 "$SHAI" filter --encoding utf-8 gbk.txt -o enc.out
err "GBK text, --encoding utf-8: repaired" "repaired: gbk.txt: record 1, line 1: 35 invalid UTF-8 sequences"
if [ "$(jq -r '.shai.encoding // "none"' enc.out)" = none ]; then ok "GBK text, --encoding utf-8: no shai.encoding"
else bad "GBK text, --encoding utf-8: no shai.encoding"; fi
# a forced encoding names itself in the repair note
printf 'x \344\270\255' >cut.txt
run "UTF-8 text, --encoding gbk" 0 "$SHAI" filter --encoding gbk cut.txt -o enc.out
err "UTF-8 text, --encoding gbk: repaired" "repaired: cut.txt: record 1, line 1: 1 invalid gb18030 sequence or NUL byte"
run "unknown --encoding" 1 "$SHAI" filter --encoding latin-9 gbk.txt -o enc.out
err "unknown --encoding: message" "shai filter: unknown --encoding 'latin-9' (auto, utf-8, gb18030, big5 or utf-16)"
# the report reads as the filter does
run "GBK text, report" 0 "$SHAI" report --json gbk.txt -o enc.json
if [ "$(jq '.chars' enc.json)" = 20 ]; then ok "GBK text, report: 20 characters in"
else bad "GBK text, report: 20 characters in (got $(jq -c . enc.json | cut -c1-200))"; fi
# UTF-16 JSON Lines is refused whole, by name: JSON must be UTF-8
printf '\377\376{\000}\000\012\000' >u16.jsonl
run "UTF-16 JSONL" 2 "$SHAI" filter u16.jsonl -o enc.out
err "UTF-16 JSONL: message" "shai filter: u16.jsonl: UTF-16 (byte order mark FF FE), but JSON Lines must be UTF-8: convert it first (iconv -f UTF-16 -t UTF-8)"
tally "UTF-16 JSONL" 0 0 0
# on standard input, where no name helps, the content says JSON Lines
run "UTF-16 JSONL on stdin" 2 sh -c "\"$SHAI\" filter - <u16.jsonl >enc.out"
err "UTF-16 JSONL on stdin: message" "shai filter: -: UTF-16 (byte order mark FF FE), but JSON Lines must be UTF-8"

# ---- CR/LF mixes: "\r\n", "\n" and a lone "\r" all end a line
printf 'one\r\ntwo\rthree\nfour\r\n\r\nfive' >crlf.txt
run "CR/LF mix" 0 "$SHAI" filter --blocks crlf.txt -o crlf.out
if [ "$(jq -r .line crlf.out | tr '\n' ' ')" = "1 2 3 4 6 " ]; then ok "CR/LF mix: blocks on lines 1 2 3 4 6"
else bad "CR/LF mix: blocks on lines 1 2 3 4 6 (got $(jq -r .line crlf.out | tr '\n' ' '))"; fi
err "CR/LF mix: 5 blocks" "5 blocks,"
printf '{"id":"c1","text":"a\\r\\nb\\rc\\nd"}\r\n\r\n{"id":"c2","text":"e"}\r\n' >crlf.jsonl
run "CRLF JSONL" 0 "$SHAI" filter --blocks crlf.jsonl -o crlf.out
tally "CRLF JSONL" 2 2 0
err "CRLF JSONL: 5 blocks" "5 blocks,"
if grep -q "$(printf '\r')" crlf.out; then bad "CRLF JSONL: no CR in the output"; else ok "CRLF JSONL: no CR in the output"; fi
# JSON Lines with records ended by CR alone: one line, one reject, and
# the message says why
printf '{"id":"r1","text":"第一"}\r{"id":"r2","text":"第二"}\r' >cr.jsonl
run "CR-only JSONL" 0 "$SHAI" filter cr.jsonl -o cr.out
tally "CR-only JSONL" 1 0 1
err "CR-only JSONL: the reject names the carriage return" "cr.jsonl: record 1, line 1: invalid JSON at column 25: end of file expected near '{' (the line holds a carriage return: records separated by CR alone? JSON Lines ends records with LF)"

# ---- a byte order mark is skipped, not read as text
printf '\357\273\277{"id":"b1","text":"第一"}\n{"id":"b2","text":"第二"}\n' >bom.jsonl
run "BOM before JSONL" 0 "$SHAI" filter bom.jsonl --rejects bom.rej -o bom.out
tally "BOM before JSONL" 2 2 0
if [ "$(jq -r .id bom.out | tr '\n' ' ')" = "b1 b2 " ]; then ok "BOM before JSONL: first record read"
else bad "BOM before JSONL: first record read"; fi
printf '\357\273\277标题行\r\n正文\r\n' >bom.txt
run "BOM before text" 0 "$SHAI" filter bom.txt -o bom.out
if [ "$(jq -r .text bom.out | head -c 3 | od -An -tx1 | tr -d ' ')" = efbbbf ]; then bad "BOM before text: not in the text"
else ok "BOM before text: not in the text"; fi

# ---- an empty document
printf '{"id":"e1","text":""}\n{"id":"e2","text":" \\n\\t\\n"}\n\n   \n' >empty.jsonl
run "empty documents" 0 "$SHAI" filter empty.jsonl -o empty.out
tally "empty documents" 2 2 0
err "empty documents: no blocks" "; 0 blocks, 0 kept;"
if [ "$(jq -c '[.id, .text, .shai.kept_blocks]' empty.out | tr '\n' ' ')" = '["e1","",0] ["e2","",0] ' ]; then
    ok "empty documents: written with empty text"; else bad "empty documents: written with empty text"; fi
: >empty.txt
run "empty file" 0 "$SHAI" filter empty.txt empty.jsonl -o /dev/null
tally "empty file: no document" 2 2 0

# ---- JSON with a missing or non-string "text"; invalid JSON
{
    echo '{"id":"j1","text":"好的记录。"}'
    echo '{"id":"j2"}'
    echo '{"id":"j3","text":12}'
    echo '{"id":"j4","text":null}'
    echo '{"id":"j5","text":["a"]}'
    echo '{"id":"j6","text":{"zh":"x"}}'
    echo '{"id":"j7","text":"a",}'
    echo '{"id":"j8","text":"unterminated'
    echo '{"id":"j9","text":"a"} trailing'
    echo '[1,2]'
    echo 'not json at all'
    echo '{"id":"j12","text":"最后。"}'
} >json.jsonl
run "bad JSON" 0 "$SHAI" filter json.jsonl --rejects json.rej -o json.out
tally "bad JSON" 12 2 10
err "bad JSON: missing text" 'shai filter: rejected: json.jsonl: record 2, line 2: missing "text" field'
err "bad JSON: number text" 'shai filter: rejected: json.jsonl: record 3, line 3: "text" is a number, not a string'
err "bad JSON: null text" 'shai filter: rejected: json.jsonl: record 4, line 4: "text" is null, not a string'
err "bad JSON: trailing comma" "shai filter: rejected: json.jsonl: record 7, line 7: invalid JSON at column 23: string or '}' expected near '}'"
err "bad JSON: not an object" "shai filter: rejected: json.jsonl: record 10, line 10: record is an array, not a JSON object"
err "bad JSON: only 10 shown" "shai filter: rejected: json.jsonl: record 11, line 11:"
cat >want <<'W'
2	2	missing "text" field
3	3	"text" is a number, not a string
4	4	"text" is null, not a string
5	5	"text" is an array, not a string
6	6	"text" is an object, not a string
7	7	invalid JSON at column 23: string or '}' expected near '}'
8	8	invalid JSON at column 31: premature end of input near '"unterminated'
9	9	invalid JSON at column 31: end of file expected near 'trailing'
10	10	record is an array, not a JSON object
11	11	invalid JSON at column 3: '[' or '{' expected near 'not'
W
rejects "bad JSON" json.rej json.jsonl
run "bad JSON, --strict" 2 "$SHAI" filter --strict json.jsonl -o /dev/null
tally "bad JSON, --strict" 12 2 10
run "bad JSON, --strict --quiet" 2 "$SHAI" filter --strict --quiet json.jsonl -o /dev/null
if [ -s "$tmp/err" ]; then bad "bad JSON, --quiet: nothing on stderr"; else ok "bad JSON, --quiet: nothing on stderr"; fi
# more than 10 rejects: the rest only in --rejects
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do echo "{\"id\":$i}"; done >many.jsonl
run "12 rejects" 0 "$SHAI" filter many.jsonl --rejects many.rej -o /dev/null
err "12 rejects: the rest not shown" "shai filter: more rejected records not shown"
if [ "$(wc -l <many.rej)" -eq 12 ]; then ok "12 rejects: all in --rejects"; else bad "12 rejects: all in --rejects"; fi

# a damaged first line: the name keeps the file JSONL (or --input-format)
printf '\377\001garbage\n{"id":"f2","text":"x"}\n{"id":"f3","text":"y"}\n' >first.jsonl
gzip -c first.jsonl >first.jsonl.gz
cp first.jsonl first.dat
run "damaged first line" 0 "$SHAI" filter first.jsonl first.jsonl.gz -o first.out
err "damaged first line: message" "shai filter: rejected: first.jsonl: record 1, line 1: invalid JSON at column 1:"
err "damaged first line: compressed" "shai filter: rejected: first.jsonl.gz: record 1, line 1: invalid JSON at column 1:"
tally "damaged first line" 6 4 2
run "damaged first line, --input-format jsonl" 0 "$SHAI" filter --input-format jsonl first.dat -o /dev/null
tally "damaged first line, --input-format jsonl" 3 2 1
run "unknown --input-format" 1 "$SHAI" filter --input-format xml first.dat
err "unknown --input-format: message" "shai filter: unknown --input-format 'xml' (auto, jsonl, text or wet)"

# deeply nested JSON: jansson stops at depth 2048 (a file is JSONL when
# its first non-blank byte is '{')
{ echo '{"id":"before","text":"x"}'; head -c 100000 /dev/zero | tr '\0' '['; echo; echo '{"id":"after","text":"x"}'; } >deep.jsonl
run "100000 nested [" 0 "$SHAI" filter deep.jsonl --rejects deep.rej -o /dev/null
tally "100000 nested [" 3 2 1
printf '2\t2\tinvalid JSON at column 2049: maximum parsing depth reached near '"'"'['"'"'\n' >want
rejects "100000 nested [" deep.rej deep.jsonl

# ---- truncated and corrupt gzip / zstd streams: the cut record is
# rejected, the file is reported, the next file is read; exit 2 always
awk 'BEGIN { for (i = 1; i <= 6000; i++) printf "{\"id\":\"d%d\",\"text\":\"第%d段 正文内容 %d\"}\n", i, i, i * 7919 % 100003 }' >docs.jsonl
gzip -c docs.jsonl >docs.gz
size=$(wc -c <docs.gz)
head -c $((size / 2)) docs.gz >cut.jsonl.gz
echo '{"id":"next","text":"下一个文件"}' >next.jsonl
run "truncated gzip" 2 "$SHAI" filter cut.jsonl.gz next.jsonl --rejects cut.rej -o cut.out
n=$(($(wc -l <cut.out) - 1))          # documents of cut.jsonl.gz
err "truncated gzip: message" "shai filter: cut.jsonl.gz: truncated gzip stream after $n documents"
err "truncated gzip: cut record" "shai filter: rejected: cut.jsonl.gz: record $((n + 1)), line $((n + 1)): cut off: truncated gzip stream"
tally "truncated gzip" $((n + 2)) $((n + 1)) 1
printf '%s\t%s\tcut off: truncated gzip stream\n' $((n + 1)) $((n + 1)) >want
rejects "truncated gzip" cut.rej cut.jsonl.gz
if [ "$(tail -n 1 cut.out | jq -r .id)" = next ]; then ok "truncated gzip: the next file is read"
else bad "truncated gzip: the next file is read"; fi
run "truncated gzip, --strict" 2 "$SHAI" filter --strict cut.jsonl.gz -o /dev/null
cp cut.out cut1.out
run "truncated gzip, -j 3" 2 "$SHAI" filter -j 3 cut.jsonl.gz next.jsonl --rejects cut.rej -o cut.out
tally "truncated gzip, -j 3" $((n + 2)) $((n + 1)) 1
if cmp -s cut1.out cut.out; then ok "truncated gzip, -j 3: same output as -j 1"
else bad "truncated gzip, -j 3: same output as -j 1"; fi

cp docs.gz bad.jsonl.gz
printf 'XXXXXXXXXXXXXXXX' | dd of=bad.jsonl.gz bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
run "corrupt gzip" 2 "$SHAI" filter bad.jsonl.gz -o /dev/null
err "corrupt gzip: message" "shai filter: bad.jsonl.gz: corrupt gzip stream ("

if command -v zstd >/dev/null 2>&1; then
    zstd -q -c docs.jsonl >docs.zst
    size=$(wc -c <docs.zst)
    head -c $((size * 2 / 3)) docs.zst >cut.jsonl.zst
    run "truncated zstd" 2 "$SHAI" filter cut.jsonl.zst --rejects cut.rej -o cut.out
    n=$(wc -l <cut.out)
    err "truncated zstd: message" "shai filter: cut.jsonl.zst: truncated zstd stream after $n documents"
    if [ "$n" -gt 0 ]; then
        err "truncated zstd: cut record" "shai filter: rejected: cut.jsonl.zst: record $((n + 1)), line $((n + 1)): cut off: truncated zstd stream"
        tally "truncated zstd" $((n + 1)) "$n" 1
    else bad "truncated zstd: some documents before the cut"; fi
    printf '\050\265\057\375' >tiny.zst
    run "zstd magic only" 2 "$SHAI" filter tiny.zst -o /dev/null
    err "zstd magic only: message" "shai filter: tiny.zst: truncated zstd stream after 0 documents"
    tally "zstd magic only" 0 0 0
else skip "zstd missing"; fi

# a compressed text document and a WET record cut by the damage
printf '一段文字\n第二行\n' | gzip -c >t.gz
head -c $(($(wc -c <t.gz) - 4)) t.gz >cut.txt.gz
run "truncated gzip text" 2 "$SHAI" filter cut.txt.gz -o /dev/null
err "truncated gzip text: cut record" "shai filter: rejected: cut.txt.gz: record 1, line 1: cut off: truncated gzip stream"
err "truncated gzip text: message" "shai filter: cut.txt.gz: truncated gzip stream after 0 documents"
tally "truncated gzip text" 1 0 1
# the sample twice, less 40 bytes (the last body is short), gzipped
# without its 8-byte trailer: record 8 (line 118) is cut
cat "$data/sample.wet" "$data/sample.wet" >w2.wet
head -c $(($(wc -c <w2.wet) - 40)) w2.wet | gzip -c >w.gz
head -c $(($(wc -c <w.gz) - 8)) w.gz >cut.wet.gz
run "truncated gzip WET" 2 "$SHAI" filter cut.wet.gz --rejects cut.rej -o /dev/null
err "truncated gzip WET: cut record" "shai filter: rejected: cut.wet.gz: record 8, line 118: cut off: truncated gzip stream"
err "truncated gzip WET: message" "shai filter: cut.wet.gz: truncated gzip stream after 5 documents"
tally "truncated gzip WET" 6 5 1

# ---- WET records with bad or missing headers
# rec TYPE ID BODY [HEADER-LINES]: a well-formed record
rec() {
    printf 'WARC/1.0\r\nWARC-Type: %s\r\nWARC-Record-ID: <%s>\r\n%bContent-Length: %d\r\n\r\n%s\r\n\r\n' \
        "$1" "$2" "${4:-}" "$(printf '%s' "$3" | wc -c)" "$3"
}
{
    rec warcinfo info "software: test"
    rec conversion w1 "第一条正文内容，句子完整。" 'WARC-Target-URI: http://a.example/1\r\n'
    printf 'stray text between records\r\n'
    printf 'WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Record-ID: <w3>\r\n\r\nno length\r\n\r\n'
    printf 'WARC/1.0\r\nWARC-Type: conversion\r\nContent-Length: 12ab\r\n\r\nbad length\r\n\r\n'
    printf 'WARC/1.0\r\nWARC-Type: conversion\r\nbroken header line\r\nContent-Length: 3\r\n\r\nabc\r\n\r\n'
    printf 'WARC/1.0\r\nWARC-Record-ID: <w6>\r\nContent-Length: 3\r\n\r\nabc\r\n\r\n'
    printf 'WARC/1.0\r\nWARC-Type: conversion\r\nContent-Length: 9999999999999999999\r\n\r\nabc\r\n\r\n'
    printf 'WARC/1.0\r\nWARC-Type: conversion\r\nContent-Length: 400\r\n\r\nshort body\r\n\r\n'
    rec conversion w9 "最后一条记录。"
} >bad.wet
run "bad WET headers" 0 "$SHAI" filter bad.wet --rejects wet.rej -o wet.out
tally "bad WET headers" 9 2 7
err "bad WET headers: skipped warcinfo" "7 rejected, 1 skipped (non-conversion WET records)"
err "bad WET headers: stray line" 'shai filter: rejected: bad.wet: record 3, line 16: expected a "WARC/1.0" line, got "stray text between records"'
err "bad WET headers: missing Content-Length" "shai filter: rejected: bad.wet: record 4, line 17: missing Content-Length header"
cat >want <<'W'
3	16	expected a "WARC/1.0" line, got "stray text between records"
4	17	missing Content-Length header
5	23	bad Content-Length "12ab" (expected a byte count)
6	31	malformed header line "broken header line" (expected "Name: value")
7	36	missing WARC-Type header
8	42	record body of 9999999999999999999 bytes is larger than the 64 MiB limit
9	48	truncated record: Content-Length 400, but the next record starts after 14 bytes
W
rejects "bad WET headers" wet.rej bad.wet
if [ "$(jq -r .id wet.out | tr '\n' ' ')" = "<w1> <w9> " ]; then ok "bad WET headers: the good records are read"
else bad "bad WET headers: the good records are read"; fi
run "bad WET headers, --strict" 2 "$SHAI" filter --strict bad.wet -o /dev/null
run "damaged WET sample" 0 "$SHAI" filter "$data/truncated.wet" -o /dev/null
tally "damaged WET sample" 6 2 4

# ---- models: missing, corrupt, newer, lexicon changed, schema changed
echo '{"id":"x","text":"正文。"}' >one.jsonl
run "missing model" 3 "$SHAI" filter --model "$tmp/none/default.model" one.jsonl
err "missing model: message" "shai filter: $tmp/none/default.model: cannot open model: No such file or directory"
if [ -s "$tmp/out" ]; then bad "missing model: no output"; else ok "missing model: no output"; fi
cp -r m mbad && sed '14s/ [^ ]*$/ 0.5x/' m/default.model >mbad/default.model
run "corrupt model" 3 "$SHAI" filter --model mbad/default.model one.jsonl
err "corrupt model: message" "shai filter: mbad/default.model:14: bad weight"
sed '14s/ [^ ]*$/ nan/' m/default.model >mbad/default.model
run "model with a NaN weight" 3 "$SHAI" filter --model mbad/default.model one.jsonl
err "model with a NaN weight: message" "shai filter: mbad/default.model:14: bad weight"
head -n 20 m/default.model >mbad/default.model
run "truncated model" 3 "$SHAI" filter --model mbad/default.model one.jsonl
err "truncated model: message" "shai filter: mbad/default.model: truncated (no 'end' line)"
: >mbad/default.model
run "empty model" 3 "$SHAI" filter --model mbad/default.model one.jsonl
err "empty model: message" "shai filter: mbad/default.model: empty file, not a shai model"
head -c 300 /dev/urandom >mbad/default.model
run "binary model" 3 "$SHAI" filter --model mbad/default.model one.jsonl
err "binary model: message" "shai filter: mbad/default.model:1: not a shai model file (no 'shai-model' magic line)"
sed '1s/.*/shai-model 4/' m/default.model >mbad/default.model
run "newer model" 3 "$SHAI" filter --model mbad/default.model one.jsonl
err "newer model: message" "shai filter: mbad/default.model:1: model format version 4 is newer than this shai supports (3); upgrade shai"
# trained under another utf8proc that maps some characters otherwise:
# a warning, and the documents are scored all the same
sed 's/^normalization .*/normalization 0123456789abcdef utf8proc 0.0.1/' m/default.model >mbad/default.model
run "model of another normalization" 0 "$SHAI" filter --model mbad/default.model one.jsonl
err "model of another normalization: warning" "shai filter: warning: mbad/default.model: trained under utf8proc 0.0.1, which maps or classifies some characters otherwise than utf8proc"
err "model of another normalization: advice" "score differently; retrain to match"
tally "model of another normalization" 1 1 0
sed 's/^features [0-9]* .*/features 3 0123456789abcdef/' m/default.model >mbad/default.model
run "schema mismatch" 3 "$SHAI" filter --model mbad/default.model one.jsonl
err "schema mismatch: message" "shai filter: mbad/default.model:3: model has 3 features (schema 0123456789abcdef), this build has"
err "schema mismatch: advice" "; retrain the model"
cp -r m mlex && printf '额外条目\tplace\n' >>mlex/places.tsv
run "lexicon changed" 3 "$SHAI" filter --model mlex/default.model one.jsonl
err "lexicon changed: message" "shai filter: mlex/places.tsv: hash "
err "lexicon changed: advice" "recorded in mlex/default.model; restore the lexicon or retrain"
rm mlex/places.tsv
run "lexicon missing" 3 "$SHAI" filter --model mlex/default.model one.jsonl
err "lexicon missing: message" "mlex/places.tsv"
run "model is a directory" 3 "$SHAI" filter --model m one.jsonl
err "model is a directory: message" "shai filter: m: cannot read model: Is a directory"
run "report: corrupt model" 3 "$SHAI" report --model mbad/default.model one.jsonl

# ---- unreadable input: named, the rest still read, exit 2
run "missing file" 2 "$SHAI" filter nope.jsonl one.jsonl -o /dev/null
err "missing file: message" "shai filter: nope.jsonl: No such file or directory"
tally "missing file: the rest is read" 1 1 0
run "missing file, --strict" 2 "$SHAI" filter --strict nope.jsonl -o /dev/null
mkdir dir && cp one.jsonl dir/a.jsonl && cp one.jsonl dir/c.jsonl && ln -s gone.jsonl dir/b.jsonl && mkdir dir/sub
run "dangling link in a directory" 2 "$SHAI" filter dir -o /dev/null
err "dangling link in a directory: message" "shai filter: dir/b.jsonl: No such file or directory"
tally "dangling link in a directory" 2 2 0
run "read error (standard input is a directory)" 2 sh -c "\"$SHAI\" filter - one.jsonl -o /dev/null < \"$tmp\""
err "read error: message" "shai filter: -: read error: Is a directory after 0 documents"
tally "read error: the rest is read" 1 1 0
run "path through a file" 2 "$SHAI" filter one.jsonl/x one.jsonl -o /dev/null
err "path through a file: message" "shai filter: one.jsonl/x: Not a directory"
tally "path through a file" 1 1 0
# a file without read permission (as root, the check runs as nobody)
cp one.jsonl locked.jsonl && chmod 000 locked.jsonl
AS=
if [ "$(id -u)" = 0 ]; then
    chmod 711 "$tmp"                  # nobody may reach the model and the inputs
    ASBIN=$SHAI
    if command -v setpriv >/dev/null 2>&1; then
        AS="setpriv --reuid=65534 --regid=65534 --clear-groups --"
        # a checkout nobody cannot enter (under /root): a copy of the
        # binary in the scratch directory (the model is there already)
        if ! $AS "$ASBIN" --version >/dev/null 2>&1; then
            cp "$SHAI" "$tmp/shai-as-nobody" && chmod 755 "$tmp/shai-as-nobody" && ASBIN=$tmp/shai-as-nobody
        fi
        $AS "$ASBIN" --version >/dev/null 2>&1 || AS=none
    else AS=none; fi
else ASBIN=$SHAI; fi
if [ "$AS" != none ]; then
    # shellcheck disable=SC2086
    run "unreadable file" 2 $AS "$ASBIN" filter locked.jsonl one.jsonl -o /dev/null
    err "unreadable file: message" "shai filter: locked.jsonl: Permission denied"
    tally "unreadable file: the rest is read" 1 1 0
else skip "unreadable file (root, and setpriv cannot run shai as nobody)"; fi
run "report: missing file" 2 "$SHAI" report nope.jsonl
err "report: missing file: message" "shai report: nope.jsonl: No such file or directory"

# ---- a full output disk: write errors are checked (exit 4)
if [ -w /dev/full ]; then
    run "disk full" 4 "$SHAI" filter "$data/sample.jsonl" -o /dev/full
    err "disk full: message" "shai filter: write error on /dev/full: No space left on device"
    run "disk full on --rejects" 4 "$SHAI" filter json.jsonl --rejects /dev/full -o /dev/null
    err "disk full on --rejects: message" "shai filter: write error on /dev/full: No space left on device"
    run "disk full, compressed" 4 sh -c "\"$SHAI\" filter -j 2 \"$data/sample.jsonl\" > /dev/full"
    err "disk full on stdout: message" "shai filter: write error on standard output: No space left on device"
    run "report: disk full" 4 "$SHAI" report "$data/sample.jsonl" -o /dev/full
    err "report: disk full: message" "shai report: write error on /dev/full: No space left on device"
else skip "/dev/full missing"; fi

# ---- caps: a line past 64 MiB, a document past 100000 lines
if [ "$big" = 1 ]; then
    { printf '{"id":"over","text":"'; head -c 67108864 /dev/zero | tr '\0' 'b'; printf '"}\n{"id":"after","text":"后"}\n'; } >over.jsonl
    run "line past 64 MiB" 0 "$SHAI" filter over.jsonl --rejects over.rej -o over.out
    err "line past 64 MiB: message" "shai filter: rejected: over.jsonl: record 1, line 1: line longer than the 64 MiB limit"
    tally "line past 64 MiB" 2 1 1
    if [ "$(jq -r .id over.out)" = after ]; then ok "line past 64 MiB: the next record is read"
    else bad "line past 64 MiB: the next record is read"; fi
    rm -f over.jsonl
    # within the caps as read, past them once each invalid byte is U+FFFD
    # (three bytes): a reject naming the record, and the run goes on
    head -c 25000000 /dev/zero | tr '\0' '\377' >grown.txt
    echo '正文' >grown2.txt
    run "text past 64 MiB once repaired" 0 "$SHAI" filter grown.txt grown2.txt --rejects grown.rej -o grown.out
    err "text past 64 MiB once repaired: message" "shai filter: rejected: grown.txt: record 1, line 1: text longer than the 64 MiB limit once invalid UTF-8 is replaced by U+FFFD"
    tally "text past 64 MiB once repaired" 2 1 1
    { printf '{"id":"x","text":"a\\n'; head -c 25000000 /dev/zero | tr '\0' '\377'; printf '"}\n{"id":"after","text":"正文"}\n'; } >grown.jsonl
    run "JSON text past 64 MiB once repaired" 0 "$SHAI" filter grown.jsonl --rejects grown.rej -o grown.out
    err "JSON text past 64 MiB once repaired: message" "shai filter: rejected: grown.jsonl: record 1, line 1: a field is longer than the 64 MiB limit once invalid UTF-8 is replaced by U+FFFD"
    tally "JSON text past 64 MiB once repaired" 2 1 1
    if [ "$(jq -r '"\(.source) \(.record) \(.line)"' grown.rej)" = "grown.jsonl 1 1" ]; then
        ok "JSON text past 64 MiB once repaired: --rejects names the record"
    else bad "JSON text past 64 MiB once repaired: --rejects names the record"; fi
    rm -f grown.txt grown.jsonl grown.out
    # a line past the cap, then the gzip stream is cut: the line is a
    # reject, the damage ends the file, and both records are counted
    { echo '{"id":"first","text":"x"}'; printf '{"id":"big","text":"'; head -c 70000000 /dev/zero | tr '\0' 'a'; printf '"}\n'; } | gzip -1 -c >cutbig.gz
    head -c $(( $(wc -c <cutbig.gz) * 99 / 100 )) cutbig.gz >cutbig.jsonl.gz
    run "line past 64 MiB cut by gzip damage" 2 "$SHAI" filter cutbig.jsonl.gz --rejects cutbig.rej -o /dev/null
    err "line past 64 MiB cut by gzip damage: the line" "shai filter: rejected: cutbig.jsonl.gz: record 2, line 2: line longer than the 64 MiB limit"
    err "line past 64 MiB cut by gzip damage: the damage" "shai filter: cutbig.jsonl.gz: truncated gzip stream after 1 document"
    tally "line past 64 MiB cut by gzip damage" 2 1 1
    rm -f cutbig.gz cutbig.jsonl.gz
    # out of memory is an error (exit 5), never a line "past the limit"
    # (a 36 MB line under a 190 MB address-space limit, two threads: the
    # line buffer is what runs out)
    awk 'BEGIN { printf "{\"id\":\"b\",\"text\":\""; l = ""; for (j = 0; j < 40; j++) l = l "这是一个测试句子，内容足够长。"; for (i = 0; i < 20000; i++) printf "%s\\n", l; print "\"}" }' >oom.jsonl
    run "out of memory" 5 sh -c "ulimit -v 190000; exec \"$SHAI\" filter -j 2 oom.jsonl -o /dev/null"
    err "out of memory: message" "out of memory"
    if grep -q "limit" "$tmp/err"; then bad "out of memory: not called a size limit"; else ok "out of memory: not called a size limit"; fi
    rm -f oom.jsonl
else skip "line past 64 MiB (HOSTILE_BIG=0)"; fi
awk 'BEGIN { for (i = 0; i < 100001; i++) printf "第%d行\n", i }' >lines.txt
run "document past 100000 lines" 0 "$SHAI" filter lines.txt one.jsonl --rejects lines.rej -o /dev/null
err "document past 100000 lines: message" "shai filter: rejected: lines.txt: record 1, line 1: document has more than the 100000-line limit"
tally "document past 100000 lines" 2 1 1

# ================================================================ 4. memory
if [ "$big" = 1 ]; then
    # a 50 MB single line of ASCII (one code point per byte: the worst case)
    { printf '{"id":"big","text":"'; head -c 52428800 /dev/zero | tr '\0' 'a'; printf '"}\n{"id":"after","text":"尾"}\n'; } >big.jsonl
    peak "50 MB line" 480 "$SHAI" filter big.jsonl -o /dev/null
    tally "50 MB line" 2 2 0
    rm -f big.jsonl
    # a million tiny documents
    awk 'BEGIN { for (i = 0; i < 1000000; i++) printf "{\"text\":\"x%d\"}\n", i }' >million.jsonl
    peak "a million tiny documents" 64 "$SHAI" filter million.jsonl -o /dev/null
    tally "a million tiny documents" 1000000 1000000 0
    rm -f million.jsonl
    # a million tiny lines in one document: past the line cap, rejected
    awk 'BEGIN { for (i = 0; i < 1000000; i++) printf "x%d\n", i }' >million.txt
    peak "a million tiny lines in one document" 100 "$SHAI" filter million.txt -o /dev/null
    tally "a million tiny lines in one document" 1 0 1
    # a document at the cap: 100000 short lines, scored in linear time
    head -n 100000 million.txt >cap.txt
    start=$(date +%s)
    peak "100000-line document" 250 "$SHAI" filter cap.txt -o /dev/null
    secs=$(($(date +%s) - start))
    if [ "$secs" -le 20 ]; then ok "100000-line document: scored in $secs s (<= 20)"
    else bad "100000-line document: scored in $secs s (> 20: quadratic?)"; fi
    # the same line 100000 times (page-level repetition counting)
    awk 'BEGIN { for (i = 0; i < 100000; i++) print "这是一行重复的文字，每一行都一样。" }' >same.txt
    start=$(date +%s)
    peak "100000 identical lines" 250 "$SHAI" filter same.txt -o /dev/null
    secs=$(($(date +%s) - start))
    if [ "$secs" -le 20 ]; then ok "100000 identical lines: scored in $secs s (<= 20)"
    else bad "100000 identical lines: scored in $secs s (> 20: quadratic?)"; fi
    rm -f million.txt cap.txt same.txt
    # deeply nested JSON
    peak "100000 nested [" 50 "$SHAI" filter deep.jsonl -o /dev/null
else skip "memory bounds (HOSTILE_BIG=0)"; fi

exit $fail
