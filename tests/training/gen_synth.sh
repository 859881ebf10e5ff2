#!/bin/sh
# tests/training/gen_synth.sh [GEN_SYNTH [SHAI]] — the generator of
# synthetic pages (training/gen_synth.c, training/GEN_SYNTH.md): its
# output is a pure function of the inputs and the seed, it is a valid
# .lbl file, the labels of garbled lines follow the documented rule on
# the output, no mechanism makes a control character it should not, and
# bad input stops it with "file:line: reason".
#   usage: sh tests/training/gen_synth.sh training/gen_synth ./shai
set -u
GEN=${1:-training/gen_synth}
SHAI=${2:-./shai}
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/shai-gen-synth.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0 failed=0
ok() { echo "ok   gen_synth: $1"; pass=$((pass + 1)); }
bad() { echo "FAIL gen_synth: $1"; failed=$((failed + 1)); }
# $lex is split on spaces: the lexicons through a link in $tmp, whose name
# has none, so that a checkout under a path with spaces passes too
ln -s "$root/models" "$tmp/models"
lex="--places $tmp/models/places.tsv --places $tmp/models/places_trad.tsv --spam $tmp/models/spam_phrases.tsv"
mini=$root/tests/data/mini.lbl

# gen ARGS...: stdout in $tmp/out, stderr in $tmp/err, exit status in $rc
gen() { "$GEN" "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?; }

# ---- determinism
gen --seed 7 $lex "$mini"; cp "$tmp/out" "$tmp/a"
gen --seed 7 $lex "$mini"; cp "$tmp/out" "$tmp/b"
gen --seed 8 $lex "$mini"; cp "$tmp/out" "$tmp/c"
if [ "$rc" -eq 0 ] && [ -s "$tmp/a" ] && cmp -s "$tmp/a" "$tmp/b"; then ok "same seed, same bytes"
else bad "same seed gave different output (or none)"; fi
cmp -s "$tmp/a" "$tmp/c" && bad "seeds 7 and 8 gave the same output" || ok "another seed, other pages"

# ---- the output is a .lbl file shai reads, every page a variant of an input page
if "$SHAI" eval --model "$root/models/default.model" "$tmp/a" >"$tmp/ev" 2>&1; then
    ok "output read by shai eval"
else bad "shai eval refused the output: $(head -3 "$tmp/ev")"; fi
n=$(grep -c '^#page' "$tmp/a")
v=$(grep '^#page' "$tmp/a" | cut -f 2 | grep -c '~[gpa]1$')
[ "$n" -gt 0 ] && [ "$n" -eq "$v" ] && ok "$n pages, all named ID~g1, ~p1 or ~a1" ||
    bad "page ids: $v of $n named <id>~[gpa]1"

# ---- garbled lines: labels by the share of ASCII in the output, no stray controls
: > "$tmp/why"
for s in 1 2 3 4 5 6 7 8 9 10 11 12; do
    "$GEN" --seed $s --explain $lex "$mini" 2>>"$tmp/why" >/dev/null
done
mechs='^(utf8-as-[a-z0-9-]*|gbk-as-utf8|utf8-latin1-utf8-as-gbk|gbk-as-utf8-as-gbk)	'
grep -E "$mechs" "$tmp/why" > "$tmp/garbled"
ng=$(grep -c '	G	' "$tmp/garbled")
[ "$ng" -ge 20 ] && ok "$ng lines garbled into G over 12 seeds" || bad "only $ng G lines over 12 seeds"
# G: at least half of the output is not ASCII; the line's own label: at
# most a tenth; '?' in between (GEN_SYNTH.md)
jq -R -r 'split("\t") as $f | ($f[2] | explode) as $c
          | (([$c[] | select(. < 128)] | length) / ($c | length)) as $a
          | if   $f[1] == "G" then (if $a <= 0.5 then empty else "G with ASCII share \($a): \($f[2])" end)
            elif $f[1] == "?" then (if $a > 0.5 and $a < 0.9 then empty else "? with ASCII share \($a): \($f[2])" end)
            else (if $a >= 0.9 then empty else "\($f[1]) with ASCII share \($a): \($f[2])" end) end' \
    "$tmp/garbled" > "$tmp/rule" 2>&1
[ -s "$tmp/garbled" ] && [ ! -s "$tmp/rule" ] && ok "labels follow the ASCII share of the output" ||
    { bad "labels against the rule:"; head -5 "$tmp/rule"; }
c1=$(printf '\302\200')
nb=$(grep -c '^utf8-as-big5	' "$tmp/garbled")
if [ "$nb" -gt 0 ] && ! grep '^utf8-as-big5	' "$tmp/garbled" | grep -q "$c1"; then
    ok "utf8-as-big5: $nb lines, byte 0x80 is U+FFFD, never U+0080"
else bad "utf8-as-big5: $nb lines, or a U+0080 in them"; fi
ctl=$(printf '[\001-\010\013-\037\177]')
grep -q "$ctl" "$tmp/a" && bad "a C0 control character in the output" || ok "no C0 control character in the output"

# ---- bad input: file:line and exit 1, nothing half-written
bom=$(printf '\357\273\277')
printf '#page\ta\thttp://a.example/\nK\t甲网站的正文，写得很长很长。\nB\t甲网站首页导航\n' > "$tmp/a.lbl"
printf '%s#page\tb\thttp://b.example/\nK\t乙网站的正文，写得很长很长。\nB\t乙网站版权所有\n' "$bom" > "$tmp/bom.lbl"
gen $lex "$tmp/a.lbl" "$tmp/bom.lbl"
if [ "$rc" -eq 0 ] && grep -q '^#page	b~p1	http://b.example/$' "$tmp/out" &&
    ! grep '^#page	a~p1' -A 20 "$tmp/out" | sed '/^$/q' | grep -q '乙网站'; then
    ok "a BOM before #page: a page of its own"
else bad "BOM file: rc $rc"; head -3 "$tmp/err"; fi
# expect NAME FILE TEXT: gen_synth on FILE exits 1 and says TEXT
expect() {
    gen $lex "$2"
    if [ "$rc" -eq 1 ] && grep -qF -- "$3" "$tmp/err" && [ ! -s "$tmp/out" ]; then ok "$1"
    else bad "$1: rc $rc, stderr: $(head -2 "$tmp/err")"; fi
}
printf '#page\ta\nK\t正文一行\n#pge\tb\nK\t另一页的正文\n' > "$tmp/hdr.lbl"
expect "a misspelt #page line" "$tmp/hdr.lbl" "hdr.lbl:3: unknown label '#pge'"
printf '#page\ta\nK\t正文一行\nX\t未知标签\n' > "$tmp/lab.lbl"
expect "an unknown label" "$tmp/lab.lbl" "lab.lbl:3: unknown label 'X'"
printf '#page\ta\nK\t正文\000一行\n' > "$tmp/nul.lbl"
expect "a NUL byte" "$tmp/nul.lbl" "nul.lbl:2: NUL byte inside the line"
printf '#page\ta\nK\t正文一行\nB\t\342\200\213\n' > "$tmp/blank.lbl"
expect "a blank TEXT (U+200B)" "$tmp/blank.lbl" "blank.lbl:3: blank TEXT"
printf '#page\ta\thttp://a.example/\textra\nK\t正文一行\n' > "$tmp/url.lbl"
expect "a tab inside the URL" "$tmp/url.lbl" "url.lbl:1: tab inside the URL"
printf '#page\ta\nK\t正文一行\n' > "$tmp/one.lbl"
cp "$tmp/one.lbl" "$tmp/two.lbl"
gen $lex "$tmp/one.lbl" "$tmp/two.lbl"
[ "$rc" -eq 1 ] && grep -q "two.lbl:1: .*'a'" "$tmp/err" && ok "a page id given twice" ||
    bad "duplicate id: rc $rc, $(head -1 "$tmp/err")"
for s in abc -1 12x 99999999999999999999; do
    gen --seed "$s" $lex "$mini"
    [ "$rc" -eq 1 ] && grep -q -- "--seed wants a number" "$tmp/err" && ok "--seed $s refused" ||
        bad "--seed $s: rc $rc"
done
gen --seed 18446744073709551615 $lex "$mini"
[ "$rc" -eq 0 ] && grep -q 'seed 18446744073709551615,' "$tmp/err" && ok "--seed 2^64-1 taken" ||
    bad "--seed 2^64-1: rc $rc"
gen $lex "$tmp/missing.lbl"
[ "$rc" -eq 1 ] && grep -q 'missing.lbl' "$tmp/err" && ok "a missing file" || bad "missing file: rc $rc"

echo "gen_synth: $pass passed, $failed failed"
[ "$failed" -eq 0 ]
